//! Callout boxes (urgent and information): a tinted box with a coloured edge, named by a heading,
//! that parts between its blocks only as a last resort, and is cut to fit when taller than a page.

use super::text::baseline_offset_pt;
use super::{Flow, Row, TextSpec};
use crate::document::{Block, CalloutKind};
use crate::layout::page::{ArtifactKind, Item, Mark, RectItem, TextItem};
use crate::layout::structure::StructKind;
use crate::layout::tagging::{bold_lead, BoxName, LineMarker};
use crate::layout::LayoutError;
use crate::style::{self, Rgb};

/// Inner padding of callout boxes, as a fraction of the body size: generous, so the tint
/// frames the text and the box reads as set apart.
const CALLOUT_PAD_EM: f32 = 0.7;
/// Width of the coloured edge down a box's left side, the cue that tells urgent from information.
const CALLOUT_EDGE_PT: f32 = 6.0;

impl Flow<'_> {
    pub(super) fn callout(
        &mut self,
        kind: CalloutKind,
        name: BoxName,
        blocks: &[Block],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let pad = CALLOUT_PAD_EM * self.style.body_pt;
        let node = self.tree.add(parent, StructKind::Division);
        let inner_x = x_pt + CALLOUT_EDGE_PT + pad;
        let inner_w = width_pt - CALLOUT_EDGE_PT - 2.0 * pad;
        let title = match &name {
            BoxName::Lead(inl) => bold_lead(inl),
            BoxName::Text(text) => text.clone(),
        };
        let rows = self.named_box_rows(name, blocks, inner_x, inner_w, node)?;
        let colors = match kind {
            CalloutKind::Urgent => (style::URGENT_TINT, style::URGENT_EDGE),
            CalloutKind::Info => (style::INFO_TINT, style::ACCENT),
        };
        // the box's name, repeated above its rest where it goes on to a new page (as a table's
        // header row is), so a page never opens on signs or a call line without saying what
        // they are about; where the rest is part of a list, its call line is repeated too
        let name_row = self.continued_row(&title, inner_x, inner_w)?;
        let groups = block_groups(rows);
        let leads: Vec<Option<Vec<Row>>> = groups.iter().map(|g| lead_copy(g)).collect();
        // a box may part between its blocks (and list items), but only as a last resort:
        // pagination prefers an earlier break unless that leaves much of the page empty; a
        // block taller than a page (very large print) is cut between rows that may part
        let limit_pt = self.page_body_pt - 2.0 * pad - name_row.height_pt;
        // (rows, whether the piece parts a list from its call line, the group whose call line
        // goes above it on a new page if there is room for it)
        let mut pieces: Vec<(Vec<Row>, bool, Option<usize>)> = Vec::new();
        for (g, group) in groups.into_iter().enumerate() {
            for (piece, parts) in list_pieces(group) {
                for (k, rows) in split_to_fit(piece, limit_pt).into_iter().enumerate() {
                    let lead_pt = leads[g]
                        .as_ref()
                        .map(|l| l.first().map_or(0.0, |r| r.space_before_pt) + rows_height_pt(l));
                    let fits = lead_pt.is_some_and(|h| rows_height_pt(&rows) + h <= limit_pt);
                    let lead = (parts && k == 0 && fits).then_some(g);
                    pieces.push((rows, parts || k > 0, lead));
                }
            }
        }
        let last = pieces.len().saturating_sub(1);
        // the header rows, made when first needed: the name alone, and per group the name with
        // the group's call line
        let headers = &mut self.out.table_headers;
        let mut push_header = |lead: Option<&Vec<Row>>| {
            let mut rows = vec![name_row.clone()];
            rows.extend(lead.into_iter().flatten().cloned());
            headers.push(boxed_rows(rows, x_pt, width_pt, colors, pad, 0.0));
            headers.len() - 1
        };
        let mut plain: Option<usize> = None;
        let mut with_lead: Vec<Option<usize>> = vec![None; leads.len()];
        let mut boxes = Vec::new();
        for (k, (piece, parts_list, lead)) in pieces.into_iter().enumerate() {
            let top_pad = if k == 0 { pad } else { 0.0 };
            let bottom_pad = if k == last { pad } else { 0.0 };
            let mut row = boxed_rows(piece, x_pt, width_pt, colors, top_pad, bottom_pad);
            row.avoid_break_before = k > 0;
            row.parts_list = k > 0 && parts_list;
            if k > 0 {
                row.table = Some(match lead {
                    Some(g) => *with_lead[g].get_or_insert_with(|| push_header(leads[g].as_ref())),
                    None => *plain.get_or_insert_with(|| push_header(None)),
                });
            }
            boxes.push(row);
        }
        Ok(boxes)
    }

    /// "NAME (continued)" in bold, as page furniture (a listener has heard the name already).
    fn continued_row(&mut self, title: &str, x_pt: f32, width_pt: f32) -> Result<Row, LayoutError> {
        let words = crate::locale::words(self.language);
        let name = title.trim().trim_end_matches(':').trim_end();
        let text = crate::locale::fill(&words.continued, &[("name", name)]);
        let spec = TextSpec {
            x_pt,
            width_pt,
            bold: true,
            ..self.body()
        };
        let lines =
            self.breaker
                .break_paragraph(&crate::document::bold(&text), spec.size_pt, width_pt)?;
        let pitch = spec.leading * spec.size_pt;
        let base = baseline_offset_pt(self.breaker, spec.size_pt, spec.leading);
        let mut items = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            let baseline = base + k as f32 * pitch;
            let mark = Mark::Artifact(ArtifactKind::Pagination);
            let mut item =
                TextItem::new(x_pt, baseline, spec.size_pt, spec.color, line.pieces, mark);
            item.end_space = line.end_space;
            items.push(Item::Text(item));
        }
        let lines = items.len();
        let mut row = Row::new(lines as f32 * pitch, items, "callout title");
        row.lines = lines as u32;
        Ok(row)
    }

    /// The rows inside a callout box, the first a heading that names the box (see [`box_name`]).
    pub(super) fn named_box_rows(
        &mut self,
        name: BoxName,
        blocks: &[Block],
        x_pt: f32,
        width_pt: f32,
        node: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let spec = TextSpec {
            x_pt,
            width_pt,
            ..self.body()
        };
        let title = match &name {
            BoxName::Lead(inl) => bold_lead(inl),
            BoxName::Text(text) => text.clone(),
        };
        let level = (self.level + 1).min(6);
        let heading = self.tree.add(node, StructKind::Heading { level, title });
        let (mut rows, rest) = match name {
            BoxName::Lead(inl) => {
                // the lead's bold words are the heading; the rest of its paragraph follows
                let p = self.tree.add(node, StructKind::Paragraph);
                let marker = LineMarker::with_lead(p, heading);
                let rows = self.marked_rows(inl, spec, marker, "callout title")?;
                (rows, &blocks[1..])
            }
            BoxName::Text(text) => {
                let bold = TextSpec { bold: true, ..spec };
                let name = crate::document::bold(&text);
                (
                    self.text_rows(&name, bold, heading, "callout title")?,
                    blocks,
                )
            }
        };
        let mut body = self.blocks(rest, x_pt, width_pt, node, false)?;
        if let Some(first) = body.first_mut() {
            if first.space_before_pt == 0.0 {
                first.space_before_pt = self.style.paragraph_gap_pt;
            }
            first.keep_with_previous = true;
        }
        rows.append(&mut body);
        Ok(rows)
    }
}

