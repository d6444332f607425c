//! `handout batch`: many tailored handouts from one manifest.
//!
//! A clinic rarely needs one handout; it needs one per patient on tomorrow's list. This module
//! exists so that a spreadsheet (CSV) or a TOML list of patients, plus one ordinary definition
//! file used as a template, becomes one PDF per row, built on every core, without the clinic
//! writing a definition per patient.
//!
//! The rules it keeps:
//!
//! * Everything that can be checked before building is checked before anything is written: the
//!   manifest's columns, the file-name pattern, every row's file name (unsafe characters,
//!   clashes — across the whole manifest, so every shard refuses the same manifests).
//! * A row is built exactly as `handout build` would build its definition: the template is read
//!   as a TOML table, the row's values are set in it, and the text is given to
//!   [`Definition::parse`]. `--emit-definitions DIR` writes that very text, so anyone can check a
//!   batch file against a single build.
//! * Fonts, the library and the shaping cache live in one [`Engine`], shared by reference by the
//!   threads; each PDF is written (atomically, [`write_atomic_unsynced`]; one flush to disk at the
//!   end makes the whole batch durable) as soon as it is made and then
//!   dropped. A CSV manifest is read twice, a row at a time (once to plan, once to build), and
//!   the clash check keeps a 64-bit fingerprint per name, so memory stays flat however long the
//!   manifest is (about 22 MB for a million rows). A TOML manifest is read whole.
//! * A bad row is reported by its file:line (as an editor counts lines), row number, patient id
//!   and output file, with its reason, and the batch goes on; the exit code is non-zero if any
//!   row failed.
//! * `--shard K/N` builds the rows whose 0-based index `i` has `i % N == K - 1`, so N machines
//!   can share one manifest with no coordination.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;

use crate::definition::{line_col, nearest, Definition};
use crate::output::{flush_folder, is_partial, write_atomic_unsynced};
use crate::{BuildOptions, Engine, Error};

/// How many rows a batch builds between evictions of memoized PDF resources.
const TRIM_EVERY_ROWS: usize = 256;

/// The file-name pattern used when neither `--pattern` nor the manifest gives one.
pub const DEFAULT_PATTERN: &str = "{patient.id}-{template}.pdf";

/// Arguments of `handout batch`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "\
Manifest columns (CSV header, or keys of a TOML [[entry]]):
  patient.id, patient.name, patient.treatments (separated by ';' in CSV), patient.cancer,
  patient.language, clinic.name, clinic.phone, clinic.after_hours, clinic.logo,
  clinic.logo_alt, template
An empty cell keeps the template's value. A template named in the manifest is taken relative to
the manifest; a logo is taken relative to the template.

Languages: a row's patient.language (\"es\", \"en\") overrides the template's `language`, so
one run makes each patient's handout in their own language. When the template NAME.toml has a
twin NAME.LANG.toml beside it (batch-template.es.toml), a row in LANG uses the twin, which
gives the title and subtitle in that language.

File-name pattern placeholders:
  {patient.id} {patient.name} {patient.cancer} {patient.language} {clinic.name} {template}
  {row}

Sharding: --shard K/N builds the rows whose 0-based index i has i % N == K-1, so N machines
(a Kubernetes Indexed Job, a Slurm job array) can split one manifest. Names are checked over
the whole manifest in every shard.")]
pub struct BatchArgs {
    /// The manifest: CSV (one row per handout) or TOML (a list of [[entry]] tables).
    pub manifest: PathBuf,
    /// The output folder (created if missing).
    #[arg(
        short = 'o',
        long = "out-dir",
        value_name = "OUT_DIR",
        default_value = "out"
    )]
    pub out_dir: PathBuf,
    /// The definition used as a template for rows without a `template` column.
    #[arg(long, value_name = "DEFINITION")]
    pub template: Option<PathBuf>,
    /// The output file-name pattern [default: the manifest's `output`, else
    /// "{patient.id}-{template}.pdf"].
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// Build only shard K of N (1-based K): the rows whose 0-based index i has i % N == K-1.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Leave rows whose output file already exists (to finish a killed batch).
    #[arg(long)]
    pub skip_existing: bool,
    /// Also write each row's definition (the exact text built, logo paths made absolute) to DIR
    /// as <output name>.toml; `handout build` on it gives the same PDF, byte for byte.
    #[arg(long, value_name = "DIR")]
    pub emit_definitions: Option<PathBuf>,
    /// Print a machine-readable summary (JSON) on standard output.
    #[arg(long)]
    pub json: bool,
    /// Set from the global `--quiet`: no progress bar and no summary line.
    #[arg(skip)]
    pub quiet: bool,
}

// ---------------------------------------------------------------------------------------------
// Manifest

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

/// A value of one manifest cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// One row (CSV) or entry (TOML) of a manifest.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// 0-based index among the manifest's rows (the shard rule uses it).
    pub index: usize,
    /// The line the row starts on in the manifest.
    pub line: usize,
    /// The columns this row sets (not `template`), with non-empty values.
    pub values: Vec<(&'static str, Value)>,
    /// The `template` column, as written.
    pub template: Option<String>,
    /// A problem found while reading the row (it fails, the batch goes on).
    pub problem: Option<String>,
    /// Every cell is empty (a spreadsheet's trailing ",,,," line): skipped.
    pub blank: bool,
}

impl Row {
    /// The row's text value of a column.
    pub fn text(&self, column: &str) -> Option<&str> {
        self.values.iter().find_map(|(c, v)| match v {
            Value::Text(t) if *c == column => Some(t.as_str()),
            _ => None,
        })
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
    pub fn load(path: &Path) -> Result<Manifest, String> {
        use crate::files::{CSV_MANIFEST_LIMIT_BYTES, TOML_MANIFEST_LIMIT_BYTES};
        let cannot = |e: String| format!("{}: cannot read the manifest: {e}", path.display());
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
            Manifest {
                path: path.to_path_buf(),
                columns: columns.iter().copied().collect(),
                source: Source::Csv {
                    columns,
                    text: None,
                },
                template: None,
                pattern: None,
                stamp: None,
            }
        };
        m.stamp = file_stamp(path);
        Ok(m)
    }

