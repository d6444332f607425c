//! The booklet's cover: the clinic's logo, the title, subtitle and who it was prepared for,
//! with the clinic, its phone and the date at the foot of the page.

use super::Fixed;
use crate::document::{plain, Inlines};
use crate::layout::{ImageItem, Item, LayoutError, Page, StructKind, StructTree};
use crate::locale;
use crate::style::{self, PT_PER_IN};

/// The height of the logo on the cover.
const LOGO_HEIGHT_IN: f32 = 0.8;

/// Lays out the cover, adding its structure under the tree's root.
pub fn cover_page(fx: &Fixed, tree: &mut StructTree) -> Result<Page, LayoutError> {
    let s = fx.style;
    let doc = fx.doc;
    let root = StructTree::ROOT;
    let mut items = Vec::new();
    let mut y = s.margin_top_pt;
    if let Some(logo) = &doc.logo {
        let node = tree.add(
            root,
            StructKind::Figure {
                alt: logo.alt.clone(),
            },
        );
        let aspect = logo.width_px as f32 / logo.height_px.max(1) as f32;
        let w = (LOGO_HEIGHT_IN * PT_PER_IN * aspect).min(s.text_width_pt());
        let h = w / aspect;
        items.push(Item::Image(ImageItem {
            x_pt: s.margin_left_pt,
            y_pt: y,
            width_pt: w,
            height_pt: h,
            logo: logo.clone(),
            content: tree.content(node),
        }));
        y += h + s.body_pt;
    }
    let title = tree.add(
        root,
        StructKind::Heading {
            level: 1,
            title: doc.title.clone(),
        },
    );
    let spec = fx.spec(s.title_pt, true, style::ACCENT);
    y += fx.set(
        tree,
        title,
        &crate::document::private(&doc.title),
        spec,
        y,
        &mut items,
    )?;
    y += 0.4 * s.body_pt;
    if let Some(sub) = &doc.subtitle {
        let spec = fx.spec(s.subtitle_pt, false, style::BLACK);
        y += fx.paragraph(
            tree,
            root,
            &crate::document::private(sub),
            spec,
            y,
            &mut items,
        )?;
        y += s.body_pt;
    }
    if let Some(name) = &doc.prepared_for {
        let inl = crate::document::prepared_for(name, &doc.language);
        let spec = fx.spec(s.body_pt, false, style::BLACK);
        fx.paragraph(tree, root, &inl, spec, y, &mut items)?;
    }
    cover_foot(fx, tree, &mut items)?;
    Ok(fx.new_page(items))
}

/// The clinic, its phone and the date at the foot of the cover, under an accent rule.
fn cover_foot(fx: &Fixed, tree: &mut StructTree, items: &mut Vec<Item>) -> Result<(), LayoutError> {
    let s = fx.style;
    let doc = fx.doc;
    let words = locale::words(&doc.language);
    let mut foot: Vec<Inlines> = Vec::new();
    if let Some(n) = &doc.contacts.clinic {
        foot.push(crate::document::bold(n));
    }
    if let Some(p) = doc.contacts.phone_line(words) {
        foot.push(plain(&p));
    }
    if let Some(d) = &doc.date {
        let date = words.date_in_words(d);
        foot.push(plain(&locale::fill(&words.made_on, &[("date", &date)])));
    }
    let pitch = s.leading * s.body_pt;
    let mut fy = s.page_height_pt - s.margin_bottom_pt - pitch * foot.len() as f32;
    items.push(fx.rule(fy - 0.5 * s.body_pt));
    for line in foot {
        let spec = fx.spec(s.body_pt, false, style::BLACK);
        fy += fx.paragraph(tree, StructTree::ROOT, &line, spec, fy, items)?;
    }
    Ok(())
}
