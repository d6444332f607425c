//! The handouts as a screen reader hears them: every example (but the batch files) and every
//! preset, as a handout and as a booklet, is built and its structure tree read back with a Rust
//! PDF reader. No words run together at a line wrap, every page is labelled with its printed
//! number, figures and tables have a bounding box, bold runs are `Strong`, artifacts are typed,
//! list items have labels, every callout box is named, and the tailored example's reading order
//! matches its snapshot (`UPDATE_SNAPSHOTS=1` rewrites it).

mod common;
mod pdf_tree;

/// What a question list's check box reads as.
use std::collections::HashSet;
use std::sync::OnceLock;

use handout::definition::Definition;
use handout::document::{Block, Document, Inlines};
use handout::layout::{Item, PageModel};
use handout::pdf::PdfOptions;
use handout::pictogram::Pictogram;
use handout::{BuildOptions, Engine};
use lopdf::Object;
use pdf_tree::{Element, TaggedPdf};

use common::repo;

/// One built PDF with the document and the pages it was made from.
struct Case {
    name: String,
    doc: Document,
    model: PageModel,
    pdf: TaggedPdf,
}

fn definitions() -> Vec<(String, Definition, bool)> {
    let mut out: Vec<(String, Definition, bool)> = common::cases::examples()
        .into_iter()
        .map(|(name, def)| (name, def, false))
        .collect();
    let dir = repo().join("handouts/examples");
    // the library's warning boxes (a title, pictograms, levels) and a pointer back to one
    let warnings = "title = \"Warning boxes\"\n\n[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\n\n[[section]]\ntitle = \"When to call\"\nbody = \"\"\"\nSome text before the box.\n\n::: warning spinal-cord\n\n::: warning high-calcium\n\nMore text.\n\n::: warning spinal-cord\n\"\"\"\n";
    let path = dir.join("warning-boxes.toml");
    out.push((
        "warning boxes".into(),
        Definition::parse(&path, warnings).unwrap(),
        false,
    ));
    let engine = Engine::new().unwrap();
    for (preset, booklet, def) in common::cases::presets(&engine) {
        let kind = if booklet { "booklet" } else { "handout" };
        out.push((format!("preset {preset} ({kind})"), def, booklet));
    }
    out
}

/// Every case, built once and shared by the tests.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let engine = Engine::new().unwrap();
        definitions()
            .into_iter()
            .map(|(name, def, booklet)| {
                let options = BuildOptions {
                    booklet,
                    date: Some("2026-11-23".into()),
                };
                let (model, style, ..) = engine
                    .lay_out(&def.check().unwrap(), &options)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                let pdf_options = PdfOptions {
                    pdf_a: style.pdf_a,
                    tagged: true,
                };
                // krilla's PDF/UA-1 (and PDF/A-2a) validation runs here
                let bytes = handout::pdf::write_pdf(&model, pdf_options)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                let (doc, _) = handout::resolve::resolve(
                    &def.check().unwrap(),
                    &engine.library,
                    style.booklet,
                )
                .unwrap();
                Case {
                    name,
                    doc,
                    model,
                    pdf: TaggedPdf::read(&bytes),
                }
            })
            .collect()
    })
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