/// Groups rows so that each group's height fits `limit_pt`, cutting between blocks where it can,
/// else only where a row may leave the one before it. Everything in one group when it fits.
fn split_to_fit(rows: Vec<Row>, limit_pt: f32) -> Vec<Vec<Row>> {
    let height = rows_height_pt;
    if height(&rows) <= limit_pt {
        return vec![rows];
    }
    let mut groups: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    for row in rows {
        current.push(row);
        if current.len() > 1 && height(&current) > limit_pt {
            let Some(last) = current.pop() else { break };
            // cut between blocks if one fits, else between lines that may part
            let may_cut = |k: &usize| !current[*k].keep_with_previous;
            let cut = (1..current.len())
                .rev()
                .filter(may_cut)
                .find(|&k| current[k].space_before_pt > 0.0)
                .or_else(|| (1..current.len()).rev().find(may_cut))
                .unwrap_or(current.len());
            let carried: Vec<Row> = current.drain(cut..).collect();
            groups.push(std::mem::take(&mut current));
            current = carried;
            current.push(last);
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// Cuts a callout's rows into its blocks, a list with the line that introduces it: a new group
/// starts at a row that may leave the one before it, has space above it and does not go on with
/// a list. (A group taller than a page is cut further, between items first, by [`split_to_fit`].)
fn block_groups(rows: Vec<Row>) -> Vec<Vec<Row>> {
    let mut groups: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        match groups.last_mut() {
            Some(g) if row.keep_with_previous || row.space_before_pt == 0.0 || row.list_item => {
                g.push(row)
            }
            _ => groups.push(vec![row]),
        }
    }
    groups
}

/// Cuts a block group at its list items, for the breaks of last resort inside a box's list:
/// each piece but the first parts the list from its call line, and every piece keeps at least
/// two items (no sign alone at a page's foot or head). The flag says which pieces part a list.
fn list_pieces(group: Vec<Row>) -> Vec<(Vec<Row>, bool)> {
    let cuts = list_cuts(&group);
    let mut out: Vec<(Vec<Row>, bool)> = Vec::new();
    for (k, row) in group.into_iter().enumerate() {
        match out.last_mut() {
            Some((piece, _)) if !cuts.contains(&k) => piece.push(row),
            _ => out.push((vec![row], !out.is_empty())),
        }
    }
    out
}

/// A copy, as page furniture, of the rows that introduce a group's list (its call line, with
/// the pictogram beside it), to repeat above the list's rest on a new page; None for a group
/// with no list or nothing before it.
fn lead_copy(group: &[Row]) -> Option<Vec<Row>> {
    // only a list that may be parted ever needs its call line again
    if list_cuts(group).is_empty() {
        return None;
    }
    let first_item = group.iter().position(|r| r.list_first || r.list_item)?;
    // the box's name is in the header already
    let start = group[..first_item]
        .iter()
        .position(|r| r.what != "callout title")
        .unwrap_or(first_item);
    if start == first_item {
        return None;
    }
    let lead = group[start..first_item]
        .iter()
        .map(|r| {
            let mut copy = r.clone();
            // a link's annotation and a check box's symbol are made once, where first drawn
            copy.items
                .retain(|item| !matches!(item, Item::Link(_) | Item::Symbol(_)));
            for item in &mut copy.items {
                match item {
                    Item::Text(t) => t.make_artifact(ArtifactKind::Pagination),
                    // a picture without words: drawn furniture, as rules and boxes are
                    Item::Pictogram(p) => p.mark = Mark::Artifact(ArtifactKind::Layout),
                    _ => {}
                }
            }
            copy
        })
        .collect();
    Some(lead)
}

/// The height of rows stacked with the space between them.
fn rows_height_pt(rows: &[Row]) -> f32 {
    rows.iter()
        .enumerate()
        .map(|(i, r)| r.height_pt + if i > 0 { r.space_before_pt } else { 0.0 })
        .sum()
}

/// The rows of a group where its list may be cut, leaving at least two items each side.
fn list_cuts(group: &[Row]) -> Vec<usize> {
    let items: Vec<usize> = (0..group.len()).filter(|&k| group[k].list_item).collect();
    // the second item's row is item 1: a cut there leaves one item before it; the last item's
    // row would leave one after it
    match items.as_slice() {
        [_, middle @ .., _] => middle
            .iter()
            .copied()
            .filter(|&k| !group[k].keep_with_previous)
            .collect(),
        _ => Vec::new(),
    }
}

/// One piece of a callout box: its rows on the tinted box with the coloured edge. The first
/// row's space above goes inside the box, so the pieces join without a seam.
fn boxed_rows(
    rows: Vec<Row>,
    x_pt: f32,
    width_pt: f32,
    (tint, edge): (Rgb, Rgb),
    top_pad_pt: f32,
    bottom_pad_pt: f32,
) -> Row {
    let mut items = Vec::new();
    let mut y = top_pad_pt;
    for (i, r) in rows.into_iter().enumerate() {
        if i > 0 || top_pad_pt == 0.0 {
            y += r.space_before_pt;
        }
        for mut it in r.items {
            it.shift(0.0, y);
            items.push(it);
        }
        y += r.height_pt;
    }
    let height = y + bottom_pad_pt;
    let rect = |w: f32, fill: Rgb| {
        Item::Rect(RectItem {
            x_pt,
            y_pt: 0.0,
            width_pt: w,
            height_pt: height,
            fill: Some(fill),
            stroke: None,
        })
    };
    let mut all = vec![rect(width_pt, tint), rect(CALLOUT_EDGE_PT, edge)];
    all.append(&mut items);
    let mut row = Row::new(height, all, "callout box");
    row.lines = 2;
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(height_pt: f32, space_before_pt: f32, keep: bool) -> Row {
        let mut r = Row::new(height_pt, Vec::new(), "test");
        r.space_before_pt = space_before_pt;
        r.keep_with_previous = keep;
        r
    }

    #[test]
    fn a_list_in_a_box_is_cut_only_with_two_items_on_each_side() {
        // a call line, then a list of five one-row items
        let mut rows = vec![row(20.0, 0.0, false)];
        for i in 0..5 {
            let mut item = row(20.0, if i == 0 { 10.0 } else { 5.0 }, i == 0);
            item.list_item = i > 0;
            rows.push(item);
        }
        let groups = block_groups(rows);
        assert_eq!(
            groups.len(),
            1,
            "the call line and its whole list are one block"
        );
        let pieces = list_pieces(groups.into_iter().next().unwrap());
        let shape: Vec<(usize, bool)> = pieces.iter().map(|(p, parts)| (p.len(), *parts)).collect();
        // cuts before items 2 and 3 only: the call line with two items, then one, then two
        assert_eq!(shape, vec![(3, false), (1, true), (2, true)]);
        let short: Vec<Row> = (0..3)
            .map(|i| {
                let mut r = row(20.0, 5.0, false);
                r.list_item = i > 0;
                r
            })
            .collect();
        assert_eq!(list_pieces(short).len(), 1, "three items are never parted");
    }

    #[test]
    fn a_lists_call_line_is_copied_without_the_box_name_or_the_first_sign() {
        let mut name = Row::new(20.0, Vec::new(), "callout title");
        name.lines = 1;
        let call = row(20.0, 10.0, false);
        let mut first = row(20.0, 5.0, true);
        first.list_first = true;
        let mut later = row(20.0, 5.0, false);
        later.list_item = true;
        // four signs: the list may be parted after the second
        let list = [first.clone(), later.clone(), later.clone(), later.clone()];
        let boxed: Vec<Row> = [name, call.clone()]
            .into_iter()
            .chain(list.clone())
            .collect();
        let lead = lead_copy(&boxed).unwrap();
        assert_eq!(lead.len(), 1, "only the call line");
        assert_eq!(lead[0].what, "test");
        assert!(lead_copy(&list).is_none(), "a list with no call line");
        assert!(
            lead_copy(&[call, first, later]).is_none(),
            "two signs are never parted, so their call line is never repeated"
        );
    }

    #[test]
    fn a_box_that_fits_stays_whole_and_a_tall_one_is_cut_between_blocks() {
        let rows = || {
            vec![
                row(20.0, 0.0, false),
                row(20.0, 0.0, true),
                row(20.0, 10.0, false),
                row(20.0, 0.0, false),
                row(20.0, 0.0, true),
            ]
        };
        assert_eq!(split_to_fit(rows(), 200.0).len(), 1);
        let groups = split_to_fit(rows(), 80.0);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2, 3], "cut where the second block starts");
        let groups = split_to_fit(rows(), 45.0);
        assert!(groups
            .iter()
            .all(|g| g.iter().map(|r| r.height_pt).sum::<f32>() <= 45.0 || g.len() == 1));
    }
}