    fn folder(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn file_name(&self) -> String {
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
    fn unchanged(&self) -> bool {
        self.stamp.is_none() || file_stamp(&self.path) == self.stamp
    }

    /// Parses CSV text: a header of known columns, then one row per handout.
    pub fn parse_csv(path: &Path, text: &str) -> Result<Manifest, String> {
        let text: Arc<[u8]> = Arc::from(text.as_bytes());
        let columns = csv_header(path, Box::new(std::io::Cursor::new(text.clone())))?;
        Ok(Manifest {
            path: path.to_path_buf(),
            columns: columns.iter().copied().collect(),
            source: Source::Csv {
                columns,
                text: Some(text),
            },
            template: None,
            pattern: None,
            stamp: None,
        })
    }

    /// The rows in order, read afresh; an `Err` item means the rest cannot be read.
    pub fn rows(&self) -> Result<Rows<'_>, String> {
        match &self.source {
            Source::Toml(rows) => Ok(Rows::Toml(rows.iter())),
            Source::Csv { columns, text } => {
                let input: Box<dyn std::io::Read + Send> = match text {
                    Some(t) => Box::new(std::io::Cursor::new(t.clone())),
                    None => Box::new(std::io::BufReader::new(
                        crate::files::open_input(
                            &self.path,
                            "manifest",
                            crate::files::CSV_MANIFEST_LIMIT_BYTES,
                        )
                        .map_err(|e| {
                            format!("{}: cannot read the manifest: {e}", self.path.display())
                        })?,
                    )),
                };
                let (tapped, lines) = crate::csv_lines::tap(input);
                let mut reader = csv_reader(Box::new(tapped));
                reader
                    .byte_headers()
                    .map_err(|e| format!("{}: {e}", self.path.display()))?;
                Ok(Rows::Csv {
                    reader,
                    lines,
                    columns,
                    index: 0,
                    path: &self.path,
                    done: false,
                })
            }
        }
    }
}

/// The rows of a manifest, one at a time.
pub enum Rows<'a> {
    Csv {
        reader: csv::Reader<Box<dyn std::io::Read + Send>>,
        /// Editor line numbers of the records.
        lines: crate::csv_lines::LineCounter,
        columns: &'a [&'static str],
        index: usize,
        path: &'a Path,
        done: bool,
    },
    Toml(std::slice::Iter<'a, Row>),
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Result<Row, String>> {
        let (reader, lines, columns, index, path, done) = match self {
            Rows::Toml(rows) => return rows.next().cloned().map(Ok),
            Rows::Csv {
                reader,
                lines,
                columns,
                index,
                path,
                done,
            } => (reader, lines, columns, index, path, done),
        };
        if *done {
            return None;
        }
        let mut record = csv::ByteRecord::new();
        let line = reader.position().line() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                *done = true;
                return None;
            }
            Err(e) => {
                *done = true;
                return Some(Err(format!("{}:{line}: {e}", path.display())));
            }
        }
        let line = record.position().map_or(line, |p| lines.line_at(p.byte()));
        let mut row = Row {
            index: *index,
            line,
            ..Row::default()
        };
        *index += 1;
        if record.iter().all(<[u8]>::is_empty) {
            row.blank = true;
        } else if record.len() != columns.len() {
            row.problem = Some(format!(
                "has {} fields but the header has {} (a missing or extra comma? put a value with a comma in \"quotes\")",
                record.len(),
                columns.len()
            ));
        } else {
            for (column, cell) in columns.iter().zip(record.iter()) {
                let Ok(cell) = std::str::from_utf8(cell) else {
                    row.problem = Some(format!(
                        "the `{column}` cell is not UTF-8 text (save the spreadsheet as \"CSV UTF-8\")"
                    ));
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

/// Reads and checks a CSV header: every column known, none twice.
fn csv_header(
    path: &Path,
    input: Box<dyn std::io::Read + Send>,
) -> Result<Vec<&'static str>, String> {
    let name = path.display();
    let mut reader = csv_reader(input);
    let header = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header line: {e}"))?;
    if header.len() == 1 && header.get(0).is_some_and(|h| h.contains(';')) {
        return Err(format!(
            "{name}:1: the separator looks like `;`, not `,` (spreadsheets save CSV this way in many countries)\n  help: save the sheet as \"CSV UTF-8 (comma delimited)\", or write the manifest as TOML (see handouts/examples/batch.toml)"
        ));
    }
    let mut columns: Vec<&'static str> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}');
        let column = known_column(h).map_err(|m| format!("{name}:1: column {} {m}", i + 1))?;
        if columns.contains(&column) {
            return Err(format!("{name}:1: the column `{column}` appears twice"));
        }
        columns.push(column);
    }
    if columns.is_empty() {
        return Err(format!("{name}: the manifest has no header line"));
    }
    Ok(columns)
}

fn file_stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