fn normal(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

/// Text with its page-number markers (filled in at layout) and its numbers as `#`, so source
/// text and heard text compare.
fn numbers_hidden(text: &str) -> String {
    let mut out = String::new();
    let mut in_marker = false;
    for c in normal(text).chars() {
        match c {
            '\u{E000}' => in_marker = true,
            '\u{E001}' => {
                in_marker = false;
                out.push('#');
            }
            _ if in_marker => {}
            _ if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every block of the document: its opening lines and its sections' bodies.
fn all_blocks(doc: &Document) -> impl Iterator<Item = &Block> {
    doc.intro
        .iter()
        .chain(doc.sections.iter().flat_map(|s| &s.blocks))
}

/// Every piece of text the document says, and every line drawn on its pages (each line's words
/// are whole: a line never joins two words, so a word that is only heard where one line meets
/// the next is two words run together).
fn source_texts(doc: &Document, model: &PageModel) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    out.extend(doc.subtitle.clone());
    out.extend(doc.logo.iter().map(|l| l.alt.clone()));
    for s in &doc.sections {
        out.push(s.title.clone());
    }
    for b in all_blocks(doc) {
        b.text_blocks(&mut out);
    }
    out.extend(doc.sources.iter().cloned());
    for part in &doc.back_cover {
        out.push(part.lead.clone());
        out.extend(part.signs.iter().cloned());
        out.extend(part.write_in.clone());
    }
    for page in &model.pages {
        out.extend(page.text_lines().map(|t| t.text()));
    }
    out.extend(
        Pictogram::ALL
            .iter()
            .map(|p| p.alt_text_in(&doc.language).to_string()),
    );
    out.push(handout::locale::words(&doc.language).check_box.clone());
    out
}

/// Everything the tree says, in reading order.
fn heard(pdf: &TaggedPdf) -> String {
    pdf.roots.iter().map(|r| pdf.text(r) + " ").collect()
}

/// Words heard that the source never says (with a little context): two words run together.
fn joined_words(doc: &Document, model: &PageModel, pdf: &TaggedPdf) -> Vec<String> {
    let texts = source_texts(doc, model);
    let vocabulary: HashSet<&str> = texts.iter().flat_map(|t| words(t)).collect();
    let heard = heard(pdf);
    let heard_words: Vec<&str> = words(&heard).collect();
    let numbers = |w: &str| w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit());
    heard_words
        .iter()
        .enumerate()
        .filter(|(_, w)| !vocabulary.contains(**w) && !numbers(w))
        .map(|(i, w)| {
            let context = &heard_words[i.saturating_sub(3)..(i + 3).min(heard_words.len())];
            format!("{w:?} in \"{}\"", context.join(" "))
        })
        .collect()
}

#[test]
fn no_two_words_are_joined_at_a_line_wrap() {
    for case in cases() {
        let heard = heard(&case.pdf);
        let heard_words: Vec<&str> = words(&heard).collect();
        assert!(heard_words.len() > 200, "{}: too little text", case.name);
        let joined = joined_words(&case.doc, &case.model, &case.pdf);
        assert!(
            joined.is_empty(),
            "{}: words not in the source (run together at a line wrap?): {joined:#?}",
            case.name
        );
        // and nothing the sections say is missing from the tree
        let heard_hidden = numbers_hidden(&heard);
        let heard_set: HashSet<&str> = words(&heard_hidden).collect();
        let mut section_text = Vec::new();
        for b in all_blocks(&case.doc) {
            b.text_blocks(&mut section_text);
        }
        let section_hidden: Vec<String> = section_text.iter().map(|t| numbers_hidden(t)).collect();
        let missing: Vec<&str> = section_hidden
            .iter()
            .flat_map(|t| words(t))
            .filter(|w| !heard_set.contains(w))
            .collect();
        assert!(missing.is_empty(), "{}: not heard: {missing:?}", case.name);
    }
}

#[test]
fn every_page_is_labelled_with_its_printed_number() {
    for case in cases() {
        let pdf = &case.pdf;
        assert_eq!(pdf.labels.len(), pdf.page_count);
        for (i, label) in pdf.labels.iter().enumerate() {
            assert_eq!(
                label.as_ref(),
                Some(&("D".to_string(), i as i64 + 1)),
                "{}: label of page {}",
                case.name,
                i + 1
            );
        }
        let mut footers = 0;
        for a in &pdf.artifacts {
            // "Page 1 of 8", or in Spanish "Página 1 de 8"
            let rest = a.text.strip_prefix("Page ");
            if let Some(rest) = rest.or_else(|| a.text.strip_prefix("Página ")) {
                let n: i64 = rest.split(' ').next().unwrap().parse().unwrap();
                let label = pdf.labels[a.page].as_ref().unwrap().1;
                assert_eq!(n, label, "{}: page {} prints {n}", case.name, a.page + 1);
                footers += 1;
            }
        }
        assert!(footers + 2 >= pdf.page_count, "{}: footers", case.name);
    }
}

/// A BBox attribute as four numbers.
fn bbox(e: &Element) -> Option<[f32; 4]> {
    let Object::Array(items) = e.attribute("Layout", "BBox")? else {
        return None;
    };
    let v: Vec<f32> = items.iter().filter_map(|o| o.as_float().ok()).collect();
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

#[test]
fn figures_and_tables_have_a_bounding_box() {
    let (mut figures, mut tables) = (0, 0);
    for case in cases() {
        for e in case.pdf.elements() {
            if e.role != "Figure" && e.role != "Table" {
                continue;
            }
            let pages = case.pdf.pages_of(e);
            if pages.len() != 1 {
                // PDF 1.7 §14.8.5.4.3: a BBox only for an element on a single page
                assert!(
                    bbox(e).is_none(),
                    "{}: BBox on a split {}",
                    case.name,
                    e.role
                );
                continue;
            }
            let b = bbox(e).unwrap_or_else(|| panic!("{}: {} without BBox", case.name, e.role));
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[0] < b[2] && b[1] < b[3] && b[2] <= 842.0,
                "{}: odd BBox {b:?}",
                case.name
            );
            if e.role == "Figure" {
                figures += 1;
            } else {
                tables += 1;
            }
        }
    }
    assert!(
        figures > 0 && tables > 0,
        "{figures} figures, {tables} tables"
    );
}

/// The bold runs of inline text (trimmed).
fn bold_runs(inl: &Inlines) -> Vec<String> {
    inl.iter()
        .filter(|s| s.style.bold && !s.text.trim().is_empty())
        .map(|s| numbers_hidden(&s.text))
        .collect()
}

/// Bold runs of the blocks that should be `Strong`; a callout's opening bold words go to
/// `names` (they name the box, as a heading).
fn expected_bold(blocks: &[Block], strong: &mut Vec<String>, names: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(inl) => strong.extend(bold_runs(inl)),
            Block::List { items, .. } => {
                items.iter().for_each(|i| expected_bold(i, strong, names));
            }
            Block::Table { rows, .. } => {
                rows.iter()
                    .flatten()
                    .for_each(|c| strong.extend(bold_runs(c)));
            }
            Block::Callout { title, blocks, .. } => {
                // the name is the title, or the bold words the box opens with; a line that
                // says the name is its heading, not Strong
                let mut rest = blocks.as_slice();
                if let Some(t) = title {
                    names.push(numbers_hidden(t));
                }
                if let Some(Block::Paragraph(inl)) = blocks.first() {
                    let lead: Vec<&str> = inl
                        .iter()
                        .take_while(|s| s.style.bold || s.text.trim().is_empty())
                        .map(|s| s.text.as_str())
                        .collect();
                    let lead_text = numbers_hidden(&lead.concat());
                    let is_name = match title {
                        Some(t) => numbers_hidden(t) == lead_text,
                        None => !lead_text.is_empty(),
                    };
                    if is_name {
                        if title.is_none() {
                            names.push(lead_text);
                        }
                        strong.extend(bold_runs(&inl[lead.len()..].to_vec()));
                        rest = &blocks[1..];
                    }
                }
                expected_bold(rest, strong, names);
            }
            Block::Icon { block, .. } => {
                expected_bold(std::slice::from_ref(block.as_ref()), strong, names)
            }
            // resolved documents hold neither
            Block::SubHeading(_)
            | Block::WriteIn { .. }
            | Block::Warning(_)
            | Block::When { .. } => {}
        }
    }
}

