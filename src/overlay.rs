//! Typed values laid onto a template definition: the patient and clinic fields a batch row (and,
//! next, a web form) may set. The template is parsed and checked once; each overlay makes a new
//! [`Definition`] from it directly, so no row is turned back into TOML text to be parsed again,
//! and an error about an overlaid value names its [`Field`] rather than a line of made-up text.

use std::ops::Range;
use toml::Spanned;

use crate::definition::{is_language_tag, Definition, DefinitionError};

/// A field an overlay may set, named as the manifest column (and the form field) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    PatientId,
    PatientName,
    PatientTreatments,
    PatientCancer,
    PatientLanguage,
    ClinicName,
    ClinicPhone,
    ClinicAfterHours,
    ClinicLogo,
    ClinicLogoAlt,
}

impl Field {
    /// Every field, in the order they are documented.
    pub const ALL: [Field; 10] = [
        Field::PatientId,
        Field::PatientName,
        Field::PatientTreatments,
        Field::PatientCancer,
        Field::PatientLanguage,
        Field::ClinicName,
        Field::ClinicPhone,
        Field::ClinicAfterHours,
        Field::ClinicLogo,
        Field::ClinicLogoAlt,
    ];

    /// The dotted key: `patient.id`, `clinic.logo`...
    pub fn key(self) -> &'static str {
        match self {
            Field::PatientId => "patient.id",
            Field::PatientName => "patient.name",
            Field::PatientTreatments => "patient.treatments",
            Field::PatientCancer => "patient.cancer",
            Field::PatientLanguage => "patient.language",
            Field::ClinicName => "clinic.name",
            Field::ClinicPhone => "clinic.phone",
            Field::ClinicAfterHours => "clinic.after_hours",
            Field::ClinicLogo => "clinic.logo",
            Field::ClinicLogoAlt => "clinic.logo_alt",
        }
    }

    /// The field a dotted key names.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// A value an overlay sets.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// Values to lay onto a template; a field not set keeps the template's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub values: Vec<(Field, Value)>,
}

/// Why an overlay cannot be laid onto its template.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverlayError {
    #[error("\"{0}\" is not a language tag")]
    Language(String),
    #[error("{} takes a list, not text", .0.key())]
    NotAList(Field),
    #[error("{} takes text, not a list", .0.key())]
    NotText(Field),
}

impl OverlayError {
    /// The field the problem is in.
    pub fn field(&self) -> Field {
        match self {
            OverlayError::Language(_) => Field::PatientLanguage,
            OverlayError::NotAList(f) | OverlayError::NotText(f) => *f,
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            OverlayError::Language(_) => "use a tag such as \"en\", \"es\" or \"fr-CA\"",
            OverlayError::NotAList(_) | OverlayError::NotText(_) => {
                "check the manifest's column for this field"
            }
        }
    }
}

