//! `handout check`, run as the real binary: the library and the example stay at grade 7 or
//! lower, hard sections and broken large-print floors fail with exit code 1 and are named, and
//! definition errors give the same message as `handout build`.
//!
//! The last test compares our grade with the shared audit tool's grade of the built PDF. It
//! needs `../shared`, which a fresh clone lacks, so it is `#[ignore]`d; CI runs it with
//! `cargo test --test check -- --ignored`, and there a missing `../shared` is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = "handouts/examples/bone-health-basics.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `handout ARGS` from the crate's root.
fn handout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the handout binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Everything the command printed, for failure messages.
fn printed(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    )
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", printed(out)))
}

/// Writes `text` to a file of this test's own in Cargo's scratch folder for tests.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-{name}"));
    std::fs::write(&path, text).expect("the scratch folder is writable");
    path
}

/// The ids of the library's sections: the names of handouts/library/*.md.
fn library_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("handouts/library"))
        .expect("handouts/library exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert!(!ids.is_empty(), "handouts/library has no sections");
    ids
}

/// The first column of the table's rows: section names.
fn table_names(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.trim_start().starts_with("section "))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.get(2..)?.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "all")
        .collect()
}

/// What `check --library` grades: every section, the warning boxes and the glossary.
fn checked_ids() -> Vec<String> {
    let mut ids = library_ids();
    ids.extend(["glossary".to_string(), "warnings".to_string()]);
    ids.sort();
    ids
}

#[test]
fn the_library_passes_and_every_section_is_listed() {
    let out = handout(&["check", "--library"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let mut listed = table_names(&stdout(&out));
    listed.sort();
    assert_eq!(listed, checked_ids(), "{}", printed(&out));
}

#[test]
fn the_library_json_has_every_section_at_grade_7_or_lower() {
    let out = handout(&["check", "--library", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let report = json(&out);
    let sections = report["sections"].as_array().expect("a sections array");
    assert_eq!(sections.len(), checked_ids().len(), "{}", printed(&out));
    for s in sections {
        let grade = s["fk_grade"].as_f64().expect("a number fk_grade");
        assert!(grade <= 7.0, "{} is at grade {grade}", s["id"]);
    }
    assert_eq!(report["ok"], true);
    assert!(report["total"]["words"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn the_example_passes() {
    let out = handout(&["check", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let text = stdout(&out);
    assert!(text.contains("exercise-tips"), "{}", printed(&out));
    assert!(text.contains("body 18 pt"), "{}", printed(&out));
}

#[test]
fn a_hard_inline_section_fails_and_is_named() {
    let def = temp_file(
        "hard.toml",
        r#"title = "Bone Health"
[[section]]
use = "exercise-tips"
[[section]]
title = "Pharmacological Considerations"
body = """
Pharmacological interventions targeting skeletal-related events necessitate comprehensive multidisciplinary consideration, incorporating individualised evaluation of renal functionality, osteonecrosis susceptibility, and concomitant hypocalcaemia predisposition.
"""
"#,
    );
    let out = handout(&["check", def.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\"Pharmacological Considerations\" is above grade 7"),
        "{}",
        printed(&out)
    );
    assert!(
        !text.contains("\"exercise-tips\" is above"),
        "{}",
        printed(&out)
    );
    assert!(text.contains("multidisciplinary"), "{}", printed(&out));
}

#[test]
fn a_low_max_grade_fails_the_library() {
    let out = handout(&["check", "--library", "--max-grade", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(stdout(&out).contains("above grade 1"), "{}", printed(&out));
}

#[test]
fn a_small_body_size_breaks_the_floor() {
    let def = temp_file(
        "small.toml",
        "title = \"Bone Health\"\n[style]\nbody_size = 10\n[[section]]\nuse = \"exercise-tips\"\n",
    );
    let out = handout(&["check", def.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    let text = stdout(&out);
    assert!(text.contains("FLOOR BROKEN"), "{}", printed(&out));
    assert!(
        text.contains("below the large-print floor of 18 points"),
        "{}",
        printed(&out)
    );
    let report = json(&handout(&["check", def.to_str().unwrap(), "--json"]));
    assert!(report["style"]["floor_broken"].is_string(), "{report}");
    assert_eq!(report["ok"], false);
}

#[test]
fn a_misspelt_section_id_suggests_the_right_one() {
    let def = temp_file(
        "typo.toml",
        "title = \"Bone Health\"\n[[section]]\nuse = \"exercise-tip\"\n",
    );
    let out = handout(&["check", def.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0), "{}", printed(&out));
    let err = stderr(&out);
    assert!(
        err.contains("did you mean `exercise-tips`"),
        "{}",
        printed(&out)
    );
    let build = handout(&["build", def.to_str().unwrap(), "-o", "-"]);
    assert_eq!(err, stderr(&build), "check and build differ");
}

/// Our pooled grade of the example agrees with the audit tool's grade of its PDF.
#[test]
#[ignore = "needs ../shared (CI runs it with --ignored)"]
fn our_grade_agrees_with_the_pdf_audit() {
    let audit_tool = root().join("../shared/tools/pdf_audit.py");
    assert!(
        audit_tool.is_file(),
        "{} is missing: this test needs the ../shared folder beside the project",
        audit_tool.display()
    );
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-audit.pdf");
    let built = handout(&["build", EXAMPLE, "-o", pdf.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(0), "{}", printed(&built));
    let audit = Command::new("python3")
        .arg(&audit_tool)
        .arg(&pdf)
        .arg("--json")
        .output()
        .expect("python3 runs");
    assert_eq!(audit.status.code(), Some(0), "{}", printed(&audit));
    let theirs = json(&audit)["readability"]["fk_grade"]
        .as_f64()
        .unwrap_or_else(|| {
            panic!(
                "the audit has no readability fk_grade:\n{}",
                printed(&audit)
            )
        });
    let checked = handout(&["check", EXAMPLE, "--json"]);
    let ours = json(&checked)["total"]["fk_grade"]
        .as_f64()
        .expect("a total fk_grade");
    assert!(
        (ours - theirs).abs() <= 1.0,
        "our grade {ours} and the audit's {theirs} differ by more than 1.0"
    );
}

#[test]
fn check_warns_when_warning_boxes_have_no_after_hours_number() {
    let dir = std::env::temp_dir().join(format!("handout-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let def = dir.join("no-night-number.toml");
    std::fs::write(
        &def,
        "title = \"T\"\n[clinic]\nphone = \"555-010-2000\"\n[[section]]\nuse = \"spinal-cord-compression\"\n",
    )
    .unwrap();
    let out = handout(&["check", def.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(
        stdout(&out).contains("no `after_hours` number"),
        "{}",
        printed(&out)
    );
    let with = dir.join("night-number.toml");
    std::fs::write(
        &with,
        "title = \"T\"\n[clinic]\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n[[section]]\nuse = \"spinal-cord-compression\"\n",
    )
    .unwrap();
    let out = handout(&["check", with.to_str().unwrap()]);
    assert!(!stdout(&out).contains("after_hours"), "{}", printed(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