#[test]
fn bold_runs_are_tagged_strong() {
    let mut checked = 0;
    for case in cases() {
        let (mut strong, mut names) = (Vec::new(), Vec::new());
        let blocks: Vec<Block> = all_blocks(&case.doc).cloned().collect();
        expected_bold(&blocks, &mut strong, &mut names);
        let elements = case.pdf.elements();
        let texts_of = |role: &dyn Fn(&Element) -> bool| -> Vec<String> {
            elements
                .iter()
                .filter(|e| role(e))
                .map(|e| numbers_hidden(&case.pdf.text(e)))
                .collect()
        };
        let tagged = texts_of(&|e| e.role == "Strong");
        let headings = texts_of(&|e| e.is_heading());
        for s in &strong {
            assert!(
                tagged.contains(s),
                "{}: bold {s:?} is not Strong",
                case.name
            );
            checked += 1;
        }
        for n in &names {
            assert!(
                headings.contains(n),
                "{}: box name {n:?} is no heading",
                case.name
            );
        }
        // nothing is Strong that is not bold in the source (the cover's clinic name and the
        // patient's name are bold too)
        let extra: HashSet<String> = case
            .doc
            .prepared_for
            .iter()
            .chain(&case.doc.contacts.clinic)
            .map(|t| numbers_hidden(t))
            .collect();
        for t in &tagged {
            assert!(
                strong.contains(t) || extra.contains(t),
                "{}: Strong {t:?} is not bold in the source",
                case.name
            );
        }
    }
    assert!(checked > 20, "only {checked} bold runs");
}