impl Manifest {
    /// Parses a TOML manifest: optional `template` and `output`, then `[[entry]]` tables whose
    /// keys are the CSV columns, written as dotted keys or nested tables.
    pub fn parse_toml(path: &Path, text: &str) -> Result<Manifest, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct TomlManifest {
            template: Option<String>,
            output: Option<String>,
            #[serde(default)]
            entry: Vec<toml::Spanned<toml::Table>>,
        }
        let name = path.display();
        let m: TomlManifest = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let (l, c) = line_col(text, s.start);
                    format!(":{l}:{c}")
                })
                .unwrap_or_default();
            let message = crate::toml_hints::one_line(e.message());
            let mut msg = format!("{name}{at}: {message}");
            if e.message().contains("unknown field") {
                msg.push_str(
                    "\n  help: a TOML manifest has `template`, `output` and [[entry]] tables",
                );
            } else if let Some(fix) =
                crate::toml_hints::fix(&message, text, e.span().map(|s| s.start))
            {
                msg.push_str(&format!("\n  help: {fix}"));
            }
            msg
        })?;
        let mut rows = Vec::new();
        let mut seen = BTreeSet::new();
        for (index, entry) in m.entry.iter().enumerate() {
            let (line, _) = line_col(text, entry.span().start);
            let mut row = Row {
                index,
                line,
                ..Row::default()
            };
            let mut flat = Vec::new();
            flatten("", entry.get_ref(), &mut flat);
            for (key, value) in flat {
                let column = known_column(&key)
                    .map_err(|m| format!("{name}:{line}: entry {}: {m}", index + 1))?;
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
                                other => {
                                    return Err(format!(
                                        "{name}:{line}: entry {}: `patient.treatments` must be a list of text, not {}",
                                        index + 1,
                                        other.type_str()
                                    ))
                                }
                            }
                        }
                        if !list.is_empty() {
                            row.values.push((column, Value::List(list)));
                        }
                        continue;
                    }
                    (_, other) => {
                        return Err(format!(
                            "{name}:{line}: entry {}: `{column}` must be text, not {}",
                            index + 1,
                            other.type_str()
                        ))
                    }
                };
                if !value.is_empty() {
                    set_cell(&mut row, column, &value);
                }
            }
            row.blank = row.values.is_empty() && row.template.is_none();
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
fn known_column(header: &str) -> Result<&'static str, String> {
    let h = header.trim();
    if let Some(c) = COLUMNS.iter().find(|c| **c == h) {
        return Ok(c);
    }
    if h.is_empty() {
        return Err("has no name".into());
    }
    let help = match nearest(h, COLUMNS.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("the columns are: {}", COLUMNS.join(", ")),
    };
    Err(format!("`{h}` is not a manifest column\n  help: {help}"))
}

fn set_cell(row: &mut Row, column: &'static str, cell: &str) {
    match column {
        "template" => row.template = Some(cell.to_string()),
        "patient.treatments" => {
            let list: Vec<String> = cell
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !list.is_empty() {
                row.values.push((column, Value::List(list)));
            }
        }
        _ => row.values.push((column, Value::Text(cell.to_string()))),
    }
}

