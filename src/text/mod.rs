//! Text measurement and line breaking: the fonts the product ships, shaping with kerning,
//! total-fit ragged-right line breaking, and a breaker that remembers broken paragraphs.
//! Everything here works in points and knows nothing of pages.

pub mod breaker;
pub mod fonts;
pub mod linebreak;
pub mod shape;

pub use breaker::Breaker;
pub use fonts::{FontId, Fonts};
pub use linebreak::{break_paragraph, BrokenLine, PlacedPiece};
pub use shape::{ShapedGlyph, ShapedPiece, Shaper};
