//! Who to call and at what number, made once when a definition is checked
//! ([`Request`](crate::definition::Request)): the clinic's name, day
//! number, after-hours number and the emergency number. Every call to action in a handout
//! (placeholders, warning boxes, the back cover) is worded from here, and never prints a call
//! without a number: where one is missing the reader gets a blank to write it on.

use crate::locale::{fill, Words};

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

    /// The words a placeholder stands for, or `None` for a name that is not a contact.
    pub fn placeholder(&self, name: &str, w: &Words) -> Option<String> {
        Some(match name {
            "clinic" => self.who(w),
            "call_clinic" => self.call_clinic(w),
            "call_after_hours" => self.call_after_hours(w),
            "emergency" => self.emergency.clone(),
            _ => return None,
        })
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
        assert_eq!(both.placeholder("emergency", w).as_deref(), Some("911"));
    }

    #[test]
    fn emergency_numbers_are_short_digit_strings() {
        assert!(check_emergency("911").is_ok());
        assert!(check_emergency("112").is_ok());
        assert!(check_emergency("call me").is_err());
        assert!(check_emergency("9").is_err());
    }
}