// ---------------------------------------------------------------------------------------------
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
    pub fn parse(source: &str) -> Result<Pattern, String> {
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
                            None => {
                                return Err(format!(
                                    "the file-name pattern \"{source}\" has a `{{` without a `}}`"
                                ))
                            }
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
                        return Err(format!(
                            "the file-name pattern \"{source}\" uses the unknown placeholder {{{name}}}\n  help: {help}"
                        ));
                    };
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => {
                    return Err(format!(
                        "the file-name pattern \"{source}\" has a `}}` without a `{{` (write `}}}}` for a brace)"
                    ))
                }
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
            return Err(format!(
                "the file-name pattern \"{source}\" would give every row the same name\n  help: use a placeholder that differs between rows, such as {{patient.id}} or {{row}}"
            ));
        }
        if !source.to_lowercase().ends_with(".pdf") {
            return Err(format!(
                "the file-name pattern \"{source}\" does not end in .pdf"
            ));
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
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\')) {
        return Err(format!(
            "contains `{c}`, which would put the file in another folder"
        ));
    }
    if name.starts_with('.') {
        return Err("starts with `.` (a hidden file, or `..`, the folder above)".into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!("contains the control character U+{:04X}", c as u32));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
    {
        return Err(format!(
            "contains `{c}`, which Windows and some file shares do not allow in file names"
        ));
    }
    if name.starts_with(char::is_whitespace) {
        return Err("starts with a space".into());
    }
    if name.len() > 255 {
        return Err(format!(
            "is {} bytes long; file names may have at most 255",
            name.len()
        ));
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL"];
    let upper = stem.to_ascii_uppercase();
    let device = RESERVED.contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    if device {
        return Err(format!("`{stem}` is a reserved device name on Windows"));
    }
    Ok(())
}

/// `x.pdf` → `x-print.pdf` (a booklet's print copy, as `handout build` names it).
fn print_name(name: &str) -> String {
    let stem = name
        .strip_suffix(".pdf")
        .or_else(|| name.strip_suffix(".PDF"))
        .unwrap_or(name);
    format!("{stem}-print.pdf")
}

// ---------------------------------------------------------------------------------------------
// Shards

/// Shard K of N (1-based K): the rows whose 0-based index i has `i % N == K - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Whether the row with this 0-based index belongs to the shard.
    pub fn contains(&self, index: usize) -> bool {
        index % self.n == self.k - 1
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

// ---------------------------------------------------------------------------------------------
// Templates and row definitions

/// A definition file used as a template, read once and shared by its rows.
#[derive(Debug, Clone)]
pub struct Template {
    pub path: PathBuf,
    /// The file name without `.toml`: the `{template}` placeholder.
    pub stem: String,
    pub table: toml::Table,
    pub booklet: bool,
}

impl Template {
    /// Reads a template and checks it builds as it stands (schema, sections, logo), so that its
    /// own problems are reported once, with its own line numbers.
    pub fn load(path: &Path, engine: &Engine) -> Result<Template, String> {
        let def = Definition::load(path).map_err(|e| e.to_string())?;
        crate::resolve::resolve(&def, &engine.library, def.style.booklet)
            .map_err(|e| e.to_string())?;
        let table: toml::Table = toml::from_str(&def.source).map_err(|e| e.to_string())?;
        Ok(Template {
            path: path.to_path_buf(),
            stem: template_stem(path),
            table,
            booklet: def.style.booklet,
        })
    }

    /// The value of a `patient.x` / `clinic.x` key in the template.
    fn value(&self, key: &str) -> Option<String> {
        if key == "patient.language" {
            return self.table.get("language")?.as_str().map(str::to_string);
        }
        let (table, field) = key.split_once('.')?;
        match self.table.get(table)?.get(field)? {
            toml::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The definition text for a row: the template with the row's values set, and the logo path
    /// made absolute so the text builds the same from any folder.
    pub fn row_text(&self, row: &Row) -> Result<String, String> {
        let mut table = self.table.clone();
        for (column, value) in &row.values {
            if *column == "patient.language" {
                // the patient's language is the handout's `language`
                if let Value::Text(lang) = value {
                    table.insert("language".into(), toml::Value::String(lang.clone()));
                }
                continue;
            }
            let (section, field) = column.split_once('.').unwrap_or(("", column));
            let entry = table
                .entry(section.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let toml::Value::Table(t) = entry else {
                return Err(format!(
                    "the template's `{section}` is not a table, so `{column}` cannot be set"
                ));
            };
            let v = match value {
                Value::Text(s) => toml::Value::String(s.clone()),
                Value::List(l) => {
                    toml::Value::Array(l.iter().cloned().map(toml::Value::String).collect())
                }
            };
            t.insert(field.to_string(), v);
        }
        if let Some(toml::Value::Table(clinic)) = table.get_mut("clinic") {
            if let Some(toml::Value::String(logo)) = clinic.get_mut("logo") {
                let base = self.path.parent().unwrap_or(Path::new(""));
                let joined = base.join(&*logo);
                let abs = std::fs::canonicalize(&joined)
                    .or_else(|_| std::path::absolute(&joined))
                    .unwrap_or(joined);
                *logo = abs.to_string_lossy().into_owned();
            }
        }
        toml::to_string(&table).map_err(|e| format!("cannot write the row's definition: {e}"))
    }
}

fn template_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `table.key` a line of generated definition text sets (for naming the column an error is
/// in).
fn key_at_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        }
        if i + 1 == line {
            let (key, _) = t.split_once('=')?;
            let key = key.trim().trim_matches('"');
            return Some(if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            });
        }
    }
    None
}

/// A row's build error, without the template's path (the row is named instead), with the
/// manifest column it is in when that is known.
fn describe(e: &Error, row: &Row, text: &str, template: &Template) -> (String, Option<String>) {
    match e {
        Error::Definition(d) => {
            let column = d
                .position
                .and_then(|(line, _)| key_at_line(text, line))
                .map(|k| match k.as_str() {
                    "language" if row.text("patient.language").is_some() => {
                        "patient.language".to_string()
                    }
                    _ => k,
                })
                .filter(|k| COLUMNS.contains(&k.as_str()));
            let message = match &column {
                Some(c) => format!("{c}: {}", d.message),
                None => d.message.clone(),
            };
            let help = d.help.as_ref().map(|h| {
                if h.contains("relative to the definition file") {
                    format!(
                        "in a batch, a logo path is taken relative to the template ({})",
                        template.path.display()
                    )
                } else {
                    h.clone()
                }
            });
            (message, help)
        }
        Error::Layout {
            error: crate::layout::LayoutError::Unshowable(u),
            ..
        } => {
            let column = row.values.iter().find_map(|(c, v)| match v {
                Value::Text(t) if t.contains(u.character) => Some(*c),
                Value::List(l) if l.iter().any(|t| t.contains(u.character)) => Some(*c),
                _ => None,
            });
            match column {
                Some(c) => (format!("{c}: {u}"), None),
                None => (u.to_string(), None),
            }
        }
        Error::Layout { error, .. } => (error.to_string(), None),
        Error::Pdf { error, .. } => (error.to_string(), None),
        other => (other.to_string(), None),
    }
}

// ---------------------------------------------------------------------------------------------
// The run

/// One row to build.
struct Job<'a> {
    row: Row,
    template: Result<&'a Template, &'a str>,
    name: Result<String, String>,
}

#[derive(Debug, Clone)]
struct Failure {
    row: usize,
    line: usize,
    file: Option<String>,
    reason: String,
    help: Option<String>,
}

/// A 64-bit fingerprint of a file name, ignoring case. The clash check keeps one per name (with
/// its row) rather than the names, so a long manifest costs little memory; rows whose
/// fingerprints match are compared by name afterwards.
fn name_key(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.to_lowercase().hash(&mut h);
    h.finish()
}

/// The template a row uses: its `template` column (relative to the manifest), else the default;
/// for a row with a `patient.language`, the template's twin in that language if there is one.
fn row_template_path(manifest: &Manifest, default: Option<&Path>, row: &Row) -> Option<PathBuf> {
    let path = match &row.template {
        Some(t) => manifest.folder().join(t),
        None => default.map(Path::to_path_buf)?,
    };
    Some(match row.text("patient.language") {
        Some(lang) => language_twin(&path, lang).unwrap_or(path),
        None => path,
    })
}

/// `NAME.LANG.toml` beside the template `NAME.toml`, for the language tag `lang` ("es-MX" →
/// `NAME.es.toml`), if that file exists.
fn language_twin(template: &Path, lang: &str) -> Option<PathBuf> {
    let primary = crate::locale::primary(lang);
    if primary.is_empty() || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let stem = template.file_stem()?.to_string_lossy();
    let twin = template.with_file_name(format!("{stem}.{primary}.toml"));
    twin.is_file().then_some(twin)
}

/// A row's output file name; the error says which placeholder has no value.
fn row_name(
    pattern: &Pattern,
    row: &Row,
    template_path: Option<&Path>,
    template: Option<&Template>,
) -> Result<String, String> {
    let stem = template_path.map(template_stem).unwrap_or_default();
    pattern
        .expand(|f| match f {
            "row" => Some((row.index + 1).to_string()),
            "template" => Some(stem.clone()),
            f => row
                .text(f)
                .map(str::to_string)
                .or_else(|| template.and_then(|t| t.value(f))),
        })
        .map_err(|f| format!("has no `{f}`, which the file-name pattern needs"))
}

/// Runs `handout batch`: plans over the whole manifest (templates, names), then builds this
/// shard's rows in parallel, reading the manifest a second time.
pub fn run(args: &BatchArgs) -> Result<ExitCode, String> {
    let start = Instant::now();
    let threads = match args.threads {
        Some(0) => return Err("--threads must be at least 1".into()),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let manifest = Manifest::load(&args.manifest)?;
    let pattern_text = args
        .pattern
        .clone()
        .or_else(|| manifest.pattern.clone())
        .unwrap_or_else(|| DEFAULT_PATTERN.to_string());
    let pattern = Pattern::parse(&pattern_text)?;
    let engine = Engine::new().map_err(|e| e.to_string())?;
    let in_shard = |index: usize| args.shard.is_none_or(|s| s.contains(index));

    // Templates: the default one must be good; one named by a row only fails its rows.
    let default_template: Option<PathBuf> = args.template.clone().or_else(|| {
        manifest
            .template
            .as_ref()
            .map(|t| manifest.folder().join(t))
    });
    let mut templates: BTreeMap<PathBuf, Result<Template, String>> = BTreeMap::new();
    if let Some(t) = &default_template {
        let loaded = Template::load(t, &engine);
        if let Err(e) = &loaded {
            return Err(format!("the template cannot be used: {e}"));
        }
        templates.insert(t.clone(), loaded);
    }

    // Plan: every row's file name, over the whole manifest, before anything is written.
    let partials = partial_files(&args.out_dir);
    let mut to_clean: Vec<PathBuf> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut refused_count = 0usize;
    let mut refuse = |message: String| {
        refused_count += 1;
        if refused.len() < 20 {
            refused.push(message);
        }
    };
    // (fingerprint, row index, row line) of every name
    let mut keys: Vec<(u64, u32, u32)> = Vec::new();
    let mut rows_total = 0usize;
    let mut selected = 0usize;
    for item in manifest.rows()? {
        let row = item?;
        rows_total += 1;
        let mine = in_shard(row.index);
        selected += usize::from(mine);
        if row.blank || row.problem.is_some() {
            continue;
        }
        let Some(tpath) = row_template_path(&manifest, default_template.as_deref(), &row) else {
            return Err(format!(
                "{} names no template\n  help: give --template DEFINITION, a `template` column, or (TOML) a top-level `template = \"...\"`",
                manifest.row_label(&row, None)
            ));
        };
        let template = templates
            .entry(tpath.clone())
            .or_insert_with(|| Template::load(&tpath, &engine))
            .as_ref()
            .ok();
        let Ok(name) = row_name(&pattern, &row, Some(&tpath), template) else {
            continue; // the row fails when it is built
        };
        if let Err(why) = check_file_name(&name) {
            refuse(format!(
                "{}: the file name \"{}\" {why}",
                manifest.row_label(&row, None),
                name.escape_debug()
            ));
            continue;
        }
        let print = template
            .is_some_and(|t| t.booklet)
            .then(|| print_name(&name));
        for n in std::iter::once(name).chain(print) {
            keys.push((name_key(&n), row.index as u32, row.line as u32));
            if mine {
                if let Some(files) = partials.get(&n) {
                    to_clean.extend(files.iter().cloned());
                }
            }
        }
    }
    // Rows whose names share a fingerprint: (earlier row, its line, later row).
    keys.sort_unstable();
    let mut suspects: Vec<(u32, u32, u32)> = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        for later in &group[1..] {
            if later.1 != group[0].1 {
                suspects.push((group[0].1, group[0].2, later.1));
            }
        }
    }
    drop(keys);
    if !suspects.is_empty() {
        // read the rows involved again and compare their names
        let involved: BTreeSet<u32> = suspects.iter().flat_map(|s| [s.0, s.2]).collect();
        let mut names: HashMap<u32, (Row, Vec<String>)> = HashMap::new();
        for row in manifest.rows()?.filter_map(Result::ok) {
            if !involved.contains(&(row.index as u32)) {
                continue;
            }
            let tpath = row_template_path(&manifest, default_template.as_deref(), &row);
            let template = tpath
                .as_ref()
                .and_then(|p| templates.get(p))
                .and_then(|t| t.as_ref().ok());
            if let Ok(n) = row_name(&pattern, &row, tpath.as_deref(), template) {
                let mut list = vec![n.clone()];
                if template.is_some_and(|t| t.booklet) {
                    list.push(print_name(&n));
                }
                names.insert(row.index as u32, (row, list));
            }
        }
        suspects.sort_by_key(|s| (s.2, s.0));
        for (first, first_line, later) in suspects {
            let (Some((_, a)), Some((row, b))) = (names.get(&first), names.get(&later)) else {
                continue;
            };
            if let Some(n) = b
                .iter()
                .find(|n| a.iter().any(|m| m.to_lowercase() == n.to_lowercase()))
            {
                refuse(format!(
                    "{}: the file name \"{n}\" is already made by {}:{first_line} (row {})",
                    manifest.row_label(row, None),
                    manifest.file_name(),
                    first + 1
                ));
            }
        }
    }
    for field in pattern.fields() {
        let known = match field {
            "row" | "template" => true,
            f => {
                manifest.columns.contains(f)
                    || templates
                        .values()
                        .any(|t| t.as_ref().is_ok_and(|t| t.value(f).is_some()))
            }
        };
        if !known {
            return Err(format!(
                "the file-name pattern \"{}\" uses {{{field}}}, but the manifest has no `{field}` column and the template sets none\n  help: add the column, or give --pattern, e.g. --pattern \"row-{{row}}-{{template}}.pdf\"",
                pattern.as_str()
            ));
        }
    }
    if refused_count > 0 {
        let mut msg = format!(
            "nothing was written: {refused_count} output file name{} from the pattern \"{}\" cannot be used:",
            if refused_count == 1 { "" } else { "s" },
            pattern.as_str()
        );
        for r in &refused {
            msg.push_str("\n  ");
            msg.push_str(r);
        }
        if refused_count > refused.len() {
            msg.push_str(&format!(
                "\n  ... and {} more",
                refused_count - refused.len()
            ));
        }
        msg.push_str("\n  help: fix the manifest, or give a --pattern whose names are safe and differ between rows (names are compared ignoring case)");
        return Err(msg);
    }
    if !manifest.unchanged() {
        return Err(format!(
            "{}: the manifest changed while the batch was checking it; nothing was written, run the batch again",
            manifest.path.display()
        ));
    }

    std::fs::create_dir_all(&args.out_dir).map_err(|e| {
        format!(
            "{}: cannot create the output folder: {e}",
            args.out_dir.display()
        )
    })?;
    if let Some(d) = &args.emit_definitions {
        std::fs::create_dir_all(d)
            .map_err(|e| format!("{}: cannot create the folder: {e}", d.display()))?;
    }
    let cleaned = to_clean
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();

    // Build this shard's rows, read again one at a time, on `threads` threads.
    let progress = if std::io::stderr().is_terminal() && !args.quiet {
        let pb = indicatif::ProgressBar::new(selected as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} handouts  {elapsed} elapsed, eta {eta}  {msg}",
        ) {
            pb.set_style(style);
        }
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let say = |line: &str| {
        let line = crate::files::terminal_safe(line, true);
        if progress.is_hidden() {
            eprintln!("{line}");
        } else {
            progress.suspend(|| eprintln!("{line}"));
        }
    };
    let written = AtomicUsize::new(0);
    let skipped = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    let warnings: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let read_error: Mutex<Option<String>> = Mutex::new(None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let options = BuildOptions::default();
    let jobs = manifest
        .rows()?
        .filter_map(|item| match item {
            Ok(row) => in_shard(row.index).then_some(row),
            Err(e) => {
                if let Ok(mut r) = read_error.lock() {
                    *r = Some(e);
                }
                None
            }
        })
        .map(|row| {
            let tpath = row_template_path(&manifest, default_template.as_deref(), &row);
            let template = match tpath.as_ref().and_then(|p| templates.get(p)) {
                Some(Ok(t)) => Ok(t),
                Some(Err(e)) => Err(e.as_str()),
                None => Err("no template"),
            };
            let name = row_name(&pattern, &row, tpath.as_deref(), template.ok());
            Job {
                row,
                template,
                name,
            }
        });
    let done = AtomicUsize::new(0);
    pool.install(|| {
        jobs.par_bridge().for_each(|job| {
            match build_row(&job, &engine, &options, args) {
                Ok(Outcome::Written(w)) => {
                    written.fetch_add(1, Ordering::Relaxed);
                    if !w.is_empty() {
                        if let Ok(mut all) = warnings.lock() {
                            all.extend(w);
                        }
                    }
                }
                Ok(Outcome::Skipped) => {
                    skipped.fetch_add(1, Ordering::Relaxed);
                }
                Err((reason, help)) => {
                    let mut line = format!(
                        "{}: {reason}",
                        manifest.row_label(&job.row, job.name.as_deref().ok())
                    );
                    if let Some(h) = &help {
                        line.push_str(&format!("\n  help: {h}"));
                    }
                    say(&line);
                    if let Ok(mut f) = failures.lock() {
                        f.push(Failure {
                            row: job.row.index + 1,
                            line: job.row.line,
                            file: job.name.as_ref().ok().cloned(),
                            reason,
                            help,
                        });
                        progress.set_message(format!("{} failed", f.len()));
                    }
                }
            }
            progress.inc(1);
            if done.fetch_add(1, Ordering::Relaxed) % TRIM_EVERY_ROWS == TRIM_EVERY_ROWS - 1 {
                engine.trim_caches();
            }
        })
    });
    progress.finish_and_clear();
    // each file was renamed into place whole; one flush makes the batch durable
    if let Err(e) = flush_folder(&args.out_dir) {
        say(&format!("warning: {e}"));
    }
    if let Some(dir) = &args.emit_definitions {
        let _ = flush_folder(dir);
    }

    let written = written.into_inner();
    let skipped = skipped.into_inner();
    let mut failures = failures.into_inner().unwrap_or_default();
    failures.sort_by_key(|f| f.row);
    let seconds = start.elapsed().as_secs_f64();
    for w in warnings.into_inner().unwrap_or_default() {
        eprintln!("warning: {}", crate::files::terminal_safe(&w, true));
    }
    let shard_note = match args.shard {
        Some(s) => format!(" (shard {s}: {selected} of {rows_total} rows)"),
        None => String::new(),
    };
    let clean_note = if cleaned > 0 {
        format!("; removed {cleaned} partial file(s) left by a killed run")
    } else {
        String::new()
    };
    if !args.quiet {
        eprintln!(
        "batch: {written} written, {} failed, {skipped} skipped in {seconds:.2} s ({:.0} handouts/s, {threads} thread{}){shard_note}{clean_note} -> {}",
        failures.len(),
        written as f64 / seconds.max(1e-9),
        if threads == 1 { "" } else { "s" },
        args.out_dir.display()
    );
    }
    if args.json {
        let summary = serde_json::json!({
            "manifest": manifest.path.display().to_string(),
            "output_dir": args.out_dir.display().to_string(),
            "pattern": pattern.as_str(),
            "rows": rows_total,
            "shard": args.shard.map(|s| serde_json::json!({"k": s.k, "n": s.n})),
            "selected": selected,
            "written": written,
            "failed": failures.len(),
            "skipped": skipped,
            "stale_partials_removed": cleaned,
            "threads": threads,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "failures": failures.iter().map(|f| serde_json::json!({
                "row": f.row,
                "line": f.line,
                "file": f.file,
                "reason": f.reason,
                "help": f.help,
            })).collect::<Vec<_>>(),
        });
        println!("{summary:#}");
    }
    if let Some(e) = read_error.into_inner().unwrap_or_default() {
        return Err(format!("the manifest could not be read to the end: {e}"));
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

enum Outcome {
    /// Written, with the build's warnings.
    Written(Vec<String>),
    Skipped,
}

/// Builds and writes one row; the error is (reason, help).
fn build_row(
    job: &Job,
    engine: &Engine,
    options: &BuildOptions,
    args: &BatchArgs,
) -> Result<Outcome, (String, Option<String>)> {
    let row = &job.row;
    if row.blank {
        return Ok(Outcome::Skipped);
    }
    if let Some(p) = &row.problem {
        return Err((p.clone(), None));
    }
    let template = job
        .template
        .map_err(|e| (format!("its template cannot be used: {e}"), None))?;
    let name = job.name.as_ref().map_err(|e| (e.clone(), None))?;
    let out = args.out_dir.join(name);
    if args.skip_existing && out.exists() {
        return Ok(Outcome::Skipped);
    }
    let text = template.row_text(row).map_err(|e| (e, None))?;
    if let Some(dir) = &args.emit_definitions {
        let def_name = format!(
            "{}.toml",
            name.strip_suffix(".pdf")
                .or_else(|| name.strip_suffix(".PDF"))
                .unwrap_or(name)
        );
        write_atomic_unsynced(&dir.join(def_name), text.as_bytes())
            .map_err(|e| (e.to_string(), None))?;
    }
    let def = Definition::parse(&template.path, &text)
        .map_err(|e| describe(&Error::Definition(e), row, &text, template))?;
    let built = engine
        .build(&def, options)
        .map_err(|e| describe(&e, row, &text, template))?;
    write_atomic_unsynced(&out, &built.pdf).map_err(|e| (e.to_string(), None))?;
    if let Some(print) = &built.print_pdf {
        write_atomic_unsynced(&args.out_dir.join(print_name(name)), print)
            .map_err(|e| (e.to_string(), None))?;
    }
    Ok(Outcome::Written(built.warnings))
}

/// Temporary `.NAME.PID-N.partial` files in `dir` left by a run that is no longer running here
/// (a killed batch), by NAME. Only those of this shard's files are removed, so shards sharing a
/// folder never touch each other's.
fn partial_files(dir: &Path) -> HashMap<String, Vec<PathBuf>> {
    let mut out: HashMap<String, Vec<PathBuf>> = HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let proc_fs = Path::new("/proc/self").exists();
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !is_partial(&file) {
            continue;
        }
        let Some((target, pid)) = partial_target(&file) else {
            continue;
        };
        if proc_fs && Path::new("/proc").join(pid.to_string()).exists() {
            continue; // still being written
        }
        out.entry(target.to_string())
            .or_default()
            .push(entry.path());
    }
    out
}

/// `.NAME.PID-N.partial` → (NAME, PID).
fn partial_target(file: &str) -> Option<(&str, u32)> {
    let inner = file.strip_prefix('.')?.strip_suffix(".partial")?;
    let (target, id) = inner.rsplit_once('.')?;
    let (pid, n) = id.split_once('-')?;
    n.parse::<u64>().ok()?;
    Some((target, pid.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_rows(m: &Manifest) -> Vec<Row> {
        m.rows().unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn csv_rows_are_read_again_for_each_pass_and_a_bom_is_ignored() {
        let m = Manifest::parse_csv(
            Path::new("m.csv"),
            "\u{feff}patient.id,patient.name\nP1,Ana\nP2,Bo\n",
        )
        .unwrap();
        assert_eq!(all_rows(&m).len(), 2);
        let again = all_rows(&m);
        assert_eq!(again[1].text("patient.name"), Some("Bo"));
        assert_eq!(again[1].index, 1);
    }

    #[test]
    fn name_keys_ignore_case_only() {
        assert_eq!(name_key("P1-a.pdf"), name_key("p1-A.pdf"));
        assert_ne!(name_key("P1-a.pdf"), name_key("P2-a.pdf"));
    }

    fn lookup(f: &str) -> Option<String> {
        match f {
            "patient.id" => Some("P007".into()),
            "template" => Some("basics".into()),
            "row" => Some("7".into()),
            _ => None,
        }
    }

    #[test]
    fn pattern_expands_placeholders_and_escaped_braces() {
        let p = Pattern::parse("{patient.id}-{template}.pdf").unwrap();
        assert_eq!(p.expand(lookup).unwrap(), "P007-basics.pdf");
        let p = Pattern::parse("{{x}}-{ row }.pdf").unwrap();
        assert_eq!(p.expand(lookup).unwrap(), "{x}-7.pdf");
        assert_eq!(
            p.fields().collect::<Vec<_>>(),
            vec!["row"],
            "escaped braces are not placeholders"
        );
    }

    #[test]
    fn pattern_reports_a_missing_value() {
        let p = Pattern::parse("{patient.name}.pdf").unwrap();
        assert_eq!(p.expand(lookup), Err("patient.name"));
    }

    #[test]
    fn bad_patterns_are_refused() {
        let e = Pattern::parse("{patient.idd}.pdf").unwrap_err();
        assert!(e.contains("did you mean {patient.id}"), "{e}");
        assert!(Pattern::parse("{patient.id.pdf").is_err());
        assert!(Pattern::parse("{patient.id}}.pdf").is_err());
        assert!(Pattern::parse("{patient.id}}}.pdf").is_ok());
        assert!(Pattern::parse("{patient.id}.txt")
            .unwrap_err()
            .contains(".pdf"));
        let e = Pattern::parse("{template}.pdf").unwrap_err();
        assert!(e.contains("same name"), "{e}");
    }

    #[test]
    fn unsafe_file_names_are_refused() {
        for bad in [
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            ".hidden.pdf",
            "..pdf",
            "a:b.pdf",
            "a\nb.pdf",
            "CON.pdf",
            "com1.pdf",
            " x.pdf",
            "",
        ] {
            assert!(check_file_name(bad).is_err(), "{bad:?} should be refused");
        }
        for good in [
            "P007-basics.pdf",
            "Ana María López.pdf",
            "x.y.pdf",
            "CONSENT.pdf",
        ] {
            assert!(check_file_name(good).is_ok(), "{good:?} should be allowed");
        }
        assert!(check_file_name(&format!("{}.pdf", "a".repeat(260))).is_err());
    }

    #[test]
    fn shards_split_rows_by_index_modulo_n() {
        let s: Shard = "2/3".parse().unwrap();
        let rows: Vec<usize> = (0..10).filter(|i| s.contains(*i)).collect();
        assert_eq!(rows, vec![1, 4, 7]);
        let mut all: Vec<usize> = Vec::new();
        for k in 1..=3 {
            let s = Shard { k, n: 3 };
            all.extend((0..10).filter(|i| s.contains(*i)));
        }
        all.sort();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert!(Shard::from_str("1/1").unwrap().contains(5));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_rows_fill_values_and_report_bad_lines() {
        let text = "patient.id,patient.name,patient.treatments\nP1,Ana,zoledronic-acid; radiation\nP2,\"Lopez, Maria\",\n,,\nP4,Bo\n";
        let m = Manifest::parse_csv(Path::new("m.csv"), text).unwrap();
        let rows = all_rows(&m);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0].values[2].1,
            Value::List(vec!["zoledronic-acid".into(), "radiation".into()])
        );
        assert_eq!(rows[1].text("patient.name"), Some("Lopez, Maria"));
        assert_eq!(rows[1].values.len(), 2, "empty cells are not set");
        assert!(rows[2].blank);
        assert!(rows[3].problem.as_deref().unwrap().contains("2 fields"));
        assert_eq!(rows[3].line, 5);
        assert_eq!(m.row_label(&rows[3], None), "m.csv:5 (row 4)");
        assert_eq!(
            m.row_label(&rows[1], Some("P2-x.pdf")),
            "m.csv:3 (row 2, patient P2, P2-x.pdf)"
        );
    }

    #[test]
    fn unknown_csv_column_is_refused_with_a_suggestion() {
        let e = Manifest::parse_csv(Path::new("m.csv"), "patient.id,patient.nme\nP1,Ana\n")
            .unwrap_err();
        assert!(e.contains("did you mean `patient.name`"), "{e}");
    }

    #[test]
    fn toml_entries_take_dotted_keys_and_nested_tables() {
        let text = "template = \"t.toml\"\noutput = \"{patient.id}.pdf\"\n\n[[entry]]\npatient.id = \"P1\"\npatient.treatments = [\"denosumab\"]\n\n[[entry]]\n\"patient.id\" = \"P2\"\n[entry.clinic]\nname = \"Riverside\"\n";
        let m = Manifest::parse_toml(Path::new("m.toml"), text).unwrap();
        let rows = all_rows(&m);
        assert_eq!(m.template.as_deref(), Some("t.toml"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[1].text("patient.id"), Some("P2"));
        assert_eq!(rows[1].text("clinic.name"), Some("Riverside"));
        let e = Manifest::parse_toml(Path::new("m.toml"), "[[entry]]\npatient.nam = \"x\"\n")
            .unwrap_err();
        assert!(
            e.contains("m.toml:1: entry 1") && e.contains("patient.name"),
            "{e}"
        );
    }

    #[test]
    fn a_rows_language_sets_the_handouts_language_and_picks_the_template_twin() {
        let t = Template {
            path: PathBuf::from("t.toml"),
            stem: "t".into(),
            table: toml::from_str(
                "title = \"T\"\nlanguage = \"en\"\n[[section]]\nuse = \"notes-page\"\n",
            )
            .unwrap(),
            booklet: false,
        };
        let row = Row {
            values: vec![("patient.language", Value::Text("es-MX".into()))],
            ..Row::default()
        };
        let def = Definition::parse(Path::new("x.toml"), &t.row_text(&row).unwrap()).unwrap();
        assert_eq!(def.language, "es-MX");
        assert!(def.patient.name.is_none());
        assert_eq!(t.value("patient.language").as_deref(), Some("en"));
        let m = Manifest::parse_csv(
            Path::new("handouts/examples/batch-mixed.csv"),
            "patient.id,patient.language\nP1,es\nP2,en\nP3,\n",
        )
        .unwrap();
        let base = Path::new("handouts/examples/batch-mixed-template.toml");
        let picked: Vec<PathBuf> = all_rows(&m)
            .iter()
            .map(|r| row_template_path(&m, Some(base), r).unwrap())
            .collect();
        assert_eq!(
            picked,
            [
                PathBuf::from("handouts/examples/batch-mixed-template.es.toml"),
                base.to_path_buf(),
                base.to_path_buf()
            ]
        );
        assert_eq!(language_twin(base, "../x"), None);
    }

    #[test]
    fn row_text_sets_values_and_makes_the_logo_absolute() {
        let t = Template {
            path: PathBuf::from("/clinic/templates/t.toml"),
            stem: "t".into(),
            table: toml::from_str("title = \"T\"\n[clinic]\nname = \"R\"\nlogo = \"logo.png\"\n[[section]]\nuse = \"exercise-tips\"\n").unwrap(),
            booklet: false,
        };
        let row = Row {
            values: vec![
                ("patient.name", Value::Text("Ana".into())),
                ("patient.treatments", Value::List(vec!["radiation".into()])),
                ("clinic.phone", Value::Text("555".into())),
            ],
            ..Row::default()
        };
        let text = t.row_text(&row).unwrap();
        let def = Definition::parse(Path::new("x.toml"), &text).unwrap();
        assert_eq!(def.patient.name.as_deref(), Some("Ana"));
        assert_eq!(def.patient.treatments[0].get_ref(), "radiation");
        assert_eq!(def.clinic.name.as_deref(), Some("R"));
        assert_eq!(def.clinic.phone.as_deref(), Some("555"));
        assert_eq!(
            def.clinic.logo.as_ref().unwrap().get_ref(),
            "/clinic/templates/logo.png"
        );
        assert_eq!(def.sections.len(), 1);
        let line = text
            .lines()
            .position(|l| l.starts_with("treatments"))
            .unwrap();
        assert_eq!(
            key_at_line(&text, line + 1).as_deref(),
            Some("patient.treatments")
        );
    }

    #[test]
    fn partial_names_are_understood() {
        assert_eq!(
            partial_target(".P1-basics.pdf.1234-5.partial"),
            Some(("P1-basics.pdf", 1234))
        );
        assert_eq!(partial_target(".x.partial"), None);
        assert_eq!(print_name("a.pdf"), "a-print.pdf");
    }
}
