//! Pages without waste: tables move whole or split with three rows a side, a lead-in stays with
//! what it introduces, a callout box does not leave half a page blank, the last page is not a
//! line or two, and examples and presets leave pages empty only before a block that cannot be
//! split (page_fill's measure).

#[path = "../examples/page_fill/measure.rs"]
#[allow(dead_code)] // `worst` is for the example's table
mod measure;

use std::path::Path;

use handout::definition::Definition;
use handout::layout::{Item, Page};
use handout::{BuildOptions, Engine};

fn pages(engine: &Engine, text: &str) -> Vec<Page> {
    let def = Definition::parse(Path::new("t.toml"), text).unwrap();
    let (model, _, _, _) = engine
        .lay_out(&def.check().unwrap(), &BuildOptions::default())
        .unwrap();
    model.pages
}

/// The page each text line containing `needle` is on.
fn pages_with(pages: &[Page], needle: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for t in page.text_lines() {
            if t.text().contains(needle) {
                found.push(p);
            }
        }
    }
    found
}

fn filler(paragraphs: usize) -> String {
    let p = "Walking a little each day keeps your legs strong and helps your mood. ".repeat(3);
    vec![p; paragraphs].join("\n\n")
}

fn definition(body: &str) -> String {
    format!("title = \"T\"\n[[section]]\ntitle = \"S\"\nbody = \"\"\"\n{body}\n\"\"\"\n")
}

fn table(rows: usize) -> String {
    let mut t = String::from("| Food | Calcium |\n| --- | --- |\n");
    for r in 0..rows {
        t.push_str(&format!("| row{r:02} food | {r}00 mg |\n"));
    }
    t
}

#[test]
fn a_table_that_fits_a_page_moves_whole() {
    let engine = Engine::new().unwrap();
    for n in 1..16 {
        let body = format!("{}\n\n{}", filler(n), table(4));
        let pages = pages(&engine, &definition(&body));
        let on: Vec<usize> = (0..4)
            .flat_map(|r| pages_with(&pages, &format!("row{r:02}")))
            .collect();
        assert!(
            on.windows(2).all(|w| w[0] == w[1]),
            "{n} fillers: rows on pages {on:?}"
        );
    }
}

#[test]
fn a_long_table_splits_with_three_rows_on_each_side() {
    let engine = Engine::new().unwrap();
    let mut split_seen = false;
    for n in 0..12 {
        let body = format!("{}\n\n{}", filler(n), table(30));
        let pages = pages(&engine, &definition(&body));
        let on: Vec<usize> = (0..30)
            .map(|r| pages_with(&pages, &format!("row{r:02}"))[0])
            .collect();
        for p in *on.iter().min().unwrap()..=*on.iter().max().unwrap() {
            let count = on.iter().filter(|q| **q == p).count();
            assert!(count >= 3, "{n} fillers: page {p} has {count} table rows");
        }
        split_seen |= on[0] != on[29];
    }
    assert!(split_seen, "a 30-row table is taller than a page");
}

#[test]
fn a_lead_in_stays_with_its_lines_and_lists() {
    let engine = Engine::new().unwrap();
    for n in 1..16 {
        let body = format!(
            "{}\n\nWrite your own questions on the lines below.\n\n::: lines 6\n\nThings to bring:\n\n- your pills\n- this handout\n",
            filler(n)
        );
        let pages = pages(&engine, &definition(&body));
        let lead = pages_with(&pages, "Write your own questions")[0];
        let lines_on_lead = pages[lead]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line(l) if l.y1_pt > pages[lead].height_pt / 10.0))
            .count();
        assert!(
            lines_on_lead >= 2,
            "{n} fillers: the lines left their instruction"
        );
        let list_lead = pages_with(&pages, "Things to bring")[0];
        assert_eq!(
            pages_with(&pages, "your pills")[0],
            list_lead,
            "{n} fillers"
        );
    }
}

