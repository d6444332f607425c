//! Total-fit line breaking for ragged-right text: break opportunities come from Unicode's line
//! breaking rules (UAX #14), grapheme clusters are never split, and a dynamic program chooses the
//! breaks of the whole paragraph at once (as Knuth and Plass do) so that lines come out even
//! instead of greedy-long-then-short.

use std::sync::Arc;

use unicode_linebreak::BreakOpportunity;
use unicode_segmentation::UnicodeSegmentation;

use super::fonts::{is_invisible, FontId};
use super::shape::{ShapedPiece, Shaper};
use crate::document::{InlineStyle, StyledText};

/// Cost of a non-final line grows with the square of its unused width, measured in ems: a line
/// 3 em short costs 9, one 6 em short 36. Squares spread the slack over all lines.
const SLACK_WEIGHT: f32 = 1.0;
/// Every line costs this much, so the breaker does not add lines to shave a little raggedness
/// (one extra line is worth about 4 em of unevenness spread over the paragraph).
const LINE_COST: f32 = 16.0;
/// A last line holding a single short word (under a sixth of the measure) looks like a stray;
/// this makes the breaker bring a second word down when the other lines allow.
const RUNT_COST: f32 = 60.0;
/// Breaking after the hyphen of a compound ("bone-building") splits a word across lines, which
/// large-print guidance asks us to avoid; allowed only when it saves a very ragged line.
const HYPHEN_BREAK_COST: f32 = 150.0;
/// Breaking inside a word that is wider than the whole line (a long web address, say) is a last
/// resort; this keeps such breaks to the fewest needed.
const EMERGENCY_BREAK_COST: f32 = 10_000.0;

/// A shaped piece placed on a line, `x_pt` from the line's start.
#[derive(Debug, Clone)]
pub struct PlacedPiece {
    pub x_pt: f32,
    pub piece: Arc<ShapedPiece>,
    /// Which of the paragraph's spans the piece's text comes from (so a link's words can be
    /// found on the lines they were set on).
    pub span: usize,
}

/// One output line.
#[derive(Debug, Clone)]
pub struct BrokenLine {
    pub pieces: Vec<PlacedPiece>,
    pub width_pt: f32,
    /// The space that ends a line at a soft break (or a hard one), drawn after the last piece so
    /// the text a screen reader or a copy gets keeps the word boundary; it has no ink. None on a
    /// paragraph's last line and where a line ends in a hyphen or inside an overlong word.
    pub end_space: Option<PlacedPiece>,
}

/// Text the embedded fonts cannot show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnshowableText {
    pub character: char,
    pub context: String,
}

impl std::fmt::Display for UnshowableText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the character '{}' (U+{:04X}) in \"{}\" is not in the handout's fonts (Atkinson Hyperlegible Next, Noto Sans); write it another way",
            self.character, self.character as u32, self.context
        )
    }
}

/// A stretch of text between two break opportunities.
#[derive(Debug, Clone)]
struct Segment {
    /// The shaped pieces, each with the index of the span its text comes from.
    pieces: Vec<(Arc<ShapedPiece>, usize)>,
    /// Width of the pieces that are not trailing white space.
    content_pt: f32,
    /// Width of the trailing white space, dropped when a line ends here.
    trailing_pt: f32,
    /// Trailing white space pieces (the last `trailing_pieces` of `pieces`).
    trailing_pieces: usize,
    mandatory_after: bool,
    emergency_after: bool,
    /// The segment ends in a hyphen (a break here splits a compound word).
    hyphen_after: bool,
    /// The white space that ends the segment, as one shaped space (kept for the tagged text
    /// when a line ends here).
    space_after: Option<(Arc<ShapedPiece>, usize)>,
}

impl Segment {
    fn total_pt(&self) -> f32 {
        self.content_pt + self.trailing_pt
    }
}

