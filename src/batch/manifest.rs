//! Reading a batch manifest: a CSV file (streamed a row at a time, with real editor line numbers
//! from [`crate::csv_lines`]) or a TOML list of `[[entry]]` tables (read whole). Each row becomes
//! an [`Overlay`] of typed values for its template, plus its `template` column; a row that
//! cannot be read carries a [`RowProblem`] and fails alone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::definition::{line_col, nearest};
use crate::overlay::{Field, Overlay, Value};

/// The columns a manifest may have, in the order they are documented.
pub const COLUMNS: &[&str] = &[
    "patient.id",
    "patient.name",
    "patient.treatments",
    "patient.cancer",
    "patient.language",
    "clinic.name",
    "clinic.phone",
    "clinic.after_hours",
    "clinic.logo",
    "clinic.logo_alt",
    "template",
];

/// Why a manifest cannot be used at all (nothing is built).
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// `reason` comes from [`crate::files`] (not a regular file, too large, unreadable).
    #[error("{}: cannot read the manifest: {reason}", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{}: cannot read the header line: {source}", path.display())]
    Header { path: PathBuf, source: csv::Error },
    #[error("{}:1: the separator looks like `;`, not `,` (spreadsheets save CSV this way in many countries)\n  help: save the sheet as \"CSV UTF-8 (comma delimited)\", or write the manifest as TOML (see handouts/examples/batch.toml)", path.display())]
    Semicolon { path: PathBuf },
    #[error("{}:1: column {number} {problem}", path.display())]
    BadColumn {
        path: PathBuf,
        number: usize,
        problem: ColumnProblem,
    },
    #[error("{}:1: the column `{column}` appears twice", path.display())]
    DuplicateColumn { path: PathBuf, column: &'static str },
    #[error("{}: the manifest has no header line", path.display())]
    NoHeader { path: PathBuf },
    #[error("{}{at}: {message}{}", path.display(), help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
    Toml {
        path: PathBuf,
        /// `:line:col`, or nothing.
        at: String,
        message: String,
        help: Option<String>,
    },
    #[error("{}:{line}: entry {entry}: {problem}", path.display())]
    Entry {
        path: PathBuf,
        line: usize,
        entry: usize,
        problem: ColumnProblem,
    },
    #[error("{}:{line}: {source}", path.display())]
    Csv {
        path: PathBuf,
        line: usize,
        source: csv::Error,
    },
}

/// What is wrong with one column name or value of a manifest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ColumnProblem {
    #[error("has no name")]
    NoName,
    #[error("`{name}` is not a manifest column\n  help: {help}")]
    Unknown { name: String, help: String },
    #[error("`patient.treatments` must be a list of text, not {0}")]
    TreatmentNotText(&'static str),
    #[error("`{column}` must be text, not {found}")]
    NotText {
        column: &'static str,
        found: &'static str,
    },
}

/// Why one row cannot be built (the batch goes on).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowProblem {
    #[error("has {found} fields but the header has {expected} (a missing or extra comma? put a value with a comma in \"quotes\")")]
    FieldCount { found: usize, expected: usize },
    #[error("the `{0}` cell is not UTF-8 text (save the spreadsheet as \"CSV UTF-8\")")]
    NotUtf8(&'static str),
}

/// One row (CSV) or entry (TOML) of a manifest.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// 0-based index among the manifest's rows (the shard rule uses it).
    pub index: usize,
    /// The line the row starts on in the manifest.
    pub line: usize,
    /// The values this row sets on its template (non-empty cells only).
    pub overlay: Overlay,
    /// The `template` column, as written.
    pub template: Option<String>,
    /// A problem found while reading the row (it fails, the batch goes on).
    pub problem: Option<RowProblem>,
    /// Every cell is empty (a spreadsheet's trailing ",,,," line): skipped.
    pub blank: bool,
}

impl Row {
    /// The row's text value of a column.
    pub fn text(&self, column: &str) -> Option<&str> {
        self.overlay.text(Field::from_key(column)?)
    }
}

/// Where a manifest's rows come from.
#[derive(Debug, Clone)]
enum Source {
    /// CSV, read from the start again for each pass, one row at a time: from the file, or from
    /// text already in memory.
    Csv {
        columns: Vec<&'static str>,
        text: Option<Arc<[u8]>>,
    },
    /// A TOML manifest is read whole.
    Toml(Vec<Row>),
}

