//! Golden snapshots of what every example and every preset (handout and booklet) puts on the
//! page, in a form a person can read and review: the page model (each item's kind, mark,
//! position and text) and the text a screen reader hears from the PDF's structure tree. A
//! change of output shows up here as a diff; `UPDATE_SNAPSHOTS=1` rewrites the files after the
//! change has been looked at, and the commit says why.

mod pdf_tree;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use handout::definition::Definition;
use handout::layout::{Item, LinkTarget, Mark, PageModel};
use handout::pdf::PdfOptions;
use handout::{BuildOptions, Engine};
use pdf_tree::{reading_order, TaggedPdf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (snapshot name, definition, booklet)
fn cases(engine: &Engine) -> Vec<(String, Definition, bool)> {
    let dir = repo().join("handouts/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("batch")
        })
        .collect();
    files.sort();
    let mut out: Vec<(String, Definition, bool)> = files
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Definition::load(f).unwrap(), false)
        })
        .collect();
    for (preset, _) in &engine.library.presets {
        let text = format!(
            "title = \"Preset {preset}\"\npreset = \"{preset}\"\n\n[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n"
        );
        let path = dir.join(format!("preset-{preset}.toml"));
        for booklet in [false, true] {
            let kind = if booklet { "booklet" } else { "handout" };
            let def = Definition::parse(&path, &text).unwrap();
            out.push((format!("preset-{preset}-{kind}"), def, booklet));
        }
    }
    out
}

fn mark(m: &Mark) -> String {
    match m {
        Mark::Content(id) => format!("c{}", id.0),
        Mark::Artifact(kind) => format!("artifact {kind:?}"),
    }
}

/// The page model as text: one line per item, positions to a tenth of a point.
fn model_text(model: &PageModel) -> String {
    let mut out = String::new();
    for (p, page) in model.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "== page {} ({:.1} x {:.1})",
            p + 1,
            page.width_pt,
            page.height_pt
        );
        for item in &page.items {
            let line = match item {
                Item::Text(t) => format!(
                    "text {} at {:.1},{:.1} {:.1}pt: {}",
                    mark(&t.mark),
                    t.x_pt,
                    t.baseline_pt,
                    t.size_pt,
                    t.text()
                ),
                Item::Rect(r) => format!(
                    "rect {:.1},{:.1} {:.1}x{:.1}",
                    r.x_pt, r.y_pt, r.width_pt, r.height_pt
                ),
                Item::Line(l) => format!(
                    "line {:.1},{:.1} to {:.1},{:.1}",
                    l.x1_pt, l.y1_pt, l.x2_pt, l.y2_pt
                ),
                Item::Image(i) => format!(
                    "image at {:.1},{:.1} {:.1}x{:.1}",
                    i.x_pt, i.y_pt, i.width_pt, i.height_pt
                ),
                Item::Pictogram(p) => format!(
                    "pictogram {} {} at {:.1},{:.1} {:.1}pt",
                    p.pictogram.name(),
                    mark(&p.mark),
                    p.x_pt,
                    p.y_pt,
                    p.size_pt
                ),
                Item::Link(l) => match &l.target {
                    LinkTarget::Place { page, .. } => {
                        format!("link at {:.1},{:.1} to page {}", l.x_pt, l.y_pt, page + 1)
                    }
                    LinkTarget::Uri(uri) => format!("link at {:.1},{:.1} to {uri}", l.x_pt, l.y_pt),
                },
                Item::Symbol(_) => "symbol".to_string(),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Compares `got` with the snapshot file, or rewrites it under `UPDATE_SNAPSHOTS=1`; returns a
/// problem to report.
fn compare(path: &Path, got: &str) -> Option<String> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return None;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if want == got {
        return None;
    }
    let at = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    Some(format!(
        "{} differs at line {}:\n  want: {:?}\n  got:  {:?}",
        path.display(),
        at + 1,
        want.lines().nth(at),
        got.lines().nth(at)
    ))
}

#[test]
fn every_example_and_preset_matches_its_snapshots() {
    let engine = Engine::new().unwrap();
    let dir = repo().join("tests/snapshots/golden");
    let mut problems = Vec::new();
    for (name, def, booklet) in cases(&engine) {
        let options = BuildOptions {
            booklet,
            date: Some("2026-11-23".into()),
        };
        let (model, style, ..) = engine.lay_out(&def, &options).unwrap();
        let bytes = handout::pdf::write_pdf(
            &model,
            PdfOptions {
                pdf_a: style.pdf_a,
                tagged: true,
            },
        )
        .unwrap();
        let heard = reading_order(&TaggedPdf::read(&bytes));
        problems.extend(compare(
            &dir.join(format!("{name}.model.txt")),
            &model_text(&model),
        ));
        problems.extend(compare(&dir.join(format!("{name}.heard.txt")), &heard));
    }
    assert!(
        problems.is_empty(),
        "{}\nif the change is meant, look at it and run with UPDATE_SNAPSHOTS=1",
        problems.join("\n")
    );
}