#[test]
fn artifacts_are_typed() {
    for case in cases() {
        let mut footers = 0;
        for a in &case.pdf.artifacts {
            let kind = a.kind.as_deref();
            assert!(kind.is_some(), "{}: untyped artifact {a:?}", case.name);
            assert_ne!(kind, Some("Page"), "{}: {a:?}", case.name);
            let text = a.text.trim();
            let footer = text.starts_with("Page ")
                || text.starts_with("Página ")
                || text.starts_with("Riverside Cancer Center");
            if footer {
                assert_eq!(kind, Some("Pagination"), "{}: {a:?}", case.name);
                assert_eq!(a.subtype.as_deref(), Some("Footer"), "{}: {a:?}", case.name);
                footers += 1;
            } else if !text.is_empty() && text.chars().all(|c| c == '.' || c == ' ') {
                assert_eq!(kind, Some("Layout"), "{}: dot leader {a:?}", case.name);
            } else if !text.is_empty() {
                // a table header repeated on the page the table continues on
                assert_eq!(kind, Some("Pagination"), "{}: {a:?}", case.name);
                assert_eq!(a.subtype, None, "{}: {a:?}", case.name);
            } else {
                assert_eq!(kind, Some("Layout"), "{}: rule or box {a:?}", case.name);
            }
        }
        assert!(footers > 0, "{}: no footers", case.name);
    }
}

#[test]
fn list_items_have_labels_a_listener_hears() {
    let mut check_boxes = 0;
    for case in cases() {
        for l in case.pdf.elements().into_iter().filter(|e| e.role == "L") {
            let numbering = l
                .attribute("List", "ListNumbering")
                .and_then(|o| o.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned());
            let mut labels = Vec::new();
            for li in l.children() {
                assert_eq!(li.role, "LI", "{}: {} in a list", case.name, li.role);
                let lbl = li.children().next().filter(|c| c.role == "Lbl");
                let lbl = lbl.unwrap_or_else(|| panic!("{}: a list item has no Lbl", case.name));
                let heard = normal(&case.pdf.text(lbl));
                assert!(!heard.is_empty(), "{}: a silent label", case.name);
                labels.push(heard);
            }
            let want = if labels.iter().all(|l| l == "•") {
                "Disc"
            } else if labels
                .iter()
                .all(|l| *l == handout::locale::words(&case.doc.language).check_box)
            {
                check_boxes += labels.len();
                "None"
            } else {
                assert!(
                    labels
                        .iter()
                        .all(|l| l.trim_end_matches('.').parse::<u32>().is_ok()),
                    "{}: labels {labels:?}",
                    case.name
                );
                "Decimal"
            };
            assert_eq!(
                numbering.as_deref(),
                Some(want),
                "{}: {labels:?}",
                case.name
            );
        }
    }
    assert!(check_boxes > 0, "no question list was checked");
}

