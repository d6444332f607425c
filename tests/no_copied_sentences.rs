//! Guards the section library against copied text.
//!
//! The reference documents in `../shared/reference/` are copyrighted patient-education pages. The
//! library may take facts and figures from them, never their sentences (see `handouts/README.md`,
//! "Writing rules"). This test fails when any `handouts/library/*.md` section shares a run of
//! [`RUN`] or more consecutive words with a reference document, using the same word rule as
//! `tools/check_library.py`: lower-cased runs of letters, digits and apostrophes, with case and
//! Markdown punctuation ignored.
//!
//! The reference folder lives outside this repository, so the check is `#[ignore]`d by default and
//! `.ci/run` runs it with `--ignored`. When it does run, a missing or empty reference folder is a
//! failure, so it can never pass without having compared anything.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Shortest shared run of consecutive words that counts as copying.
const RUN: usize = 8;

/// Lower-cased words: runs of letters, digits and apostrophes (curly apostrophes count as `'`).
/// Apostrophes at the start or end of a run are dropped, so quoting marks never join words.
/// Everything else (spaces, `*`, `|`, `#`, `>`, `-`, `[`, `]`, braces, ...) separates words.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut flush = |cur: &mut String| {
        let w = cur.trim_matches('\'');
        if !w.is_empty() {
            out.push(w.to_string());
        }
        cur.clear();
    };
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if ch == '\'' || ch == '\u{2019}' {
            cur.push('\'');
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// The Markdown body of a section file: the `+++` front matter is removed, and so are lines that
/// are markup rather than prose (`::: lines 6`, `::: when ...`, `:::`) and callout markers such as
/// `> [!WARNING]`.
fn section_body(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut body = text.as_str();
    if let Some(rest) = body.strip_prefix("+++\n") {
        match rest.find("\n+++") {
            Some(end) => {
                let after = &rest[end + "\n+++".len()..];
                body = after.strip_prefix('\n').unwrap_or(after);
            }
            None => panic!("front matter opened with +++ but never closed"),
        }
    }
    let mut out = String::new();
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with(":::") {
            out.push('\n');
            continue;
        }
        let t = t.trim_start_matches('>').trim_start();
        let is_marker = t.starts_with("[!") && t.trim_end().ends_with(']') && !t.contains(' ');
        if !is_marker {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Every run of `RUN` consecutive words in `reference`.
fn ngrams(reference: &[String]) -> HashSet<&[String]> {
    reference.windows(RUN).collect()
}

/// The word runs of `section` (at least `RUN` words long, merged where hits overlap) that also
/// appear in the reference whose `RUN`-word runs are `grams`.
fn shared_runs_in(section: &[String], grams: &HashSet<&[String]>) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None; // word range [start, end) of the run being merged
    for (i, w) in section.windows(RUN).enumerate() {
        if grams.contains(w) {
            current = match current {
                Some((s, e)) if i <= e => Some((s, i + RUN)),
                Some((s, e)) => {
                    runs.push(section[s..e].join(" "));
                    Some((i, i + RUN))
                }
                None => Some((i, i + RUN)),
            };
        }
    }
    if let Some((s, e)) = current {
        runs.push(section[s..e].join(" "));
    }
    runs
}

/// The runs of `RUN` or more consecutive words that `section` shares with `reference`.
fn shared_runs(section: &str, reference: &str) -> Vec<String> {
    let r = words(reference);
    shared_runs_in(&words(section), &ngrams(&r))
}

/// Files in `dir` whose name ends with `.ext`, sorted; panics if the folder cannot be read.
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read folder {}: {e}", dir.display()));
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

fn read_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
#[ignore = "needs ../shared/reference; .ci/run runs it with --ignored"]
fn no_section_shares_eight_words_with_a_reference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ref_dir = root.join("..").join("shared").join("reference");
    assert!(
        ref_dir.is_dir(),
        "reference folder {} is missing: the copy check cannot run",
        ref_dir.display()
    );
    let ref_files = files_with_ext(&ref_dir, "txt");
    assert!(
        !ref_files.is_empty(),
        "reference folder {} holds no .txt documents: the copy check cannot run",
        ref_dir.display()
    );
    let references: Vec<(String, Vec<String>)> = ref_files
        .iter()
        .map(|p| (file_name(p), words(&read_text(p))))
        .collect();
    for (name, w) in &references {
        assert!(
            w.len() >= RUN,
            "reference document {name} has fewer than {RUN} words"
        );
    }
    let grams: Vec<(&str, HashSet<&[String]>)> = references
        .iter()
        .map(|(n, w)| (n.as_str(), ngrams(w)))
        .collect();

    let lib_dir = root.join("handouts").join("library");
    let sections = files_with_ext(&lib_dir, "md");
    assert!(
        !sections.is_empty(),
        "no section files found in {}",
        lib_dir.display()
    );

    let mut problems = Vec::new();
    for path in &sections {
        let body = words(&section_body(&read_text(path)));
        for (ref_name, ref_grams) in &grams {
            for run in shared_runs_in(&body, ref_grams) {
                problems.push(format!(
                    "  {} shares with {}: \"{}\"",
                    file_name(path),
                    ref_name,
                    run
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} run(s) of {RUN}+ words copied from a reference document; rewrite them in your own words:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn shared_run_detection_finds_eight_words_and_ignores_seven() {
    let reference = "Drink the right amount of fluids each day, and stay active by walking.";

    // 8 shared words ("the right amount of fluids each day and"), with different case and
    // punctuation and Markdown around them: must be found.
    let copied = "**Tip:** try THE right amount of *fluids* - each day; and rest.";
    assert_eq!(
        shared_runs(copied, reference),
        vec!["the right amount of fluids each day and"]
    );

    // Only 7 shared words in a row ("the right amount of fluids each day"): must not be found.
    let seven = "Ask about the right amount of fluids each day for you.";
    assert!(
        shared_runs(seven, reference).is_empty(),
        "a 7-word run was reported"
    );

    // Overlapping hits merge into one longer run.
    let longer = "drink the right amount of fluids each day and stay";
    assert_eq!(shared_runs(longer, reference), vec![longer]);

    // Curly apostrophes match straight ones; front matter and markup lines are not compared.
    assert_eq!(
        words("Don\u{2019}t 'quote' {call_clinic}"),
        ["don't", "quote", "call", "clinic"]
    );
    let file = "+++\nid = \"x\"\ntitle = \"the right amount of fluids each day and\"\n+++\n> [!NOTE]\n> Hello.\n::: lines 6\n";
    assert_eq!(words(&section_body(file)), ["hello"]);
}
