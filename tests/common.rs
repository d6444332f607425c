//! Helpers shared by the integration tests: temporary folders, running the binary, the
//! examples and presets every whole-output test runs over ([`cases`]), and reading
//! PDFs back (with lopdf, in [`pdf_read`]: the tests need nothing but Rust).

#![allow(dead_code)]

#[path = "common/cases.rs"]
pub mod cases;
#[path = "common/pdf_read.rs"]
pub mod pdf_read;

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

/// The text of a PDF (or of one 1-based page), read back with [`pdf_read`].
pub fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let doc = pdf_read::Pdf::open(pdf);
    match page {
        Some(p) => doc.pages[p - 1].text(),
        None => doc.text(),
    }
}

/// Number of pages.
pub fn pdf_pages(pdf: &Path) -> usize {
    pdf_read::Pdf::open(pdf).pages.len()
}

/// Asserts the PDF is structurally sound (see [`pdf_read::check_structure`]); `.ci/run`
/// checks the examples with `qpdf --check` as a second opinion.
pub fn assert_pdf_sound(pdf: &Path) {
    let bytes = std::fs::read(pdf).unwrap();
    if let Err(e) = pdf_read::check_structure(&bytes) {
        panic!("{}: {e}", pdf.display());
    }
}

/// Asserts every glyph of every page lies at least `margin_pt` inside the page edges.
pub fn assert_inside_margins(pdf: &Path, margin_pt: f32) {
    let doc = pdf_read::Pdf::open(pdf);
    for (n, page) in doc.pages.iter().enumerate() {
        for g in page.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
            let [x0, y0, x1, y1] = page.media_box;
            let inside = g.x0_pt >= x0 + margin_pt - 0.5
                && g.x1_pt <= x1 - margin_pt + 0.5
                && g.baseline_pt >= y0 + margin_pt - 0.5
                && g.baseline_pt + 0.7 * g.size_pt <= y1 - margin_pt + 0.5;
            assert!(
                inside,
                "{} page {}: {:?} at x {:.1}..{:.1}, baseline {:.1} is outside the {margin_pt} pt margin",
                pdf.display(),
                n + 1,
                g.text,
                g.x0_pt,
                g.x1_pt,
                g.baseline_pt
            );
        }
    }
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