/// A manifest with its header (CSV) or whole text (TOML) checked. Rows come from
/// [`Manifest::rows`]; a CSV manifest is streamed, so its length does not matter.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    source: Source,
    /// Top-level `template` of a TOML manifest (as written, relative to the manifest).
    pub template: Option<String>,
    /// Top-level `output` of a TOML manifest.
    pub pattern: Option<String>,
    /// Columns that appear in the manifest.
    pub columns: BTreeSet<&'static str>,
    /// Size and modification time when first read, to notice a manifest changed under the batch.
    stamp: Option<(u64, std::time::SystemTime)>,
}

impl Manifest {
    /// Reads a CSV or TOML manifest (by extension; `.toml` is TOML, anything else CSV).
    pub fn load(path: &Path) -> Result<Manifest, ManifestError> {
        use crate::files::{CSV_MANIFEST_LIMIT_BYTES, TOML_MANIFEST_LIMIT_BYTES};
        let cannot = |reason| ManifestError::Read {
            path: path.to_path_buf(),
            reason,
        };
        let mut m = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            let text = crate::files::read_text_input(path, "manifest", TOML_MANIFEST_LIMIT_BYTES)
                .map_err(cannot)?;
            Manifest::parse_toml(path, &text)?
        } else {
            let file = crate::files::open_input(path, "manifest", CSV_MANIFEST_LIMIT_BYTES)
                .map_err(cannot)?;
            let columns = csv_header(path, Box::new(std::io::BufReader::new(file)))?;
            Manifest::csv(path, columns, None)
        };
        m.stamp = file_stamp(path);
        Ok(m)
    }

    fn csv(path: &Path, columns: Vec<&'static str>, text: Option<Arc<[u8]>>) -> Manifest {
        Manifest {
            path: path.to_path_buf(),
            columns: columns.iter().copied().collect(),
            source: Source::Csv { columns, text },
            template: None,
            pattern: None,
            stamp: None,
        }
    }

    /// The folder the manifest is in (templates it names are taken from there).
    pub fn folder(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The manifest's file name, as messages show it.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    /// "batch.csv:8 (row 7, patient P007, P007-basics.pdf)": the line an editor shows, then the
    /// row number, the patient id and the output file, where known.
    pub fn row_label(&self, row: &Row, output: Option<&str>) -> String {
        let mut about = format!("row {}", row.index + 1);
        if let Some(id) = row.text("patient.id") {
            about.push_str(&format!(", patient {id}"));
        }
        if let Some(name) = output {
            about.push_str(&format!(", {name}"));
        }
        format!("{}:{} ({about})", self.file_name(), row.line)
    }

    /// Whether the manifest file is as it was when loaded.
    pub fn unchanged(&self) -> bool {
        self.stamp.is_none() || file_stamp(&self.path) == self.stamp
    }

    /// Parses CSV text: a header of known columns, then one row per handout.
    pub fn parse_csv(path: &Path, text: &str) -> Result<Manifest, ManifestError> {
        let text: Arc<[u8]> = Arc::from(text.as_bytes());
        let columns = csv_header(path, Box::new(std::io::Cursor::new(text.clone())))?;
        Ok(Manifest::csv(path, columns, Some(text)))
    }

    /// The rows in order, read afresh; an `Err` item means the rest cannot be read.
    pub fn rows(&self) -> Result<Rows<'_>, ManifestError> {
        let (columns, text) = match &self.source {
            Source::Toml(rows) => return Ok(Rows::Toml(rows.iter())),
            Source::Csv { columns, text } => (columns, text),
        };
        let input: Box<dyn std::io::Read + Send> = match text {
            Some(t) => Box::new(std::io::Cursor::new(t.clone())),
            None => Box::new(std::io::BufReader::new(
                crate::files::open_input(
                    &self.path,
                    "manifest",
                    crate::files::CSV_MANIFEST_LIMIT_BYTES,
                )
                .map_err(|reason| ManifestError::Read {
                    path: self.path.clone(),
                    reason,
                })?,
            )),
        };
        let (tapped, lines) = crate::csv_lines::tap(input);
        let mut reader = csv_reader(Box::new(tapped));
        reader
            .byte_headers()
            .map_err(|source| ManifestError::Header {
                path: self.path.clone(),
                source,
            })?;
        Ok(Rows::Csv(CsvRows {
            reader,
            lines,
            columns,
            index: 0,
            path: &self.path,
            done: false,
        }))
    }
}

