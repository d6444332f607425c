//! Measures how much of each page's text area is left empty, for every example definition and
//! every preset, as a handout and as a booklet (shared by the `page_fill` example and its test).

use std::path::{Path, PathBuf};

use handout::definition::Definition;
use handout::layout::{self, fill, LayoutOptions, StructTree};
use handout::{BuildOptions, Engine};

/// One measured case.
pub struct Case {
    pub name: String,
    pub booklet: bool,
    /// Pages of the whole document (a booklet's cover, contents, notes and back cover included).
    pub pages: usize,
    /// The empty share of each content page, the document's last content page left out.
    pub empty: Vec<f32>,
    /// For each of those pages, what went on to the next page whole.
    pub moved: Vec<Option<String>>,
    /// The share of the last content page's text area that holds content.
    pub last_used: f32,
}

impl Case {
    pub fn worst(&self) -> f32 {
        self.empty.iter().copied().fold(0.0, f32::max)
    }
}

/// The definitions measured: every example but the batch ones, and one per preset.
pub fn definitions(repo: &Path, engine: &Engine) -> Vec<(String, Definition)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo.join("handouts/examples"))
        .expect("handouts/examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".toml") && !name.starts_with("batch")
        })
        .collect();
    files.sort();
    for f in files {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push((name, Definition::load(&f).expect("example definition")));
    }
    for (preset, _) in &engine.library.presets {
        let text = format!("title = \"{preset}\"\npreset = \"{preset}\"\n");
        let path = repo.join(format!("preset-{preset}.toml"));
        let def = Definition::parse(&path, &text).expect("preset definition");
        out.push((format!("preset {preset}"), def));
    }
    out
}

/// Lays out `def` and measures its content pages.
pub fn measure(engine: &Engine, name: &str, def: &Definition, booklet: bool) -> Case {
    let options = BuildOptions {
        booklet,
        date: None,
    };
    let req = def.check().expect("definition");
    let (model, _, _, _) = engine.lay_out(&req, &options).expect("layout");
    let style = req.style.with_booklet(req.style.booklet || booklet);
    let (doc, _) =
        handout::resolve::resolve(&req, &engine.library, style.booklet).expect("resolve");
    // page references ("on page 4") filled as the build fills them
    let doc =
        handout::resolve::refs::fill_pages(&doc, &model.anchors.iter().cloned().collect(), "?");
    let layout_options = if style.booklet {
        LayoutOptions {
            no_title_block: true,
            first_page_number: 3,
            ..LayoutOptions::default()
        }
    } else {
        LayoutOptions::default()
    };
    let mut tree = StructTree::new();
    let paged = layout::layout_pages(&doc, &style, &engine.breaker, &layout_options, &mut tree)
        .expect("content layout");
    let (pages, mut moved) = (paged.pages, paged.moved);
    moved.pop();
    let bottom = layout::footer_body_bottom_pt(&doc, &style, &engine.breaker).expect("footer");
    let mut empty = fill::empty_shares(&pages, style.margin_top_pt, bottom);
    let last_used = 1.0 - empty.pop().unwrap_or(1.0);
    Case {
        name: name.to_string(),
        booklet: style.booklet,
        pages: model.pages.len(),
        empty,
        moved,
        last_used,
    }
}

/// Every case: each definition as a handout and as a booklet.
pub fn all_cases(repo: &Path) -> Vec<Case> {
    let engine = Engine::new().expect("engine");
    let mut cases = Vec::new();
    for (name, def) in definitions(repo, &engine) {
        for booklet in [false, true] {
            let case = measure(&engine, &name, &def, booklet);
            // a definition that asks for a booklet itself is measured once
            if cases
                .iter()
                .any(|c: &Case| c.name == case.name && c.booklet == case.booklet)
            {
                continue;
            }
            cases.push(case);
        }
    }
    cases
}