/// Breaks a paragraph into lines no wider than `width_pt` (a word wider than the line is itself
/// broken between grapheme clusters), choosing breaks that keep the right edge even. Nothing is
/// remembered: a [`super::Breaker`] remembers paragraphs it has broken.
pub fn break_paragraph(
    shaper: &Shaper,
    spans: &[StyledText],
    size_pt: f32,
    width_pt: f32,
) -> Result<Vec<BrokenLine>, UnshowableText> {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(spans.len());
    for span in spans {
        let start = text.len();
        text.push_str(&span.text);
        bounds.push((start, text.len(), span.style));
    }
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut segments = Vec::new();
    let mut start = 0;
    for (end, opportunity) in unicode_linebreak::linebreaks(&text) {
        let mandatory = opportunity == BreakOpportunity::Mandatory && end < text.len();
        let seg = build_segment(shaper, &text, &bounds, start..end, size_pt, mandatory)?;
        if seg.content_pt > width_pt {
            segments.extend(split_overlong(
                shaper,
                &text,
                &bounds,
                start..end,
                size_pt,
                width_pt,
                mandatory,
            )?);
        } else {
            segments.push(seg);
        }
        start = end;
    }
    let breaks = choose_breaks(&segments, size_pt, width_pt);
    Ok(assemble(&segments, &breaks, size_pt))
}

/// Shapes the text in `range` into pieces of one style and one font each.
fn build_segment(
    shaper: &Shaper,
    text: &str,
    bounds: &[(usize, usize, InlineStyle)],
    range: std::ops::Range<usize>,
    size_pt: f32,
    mandatory_after: bool,
) -> Result<Segment, UnshowableText> {
    let slice = &text[range.clone()];
    let content_len = slice.trim_end().len();
    let content_end = range.start + content_len;
    let mut pieces = Vec::new();
    let mut content_pt = 0.0;
    for (span, &(s, e, style)) in bounds.iter().enumerate() {
        let (a, b) = (s.max(range.start), e.min(content_end));
        if a >= b {
            continue;
        }
        for piece in shape_runs(shaper, &text[a..b], style)? {
            content_pt += piece.width_em * size_pt;
            pieces.push((piece, span));
        }
    }
    let mut trailing_pt = 0.0;
    let mut trailing_pieces = 0;
    let trailing: String = slice[content_len..]
        .chars()
        .filter(|c| *c == ' ' || *c == '\u{A0}')
        .collect();
    let (span, style) = bounds
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (s, _, _))| *s < range.end)
        .map(|(i, b)| (i, b.2))
        .unwrap_or_default();
    if !trailing.is_empty() {
        let piece = shaper.shape(FontId::primary(style.bold), &trailing);
        trailing_pt = piece.width_em * size_pt;
        trailing_pieces = 1;
        pieces.push((piece, span));
    }
    let space_after =
        (content_len < slice.len()).then(|| (shaper.shape(FontId::primary(style.bold), " "), span));
    Ok(Segment {
        pieces,
        content_pt,
        trailing_pt,
        trailing_pieces,
        mandatory_after,
        emergency_after: false,
        hyphen_after: slice.ends_with(['-', '\u{2010}']),
        space_after,
    })
}

/// Splits text of one style into runs that one font can show, and shapes each.
fn shape_runs(
    shaper: &Shaper,
    text: &str,
    style: InlineStyle,
) -> Result<Vec<Arc<ShapedPiece>>, UnshowableText> {
    let primary = FontId::primary(style.bold);
    let fonts = shaper.fonts();
    // a patient's own words are shaped for this build only, never remembered
    let shape = |f: FontId, t: &str| match style.private {
        true => shaper.shape_once(f, t),
        false => shaper.shape(f, t),
    };
    let mut out = Vec::new();
    let mut run_start = 0;
    let mut run_font: Option<FontId> = None;
    for (i, cluster) in text.grapheme_indices(true) {
        let font = if cluster.chars().all(is_invisible) {
            run_font.unwrap_or(primary)
        } else {
            fonts
                .font_for(primary, cluster)
                .ok_or_else(|| UnshowableText {
                    character: cluster.chars().find(|c| !is_invisible(*c)).unwrap_or(' '),
                    context: text.to_string(),
                })?
        };
        match run_font {
            Some(f) if f == font => {}
            Some(f) => {
                out.push(shape(f, &text[run_start..i]));
                run_start = i;
                run_font = Some(font);
            }
            None => run_font = Some(font),
        }
    }
    if let Some(f) = run_font {
        out.push(shape(f, &text[run_start..]));
    }
    Ok(out)
}