#[test]
fn every_callout_box_is_named() {
    let mut boxes = 0;
    for case in cases() {
        for div in case.pdf.elements().into_iter().filter(|e| e.role == "Div") {
            let first = div.children().next();
            let name = first
                .filter(|h| h.is_heading())
                .unwrap_or_else(|| panic!("{}: a box does not open with a heading", case.name));
            let heard = normal(&case.pdf.text(name));
            assert!(!heard.is_empty(), "{}: an empty box name", case.name);
            assert_eq!(
                name.title.as_deref().map(normal),
                Some(heard),
                "{}",
                case.name
            );
            boxes += 1;
        }
    }
    assert!(boxes > 0);
}

#[test]
fn the_title_is_h1_and_each_section_a_sect() {
    for case in cases() {
        let elements = case.pdf.elements();
        let first = elements.iter().find(|e| e.is_heading()).unwrap();
        assert_eq!(first.role, "H1", "{}", case.name);
        assert_eq!(normal(&case.pdf.text(first)), normal(&case.doc.title));
        assert_eq!(elements.iter().filter(|e| e.role == "H1").count(), 1);
        let sects = elements.iter().filter(|e| e.role == "Sect").count();
        assert!(
            sects >= case.doc.sections.len(),
            "{}: {sects} Sect",
            case.name
        );
    }
}

#[test]
fn the_tailored_example_reads_in_order() {
    let case = cases().iter().find(|c| c.name == "tailored-maria").unwrap();
    let heard = pdf_tree::reading_order(&case.pdf);
    let path = repo().join("tests/snapshots/tailored-maria-reading-order.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &heard).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{}: run with UPDATE_SNAPSHOTS=1", path.display()));
    if heard != want {
        let (h, w): (Vec<&str>, Vec<&str>) = (heard.lines().collect(), want.lines().collect());
        let at = (0..h.len().max(w.len()))
            .find(|i| h.get(*i) != w.get(*i))
            .unwrap_or(0);
        panic!(
            "the reading order changed at line {}:\n heard: {:?}\n  want: {:?}\nif that is right, run with UPDATE_SNAPSHOTS=1",
            at + 1,
            h.get(at),
            w.get(at)
        );
    }
    assert!(heard.starts_with(
        "Document\n  Figure: Riverside Cancer Center logo\n  H1: Your Bone Health Plan\n"
    ));
}

#[test]
fn the_check_finds_words_run_together_without_the_end_spaces() {
    // a negative control: the same handout with the spaces at line ends taken out
    let engine = Engine::new().unwrap();
    let path = repo().join("handouts/examples/tailored-maria.toml");
    let def = Definition::load(&path).unwrap();
    let (mut model, ..) = engine
        .lay_out(&def.check().unwrap(), &BuildOptions::default())
        .unwrap();
    let unchanged = model.clone();
    for page in &mut model.pages {
        for item in &mut page.items {
            if let Item::Text(t) = item {
                t.end_space = None;
            }
        }
    }
    let options = PdfOptions {
        pdf_a: true,
        tagged: true,
    };
    let pdf = TaggedPdf::read(&handout::pdf::write_pdf(&model, options).unwrap());
    let (doc, _) =
        handout::resolve::resolve(&def.check().unwrap(), &engine.library, false).unwrap();
    let joined = joined_words(&doc, &unchanged, &pdf);
    assert!(joined.len() > 50, "only {} run-ons found", joined.len());
}
