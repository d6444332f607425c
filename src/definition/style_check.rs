//! The definition's `[style]` checked against the large-print floors of the house style
//! (../shared/design/house-style.md): a size or margin that asks for less is refused with its
//! line and column, or, with `allow_small_print = true`, kept with a warning.

use super::{DefinitionError, SourceMap, StyleSpec};
use crate::style::{
    Paper, Sizes, Style, ABSOLUTE_MIN_PT, BODY_FLOOR_PT, BODY_MAX_PT, PT_PER_MM, SMALL_FLOOR_PT,
};

impl StyleSpec {
    /// The house style with these overrides (placed by `map`), or an error where one breaks a
    /// floor. Returns warnings (for `allow_small_print`) beside the style.
    pub fn check(
        &self,
        map: &SourceMap,
        force_booklet: bool,
    ) -> Result<(Style, Vec<String>), DefinitionError> {
        let spec = self;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::Definition;
    use std::path::Path;

    fn style(extra: &str) -> Result<(Style, Vec<String>), DefinitionError> {
        let text = format!("title = \"T\"\n[style]\n{extra}\n[[section]]\nuse = \"x\"\n");
        let def = Definition::parse(Path::new("d.toml"), &text)?;
        def.style.check(&def.source_map(), false)
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