#[test]
fn the_instruction_the_patients_questions_and_the_lines_stay_together() {
    let engine = Engine::new().unwrap();
    for n in 0..16 {
        let text = format!(
            "title = \"T\"\n[[section]]\ntitle = \"S\"\nbody = \"\"\"\n{}\n\"\"\"\n[[section]]\nuse = \"questions-for-your-doctor\"\nadd_questions = [\"Can I keep gardening?\", \"Is it safe to lift my grandson?\"]\n",
            filler(n)
        );
        let pages = pages(&engine, &text);
        let instruction = pages_with(&pages, "on the lines below")[0];
        assert_eq!(
            pages_with(&pages, "lift my grandson")[0],
            instruction,
            "{n} fillers"
        );
        let page = &pages[instruction];
        let grandson_y = page
            .text_lines()
            .find(|t| t.text().contains("lift my grandson"))
            .map(|t| t.baseline_pt)
            .unwrap();
        let lines_below = page
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line(l) if l.y1_pt > grandson_y))
            .count();
        assert!(
            lines_below >= 2,
            "{n} fillers: the write-in lines left the questions"
        );
    }
}

#[test]
fn the_last_page_never_holds_only_a_line_or_two() {
    use handout::layout::{ArtifactKind, Mark};
    let engine = Engine::new().unwrap();
    let mut multi_page = 0;
    for n in 0..40 {
        let short = vec!["Walk a little each day."; n].join("\n\n");
        let text = format!(
            "{}[[section]]\nuse = \"exercise-tips\"\n[[section]]\nuse = \"jaw-care\"\n",
            definition(&format!("{short}\n\nEat well."))
        );
        let pages = pages(&engine, &text);
        if pages.len() < 2 {
            continue;
        }
        multi_page += 1;
        let lines = pages[pages.len() - 1]
            .text_lines()
            .filter(|t| t.mark != Mark::Artifact(ArtifactKind::Pagination))
            .count();
        assert!(lines >= 3, "{n} fillers: the last page holds {lines} lines");
    }
    assert!(multi_page > 5);
}

#[test]
fn a_callout_that_does_not_fit_is_split_rather_than_leaving_half_a_page() {
    let engine = Engine::new().unwrap();
    let items: String = (0..12)
        .map(|i| format!("> - sign number {i:02}: a new pain, or a pain that gets worse\n"))
        .collect();
    let mut split_seen = false;
    for n in 0..10 {
        let body = format!(
            "{}\n\n> [!WARNING]\n> **Call right away if you have:**\n>\n{items}>\n> Call us now.\n",
            filler(n)
        );
        let text = definition(&body);
        let def = Definition::parse(Path::new("t.toml"), &text).unwrap();
        let style = def.check().unwrap().style;
        let (doc, _) =
            handout::resolve::resolve(&def.check().unwrap(), &engine.library, false).unwrap();
        let bottom = handout::layout::footer_body_bottom_pt(&doc, &style, &engine.breaker).unwrap();
        let pages = pages(&engine, &text);
        let caption = pages_with(&pages, "Call right away")[0];
        assert_eq!(
            pages_with(&pages, "sign number 00")[0],
            caption,
            "{n} fillers: the caption keeps its list"
        );
        if caption > 0 {
            let before = &pages[caption - 1..caption];
            let empty = handout::layout::fill::empty_shares(before, style.margin_top_pt, bottom)[0];
            assert!(
                empty <= 0.4,
                "{n} fillers: the page before the box is {:.0}% empty",
                empty * 100.0
            );
        }
        split_seen |= pages_with(&pages, "sign number 11")[0] > caption;
    }
    assert!(split_seen, "some filler length makes the box part");
}

#[test]
fn examples_and_presets_waste_pages_only_before_whole_blocks() {
    // (the page counts before and after these rules are in the README, from `page_fill`)
    let cases = measure::all_cases(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    for c in &cases {
        for (p, (e, moved)) in c.empty.iter().zip(&c.moved).enumerate() {
            if *e > 0.4 {
                let why = moved.as_deref().unwrap_or("");
                assert!(
                    why.contains("table") || why.contains("callout"),
                    "{} page {}: {:.0}% empty before `{why}`",
                    c.name,
                    p + 1,
                    e * 100.0
                );
            }
        }
        assert!(
            c.last_used > 0.1,
            "{}: the last page is nearly empty",
            c.name
        );
    }
}