/// Breaks a word wider than the line between grapheme clusters, filling each line greedily.
fn split_overlong(
    shaper: &Shaper,
    text: &str,
    bounds: &[(usize, usize, InlineStyle)],
    range: std::ops::Range<usize>,
    size_pt: f32,
    width_pt: f32,
    mandatory_after: bool,
) -> Result<Vec<Segment>, UnshowableText> {
    let mut out: Vec<Segment> = Vec::new();
    let mut part_start = range.start;
    let mut last_fit = range.start;
    let clusters: Vec<usize> = text[range.clone()]
        .grapheme_indices(true)
        .map(|(i, _)| range.start + i)
        .skip(1)
        .chain(std::iter::once(range.end))
        .collect();
    for end in clusters {
        let seg = build_segment(shaper, text, bounds, part_start..end, size_pt, false)?;
        if seg.content_pt > width_pt && last_fit > part_start {
            let mut fitted =
                build_segment(shaper, text, bounds, part_start..last_fit, size_pt, false)?;
            fitted.emergency_after = true;
            out.push(fitted);
            part_start = last_fit;
        }
        last_fit = end;
    }
    let mut tail = build_segment(
        shaper,
        text,
        bounds,
        part_start..range.end,
        size_pt,
        mandatory_after,
    )?;
    tail.emergency_after = false;
    out.push(tail);
    Ok(out)
}

