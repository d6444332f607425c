//! Helpers shared by the integration tests: temporary folders, running the binary, and reading
//! PDFs with poppler's pdftotext (install poppler-utils and qpdf to run the tests).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("handout-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `handout` binary.
pub fn handout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The text of a PDF (or of one page), by pdftotext.
pub fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for the tests: apt-get install poppler-utils");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Number of pages, by pdfinfo.
pub fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is needed for the tests");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("pdfinfo prints the page count")
}

/// Asserts `qpdf --check` finds no problem.
pub fn assert_qpdf_clean(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf is needed for the tests: apt-get install qpdf");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "qpdf --check failed on {}: {text}",
        pdf.display()
    );
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
}

/// Writes a definition file and returns its path.
pub fn write_def(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Squashes white space, so text broken across lines can be searched.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
