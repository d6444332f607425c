//! The clinic file of `handout serve --clinic`: the clinic's name, numbers and logo, written once
//! so staff never type them, and laid onto every request. It also owns the rule that a request
//! can never make the server read a file: a posted `logo` is refused, and only the clinic file's
//! logo (checked at start, held as an absolute path) is used.

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::definition::{line_col, Clinic, Definition, DefinitionError};

/// A clinic file written as a `[clinic]` table.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    clinic: Clinic,
}

/// The clinic's details, checked at start.
#[derive(Debug, Clone)]
pub struct ClinicFile {
    pub clinic: Clinic,
}

impl ClinicFile {
    /// Reads and checks the clinic file (the same fields as a definition's `[clinic]` table, at
    /// the top level, or under `[clinic]`).
    pub fn load(path: &Path) -> Result<ClinicFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the clinic file: {e}", path.display()))?;
        ClinicFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<ClinicFile, String> {
        let at = |offset: Option<usize>, message: String| {
            let place = offset
                .map(|o| {
                    let (l, c) = line_col(text, o);
                    format!(":{l}:{c}")
                })
                .unwrap_or_default();
            format!("{}{place}: {message}", path.display())
        };
        let table: toml::Table =
            toml::from_str(text).map_err(|e| at(e.span().map(|s| s.start), e.message().into()))?;
        let fields = "the clinic file holds name, phone, after_hours, emergency, day_and_night, \
                      logo and logo_alt";
        let wrapped = table.len() == 1 && table.contains_key("clinic");
        let parsed = if wrapped {
            toml::from_str::<Wrapped>(text).map(|w| w.clinic)
        } else {
            toml::from_str::<Clinic>(text)
        };
        let mut clinic = parsed.map_err(|e| {
            at(
                e.span().map(|s| s.start),
                format!("{}; {fields}", e.message().trim()),
            )
        })?;
        if let Some(logo) = &clinic.logo {
            let base = path.parent().unwrap_or(Path::new(""));
            let full = std::path::absolute(base.join(logo.get_ref()))
                .unwrap_or_else(|_| base.join(logo.get_ref()));
            check_logo(&full)
                .map_err(|m| at(None, format!("logo = \"{}\": {m}", logo.get_ref())))?;
            clinic.logo = Some(Spanned::new(0..0, full.display().to_string()));
        }
        Ok(ClinicFile { clinic })
    }

    /// Lays the clinic's details over a request's `[clinic]`: every field the clinic file sets
    /// wins; the request keeps the fields the clinic file leaves out.
    pub fn lay_onto(&self, def: &mut Definition) {
        let (ours, theirs) = (&self.clinic, &mut def.clinic);
        let pick = |mine: &Option<String>, other: &mut Option<String>| {
            if mine.is_some() {
                other.clone_from(mine);
            }
        };
        pick(&ours.name, &mut theirs.name);
        pick(&ours.phone, &mut theirs.phone);
        pick(&ours.after_hours, &mut theirs.after_hours);
        pick(&ours.emergency, &mut theirs.emergency);
        pick(&ours.logo_alt, &mut theirs.logo_alt);
        theirs.day_and_night |= ours.day_and_night;
        theirs.logo.clone_from(&ours.logo);
    }
}

/// Checks that the logo is a PNG or JPEG the server can read.
fn check_logo(path: &PathBuf) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let format = image::guess_format(&bytes)
        .map_err(|_| format!("{} is not a PNG or JPEG image", path.display()))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(format!("{} is not a PNG or JPEG image", path.display()));
    }
    Ok(())
}

/// A request may not name a file: refuses a posted `clinic.logo`.
pub fn refuse_paths(def: &Definition) -> Result<(), DefinitionError> {
    match &def.clinic.logo {
        Some(logo) => Err(def.source_map().error_at(
            Some(logo.span()),
            "a request may not name a file: `logo` is refused".into(),
            Some(
                "remove `logo`; the server prints the logo from its clinic file (--clinic)".into(),
            ),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinic_values_win_and_a_posted_logo_is_refused() {
        let clinic = ClinicFile::parse(
            Path::new("clinic.toml"),
            "name = \"Riverside\"\nafter_hours = \"555-0199\"\n",
        )
        .unwrap();
        let mut def = Definition::parse(
            Path::new("request.toml"),
            "title = \"T\"\n[clinic]\nname = \"Other\"\nphone = \"555-0100\"\n[[section]]\nuse = \"exercise-tips\"\n",
        )
        .unwrap();
        clinic.lay_onto(&mut def);
        assert_eq!(def.clinic.name.as_deref(), Some("Riverside"));
        assert_eq!(def.clinic.phone.as_deref(), Some("555-0100"));
        assert_eq!(def.clinic.after_hours.as_deref(), Some("555-0199"));

        let posted = Definition::parse(
            Path::new("request.toml"),
            "title = \"T\"\n[clinic]\nlogo = \"/etc/passwd\"\n[[section]]\nuse = \"exercise-tips\"\n",
        )
        .unwrap();
        let e = refuse_paths(&posted).unwrap_err();
        assert_eq!(e.position, Some((3, 8)));
    }

    #[test]
    fn the_shipped_clinic_file_loads_with_its_logo() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("handouts/serve/clinic.toml");
        let c = ClinicFile::load(&path).unwrap();
        assert_eq!(c.clinic.name.as_deref(), Some("Riverside Cancer Center"));
        let logo = c.clinic.logo.unwrap().into_inner();
        assert!(
            Path::new(&logo).is_absolute() && Path::new(&logo).exists(),
            "{logo}"
        );
    }

    #[test]
    fn a_clinic_file_with_an_unknown_field_or_missing_logo_is_refused() {
        let e = ClinicFile::parse(Path::new("c.toml"), "nmae = \"x\"\n").unwrap_err();
        assert!(e.contains("nmae"), "{e}");
        let e = ClinicFile::parse(Path::new("c.toml"), "logo = \"no-such.png\"\n").unwrap_err();
        assert!(e.contains("cannot read"), "{e}");
    }
}
