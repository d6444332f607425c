//! Planning a batch before anything is written: which template each row uses (and its
//! language twin), every row's file name checked over the whole manifest (unsafe names, clashes
//! ignoring case, with 64-bit fingerprints so memory stays flat), the `--shard K/N` rule, and the
//! temporary files a killed run left behind.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::output::is_partial;
use crate::Engine;

use super::manifest::{Manifest, ManifestError, Row};
use super::pattern::{check_file_name, print_name, NameProblem, Pattern};
use super::template::{template_stem, Template, TemplateError};
use super::BatchArgs;

/// How many refused names a message lists before "... and N more".
const REFUSALS_SHOWN: usize = 20;

/// Why a batch is refused before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("the template cannot be used: {0}")]
    DefaultTemplate(TemplateError),
    #[error("{label} names no template\n  help: give --template DEFINITION, a `template` column, or (TOML) a top-level `template = \"...\"`")]
    NoTemplate { label: String },
    #[error("the file-name pattern \"{pattern}\" uses {{{field}}}, but the manifest has no `{field}` column and the template sets none\n  help: add the column, or give --pattern, e.g. --pattern \"row-{{row}}-{{template}}.pdf\"")]
    NoSuchField {
        pattern: String,
        field: &'static str,
    },
    #[error("nothing was written: {count} output file name{} from the pattern \"{pattern}\" cannot be used:{}{}\n  help: fix the manifest, or give a --pattern whose names are safe and differ between rows (names are compared ignoring case)",
        if *count == 1 { "" } else { "s" },
        refused.iter().map(|r| format!("\n  {r}")).collect::<String>(),
        if *count > refused.len() { format!("\n  ... and {} more", count - refused.len()) } else { String::new() })]
    Refused {
        count: usize,
        pattern: String,
        refused: Vec<Refusal>,
    },
    #[error("{}: the manifest changed while the batch was checking it; nothing was written, run the batch again", .0.display())]
    Changed(PathBuf),
}

/// One output name that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{label}: the file name \"{}\" {why}", name.escape_debug())]
    Unsafe {
        label: String,
        name: String,
        why: NameProblem,
    },
    #[error("{label}: the file name \"{name}\" is already made by {manifest}:{first_line} (row {first_row})")]
    Clash {
        label: String,
        name: String,
        manifest: String,
        first_line: u32,
        first_row: u32,
    },
}

/// What the plan found: the templates, the shard's size and the stale files to remove.
pub struct Plan {
    pub default_template: Option<PathBuf>,
    pub templates: BTreeMap<PathBuf, Result<Template, TemplateError>>,
    pub to_clean: Vec<PathBuf>,
    pub rows_total: usize,
    pub selected: usize,
}

impl Plan {
    /// The template a row uses and the row's output name (or why it has none).
    pub fn job_for<'a>(
        &'a self,
        manifest: &Manifest,
        pattern: &Pattern,
        row: &Row,
    ) -> (
        Result<&'a Template, TemplateError>,
        Result<String, &'static str>,
    ) {
        let tpath = row_template_path(manifest, self.default_template.as_deref(), row);
        let template = match tpath.as_ref().and_then(|p| self.templates.get(p)) {
            Some(Ok(t)) => Ok(t),
            Some(Err(e)) => Err(e.clone()),
            None => Err(TemplateError::Missing),
        };
        let name = row_name(
            pattern,
            row,
            tpath.as_deref(),
            template.as_ref().ok().copied(),
        );
        (template, name)
    }
}

/// Refused names, counted, the first few kept.
#[derive(Default)]
struct Refusals {
    count: usize,
    shown: Vec<Refusal>,
}

impl Refusals {
    fn add(&mut self, r: Refusal) {
        self.count += 1;
        if self.shown.len() < REFUSALS_SHOWN {
            self.shown.push(r);
        }
    }
}

/// Plans the batch over the whole manifest: templates, names, clashes, the pattern's fields.
pub fn plan(
    args: &BatchArgs,
    manifest: &Manifest,
    pattern: &Pattern,
    engine: &Engine,
) -> Result<Plan, PlanError> {
    // Templates: the default one must be good; one named by a row only fails its rows.
    let default_template: Option<PathBuf> = args.template.clone().or_else(|| {
        manifest
            .template
            .as_ref()
            .map(|t| manifest.folder().join(t))
    });
    let mut plan = Plan {
        default_template,
        templates: BTreeMap::new(),
        to_clean: Vec::new(),
        rows_total: 0,
        selected: 0,
    };
    if let Some(t) = &plan.default_template {
        let loaded = Template::load(t, engine).map_err(PlanError::DefaultTemplate)?;
        plan.templates.insert(t.clone(), Ok(loaded));
    }
    let mut refusals = Refusals::default();
    let keys = scan(args, manifest, pattern, engine, &mut plan, &mut refusals)?;
    let suspects = suspects(keys);
    if !suspects.is_empty() {
        clashes(manifest, pattern, &plan, suspects, &mut refusals)?;
    }
    check_fields(manifest, pattern, &plan)?;
    if refusals.count > 0 {
        return Err(PlanError::Refused {
            count: refusals.count,
            pattern: pattern.as_str().to_string(),
            refused: refusals.shown,
        });
    }
    if !manifest.unchanged() {
        return Err(PlanError::Changed(manifest.path.clone()));
    }
    Ok(plan)
}

