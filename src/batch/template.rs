//! Templates and row definitions: a definition file read and checked once, then each row's
//! [`Overlay`] laid onto it to make that row's [`Definition`]; and [`RowError`], why one row
//! failed, with the manifest column it is in when known, so a message names the cell to fix.

use std::path::{Path, PathBuf};

use crate::definition::{Definition, DefinitionError};
use crate::overlay::{Field, Overlay, OverlayError};
use crate::Engine;

use super::manifest::{Row, RowProblem};

/// Why a template cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TemplateError {
    #[error("{0}")]
    Definition(#[from] DefinitionError),
    #[error("no template")]
    Missing,
}

/// Why one row failed; the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error("{0}")]
    Problem(RowProblem),
    #[error("its template cannot be used: {0}")]
    Template(TemplateError),
    #[error("has no `{0}`, which the file-name pattern needs")]
    NoValue(&'static str),
    #[error("{key}: {0}", key = .0.field().key())]
    Overlay(OverlayError),
    #[error("{}{}", column_prefix(*field), error.message)]
    Definition {
        field: Option<Field>,
        error: Box<DefinitionError>,
        /// The template's path when the problem is a logo file that cannot be read.
        logo_base: Option<PathBuf>,
    },
    #[error("{}{error}", column_prefix(*field))]
    Unshowable {
        field: Option<Field>,
        error: crate::text::linebreak::UnshowableText,
    },
    #[error("{0}")]
    Layout(crate::layout::LayoutError),
    #[error("{0}")]
    Pdf(crate::pdf::PdfError),
    #[error("{0}")]
    Build(Box<crate::Error>),
    #[error("{0}")]
    Write(crate::output::WriteError),
    #[error("cannot write the row's definition: {0}")]
    Emit(toml::ser::Error),
}

fn column_prefix(field: Option<Field>) -> String {
    field.map(|f| format!("{}: ", f.key())).unwrap_or_default()
}

impl RowError {
    /// How to fix it, where there is advice.
    pub fn help(&self) -> Option<String> {
        match self {
            RowError::Overlay(e) => Some(e.help().to_string()),
            RowError::Definition {
                logo_base: Some(t), ..
            } => Some(format!(
                "in a batch, a logo path is taken relative to the template ({})",
                t.display()
            )),
            RowError::Definition { error, .. } => error.help.clone(),
            _ => None,
        }
    }

    /// A build error of a row's definition, with the overlaid field it is in.
    pub fn from_build(e: crate::Error, template: &Template, def: &Definition) -> RowError {
        match e {
            crate::Error::Definition(d) => RowError::from_definition(d, template, def),
            crate::Error::Layout {
                error: crate::layout::LayoutError::Unshowable(u),
                ..
            } => RowError::Unshowable {
                field: None,
                error: u,
            },
            crate::Error::Layout { error, .. } => RowError::Layout(error),
            crate::Error::Pdf { error, .. } => RowError::Pdf(error),
            other => RowError::Build(Box::new(other)),
        }
    }

    /// A definition error, with the overlaid field it points at.
    fn from_definition(error: DefinitionError, template: &Template, def: &Definition) -> RowError {
        let field = Overlay::field_of(&template.definition, &error);
        // a row's logo that cannot be opened: say where its path is taken from
        let logo_base = (field == Some(Field::ClinicLogo))
            .then_some(def.clinic.logo.as_ref())
            .flatten()
            .filter(|logo| std::fs::File::open(logo.get_ref()).is_err())
            .map(|_| template.path.clone());
        RowError::Definition {
            field,
            error: Box::new(error),
            logo_base,
        }
    }

    /// Names the row's field an unshowable character came from.
    pub fn in_row(self, row: &Row) -> RowError {
        match self {
            RowError::Unshowable { field: None, error } => RowError::Unshowable {
                field: row.overlay.field_with_char(error.character),
                error,
            },
            other => other,
        }
    }
}

/// A definition file used as a template, read once and shared by its rows.
#[derive(Debug, Clone)]
pub struct Template {
    pub path: PathBuf,
    /// The file name without `.toml`: the `{template}` placeholder.
    pub stem: String,
    /// The template, parsed and checked.
    pub definition: Definition,
    pub booklet: bool,
    /// Whether the template writes `language` itself (else `{patient.language}` has no value).
    language_set: bool,
}

impl Template {
    /// Reads a template and checks it builds as it stands (schema, sections, logo), so that its
    /// own problems are reported once, with its own line numbers.
    pub fn load(path: &Path, engine: &Engine) -> Result<Template, TemplateError> {
        let definition = Definition::load(path)?;
        // the style's floors are checked with each row, as a build checks them
        let request = definition.check_content()?;
        crate::resolve::resolve(&request, &engine.library, definition.style.booklet)?;
        let language_set = toml::from_str::<toml::Table>(&definition.source)
            .is_ok_and(|t| t.contains_key("language"));
        Ok(Template {
            path: path.to_path_buf(),
            stem: template_stem(path),
            booklet: definition.style.booklet,
            definition,
            language_set,
        })
    }

    /// The value of a `patient.x` / `clinic.x` key in the template.
    pub fn value(&self, key: &str) -> Option<String> {
        let d = &self.definition;
        match Field::from_key(key)? {
            Field::PatientLanguage => self.language_set.then(|| d.language.clone()),
            Field::PatientId => d.patient.id.clone(),
            Field::PatientName => d.patient.name.clone(),
            Field::PatientCancer => d.patient.cancer.as_ref().map(|c| c.get_ref().clone()),
            Field::ClinicName => d.clinic.name.clone(),
            Field::ClinicPhone => d.clinic.phone.clone(),
            Field::ClinicAfterHours => d.clinic.after_hours.clone(),
            Field::ClinicLogo => d.clinic.logo.as_ref().map(|l| l.get_ref().clone()),
            Field::ClinicLogoAlt => d.clinic.logo_alt.clone(),
            Field::PatientTreatments => None,
        }
    }

    /// The definition for a row: the template with the row's values laid on, and the logo path
    /// made absolute so it builds the same from any folder.
    pub fn definition_for(&self, row: &Row) -> Result<Definition, RowError> {
        row.overlay
            .apply(&self.definition)
            .map_err(RowError::Overlay)
    }
}

/// The `{template}` placeholder: the file name without `.toml`.
pub fn template_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
