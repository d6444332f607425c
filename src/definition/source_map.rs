//! Where a checked [`Request`](super::Request)'s values came from: the definition's path, its
//! text, and the span of each field that has one, so a problem found after checking (an
//! unknown section, a placeholder, a character no font shows) is still reported as
//! file:line:col without the later stage seeing the TOML.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{line_col, DefinitionError};

/// The definition's path and text, and the byte span of each field by its dotted name
/// ("preset", "skip.0", "section.2.use", "clinic.logo", "patient.cancer").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    path: PathBuf,
    source: String,
    fields: BTreeMap<String, Range<usize>>,
}

impl SourceMap {
    /// A map of `source`, read from `path`, with no field spans yet.
    pub fn new(path: &Path, source: &str) -> SourceMap {
        SourceMap {
            path: path.to_path_buf(),
            source: source.to_string(),
            fields: BTreeMap::new(),
        }
    }

    /// Records the span of a dotted field.
    pub fn set_field(&mut self, field: impl Into<String>, span: Range<usize>) {
        self.fields.insert(field.into(), span);
    }

    /// The span of a dotted field, where the definition wrote it.
    pub fn field(&self, field: &str) -> Option<Range<usize>> {
        self.fields.get(field).cloned()
    }

    /// The definition's path, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder relative paths in the definition are taken from.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// 1-based line and column (in characters) of a byte offset in the definition.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.source, offset)
    }

    /// An error pointing at a place in the definition (or at no place).
    pub fn error_at(
        &self,
        span: Option<Range<usize>>,
        message: String,
        help: Option<String>,
    ) -> DefinitionError {
        DefinitionError {
            file: self.path.clone(),
            position: span.as_ref().map(|s| self.line_col(s.start)),
            span,
            message,
            help,
        }
    }

    /// An error pointing at a dotted field (or at no place when it has no span).
    pub fn error_at_field(
        &self,
        field: &str,
        message: String,
        help: Option<String>,
    ) -> DefinitionError {
        self.error_at(self.field(field), message, help)
    }

    /// "file" or "file:line:col" for the first place the definition holds `c`, written or as a
    /// `\uXXXX` escape (for a character the fonts cannot show).
    pub fn place_of_char(&self, c: char) -> String {
        let escaped = format!("\\u{:04x}", c as u32);
        let at = self
            .source
            .find(c)
            .or_else(|| self.source.to_lowercase().find(&escaped));
        match at {
            Some(at) => {
                let (line, col) = self.line_col(at);
                format!("{}:{line}:{col}", self.path.display())
            }
            None => self.path.display().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_fields_become_lines_and_columns() {
        let mut map = SourceMap::new(Path::new("d.toml"), "title = \"T\"\npreset = \"x\"\n");
        map.set_field("preset", 21..24);
        let e = map.error_at_field("preset", "bad".into(), None);
        assert_eq!(e.position, Some((2, 10)));
        assert_eq!(e.to_string(), "d.toml:2:10: bad");
        assert_eq!(
            map.error_at_field("skip.0", "x".into(), None).position,
            None
        );
        assert_eq!(map.place_of_char('P'), "d.toml");
        assert_eq!(map.place_of_char('x'), "d.toml:2:11");
    }
}
