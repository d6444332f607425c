//! Booklets from the outside: page counts padded to a multiple of 4, the print copy's
//! saddle-stitch order read back side by side, contents numbers that match where each section's
//! heading really is, and reproducible bytes.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A booklet definition with `sections` inline sections of `paragraphs` paragraphs each.
fn booklet_def(sections: usize, paragraphs: usize) -> String {
    let mut t = String::from("title = \"Test Booklet\"\ndate = \"2026-11-23\"\n[clinic]\nname = \"Riverside\"\nphone = \"555-010-2000\"\n[style]\nbooklet = true\n");
    for s in 0..sections {
        let para = "Drink water each day and go for short walks when you can. ".repeat(3);
        let body = vec![para; paragraphs].join("\n\n");
        t.push_str(&format!(
            "[[section]]\ntitle = \"Part {}\"\nbody = \"\"\"\n{body}\n\"\"\"\n",
            (b'A' + s as u8) as char
        ));
    }
    t
}

fn build(dir: &Path, name: &str, def: &str) -> (PathBuf, PathBuf) {
    let path = write_def(dir, &format!("{name}.toml"), def);
    let out = dir.join(format!("{name}.pdf"));
    let o = handout(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("flip on the SHORT edge"));
    (out.clone(), dir.join(format!("{name}-print.pdf")))
}

/// Text of one half of a print-copy side.
fn half_text(pdf: &Path, side: usize, right: bool) -> String {
    let (w, h) = (396.0, 612.0); // half of a Letter landscape sheet
    let x = if right { w } else { 0.0 };
    pdf_read::Pdf::open(pdf).pages[side - 1].text_in(x, 0.0, w, h)
}

/// What identifies reading page `p` (0-based) of `n`: its footer, or the cover / back cover.
fn page_mark(p: usize, n: usize) -> String {
    match p {
        0 => "Test Booklet".into(),
        _ if p == n - 1 => "When to Call Right Away".into(),
        _ => format!("Page {} of {n}", p + 1),
    }
}

fn check_booklet(dir: &Path, name: &str, sections: usize, paragraphs: usize) -> usize {
    let (reading, print) = build(dir, name, &booklet_def(sections, paragraphs));
    assert_pdf_sound(&reading);
    assert_pdf_sound(&print);
    let n = pdf_pages(&reading);
    assert_eq!(n % 4, 0, "{name}: {n} pages");
    assert_eq!(pdf_pages(&print), n / 2);
    // saddle-stitch order, side by side
    for side in 0..n / 2 {
        let (l, r) = if side % 2 == 0 {
            (n - 1 - side, side)
        } else {
            (side, n - 1 - side)
        };
        let left = squash(&half_text(&print, side + 1, false));
        let right = squash(&half_text(&print, side + 1, true));
        assert!(
            left.contains(&page_mark(l, n)),
            "{name} side {}: left should be page {} ({left})",
            side + 1,
            l + 1
        );
        assert!(
            right.contains(&page_mark(r, n)),
            "{name} side {}: right should be page {} ({right})",
            side + 1,
            r + 1
        );
    }
    // contents numbers match the pages the headings are on
    let contents = squash(&pdf_text(&reading, Some(2)));
    for s in 0..sections {
        let title = format!("Part {}", (b'A' + s as u8) as char);
        let after = &contents[contents
            .find(&title)
            .unwrap_or_else(|| panic!("{title} not in contents"))
            + title.len()..];
        let number: usize = after
            .trim_start_matches([' ', '.'])
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let page = pdf_text(&reading, Some(number));
        assert!(
            page.lines().any(|l| l.trim() == title),
            "{name}: contents says {title} is on page {number}"
        );
    }
    // the cover and the back cover
    let cover = squash(&pdf_text(&reading, Some(1)));
    assert!(cover.contains("Made on November 23, 2026") && cover.contains("Riverside"));
    let back = squash(&pdf_text(&reading, Some(n)));
    assert!(back.contains("555-010-2000"));
    n
}