/// The first pass: every row's template loaded, its name checked and fingerprinted as
/// (fingerprint, row index, row line), and this shard's stale temporary files found.
fn scan(
    args: &BatchArgs,
    manifest: &Manifest,
    pattern: &Pattern,
    engine: &Engine,
    plan: &mut Plan,
    refusals: &mut Refusals,
) -> Result<Vec<(u64, u32, u32)>, PlanError> {
    let partials = partial_files(&args.out_dir);
    let mut keys: Vec<(u64, u32, u32)> = Vec::new();
    for item in manifest.rows()? {
        let row = item?;
        plan.rows_total += 1;
        let mine = args.shard.is_none_or(|s| s.contains(row.index));
        plan.selected += usize::from(mine);
        if row.blank || row.problem.is_some() {
            continue;
        }
        let Some(tpath) = row_template_path(manifest, plan.default_template.as_deref(), &row)
        else {
            return Err(PlanError::NoTemplate {
                label: manifest.row_label(&row, None),
            });
        };
        let template = plan
            .templates
            .entry(tpath.clone())
            .or_insert_with(|| Template::load(&tpath, engine))
            .as_ref()
            .ok();
        let Ok(name) = row_name(pattern, &row, Some(&tpath), template) else {
            continue; // the row fails when it is built
        };
        if let Err(why) = check_file_name(&name) {
            refusals.add(Refusal::Unsafe {
                label: manifest.row_label(&row, None),
                name,
                why,
            });
            continue;
        }
        let print = template
            .is_some_and(|t| t.booklet)
            .then(|| print_name(&name));
        for n in std::iter::once(name).chain(print) {
            keys.push((name_key(&n), row.index as u32, row.line as u32));
            if mine {
                if let Some(files) = partials.get(&n) {
                    plan.to_clean.extend(files.iter().cloned());
                }
            }
        }
    }
    Ok(keys)
}

/// Rows whose names share a fingerprint: (earlier row, its line, later row).
fn suspects(mut keys: Vec<(u64, u32, u32)>) -> Vec<(u32, u32, u32)> {
    keys.sort_unstable();
    let mut suspects = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        for later in &group[1..] {
            if later.1 != group[0].1 {
                suspects.push((group[0].1, group[0].2, later.1));
            }
        }
    }
    suspects
}

/// The second pass: reads the suspect rows again and compares their names.
fn clashes(
    manifest: &Manifest,
    pattern: &Pattern,
    plan: &Plan,
    mut suspects: Vec<(u32, u32, u32)>,
    refusals: &mut Refusals,
) -> Result<(), PlanError> {
    let involved: BTreeSet<u32> = suspects.iter().flat_map(|s| [s.0, s.2]).collect();
    let mut names: HashMap<u32, (Row, Vec<String>)> = HashMap::new();
    for row in manifest.rows()?.filter_map(Result::ok) {
        if !involved.contains(&(row.index as u32)) {
            continue;
        }
        let tpath = row_template_path(manifest, plan.default_template.as_deref(), &row);
        let template = tpath
            .as_ref()
            .and_then(|p| plan.templates.get(p))
            .and_then(|t| t.as_ref().ok());
        if let Ok(n) = row_name(pattern, &row, tpath.as_deref(), template) {
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
            refusals.add(Refusal::Clash {
                label: manifest.row_label(row, None),
                name: n.clone(),
                manifest: manifest.file_name(),
                first_line,
                first_row: first + 1,
            });
        }
    }
    Ok(())
}

/// Every placeholder the pattern uses has a column or a template value to come from.
fn check_fields(manifest: &Manifest, pattern: &Pattern, plan: &Plan) -> Result<(), PlanError> {
    for field in pattern.fields() {
        let known = match field {
            "row" | "template" => true,
            f => {
                manifest.columns.contains(f)
                    || plan
                        .templates
                        .values()
                        .any(|t| t.as_ref().is_ok_and(|t| t.value(f).is_some()))
            }
        };
        if !known {
            return Err(PlanError::NoSuchField {
                pattern: pattern.as_str().to_string(),
                field,
            });
        }
    }
    Ok(())
}

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

/// A `--shard` value that is not K/N.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4")]
pub struct ShardError(String);

impl FromStr for Shard {
    type Err = ShardError;
    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_string());
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

/// A 64-bit fingerprint of a file name, ignoring case. The clash check keeps one per name (with
/// its row) rather than the names, so a long manifest costs little memory; rows whose
/// fingerprints match are compared by name afterwards.
pub fn name_key(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.to_lowercase().hash(&mut h);
    h.finish()
}

/// The template a row uses: its `template` column (relative to the manifest), else the default;
/// for a row with a `patient.language`, the template's twin in that language if there is one.
pub fn row_template_path(
    manifest: &Manifest,
    default: Option<&Path>,
    row: &Row,
) -> Option<PathBuf> {
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
pub fn language_twin(template: &Path, lang: &str) -> Option<PathBuf> {
    let primary = crate::locale::primary(lang);
    if primary.is_empty() || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let stem = template.file_stem()?.to_string_lossy();
    let twin = template.with_file_name(format!("{stem}.{primary}.toml"));
    twin.is_file().then_some(twin)
}

/// A row's output file name; the error says which placeholder has no value.
pub fn row_name(
    pattern: &Pattern,
    row: &Row,
    template_path: Option<&Path>,
    template: Option<&Template>,
) -> Result<String, &'static str> {
    let stem = template_path.map(template_stem).unwrap_or_default();
    pattern.expand(|f| match f {
        "row" => Some((row.index + 1).to_string()),
        "template" => Some(stem.clone()),
        f => row
            .text(f)
            .map(str::to_string)
            .or_else(|| template.and_then(|t| t.value(f))),
    })
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
pub fn partial_target(file: &str) -> Option<(&str, u32)> {
    let inner = file.strip_prefix('.')?.strip_suffix(".partial")?;
    let (target, id) = inner.rsplit_once('.')?;
    let (pid, n) = id.split_once('-')?;
    n.parse::<u64>().ok()?;
    Some((target, pid.parse().ok()?))
}