impl Overlay {
    /// The text value of a field, if the overlay sets it.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.values.iter().find_map(|(f, v)| match v {
            Value::Text(t) if *f == field => Some(t.as_str()),
            _ => None,
        })
    }

    /// The fields whose values contain `c` (to say where an unshowable character came from).
    pub fn field_with_char(&self, c: char) -> Option<Field> {
        self.values.iter().find_map(|(f, v)| match v {
            Value::Text(t) if t.contains(c) => Some(*f),
            Value::List(l) if l.iter().any(|t| t.contains(c)) => Some(*f),
            _ => None,
        })
    }

    /// A new definition: the template with these values set. The logo path is made absolute
    /// (taken relative to the template), so the definition builds the same from any folder.
    pub fn apply(&self, template: &Definition) -> Result<Definition, OverlayError> {
        let mut def = template.clone();
        for (field, value) in &self.values {
            let span = synthetic_span(template, *field);
            let spanned = |s: &String| Spanned::new(span.clone(), s.clone());
            match (field, value) {
                (Field::PatientTreatments, Value::List(l)) => {
                    def.patient.treatments = l.iter().map(spanned).collect()
                }
                (Field::PatientTreatments, Value::Text(_)) => {
                    return Err(OverlayError::NotAList(*field))
                }
                (f, Value::List(_)) => return Err(OverlayError::NotText(*f)),
                (Field::PatientLanguage, Value::Text(t)) => {
                    if !is_language_tag(t) {
                        return Err(OverlayError::Language(t.clone()));
                    }
                    def.language = t.clone();
                }
                (Field::PatientId, Value::Text(t)) => def.patient.id = Some(t.clone()),
                (Field::PatientName, Value::Text(t)) => def.patient.name = Some(t.clone()),
                (Field::PatientCancer, Value::Text(t)) => def.patient.cancer = Some(spanned(t)),
                (Field::ClinicName, Value::Text(t)) => def.clinic.name = Some(t.clone()),
                (Field::ClinicPhone, Value::Text(t)) => def.clinic.phone = Some(t.clone()),
                (Field::ClinicAfterHours, Value::Text(t)) => {
                    def.clinic.after_hours = Some(t.clone())
                }
                (Field::ClinicLogo, Value::Text(t)) => def.clinic.logo = Some(spanned(t)),
                (Field::ClinicLogoAlt, Value::Text(t)) => def.clinic.logo_alt = Some(t.clone()),
            }
        }
        if let Some(logo) = &def.clinic.logo {
            let joined = template.base_dir().join(logo.get_ref());
            let abs = std::fs::canonicalize(&joined)
                .or_else(|_| std::path::absolute(&joined))
                .unwrap_or(joined);
            def.clinic.logo = Some(Spanned::new(
                logo.span(),
                abs.to_string_lossy().into_owned(),
            ));
        }
        Ok(def)
    }

    /// The overlaid field a definition error points at, if it points at one.
    pub fn field_of(template: &Definition, error: &DefinitionError) -> Option<Field> {
        let start = error.span.as_ref()?.start;
        let i = start.checked_sub(template.source.len() + 1)?;
        Field::ALL.get(i).copied()
    }
}

/// Overlaid values have no place in the template's text; each field's values get a span just
/// past its end, one per field, so an error about them says which field it is in
/// ([`Overlay::field_of`]).
fn synthetic_span(template: &Definition, field: Field) -> Range<usize> {
    let at = template.source.len() + 1 + field.index();
    at..at + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn template() -> Definition {
        Definition::parse(
            Path::new("/tmp/t.toml"),
            "title = \"T\"\npreset = \"bone-health\"\n[patient]\nname = \"X\"\n",
        )
        .unwrap()
    }

    #[test]
    fn values_are_laid_onto_the_template_and_others_kept() {
        let o = Overlay {
            values: vec![
                (Field::PatientId, Value::Text("P1".into())),
                (Field::PatientLanguage, Value::Text("es".into())),
                (
                    Field::PatientTreatments,
                    Value::List(vec!["radiation".into()]),
                ),
            ],
        };
        let t = template();
        let d = o.apply(&t).unwrap();
        assert_eq!(d.patient.id.as_deref(), Some("P1"));
        assert_eq!(d.patient.name.as_deref(), Some("X"));
        assert_eq!(d.language, "es");
        assert_eq!(d.patient.treatments[0].get_ref(), "radiation");
        assert_eq!(d.title, "T");
    }

    #[test]
    fn a_bad_language_is_refused_and_errors_name_their_field() {
        let t = template();
        let o = Overlay {
            values: vec![(Field::PatientLanguage, Value::Text("e s".into()))],
        };
        assert_eq!(o.apply(&t).unwrap_err().field(), Field::PatientLanguage);
        let o = Overlay {
            values: vec![(Field::PatientCancer, Value::Text("lung".into()))],
        };
        let d = o.apply(&t).unwrap();
        let span = d.patient.cancer.as_ref().unwrap().span();
        let e = d.source_map().error_at(Some(span), "x".into(), None);
        assert_eq!(Overlay::field_of(&t, &e), Some(Field::PatientCancer));
        let e = t.source_map().error_at(Some(0..1), "x".into(), None);
        assert_eq!(Overlay::field_of(&t, &e), None);
    }
}