/// The dynamic program: `best[j]` is the least cost of setting segments `0..j` with a break
/// after segment `j - 1`. Returns the indices where lines end (exclusive).
fn choose_breaks(segments: &[Segment], size_pt: f32, width_pt: f32) -> Vec<usize> {
    let n = segments.len();
    let mut prefix = vec![0.0f32; n + 1];
    for (i, s) in segments.iter().enumerate() {
        prefix[i + 1] = prefix[i] + s.total_pt();
    }
    let mut best = vec![f32::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for j in 1..=n {
        let last = &segments[j - 1];
        let is_final = j == n || last.mandatory_after;
        for i in (0..j).rev() {
            if !best[i].is_finite() {
                if i + 1 < j && segments[i].mandatory_after {
                    break;
                }
                continue;
            }
            // a line cannot run across a mandatory break
            if i < j - 1 && segments[j - 2].mandatory_after {
                break;
            }
            let width = prefix[j] - prefix[i] - last.trailing_pt;
            if width > width_pt + 0.01 && j - i > 1 {
                break;
            }
            let slack_em = ((width_pt - width) / size_pt).max(0.0);
            let mut cost = LINE_COST;
            if is_final {
                if j - i == 1 && i > 0 && width < width_pt / 6.0 {
                    cost += RUNT_COST;
                }
            } else {
                cost += SLACK_WEIGHT * slack_em * slack_em;
            }
            if last.emergency_after {
                cost += EMERGENCY_BREAK_COST;
            }
            if last.hyphen_after && !is_final {
                cost += HYPHEN_BREAK_COST;
            }
            let total = best[i] + cost;
            if total < best[j] {
                best[j] = total;
                from[j] = i;
            }
            if i > 0 && segments[i - 1].mandatory_after {
                break;
            }
        }
    }
    let mut ends = Vec::new();
    let mut j = n;
    while j > 0 {
        ends.push(j);
        j = from[j];
    }
    ends.reverse();
    ends
}

fn assemble(segments: &[Segment], ends: &[usize], size_pt: f32) -> Vec<BrokenLine> {
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        let mut pieces = Vec::new();
        let mut x = 0.0;
        for (k, seg) in segments[start..end].iter().enumerate() {
            let is_last = start + k + 1 == end;
            let keep = if is_last {
                seg.pieces.len() - seg.trailing_pieces
            } else {
                seg.pieces.len()
            };
            for (piece, span) in &seg.pieces[..keep] {
                pieces.push(PlacedPiece {
                    x_pt: x,
                    piece: piece.clone(),
                    span: *span,
                });
                x += piece.width_em * size_pt;
            }
        }
        let is_last_line = end == segments.len();
        let end_space = segments[end - 1]
            .space_after
            .clone()
            .filter(|_| !is_last_line)
            .map(|(piece, span)| PlacedPiece {
                x_pt: x,
                piece,
                span,
            });
        lines.push(BrokenLine {
            pieces,
            width_pt: x,
            end_space,
        });
        start = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Fonts;

    fn shaper() -> Shaper {
        Shaper::new(Arc::new(Fonts::load()))
    }

    fn plain(text: &str) -> Vec<StyledText> {
        vec![StyledText::new(text, InlineStyle::default())]
    }

    fn line_texts(lines: &[BrokenLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.pieces
                    .iter()
                    .map(|p| p.piece.text.as_ref())
                    .collect::<String>()
            })
            .collect()
    }

    const TEXT: &str = "Cancer that starts in one part of the body can spread to the bones. \
        This is called bone metastasis. It is not the same as cancer that starts in the bone. \
        Your care team can help you manage pain and keep your bones as strong as they can be.";

    #[test]
    fn every_line_fits_and_no_text_is_lost() {
        let s = shaper();
        for width in [120.0, 200.0, 300.0, 468.0] {
            let lines = break_paragraph(&s, &plain(TEXT), 18.0, width).unwrap();
            for l in &lines {
                assert!(
                    l.width_pt <= width + 0.01,
                    "line {} wider than {width}",
                    l.width_pt
                );
            }
            let joined = line_texts(&lines).join(" ");
            let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(&joined), squash(TEXT));
        }
    }

    #[test]
    fn total_fit_is_more_even_than_greedy() {
        let s = shaper();
        let width = 300.0;
        let lines = break_paragraph(&s, &plain(TEXT), 18.0, width).unwrap();
        let spread = |ws: &[f32]| {
            let body = &ws[..ws.len() - 1];
            body.iter().map(|w| (width - w).powi(2)).sum::<f32>()
        };
        let ours: Vec<f32> = lines.iter().map(|l| l.width_pt).collect();
        // greedy: fill each line as far as it goes
        let words: Vec<&str> = TEXT.split(' ').collect();
        let mut greedy = Vec::new();
        let mut cur = String::new();
        for w in words {
            let trial = if cur.is_empty() {
                w.to_string()
            } else {
                format!("{cur} {w}")
            };
            let wpt = s.shape(FontId::AtkinsonRegular, &trial).width_em * 18.0;
            if wpt > width && !cur.is_empty() {
                greedy.push(s.shape(FontId::AtkinsonRegular, &cur).width_em * 18.0);
                cur = w.to_string();
            } else {
                cur = trial;
            }
        }
        greedy.push(0.0);
        assert!(ours.len() <= greedy.len());
        assert!(
            spread(&ours) <= spread(&greedy) + 1.0,
            "ours {ours:?} greedy {greedy:?}"
        );
    }

    #[test]
    fn overlong_word_is_broken_and_fits() {
        let s = shaper();
        let word = "https://www.example.org/a-very-long-address-without-any-spaces-in-it";
        let lines = break_paragraph(&s, &plain(word), 18.0, 150.0).unwrap();
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.width_pt <= 150.01));
        assert_eq!(line_texts(&lines).concat(), word);
    }

    #[test]
    fn mandatory_break_is_kept() {
        let s = shaper();
        let lines = break_paragraph(&s, &plain("First line\nSecond line"), 18.0, 468.0).unwrap();
        assert_eq!(line_texts(&lines), vec!["First line", "Second line"]);
    }

    #[test]
    fn bold_and_fallback_make_separate_pieces() {
        let s = shaper();
        let spans = vec![
            StyledText::new("Call ", InlineStyle::default()),
            StyledText::new(
                "Nguyễn",
                InlineStyle {
                    bold: true,
                    private: false,
                },
            ),
        ];
        let lines = break_paragraph(&s, &spans, 18.0, 468.0).unwrap();
        let fonts: Vec<FontId> = lines[0].pieces.iter().map(|p| p.piece.font).collect();
        assert!(fonts.contains(&FontId::AtkinsonRegular));
        assert!(fonts.contains(&FontId::AtkinsonBold));
        assert!(fonts.contains(&FontId::NotoBold));
    }

    #[test]
    fn unshowable_character_is_an_error() {
        let s = shaper();
        let err = break_paragraph(&s, &plain("Hello 😀"), 18.0, 468.0).unwrap_err();
        assert_eq!(err.character, '😀');
    }
}
