//! The large-print house style (../shared/design/house-style.md) in points: defaults, the floors
//! a definition may not go below, and the checks that refuse a definition asking for less.

use crate::definition::{DefinitionError, SourceMap, StyleSpec};

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
struct Sizes {
    paper: Paper,
    booklet: bool,
    body_pt: f32,
    small_pt: f32,
    pdf_a: bool,
    creep_pt: f32,
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
    /// The house style with the definition's overrides (`spec`, placed by `map`), or an error
    /// where one breaks a floor. Returns warnings (for `allow_small_print`) beside the style.
    pub fn from_spec(
        spec: &StyleSpec,
        map: &SourceMap,
        force_booklet: bool,
    ) -> Result<(Style, Vec<String>), DefinitionError> {
        let mut warnings = Vec::new();
        let paper = match spec
            .page
            .as_ref()
            .map(|p| (p.get_ref().to_lowercase(), p.span()))
        {
            None => Paper::Letter,
            Some((p, _)) if p == "letter" => Paper::Letter,
            Some((p, _)) if p == "a4" => Paper::A4,
            Some((p, span)) => {
                return Err(map.error_at(
                    Some(span),
                    format!("unknown page size `{p}`"),
                    Some("use page = \"letter\" or page = \"a4\"".into()),
                ))
            }
        };
        let body_pt = match &spec.body_size {
            None => BODY_FLOOR_PT,
            Some(size) => {
                let v = *size.get_ref();
                if !(ABSOLUTE_MIN_PT..=BODY_MAX_PT).contains(&v) || !v.is_finite() {
                    return Err(map.error_at(
                        Some(size.span()),
                        format!("body_size = {v} is outside {ABSOLUTE_MIN_PT}–{BODY_MAX_PT} points"),
                        Some(format!("large print is {BODY_FLOOR_PT} points or more; remove body_size for the default")),
                    ));
                }
                if v < BODY_FLOOR_PT {
                    if !spec.allow_small_print {
                        return Err(map.error_at(
                            Some(size.span()),
                            format!("body_size = {v} is below the large-print floor of {BODY_FLOOR_PT} points"),
                            Some(format!(
                                "use body_size = {BODY_FLOOR_PT} or more, or add allow_small_print = true under [style] if this handout is not for low-vision readers"
                            )),
                        ));
                    }
                    warnings.push(format!(
                        "{}: body text is {v} pt, below the large-print floor of {BODY_FLOOR_PT} pt (allow_small_print = true)",
                        map.path().display()
                    ));
                }
                v
            }
        };
        let small_floor = if spec.allow_small_print {
            body_pt.min(SMALL_FLOOR_PT)
        } else {
            SMALL_FLOOR_PT
        };
        let creep_pt = match &spec.creep_mm {
            None => 0.0,
            Some(c) if (0.0..=5.0).contains(c.get_ref()) => c.get_ref() * PT_PER_MM,
            Some(c) => {
                return Err(map.error_at(
                    Some(c.span()),
                    format!("creep_mm = {} is outside 0–5 mm", c.get_ref()),
                    Some("typical creep for a booklet of a few sheets is 0.1 to 1 mm".into()),
                ))
            }
        };
        let style = Style::sized(Sizes {
            paper,
            booklet: spec.booklet || force_booklet,
            body_pt,
            small_pt: small_floor.max(SMALL_FLOOR_PT.min(body_pt)),
            pdf_a: spec.pdf_a.unwrap_or(true),
            creep_pt,
        });
        Ok((style, warnings))
    }

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
    fn sized(s: Sizes) -> Style {
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
    use std::path::Path;

    fn style(extra: &str) -> Result<(Style, Vec<String>), DefinitionError> {
        let text = format!("title = \"T\"\n[style]\n{extra}\n[[section]]\nuse = \"x\"\n");
        let def = crate::definition::Definition::parse(Path::new("d.toml"), &text)?;
        Style::from_spec(&def.style, &SourceMap::new(&def.path, &def.source), false)
    }

    #[test]
    fn defaults_are_the_house_style() {
        let (s, w) = style("").unwrap();
        assert_eq!(s.body_pt, 18.0);
        assert_eq!(s.page_width_pt, 612.0);
        assert_eq!(s.margin_left_pt, 72.0);
        assert!(w.is_empty());
    }

    #[test]
    fn small_body_is_refused_with_position_and_help() {
        let e = style("body_size = 10").unwrap_err();
        assert_eq!(e.position, Some((3, 13)));
        assert!(e.message.contains("below the large-print floor"));
        assert!(e.help.unwrap().contains("allow_small_print"));
    }

    #[test]
    fn small_body_is_allowed_with_a_warning_when_asked() {
        let (s, w) = style("body_size = 14\nallow_small_print = true").unwrap();
        assert_eq!(s.body_pt, 14.0);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn booklet_is_half_letter() {
        let (s, _) = style("booklet = true").unwrap();
        assert_eq!((s.page_width_pt, s.page_height_pt), (396.0, 612.0));
        assert_eq!(s.body_pt, 18.0);
    }

    #[test]
    fn the_house_style_and_a_forced_booklet_match_the_checked_ones() {
        assert_eq!(style("").unwrap().0, Style::house(false));
        let (booklet, _) = style("booklet = true\nbody_size = 20").unwrap();
        let (page, _) = style("body_size = 20").unwrap();
        assert_eq!(page.with_booklet(true), booklet);
        assert_eq!(booklet.with_booklet(false), page);
    }

    #[test]
    fn unknown_page_size_is_refused() {
        assert!(style("page = \"legal\"").is_err());
    }
}
