//! The back cover: the emergency signs (from `doc.back_cover`, which resolve builds from the
//! library's warnings), then how to reach the clinic. Set at body size when it fits above the
//! bottom margin, else at the 16 pt floor, else an error the definition can fix.

use super::Fixed;
use crate::document::plain;
use crate::layout::{
    line_item, text_block, Item, LayoutError, ListLabels, Mark, Page, StructKind, StructTree,
    TextBlock,
};
use crate::locale;
use crate::style::{self, PT_PER_IN};

/// The lowest a back-cover baseline may sit, from the page's bottom edge.
const LOWEST_BASELINE_IN: f32 = 0.6;

/// Lays out the back cover, adding its section under the tree's root.
pub fn back_cover(fx: &Fixed, tree: &mut StructTree) -> Result<Page, LayoutError> {
    let s = fx.style;
    let fits = |page: &Page| {
        page.text_lines()
            .all(|t| t.baseline_pt <= s.page_height_pt - LOWEST_BASELINE_IN * PT_PER_IN)
    };
    let mut trial = tree.clone();
    let page = back_cover_at(fx, &mut trial, s.body_pt)?;
    if fits(&page) {
        *tree = trial;
        return Ok(page);
    }
    let page = back_cover_at(fx, tree, s.small_pt)?;
    if !fits(&page) {
        return Err(LayoutError::TooTall {
            what: "the back cover's list of warning signs".into(),
        });
    }
    Ok(page)
}

/// The back cover with its text at `size` points.
fn back_cover_at(fx: &Fixed, tree: &mut StructTree, size: f32) -> Result<Page, LayoutError> {
    let s = fx.style;
    let doc = fx.doc;
    let words = locale::words(&doc.language);
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    let heading = &words.back_cover_heading;
    let mut y = fx.heading(tree, section, heading, s.margin_top_pt, &mut items)?;
    for part in &doc.back_cover {
        let spec = fx.spec(size, true, style::BLACK);
        let lead = plain(&part.lead);
        y += fx.paragraph(tree, section, &lead, spec, y + 0.2 * size, &mut items)?;
        y += 0.5 * size;
        if !part.signs.is_empty() {
            y = signs(fx, tree, section, &part.signs, size, y, &mut items)?;
        }
        if let Some(label) = &part.write_in {
            let spec = fx.spec(size, false, style::BLACK);
            y += fx.paragraph(tree, section, &plain(label), spec, y, &mut items)?;
            y += 1.6 * size;
            items.push(fx.rule(y));
        }
        y += 0.3 * size;
    }
    y += 0.7 * size;
    let contacts = &doc.contacts;
    let contact: Vec<String> = [
        contacts.clinic.clone(),
        contacts.phone_line(words),
        contacts.after_hours_line(words),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contact.is_empty() {
        items.push(fx.rule(y));
        y += 0.5 * size;
        for (i, line) in contact.iter().enumerate() {
            let spec = fx.spec(size, i == 0, style::BLACK);
            y += fx.paragraph(tree, section, &plain(line), spec, y, &mut items)?;
        }
    }
    Ok(fx.new_page(items))
}

/// The bulleted signs of one back-cover level, from `y_pt`; returns the y below them.
fn signs(
    fx: &Fixed,
    tree: &mut StructTree,
    section: usize,
    signs: &[String],
    size: f32,
    y_pt: f32,
    items: &mut Vec<Item>,
) -> Result<f32, LayoutError> {
    let s = fx.style;
    let mut y = y_pt;
    let list = tree.add(
        section,
        StructKind::List {
            labels: ListLabels::Bullet,
        },
    );
    let indent = 1.2 * size;
    for line in signs {
        let li = tree.add(list, StructKind::ListItem);
        let lbl = tree.add(li, StructKind::Label);
        let body = tree.add(li, StructKind::ListBody);
        let p = tree.add(body, StructKind::Paragraph);
        let spec = TextBlock {
            x_pt: s.margin_left_pt + indent,
            width_pt: s.text_width_pt() - indent,
            ..fx.spec(size, false, style::BLACK)
        };
        let (its, h) = text_block(fx.shaper, tree, p, &plain(line), spec, y)?;
        if let Some(Item::Text(first)) = its.first() {
            let mark = Mark::Content(tree.content(lbl));
            let x = s.margin_left_pt;
            let bullet = line_item(
                fx.shaper,
                "•",
                true,
                size,
                style::BLACK,
                x,
                first.baseline_pt,
                mark,
            )?;
            items.push(Item::Text(bullet));
        }
        items.extend(its);
        y += h + 0.3 * size;
    }
    Ok(y)
}
