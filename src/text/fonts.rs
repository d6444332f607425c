//! The embedded fonts (Atkinson Hyperlegible Next, Noto Sans fallback) and the choice of font for
//! each character, so that a name in Vietnamese or Greek still prints instead of showing boxes.

use rustybuzz::Face;

/// Which embedded font a run of glyphs uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    AtkinsonRegular,
    AtkinsonBold,
    NotoRegular,
    NotoBold,
}

impl FontId {
    pub const ALL: [FontId; 4] = [
        FontId::AtkinsonRegular,
        FontId::AtkinsonBold,
        FontId::NotoRegular,
        FontId::NotoBold,
    ];

    /// The font file's bytes, compiled into the binary.
    pub fn data(self) -> &'static [u8] {
        match self {
            FontId::AtkinsonRegular => {
                include_bytes!("../../fonts/AtkinsonHyperlegibleNext_400Regular.ttf")
            }
            FontId::AtkinsonBold => {
                include_bytes!("../../fonts/AtkinsonHyperlegibleNext_700Bold.ttf")
            }
            FontId::NotoRegular => include_bytes!("../../fonts/NotoSans-Regular.ttf"),
            FontId::NotoBold => include_bytes!("../../fonts/NotoSans-Bold.ttf"),
        }
    }

    /// Position in [`FontId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The fallback font of the same weight.
    fn fallback(self) -> FontId {
        match self {
            FontId::AtkinsonRegular | FontId::NotoRegular => FontId::NotoRegular,
            FontId::AtkinsonBold | FontId::NotoBold => FontId::NotoBold,
        }
    }

    /// Whether the face is a bold one.
    pub fn is_bold(self) -> bool {
        matches!(self, FontId::AtkinsonBold | FontId::NotoBold)
    }

    /// The primary face for a weight.
    pub fn primary(bold: bool) -> FontId {
        if bold {
            FontId::AtkinsonBold
        } else {
            FontId::AtkinsonRegular
        }
    }
}

/// Vertical metrics of a font, as fractions of the font size.
#[derive(Debug, Clone, Copy)]
pub struct VMetrics {
    pub ascender_em: f32,
    pub descender_em: f32,
}

/// The parsed faces of every embedded font. Parsing is cheap (no copying), so each process
/// makes one `Fonts` and shares it.
pub struct Fonts {
    faces: Vec<Face<'static>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

impl Fonts {
    /// Parses the embedded fonts. They are part of the binary, so failure is a build defect.
    pub fn load() -> Fonts {
        let faces = FontId::ALL
            .iter()
            .map(|id| Face::from_slice(id.data(), 0).expect("embedded font parses"))
            .collect();
        Fonts { faces }
    }

    pub fn face(&self, id: FontId) -> &Face<'static> {
        &self.faces[id.index()]
    }

    pub fn units_per_em(&self, id: FontId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    pub fn vmetrics(&self, id: FontId) -> VMetrics {
        let face = self.face(id);
        let upem = face.units_per_em() as f32;
        VMetrics {
            ascender_em: face.ascender() as f32 / upem,
            descender_em: -(face.descender() as f32) / upem,
        }
    }

    /// Whether a font has a glyph for every character of a grapheme cluster.
    pub fn covers(&self, id: FontId, cluster: &str) -> bool {
        // every embedded font has all of printable ASCII (checked by a test)
        if cluster.bytes().all(|b| (0x20..0x7F).contains(&b)) {
            return true;
        }
        let face = self.face(id);
        cluster
            .chars()
            .filter(|c| !is_invisible(*c))
            .all(|c| face.glyph_index(c).is_some())
    }

    /// The font for one grapheme cluster: the primary face if it has the glyphs, else Noto Sans.
    /// `None` when no embedded font can show it.
    pub fn font_for(&self, primary: FontId, cluster: &str) -> Option<FontId> {
        if self.covers(primary, cluster) {
            Some(primary)
        } else if self.covers(primary.fallback(), cluster) {
            Some(primary.fallback())
        } else {
            None
        }
    }
}

/// Characters that need no glyph of their own (joiners, variation selectors, breaking hints).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' | '\u{00AD}' | '\u{2060}')
        || c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_uses_atkinson_and_vietnamese_falls_back_to_noto() {
        let fonts = Fonts::load();
        assert_eq!(
            fonts.font_for(FontId::AtkinsonRegular, "é"),
            Some(FontId::AtkinsonRegular)
        );
        assert_eq!(
            fonts.font_for(FontId::AtkinsonRegular, "ệ"),
            Some(FontId::NotoRegular)
        );
        assert_eq!(
            fonts.font_for(FontId::AtkinsonBold, "Ж"),
            Some(FontId::NotoBold)
        );
        assert_eq!(fonts.font_for(FontId::AtkinsonRegular, "😀"), None);
    }

    #[test]
    fn every_font_has_printable_ascii() {
        let fonts = Fonts::load();
        for id in FontId::ALL {
            let face = fonts.face(id);
            for c in (0x20u8..0x7F).map(char::from).filter(|c| *c != ' ') {
                assert!(face.glyph_index(c).is_some(), "{id:?} lacks {c:?}");
            }
        }
    }

    #[test]
    fn atkinson_has_a_bullet() {
        let fonts = Fonts::load();
        assert!(fonts.covers(FontId::AtkinsonRegular, "•"));
        assert!(fonts.covers(FontId::AtkinsonBold, "•"));
    }
}