/// A CSV manifest's rows being read.
pub struct CsvRows<'a> {
    reader: csv::Reader<Box<dyn std::io::Read + Send>>,
    /// Editor line numbers of the records.
    lines: crate::csv_lines::LineCounter,
    columns: &'a [&'static str],
    index: usize,
    path: &'a Path,
    done: bool,
}

/// The rows of a manifest, one at a time.
pub enum Rows<'a> {
    Csv(CsvRows<'a>),
    Toml(std::slice::Iter<'a, Row>),
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, ManifestError>;

    fn next(&mut self) -> Option<Result<Row, ManifestError>> {
        match self {
            Rows::Toml(rows) => rows.next().cloned().map(Ok),
            Rows::Csv(csv) => csv.next_row(),
        }
    }
}

impl CsvRows<'_> {
    fn next_row(&mut self) -> Option<Result<Row, ManifestError>> {
        if self.done {
            return None;
        }
        let mut record = csv::ByteRecord::new();
        let line = self.reader.position().line() as usize;
        match self.reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(source) => {
                self.done = true;
                return Some(Err(ManifestError::Csv {
                    path: self.path.to_path_buf(),
                    line,
                    source,
                }));
            }
        }
        let line = record
            .position()
            .map_or(line, |p| self.lines.line_at(p.byte()));
        let mut row = Row {
            index: self.index,
            line,
            ..Row::default()
        };
        self.index += 1;
        if record.iter().all(<[u8]>::is_empty) {
            row.blank = true;
        } else if record.len() != self.columns.len() {
            row.problem = Some(RowProblem::FieldCount {
                found: record.len(),
                expected: self.columns.len(),
            });
        } else {
            for (column, cell) in self.columns.iter().zip(record.iter()) {
                let Ok(cell) = std::str::from_utf8(cell) else {
                    row.problem = Some(RowProblem::NotUtf8(column));
                    break;
                };
                if !cell.is_empty() {
                    set_cell(&mut row, column, cell);
                }
            }
        }
        Some(Ok(row))
    }
}

fn csv_reader(input: Box<dyn std::io::Read + Send>) -> csv::Reader<Box<dyn std::io::Read + Send>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input)
}

/// Reads and checks a CSV header: every column known, none twice, and `,` as the separator.
fn csv_header(
    path: &Path,
    input: Box<dyn std::io::Read + Send>,
) -> Result<Vec<&'static str>, ManifestError> {
    let path = path.to_path_buf();
    let mut reader = csv_reader(input);
    let header = match reader.headers() {
        Ok(h) => h,
        Err(source) => return Err(ManifestError::Header { path, source }),
    };
    if header.len() == 1 && header.get(0).is_some_and(|h| h.contains(';')) {
        return Err(ManifestError::Semicolon { path });
    }
    let mut columns: Vec<&'static str> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}');
        let column = match known_column(h) {
            Ok(c) => c,
            Err(problem) => {
                return Err(ManifestError::BadColumn {
                    path,
                    number: i + 1,
                    problem,
                })
            }
        };
        if columns.contains(&column) {
            return Err(ManifestError::DuplicateColumn { path, column });
        }
        columns.push(column);
    }
    if columns.is_empty() {
        return Err(ManifestError::NoHeader { path });
    }
    Ok(columns)
}

fn file_stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// The top level of a TOML manifest.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlManifest {
    template: Option<String>,
    output: Option<String>,
    #[serde(default)]
    entry: Vec<toml::Spanned<toml::Table>>,
}

