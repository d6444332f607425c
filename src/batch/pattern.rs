//! Output file names: the `{patient.id}-{template}.pdf` pattern (parsed once, filled per row)
//! and the safety rules every name must pass before anything is written (no folders, no
//! hidden or device names, nothing Windows refuses).

use crate::definition::nearest;

/// Why a file-name pattern cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatternError {
    #[error("the file-name pattern \"{0}\" has a `{{` without a `}}`")]
    Unclosed(String),
    #[error("the file-name pattern \"{pattern}\" uses the unknown placeholder {{{name}}}\n  help: {help}")]
    UnknownPlaceholder {
        pattern: String,
        name: String,
        help: String,
    },
    #[error("the file-name pattern \"{0}\" has a `}}` without a `{{` (write `}}}}` for a brace)")]
    Unopened(String),
    #[error("the file-name pattern \"{0}\" would give every row the same name\n  help: use a placeholder that differs between rows, such as {{patient.id}} or {{row}}")]
    SameForAll(String),
    #[error("the file-name pattern \"{0}\" does not end in .pdf")]
    NotPdf(String),
}

/// Why a file name is not safe to create.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NameProblem {
    #[error("is empty")]
    Empty,
    #[error("contains `{0}`, which would put the file in another folder")]
    Separator(char),
    #[error("starts with `.` (a hidden file, or `..`, the folder above)")]
    Hidden,
    #[error("contains the control character U+{:04X}", *.0 as u32)]
    Control(char),
    #[error("contains `{0}`, which Windows and some file shares do not allow in file names")]
    Forbidden(char),
    #[error("starts with a space")]
    LeadingSpace,
    #[error("is {0} bytes long; file names may have at most 255")]
    TooLong(usize),
    #[error("`{0}` is a reserved device name on Windows")]
    Device(String),
}

// File-name pattern

/// Placeholders a file-name pattern may use.
pub const PATTERN_FIELDS: &[&str] = &[
    "patient.id",
    "patient.name",
    "patient.cancer",
    "patient.language",
    "clinic.name",
    "template",
    "row",
];

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Field(&'static str),
}

/// A parsed output file-name pattern such as `{patient.id}-{template}.pdf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    source: String,
    parts: Vec<Part>,
}

impl Pattern {
    /// Parses a pattern; `{{` and `}}` stand for literal braces.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(PatternError::Unclosed(source.to_string())),
                        }
                    }
                    let name = name.trim();
                    let Some(field) = PATTERN_FIELDS.iter().find(|f| **f == name) else {
                        let help = match nearest(name, PATTERN_FIELDS.iter().copied()) {
                            Some(n) => format!("did you mean {{{n}}}?"),
                            None => format!(
                                "the placeholders are: {}",
                                PATTERN_FIELDS
                                    .iter()
                                    .map(|f| format!("{{{f}}}"))
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            ),
                        };
                        return Err(PatternError::UnknownPlaceholder {
                            pattern: source.to_string(),
                            name: name.to_string(),
                            help,
                        });
                    };
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => return Err(PatternError::Unopened(source.to_string())),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        let p = Pattern {
            source: source.to_string(),
            parts,
        };
        if !p.fields().any(|f| f != "template") {
            return Err(PatternError::SameForAll(source.to_string()));
        }
        if !source.to_lowercase().ends_with(".pdf") {
            return Err(PatternError::NotPdf(source.to_string()));
        }
        Ok(p)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The placeholders the pattern uses.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::Field(f) => Some(*f),
            Part::Text(_) => None,
        })
    }

    /// Fills the placeholders; on failure, the placeholder that has no value.
    pub fn expand(&self, value: impl Fn(&str) -> Option<String>) -> Result<String, &'static str> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Field(f) => match value(f) {
                    Some(v) if !v.trim().is_empty() => out.push_str(&v),
                    _ => return Err(f),
                },
            }
        }
        Ok(out)
    }
}

/// Refuses a file name that is not safe to create in the output folder on Linux, macOS and
/// Windows; the reason says what is wrong.
pub fn check_file_name(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\')) {
        return Err(NameProblem::Separator(c));
    }
    if name.starts_with('.') {
        return Err(NameProblem::Hidden);
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(NameProblem::Control(c));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
    {
        return Err(NameProblem::Forbidden(c));
    }
    if name.starts_with(char::is_whitespace) {
        return Err(NameProblem::LeadingSpace);
    }
    if name.len() > 255 {
        return Err(NameProblem::TooLong(name.len()));
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL"];
    let upper = stem.to_ascii_uppercase();
    let device = RESERVED.contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    if device {
        return Err(NameProblem::Device(stem.to_string()));
    }
    Ok(())
}

/// `x.pdf` → `x-print.pdf` (a booklet's print copy, as `handout build` names it).
pub fn print_name(name: &str) -> String {
    let stem = name
        .strip_suffix(".pdf")
        .or_else(|| name.strip_suffix(".PDF"))
        .unwrap_or(name);
    format!("{stem}-print.pdf")
}
