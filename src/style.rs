//! The large-print house style (../shared/design/house-style.md) in points: defaults, the floors
//! a definition may not go below, and every length made from a few checked choices (the
//! definition's `[style]` is checked against the floors in `definition/style_check.rs`).

pub const PT_PER_IN: f32 = 72.0;
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Body text floor: large print is 18 pt or more (APH; ACB; UKAAF).
pub const BODY_FLOOR_PT: f32 = 18.0;
/// Everything else (footers, captions, table cells): 16 pt or more.
pub const SMALL_FLOOR_PT: f32 = 16.0;
/// Largest body size we lay out; beyond it headings and tables stop fitting a page.
pub const BODY_MAX_PT: f32 = 32.0;
/// Even with `allow_small_print`, text never goes below this.
pub const ABSOLUTE_MIN_PT: f32 = 8.0;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const BLACK: Rgb = Rgb(0, 0, 0);
/// The one accent colour: dark blue for headings and rules (12.6:1 on white).
pub const ACCENT: Rgb = Rgb(0x00, 0x33, 0x66);
/// Footer text: dark grey (12.6:1 on white).
pub const FOOTER_GREY: Rgb = Rgb(0x33, 0x33, 0x33);
/// Emergency callout: a pale red tint behind black text (over 17:1), dark red edge.
pub const URGENT_TINT: Rgb = Rgb(0xFD, 0xEC, 0xEA);
pub const URGENT_EDGE: Rgb = Rgb(0x9B, 0x1C, 0x1C);
/// Information callout: a pale blue tint behind black text.
pub const INFO_TINT: Rgb = Rgb(0xE8, 0xF0, 0xF8);
/// Table header row tint and row rules.
pub const TABLE_HEAD_TINT: Rgb = Rgb(0xE8, 0xF0, 0xF8);
pub const RULE_GREY: Rgb = Rgb(0x66, 0x66, 0x66);

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Letter,
    A4,
}

/// The checked choices every other length follows from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub paper: Paper,
    pub booklet: bool,
    pub body_pt: f32,
    /// The smallest text (footers, captions, table cells).
    pub small_pt: f32,
    /// Write PDF/A-2a as well as PDF/UA-1.
    pub pdf_a: bool,
    pub creep_pt: f32,
}

/// Every length and size the layout engine uses, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub paper: Paper,
    pub booklet: bool,
    pub page_width_pt: f32,
    pub page_height_pt: f32,
    pub margin_left_pt: f32,
    pub margin_right_pt: f32,
    pub margin_top_pt: f32,
    pub margin_bottom_pt: f32,
    /// Distance from the page's bottom edge to the footer's lowest glyph.
    pub footer_bottom_pt: f32,
    pub body_pt: f32,
    pub small_pt: f32,
    pub title_pt: f32,
    pub subtitle_pt: f32,
    pub h2_pt: f32,
    pub h3_pt: f32,
    /// Baseline-to-baseline distance as a multiple of the font size.
    pub leading: f32,
    pub paragraph_gap_pt: f32,
    pub pdf_a: bool,
    pub creep_pt: f32,
}

impl Style {
    /// The house style as it stands, with no overrides.
    pub fn house(booklet: bool) -> Style {
        Style::sized(Sizes {
            paper: Paper::Letter,
            booklet,
            body_pt: BODY_FLOOR_PT,
            small_pt: SMALL_FLOOR_PT,
            pdf_a: true,
            creep_pt: 0.0,
        })
    }

    /// This style with its pages a booklet's (`--booklet` on a definition that is not one).
    pub fn with_booklet(&self, booklet: bool) -> Style {
        Style::sized(Sizes {
            paper: self.paper,
            booklet,
            body_pt: self.body_pt,
            small_pt: self.small_pt,
            pdf_a: self.pdf_a,
            creep_pt: self.creep_pt,
        })
    }

    /// Every length from the few checked choices.
    pub fn sized(s: Sizes) -> Style {
        let Sizes {
            paper,
            booklet,
            body_pt,
            small_pt,
            pdf_a,
            creep_pt,
        } = s;
        let (page_width_pt, page_height_pt) = match (paper, booklet) {
            (Paper::Letter, false) => (8.5 * PT_PER_IN, 11.0 * PT_PER_IN),
            (Paper::A4, false) => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
            (Paper::Letter, true) => (5.5 * PT_PER_IN, 8.5 * PT_PER_IN),
            (Paper::A4, true) => (148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
        };
        // booklet pages use the body-text floor for margins (0.75 in), full pages the default (1 in)
        let margin = if booklet { 0.75 * PT_PER_IN } else { PT_PER_IN };
        let scale = body_pt / BODY_FLOOR_PT;
        Style {
            paper,
            booklet,
            page_width_pt,
            page_height_pt,
            margin_left_pt: margin,
            margin_right_pt: margin,
            margin_top_pt: margin,
            margin_bottom_pt: margin + 6.0,
            footer_bottom_pt: 0.5 * PT_PER_IN + 4.0,
            body_pt,
            small_pt,
            title_pt: if booklet { 26.0 * scale } else { 28.0 * scale },
            subtitle_pt: 20.0 * scale,
            h2_pt: 22.0 * scale,
            h3_pt: 20.0 * scale,
            leading: 1.3,
            paragraph_gap_pt: 0.75 * body_pt,
            pdf_a,
            creep_pt,
        }
    }

    pub fn text_width_pt(&self) -> f32 {
        self.page_width_pt - self.margin_left_pt - self.margin_right_pt
    }

    pub fn body_bottom_pt(&self) -> f32 {
        self.page_height_pt - self.margin_bottom_pt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booklet_is_half_the_paper_with_narrower_margins() {
        let page = Style::house(false);
        let booklet = page.with_booklet(true);
        assert_eq!((page.page_width_pt, page.page_height_pt), (612.0, 792.0));
        assert_eq!(
            (booklet.page_width_pt, booklet.page_height_pt),
            (396.0, 612.0)
        );
        assert_eq!(booklet.margin_left_pt, 54.0);
        assert_eq!(booklet.with_booklet(false), page);
    }
}
