//! Shaping with the real font (advances plus GPOS kerning, via rustybuzz), cached per piece of
//! text so that a batch of thousands of handouts shapes each common word once.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::fonts::{FontId, Fonts};

/// One glyph, with lengths in ems (multiply by the font size for points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    pub glyph_id: u16,
    pub x_advance_em: f32,
    pub x_offset_em: f32,
    pub y_offset_em: f32,
    /// Byte range of the piece's text this glyph stands for.
    pub text_start: u32,
    pub text_end: u32,
}

/// A piece of text in one font, shaped.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedPiece {
    pub font: FontId,
    pub text: Box<str>,
    pub glyphs: Vec<ShapedGlyph>,
    pub width_em: f32,
}

/// One map per font, keyed by the text, so a lookup needs no allocation.
type Cache = [HashMap<Box<str>, Arc<ShapedPiece>>; 4];
type Plans = HashMap<(FontId, Option<rustybuzz::Script>), Arc<rustybuzz::ShapePlan>>;

/// Shapes text and remembers the result. Safe to share between threads.
pub struct Shaper {
    fonts: Arc<Fonts>,
    cache: RwLock<Cache>,
    /// Shape plans are slow to build, so each font and script gets one, made on first use.
    plans: RwLock<Plans>,
}

impl std::fmt::Debug for Shaper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shaper").finish_non_exhaustive()
    }
}

/// Beyond this many cached pieces the cache stops growing, so memory stays flat in long batches.
const CACHE_LIMIT: usize = 200_000;

impl Shaper {
    pub fn new(fonts: Arc<Fonts>) -> Shaper {
        Shaper {
            fonts,
            cache: RwLock::new(Default::default()),
            plans: RwLock::new(HashMap::new()),
        }
    }

    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Shapes `text` in `font`, from the cache when it has been shaped before.
    pub fn shape(&self, font: FontId, text: &str) -> Arc<ShapedPiece> {
        if let Ok(cache) = self.cache.read() {
            if let Some(hit) = cache[font.index()].get(text) {
                return hit.clone();
            }
        }
        let piece = Arc::new(self.shape_uncached(font, text));
        if let Ok(mut cache) = self.cache.write() {
            let map = &mut cache[font.index()];
            if map.len() < CACHE_LIMIT {
                map.insert(Box::from(text), piece.clone());
            }
        }
        piece
    }

    /// Shapes `text` without remembering it: for a patient's own words (see
    /// [`crate::document::InlineStyle::private`]).
    pub fn shape_once(&self, font: FontId, text: &str) -> Arc<ShapedPiece> {
        Arc::new(self.shape_uncached(font, text))
    }

    /// Whether a remembered piece holds `text` (for tests and audits).
    pub fn remembers(&self, text: &str) -> bool {
        self.cache
            .read()
            .is_ok_and(|c| c.iter().any(|m| m.keys().any(|k| k.contains(text))))
    }

    fn plan(&self, font: FontId, script: rustybuzz::Script) -> Arc<rustybuzz::ShapePlan> {
        let key = (font, Some(script));
        if let Some(plan) = self.plans.read().ok().and_then(|p| p.get(&key).cloned()) {
            return plan;
        }
        let face = self.fonts.face(font);
        let plan = Arc::new(rustybuzz::ShapePlan::new(
            face,
            rustybuzz::Direction::LeftToRight,
            Some(script),
            None,
            &[],
        ));
        if let Ok(mut plans) = self.plans.write() {
            plans.insert(key, plan.clone());
        }
        plan
    }

    fn shape_uncached(&self, font: FontId, text: &str) -> ShapedPiece {
        let face = self.fonts.face(font);
        let upem = self.fonts.units_per_em(font);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.guess_segment_properties();
        let plan = self.plan(font, buffer.script());
        let output = rustybuzz::shape_with_plan(face, &plan, buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width_em = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster;
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster)
                .find(|c| *c > start)
                .unwrap_or(text.len() as u32);
            let advance = pos.x_advance as f32 / upem;
            width_em += advance;
            glyphs.push(ShapedGlyph {
                glyph_id: info.glyph_id as u16,
                x_advance_em: advance,
                x_offset_em: pos.x_offset as f32 / upem,
                y_offset_em: pos.y_offset as f32 / upem,
                text_start: start,
                text_end: end,
            });
        }
        ShapedPiece {
            font,
            text: Box::from(text),
            glyphs,
            width_em,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaper() -> Shaper {
        Shaper::new(Arc::new(Fonts::load()))
    }

    #[test]
    fn kerning_narrows_av() {
        let s = shaper();
        let av = s.shape(FontId::AtkinsonRegular, "AV").width_em;
        let a = s.shape(FontId::AtkinsonRegular, "A").width_em;
        let v = s.shape(FontId::AtkinsonRegular, "V").width_em;
        assert!(av < a + v - 0.01, "AV {av} vs A+V {}", a + v);
    }

    #[test]
    fn bold_is_wider_and_clusters_cover_the_text() {
        let s = shaper();
        let r = s.shape(FontId::AtkinsonRegular, "Calcium");
        let b = s.shape(FontId::AtkinsonBold, "Calcium");
        assert!(b.width_em > r.width_em);
        assert_eq!(r.glyphs.first().map(|g| g.text_start), Some(0));
        assert_eq!(r.glyphs.last().map(|g| g.text_end), Some(7));
    }

    #[test]
    fn cache_returns_the_same_piece() {
        let s = shaper();
        let a = s.shape(FontId::AtkinsonRegular, "bone");
        let b = s.shape(FontId::AtkinsonRegular, "bone");
        assert!(Arc::ptr_eq(&a, &b));
    }
}