/// Content pages of a booklet: all but the cover, contents, notes pages and back cover.
fn content_pages(sections: usize, paragraphs: usize) -> usize {
    let engine = handout::Engine::new().unwrap();
    let def = handout::definition::Definition::parse(
        Path::new("b.toml"),
        &booklet_def(sections, paragraphs),
    )
    .unwrap();
    let model = engine
        .lay_out(&def.check().unwrap(), &handout::BuildOptions::default())
        .unwrap()
        .0;
    let is = |p: &handout::layout::Page, heading: &str| p.text_lines().any(|t| t.text() == heading);
    let notes = model.pages.iter().filter(|p| is(p, "Notes")).count();
    let contents = model.pages.iter().filter(|p| is(p, "Contents")).count();
    model.pages.len() - 1 - contents - notes - 1
}

#[test]
fn booklets_of_5_8_12_and_13_content_pages_pad_and_impose_correctly() {
    let dir = temp_dir("booklets");
    for want in [5, 8, 12, 13] {
        let sections = 2;
        let paragraphs = (1..80)
            .find(|p| content_pages(sections, *p) == want)
            .unwrap_or_else(|| panic!("no paragraph count gives {want} content pages"));
        let n = check_booklet(&dir, &format!("b{want}"), sections, paragraphs);
        assert!(n >= want + 3, "{want} content pages in a {n}-page booklet");
    }
}

#[test]
fn a_booklet_is_reproducible_and_laid_out_at_half_letter() {
    let dir = temp_dir("booklet-bytes");
    let (a, pa) = build(&dir, "a", &booklet_def(2, 3));
    let (b, pb) = build(&dir, "b", &booklet_def(2, 3));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
    let size = |pdf: &Path| {
        let page = &pdf_read::Pdf::open(pdf).pages[0];
        (page.width_pt(), page.height_pt())
    };
    assert_eq!(size(&a), (396.0, 612.0));
    assert_eq!(size(&pa), (792.0, 612.0));
}

#[test]
fn an_a4_booklet_has_a5_pages_imposed_on_a4_sheets() {
    let dir = temp_dir("booklet-a4");
    let def = booklet_def(2, 4).replace("booklet = true", "booklet = true\npage = \"a4\"");
    let (reading, print) = build(&dir, "a5", &def);
    let size = |pdf: &Path| {
        let page = &pdf_read::Pdf::open(pdf).pages[0];
        format!("{:.3} x {:.3}", page.width_pt(), page.height_pt())
    };
    assert!(
        size(&reading).starts_with("419.528 x 595.276"),
        "{}",
        size(&reading)
    );
    assert!(
        size(&print).starts_with("841.890 x 595.276"),
        "{}",
        size(&print)
    );
    let n = pdf_pages(&reading);
    assert_eq!(n % 4, 0);
    assert_eq!(pdf_pages(&print), n / 2);
    assert_pdf_sound(&print);
}

#[test]
fn creep_shifts_inner_sheets_toward_the_spine() {
    let engine = handout::Engine::new().unwrap();
    let lay = |creep: &str| {
        let text =
            booklet_def(2, 12).replace("booklet = true", &format!("booklet = true\n{creep}"));
        let def = handout::definition::Definition::parse(Path::new("c.toml"), &text).unwrap();
        let (model, style, _, _) = engine
            .lay_out(&def.check().unwrap(), &handout::BuildOptions::default())
            .unwrap();
        handout::booklet::impose(&model, &style)
    };
    // the leftmost text on the left half of a sheet side, with and without creep
    let left_x = |m: &handout::layout::PageModel, side: usize| {
        m.pages[side]
            .text_lines()
            .filter(|t| t.x_pt < 396.0)
            .map(|t| t.x_pt)
            .fold(f32::MAX, f32::min)
    };
    let plain = lay("");
    let crept = lay("creep_mm = 1.0");
    let sides = plain.pages.len();
    assert!(sides >= 4, "{sides} sides");
    assert!(
        (left_x(&crept, 0) - left_x(&plain, 0)).abs() < 0.01,
        "the outer sheet does not move"
    );
    let inner = sides - 1;
    let shift = left_x(&crept, inner) - left_x(&plain, inner);
    assert!(
        (shift - 72.0 / 25.4).abs() < 0.05,
        "the innermost sheet moves 1 mm toward the spine: {shift}"
    );
}
