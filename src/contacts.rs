//! Who to call and at what number, made once when a definition is checked
//! ([`Request`](crate::definition::Request)): the clinic's name, day
//! number, after-hours number and the emergency number. Every call to action in a handout
//! (placeholders, warning boxes) and every line that names the clinic (footers, the booklet's
//! cover and back cover) is worded from here, and never prints a call without a number: where
//! one is missing the reader gets a blank to write it on.

use crate::locale::{fill, Words};

/// What stands between the clinic's name and its phone number in a footer.
pub const FOOTER_SEPARATOR: &str = "·";

/// The numbers a handout may tell the reader to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contacts {
    pub clinic: Option<String>,
    pub phone: Option<String>,
    pub after_hours: Option<String>,
    /// 911 by default.
    pub emergency: String,
    /// The day number is answered day and night.
    pub day_and_night: bool,
}

impl Contacts {
    /// The number for "call now, day or night": the after-hours number, or the day number when
    /// the definition says it is answered day and night; never the day number otherwise.
    pub fn night_number(&self) -> Option<&str> {
        self.after_hours
            .as_deref()
            .or(self.phone.as_deref().filter(|_| self.day_and_night))
    }

    /// "Riverside Cancer Center", or "your care team".
    pub fn who(&self, w: &Words) -> String {
        self.clinic.clone().unwrap_or_else(|| w.care_team.clone())
    }

    fn call(&self, w: &Words, number: Option<&str>) -> String {
        fill(
            &w.call_named,
            &[
                ("who", &self.who(w)),
                ("number", number.unwrap_or(&w.blank)),
            ],
        )
    }

    /// "Riverside Cancer Center at 555-010-2000", or "your care team at ____".
    pub fn call_clinic(&self, w: &Words) -> String {
        self.call(w, self.phone.as_deref())
    }

    /// "Riverside Cancer Center at 555-010-2999", or "your care team at ____".
    pub fn call_after_hours(&self, w: &Words) -> String {
        self.call(w, self.night_number())
    }

    /// The clinic's footer line: "Riverside Cancer Center · 555-010-2000", the name or the
    /// phone alone, or `None` when the definition gives neither.
    pub fn footer_line(&self) -> Option<String> {
        let units = self.footer_units();
        (!units.is_empty()).then(|| units.join(" "))
    }

    /// The footer line in the pieces it may wrap between: the name's words, then the phone
    /// with its separator before it ("· 555-010-2000"; the phone alone without a name).
    pub fn footer_units(&self) -> Vec<String> {
        let mut units: Vec<String> = self
            .clinic
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if let Some(p) = &self.phone {
            units.push(if units.is_empty() {
                p.clone()
            } else {
                format!("{FOOTER_SEPARATOR} {p}")
            });
        }
        units
    }

    /// "Phone: 555-010-2000" (the cover and back cover).
    pub fn phone_line(&self, w: &Words) -> Option<String> {
        let p = self.phone.as_deref()?;
        Some(fill(&w.phone_label, &[("phone", p)]))
    }

    /// "After hours: 555-010-2999" (the back cover).
    pub fn after_hours_line(&self, w: &Words) -> Option<String> {
        let p = self.after_hours.as_deref()?;
        Some(fill(&w.after_hours_label, &[("phone", p)]))
    }
}

/// Checks the emergency number: a short string of digits.
pub fn check_emergency(number: &str) -> Result<(), String> {
    let ok = (2..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the emergency number \"{number}\" is not 2 to 6 digits (for example 911, 112 or 999)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::words;

    fn contacts(phone: Option<&str>, after: Option<&str>, day_and_night: bool) -> Contacts {
        Contacts {
            clinic: Some("Riverside".into()),
            phone: phone.map(str::to_string),
            after_hours: after.map(str::to_string),
            emergency: "911".into(),
            day_and_night,
        }
    }

    #[test]
    fn the_day_number_never_stands_for_the_night_unless_it_is_answered_then() {
        let w = words("en");
        let day_only = contacts(Some("555-010-2000"), None, false);
        assert_eq!(day_only.night_number(), None);
        assert!(day_only.call_after_hours(w).contains("____"));
        assert!(!day_only.call_after_hours(w).contains("555-010-2000"));
        let always = contacts(Some("555-010-2000"), None, true);
        assert_eq!(always.night_number(), Some("555-010-2000"));
        let both = contacts(Some("1"), Some("555-010-2999"), false);
        assert_eq!(both.call_after_hours(w), "Riverside at 555-010-2999");
        assert_eq!(both.call_clinic(w), "Riverside at 1");
    }

    #[test]
    fn the_footer_line_names_the_clinic_then_its_phone() {
        let c = contacts(Some("555-010-2000"), None, false);
        assert_eq!(c.footer_line().as_deref(), Some("Riverside · 555-010-2000"));
        assert_eq!(c.footer_units(), ["Riverside", "· 555-010-2000"]);
        let phone_only = Contacts {
            clinic: None,
            ..c.clone()
        };
        assert_eq!(phone_only.footer_line().as_deref(), Some("555-010-2000"));
        let name_only = Contacts { phone: None, ..c };
        assert_eq!(name_only.footer_line().as_deref(), Some("Riverside"));
        let w = words("en");
        assert_eq!(name_only.phone_line(w), None);
    }

    #[test]
    fn emergency_numbers_are_short_digit_strings() {
        assert!(check_emergency("911").is_ok());
        assert!(check_emergency("112").is_ok());
        assert!(check_emergency("call me").is_err());
        assert!(check_emergency("9").is_err());
    }
}
