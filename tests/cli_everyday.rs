//! The everyday command line: output names, standard output, listings, completions, the man
//! page, quiet runs and exit codes (0 success, 1 input or build problem, 2 usage error).

mod common;

use std::path::Path;
use std::process::Command;

use common::{handout, pdf_pages, stderr, temp_dir, write_def};

const BASICS: &str = "handouts/examples/bone-health-basics.toml";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn copy_basics(dir: &Path, name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(common::repo().join(BASICS)).unwrap();
    write_def(dir, name, &text)
}

fn first_line(o: &std::process::Output) -> String {
    stderr(o).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_booklet_does_not_replace_the_handout() {
    let dir = temp_dir("everyday-names");
    let def = copy_basics(&dir, "robert.toml");
    let o = handout(&["build", s(&def)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let handout_bytes = std::fs::read(dir.join("robert.pdf")).unwrap();
    let o = handout(&["build", s(&def), "--booklet", "--date", "2026-11-23"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("robert.pdf")).unwrap(),
        handout_bytes
    );
    assert!(pdf_pages(&dir.join("robert-booklet.pdf")).is_multiple_of(4));
    assert!(dir.join("robert-booklet-print.pdf").exists());
    assert!(stderr(&o).contains("robert-booklet-print.pdf"));
}

#[test]
fn dash_o_names_both_copies_and_gets_pdf_added() {
    let dir = temp_dir("everyday-o");
    let x = dir.join("X.pdf");
    let o = handout(&["build", BASICS, "--booklet", "-o", s(&x)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(x.exists() && dir.join("X-print.pdf").exists());
    let bare = dir.join("plain");
    let o = handout(&["build", BASICS, "-o", s(&bare)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("plain.pdf").exists() && !bare.exists());
    assert!(
        first_line(&o).starts_with("note: -o ") && first_line(&o).contains("plain.pdf"),
        "{}",
        stderr(&o)
    );
    // a folder gets the default name inside it
    let o = handout(&["build", BASICS, "-o", s(&dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("bone-health-basics.pdf").exists());
}

#[test]
fn a_booklet_to_standard_output_needs_a_copy() {
    let o = handout(&["build", BASICS, "--booklet", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        first_line(&o).contains("add --copy reading or --copy print"),
        "{}",
        stderr(&o)
    );
    let reading = handout(&["build", BASICS, "--booklet", "--copy", "reading", "-o", "-"]);
    let print = handout(&["build", BASICS, "--booklet", "--copy", "print", "-o", "-"]);
    assert!(reading.status.success() && print.status.success());
    assert!(reading.stdout.starts_with(b"%PDF-") && print.stdout.starts_with(b"%PDF-"));
    assert_ne!(reading.stdout, print.stdout);
    let o = handout(&["build", BASICS, "--copy", "print", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2), "--copy without a booklet");
}

#[test]
fn copy_print_writes_only_the_print_copy() {
    let dir = temp_dir("everyday-copy");
    let out = dir.join("b.pdf");
    let o = handout(&[
        "build",
        BASICS,
        "--booklet",
        "--copy",
        "print",
        "-o",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.exists() && dir.join("b-print.pdf").exists());
}

#[test]
fn a_pdf_is_not_written_to_a_terminal() {
    // `script` gives the command a terminal as standard output
    let cmd = format!(
        "{} build {} -o -",
        env!("CARGO_BIN_EXE_handout"),
        common::repo().join(BASICS).display()
    );
    let Ok(o) = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
    else {
        eprintln!("`script` (util-linux) is missing: terminal test not run");
        return;
    };
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("not written to a terminal"), "{text}");
    assert!(!text.contains("%PDF"), "{text}");
}

#[test]
fn listings_cover_presets_treatments_and_json() {
    let o = handout(&["presets"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("bone-health: ") && text.contains("sections: hypercalcemia-prevention"));
    let o = handout(&["treatments"]);
    let text = String::from_utf8_lossy(&o.stdout);
    let zol = text
        .lines()
        .find(|l| l.contains("zoledronic-acid"))
        .unwrap();
    assert!(
        zol.contains("bisphosphonate") && zol.contains("jaw-care"),
        "{zol}"
    );
    assert!(text.contains("Cancer types") && text.contains("myeloma"));
    for what in ["sections", "presets", "treatments"] {
        let o = handout(&[what, "--json"]);
        assert!(o.status.success(), "{what}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{what}");
    }
    let o = handout(&["treatments", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let radium = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "radium-223")
        .unwrap();
    assert_eq!(radium["sections"][0], "radiopharmaceuticals");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = handout(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("treatments") && text.contains("booklet"),
            "{shell}"
        );
    }
    let o = handout(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_man_pages_in_doc_are_current() {
    let doc = common::repo().join("doc");
    let update = std::env::var_os("HANDOUT_UPDATE_DOC").is_some();
    let pages = handout::cli::man_pages();
    assert!(pages.iter().any(|(n, _)| n == "handout-build.1"));
    for (name, bytes) in &pages {
        let path = doc.join(name);
        if update {
            std::fs::write(&path, bytes).unwrap();
            continue;
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(
            &on_disk == bytes,
            "doc/{name} is out of date: run HANDOUT_UPDATE_DOC=1 cargo test --test cli_everyday"
        );
    }
    let text = String::from_utf8_lossy(&pages[0].1);
    assert!(text.contains(".TH handout") && text.contains("Exit status"));
}

#[test]
fn quiet_builds_say_nothing_but_warnings() {
    let dir = temp_dir("everyday-quiet");
    let out = dir.join("q.pdf");
    let o = handout(&["build", "--quiet", BASICS, "-o", s(&out)]);
    assert!(o.status.success());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(out.exists());
    let o = handout(&["check", "-q", BASICS]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    for sub in [
        "sections",
        "presets",
        "treatments",
        "batch",
        "completions",
        "build",
        "check",
    ] {
        let o = handout(&[sub, "--help"]);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("--quiet"),
            "{sub} --help"
        );
    }
}

#[test]
fn exit_codes_are_0_1_and_2() {
    assert_eq!(handout(&["sections"]).status.code(), Some(0));
    assert_eq!(handout(&["build", "no-such.toml"]).status.code(), Some(1));
    assert_eq!(handout(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(handout(&["frobnicate"]).status.code(), Some(2));
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    assert!(readme.contains("| 2 |") && readme.contains("usage error"));
}

/// Builds a definition and returns (exit code, first two lines of the message).
fn build_message(dir: &Path, name: &str, text: &str) -> (Option<i32>, String) {
    let def = write_def(dir, name, text);
    let o = handout(&["build", s(&def), "-o", s(&dir.join("o.pdf"))]);
    let lines: Vec<String> = stderr(&o).lines().take(2).map(str::to_string).collect();
    (o.status.code(), lines.join("\n"))
}

#[test]
fn toml_syntax_errors_say_the_fix_in_plain_words() {
    let dir = temp_dir("everyday-toml");
    let cases = [
        (
            "q.toml",
            "title = \"Bones\n[[section]]\nuse = \"jaw-care\"\n",
            "q.toml:1:",
            "add the closing quote",
        ),
        (
            "n.toml",
            "title = \"B\"\n[style]\nbody_size = \"18\"\n[[section]]\nuse = \"jaw-care\"\n",
            "n.toml:3:13",
            "write 18 without quotes",
        ),
        (
            "b.toml",
            "title = \"B\"\n[section]\nuse = \"jaw-care\"\n[[section]]\nuse = \"exercise-tips\"\n",
            "b.toml:4:1",
            "a section is `[[section]]` with two brackets",
        ),
        (
            "d.toml",
            "title = \"B\"\ntitle = \"C\"\n[[section]]\nuse = \"jaw-care\"\n",
            "d.toml:2:1: duplicate key `title`",
            "given twice (first on line 1)",
        ),
    ];
    for (name, text, at, fix) in cases {
        let (code, message) = build_message(&dir, name, text);
        assert_eq!(code, Some(1), "{name}: {message}");
        assert!(
            message.starts_with("error: ") && message.contains(at),
            "{name}: {message}"
        );
        assert!(message.contains(fix), "{name}: {message}");
    }
}

#[test]
fn build_warns_about_a_hard_custom_section_but_still_builds() {
    let dir = temp_dir("everyday-grade");
    let def = write_def(
        &dir,
        "hard.toml",
        "title = \"T\"\n[[section]]\nuse = \"exercise-tips\"\n[[section]]\ntitle = \"Clinical Considerations\"\nbody = \"\"\"\nPharmacological interventions necessitate comprehensive multidisciplinary consideration of individualised therapeutic alternatives.\n\"\"\"\n",
    );
    let out = dir.join("hard.pdf");
    let o = handout(&["build", s(&def), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.exists());
    let text = stderr(&o);
    let warning = text
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("reads at grade"))
        .unwrap_or("");
    assert!(
        warning.contains("\"Clinical Considerations\"") && warning.contains("above the target"),
        "{text}"
    );
    assert!(text.contains("handout check"), "{text}");
}

#[test]
fn check_is_consistent_about_small_print_and_explains_its_columns() {
    let dir = temp_dir("everyday-check");
    let def = write_def(
        &dir,
        "small.toml",
        "title = \"T\"\n[style]\nbody_size = 14\nallow_small_print = true\n[[section]]\nuse = \"exercise-tips\"\n",
    );
    let o = handout(&["check", s(&def)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(": 1 section,"), "{out}");
    assert!(
        out.contains("FK: Flesch-Kincaid") && out.contains("SMOG:") && out.contains("longest:")
    );
    let verdict = out.lines().last().unwrap();
    assert!(
        !verdict.contains("floors hold") && verdict.contains("below the large-print floors"),
        "{verdict}"
    );
}

#[test]
fn batch_messages_name_the_line_patient_and_file_and_semicolons_are_refused() {
    let dir = temp_dir("everyday-batch");
    let template = common::repo().join("handouts/examples/batch-template.toml");
    let manifest = write_def(
        &dir,
        "list.csv",
        "patient.id,patient.name,patient.treatments\nP1,Ana,radiation\n\nP3,Bo,zoledronik-acid\n",
    );
    let out = dir.join("out");
    let o = handout(&[
        "batch",
        s(&manifest),
        "--template",
        s(&template),
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stderr(&o);
    assert!(
        text.lines().next().unwrap_or("").starts_with(
            "list.csv:4 (row 2, patient P3, P3-batch-template.pdf): patient.treatments"
        ),
        "{text}"
    );
    let semi = write_def(&dir, "semi.csv", "patient.id;patient.name\nP1;Ana\n");
    let o = handout(&["batch", s(&semi), "--template", s(&template), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        first_line(&o).contains("semi.csv:1: the separator looks like `;`"),
        "{}",
        stderr(&o)
    );
    let quiet = dir.join("quiet");
    let ok = write_def(&dir, "ok.csv", "patient.id,patient.name\nP1,Ana\n");
    let o = handout(&[
        "batch",
        "-q",
        s(&ok),
        "--template",
        s(&template),
        "-o",
        s(&quiet),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(quiet.join("P1-batch-template.pdf").exists());
}
