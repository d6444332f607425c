//! Text measurement and line breaking: the fonts the product ships, shaping with kerning, and
//! total-fit ragged-right line breaking. Everything here works in points and knows nothing of pages.

pub mod fonts;
pub mod linebreak;
pub mod shape;

pub use fonts::{FontId, Fonts};
pub use linebreak::{break_paragraph, BrokenLine, PlacedPiece};
pub use shape::{ShapedGlyph, ShapedPiece, Shaper};