impl Manifest {
    /// Parses a TOML manifest: optional `template` and `output`, then `[[entry]]` tables whose
    /// keys are the CSV columns, written as dotted keys or nested tables.
    pub fn parse_toml(path: &Path, text: &str) -> Result<Manifest, ManifestError> {
        let m: TomlManifest = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let mut rows = Vec::new();
        let mut seen = BTreeSet::new();
        for (index, entry) in m.entry.iter().enumerate() {
            let (line, _) = line_col(text, entry.span().start);
            let row = toml_row(index, line, entry.get_ref(), &mut seen).map_err(|problem| {
                ManifestError::Entry {
                    path: path.to_path_buf(),
                    line,
                    entry: index + 1,
                    problem,
                }
            })?;
            rows.push(row);
        }
        Ok(Manifest {
            path: path.to_path_buf(),
            source: Source::Toml(rows),
            template: m.template,
            pattern: m.output,
            columns: seen,
            stamp: None,
        })
    }
}

/// A TOML manifest's syntax or schema error, with its position and a hint.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> ManifestError {
    let at = e
        .span()
        .map(|s| {
            let (l, c) = line_col(text, s.start);
            format!(":{l}:{c}")
        })
        .unwrap_or_default();
    let message = crate::toml_hints::one_line(e.message());
    // a key other than the three is the likely cause when the text is valid TOML
    let unknown_key = toml::from_str::<toml::Table>(text).is_ok_and(|t| {
        t.keys()
            .any(|k| !["template", "output", "entry"].contains(&k.as_str()))
    });
    let help = if unknown_key {
        Some("a TOML manifest has `template`, `output` and [[entry]] tables".to_string())
    } else {
        crate::toml_hints::fix(&message, text, e.span().map(|s| s.start))
    };
    ManifestError::Toml {
        path: path.to_path_buf(),
        at,
        message,
        help,
    }
}

/// One `[[entry]]` table as a row.
fn toml_row(
    index: usize,
    line: usize,
    entry: &toml::Table,
    seen: &mut BTreeSet<&'static str>,
) -> Result<Row, ColumnProblem> {
    let mut row = Row {
        index,
        line,
        ..Row::default()
    };
    let mut flat = Vec::new();
    flatten("", entry, &mut flat);
    for (key, value) in flat {
        let column = known_column(&key)?;
        seen.insert(column);
        let value = match (column, value) {
            (_, toml::Value::String(s)) => s.trim().to_string(),
            (_, toml::Value::Integer(i)) => i.to_string(),
            ("patient.treatments", toml::Value::Array(items)) => {
                let mut list = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) if !s.trim().is_empty() => {
                            list.push(s.trim().to_string())
                        }
                        toml::Value::String(_) => {}
                        other => return Err(ColumnProblem::TreatmentNotText(other.type_str())),
                    }
                }
                if !list.is_empty() {
                    row.overlay
                        .values
                        .push((Field::PatientTreatments, Value::List(list)));
                }
                continue;
            }
            (_, other) => {
                return Err(ColumnProblem::NotText {
                    column,
                    found: other.type_str(),
                })
            }
        };
        if !value.is_empty() {
            set_cell(&mut row, column, &value);
        }
    }
    row.blank = row.overlay.values.is_empty() && row.template.is_none();
    Ok(row)
}

/// `{patient = {id = "x"}}` and `"patient.id" = "x"` both become `("patient.id", "x")`.
fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            other => out.push((key, other.clone())),
        }
    }
}

/// The known column a header names, or why it is refused.
fn known_column(header: &str) -> Result<&'static str, ColumnProblem> {
    let h = header.trim();
    if let Some(c) = COLUMNS.iter().find(|c| **c == h) {
        return Ok(c);
    }
    if h.is_empty() {
        return Err(ColumnProblem::NoName);
    }
    let help = match nearest(h, COLUMNS.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("the columns are: {}", COLUMNS.join(", ")),
    };
    Err(ColumnProblem::Unknown {
        name: h.to_string(),
        help,
    })
}

/// Sets a non-empty cell: `template`, a `;`-separated treatment list, or a text field.
fn set_cell(row: &mut Row, column: &'static str, cell: &str) {
    let Some(field) = Field::from_key(column) else {
        row.template = Some(cell.to_string());
        return;
    };
    if field == Field::PatientTreatments {
        let list: Vec<String> = cell
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !list.is_empty() {
            row.overlay.values.push((field, Value::List(list)));
        }
    } else {
        row.overlay
            .values
            .push((field, Value::Text(cell.to_string())));
    }
}
