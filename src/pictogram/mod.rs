//! The handout's pictograms (call 911, phone the care team, pill, water, walking, warning,
//! calendar): simple, bold pictures placed beside the actions and urgency boxes they stand for, so
//! a tired reader finds them at a glance (PEMAT-P visual aids). Each is plain data, a list of
//! filled or stroked paths in a 100 x 100 unit box (drawn in `draw`), so the layout and the tests
//! can reason about it without the PDF library; `pdf` turns the shapes into krilla paths. The alt
//! text (the words a screen reader says) lives in `handouts/pictograms.toml` (and, for Spanish
//! documents, `handouts/pictograms.es.toml`), not in Rust code.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::style::{Rgb, ACCENT, URGENT_EDGE};

mod draw;

use draw::{calendar, emergency, handset, pill, walking, warning, water};

/// The side of the square every pictogram is drawn in, in drawing units.
pub const BOX_UNITS: f32 = 100.0;

/// The main ink: the house accent dark blue (12.6:1 on white).
pub const INK: Rgb = ACCENT;
/// The accent for emergency and warning only: dark red (8.2:1 on white).
pub const ALERT: Rgb = URGENT_EDGE;

const ALT_TEXTS: &str = include_str!("../../handouts/pictograms.toml");
const ALT_TEXTS_ES: &str = include_str!("../../handouts/pictograms.es.toml");

/// One of the project's pictograms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pictogram {
    /// Call 911 (the emergency number): a handset and a flashing emergency light.
    Emergency,
    /// Phone the care team: a handset.
    Phone,
    /// A medicine: a capsule.
    Pill,
    /// Drink water: a glass of water.
    Water,
    /// Walk, move: a walking person.
    Walking,
    /// Take care: a triangle with an exclamation mark.
    Warning,
    /// A date, an appointment: a calendar page.
    Calendar,
}

/// One step of a path, in drawing units (x to the right, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    MoveTo(f32, f32),
    LineTo(f32, f32),
    /// A cubic Bézier curve: two control points, then the end point.
    CubicTo(f32, f32, f32, f32, f32, f32),
    Close,
}

/// How a shape is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// Filled with the even-odd rule, so an inner sub-path cuts a hole.
    Fill,
    /// Stroked with round caps and joins, `width` in drawing units.
    Stroke { width: f32 },
}

/// One filled or stroked path of a pictogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ops: Vec<PathOp>,
    pub paint: Paint,
    pub color: Rgb,
}

impl Shape {
    fn fill(ops: Vec<PathOp>, color: Rgb) -> Shape {
        Shape {
            ops,
            paint: Paint::Fill,
            color,
        }
    }

    fn stroke(ops: Vec<PathOp>, width: f32, color: Rgb) -> Shape {
        Shape {
            ops,
            paint: Paint::Stroke { width },
            color,
        }
    }

    /// The smallest box (min x, min y, max x, max y) holding everything the shape may paint: its
    /// points and control points (a Bézier curve stays inside them), widened by half the stroke.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        let half = match self.paint {
            Paint::Fill => 0.0,
            Paint::Stroke { width } => width / 2.0,
        };
        let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        let mut add = |x: f32, y: f32| {
            b = (
                b.0.min(x - half),
                b.1.min(y - half),
                b.2.max(x + half),
                b.3.max(y + half),
            );
        };
        for op in &self.ops {
            match *op {
                PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => add(x, y),
                PathOp::CubicTo(x1, y1, x2, y2, x, y) => {
                    add(x1, y1);
                    add(x2, y2);
                    add(x, y);
                }
                PathOp::Close => {}
            }
        }
        b
    }

    /// The shape moved by `f`, an affine map of points; `scale` is its scale (for stroke widths).
    fn mapped(mut self, scale: f32, f: impl Fn(f32, f32) -> (f32, f32)) -> Shape {
        for op in &mut self.ops {
            *op = match *op {
                PathOp::MoveTo(x, y) => {
                    let (x, y) = f(x, y);
                    PathOp::MoveTo(x, y)
                }
                PathOp::LineTo(x, y) => {
                    let (x, y) = f(x, y);
                    PathOp::LineTo(x, y)
                }
                PathOp::CubicTo(x1, y1, x2, y2, x, y) => {
                    let ((x1, y1), (x2, y2), (x, y)) = (f(x1, y1), f(x2, y2), f(x, y));
                    PathOp::CubicTo(x1, y1, x2, y2, x, y)
                }
                PathOp::Close => PathOp::Close,
            };
        }
        if let Paint::Stroke { width } = &mut self.paint {
            *width *= scale;
        }
        self
    }
}

impl Pictogram {
    /// Every pictogram, in a fixed order.
    pub const ALL: [Pictogram; 7] = [
        Pictogram::Emergency,
        Pictogram::Phone,
        Pictogram::Pill,
        Pictogram::Water,
        Pictogram::Walking,
        Pictogram::Warning,
        Pictogram::Calendar,
    ];

    /// The pictogram called `name` (`emergency`, `phone`, `pill`, `water`, `walking`,
    /// `warning`, `calendar`), as written in a section (`::: icon NAME`).
    pub fn from_name(name: &str) -> Option<Pictogram> {
        Pictogram::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The pictogram's name, as `from_name` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Pictogram::Emergency => "emergency",
            Pictogram::Phone => "phone",
            Pictogram::Pill => "pill",
            Pictogram::Water => "water",
            Pictogram::Walking => "walking",
            Pictogram::Warning => "warning",
            Pictogram::Calendar => "calendar",
        }
    }

    /// The words a screen reader says for the pictogram (from `handouts/pictograms.toml`; a
    /// test checks every pictogram has them, and the name stands in if the file lacked one).
    pub fn alt_text(self) -> &'static str {
        alt_texts()
            .get(self.name())
            .map(String::as_str)
            .unwrap_or(self.name())
    }

    /// The alt text in the document's language (by the tag's primary subtag: "es", "es-US" →
    /// `handouts/pictograms.es.toml`); English for other languages or a missing line.
    pub fn alt_text_in(self, language: &str) -> &'static str {
        match crate::locale::primary(language).as_str() {
            "es" => alt_texts_es()
                .get(self.name())
                .map(String::as_str)
                .unwrap_or_else(|| self.alt_text()),
            _ => self.alt_text(),
        }
    }

    /// The drawing: shapes in a `BOX_UNITS` square, painted in order.
    pub fn shapes(self) -> Vec<Shape> {
        match self {
            Pictogram::Emergency => emergency(),
            Pictogram::Phone => handset(),
            Pictogram::Pill => pill(),
            Pictogram::Water => water(),
            Pictogram::Walking => walking(),
            Pictogram::Warning => warning(),
            Pictogram::Calendar => calendar(),
        }
    }
}

/// The alt texts file, read once. Unknown names and damage are caught by the tests.
fn alt_texts() -> &'static HashMap<String, String> {
    static TEXTS: OnceLock<HashMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| parse_alt_texts(ALT_TEXTS).unwrap_or_default())
}

fn alt_texts_es() -> &'static HashMap<String, String> {
    static TEXTS: OnceLock<HashMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| parse_alt_texts(ALT_TEXTS_ES).unwrap_or_default())
}

fn parse_alt_texts(text: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    toml::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for p in Pictogram::ALL {
            assert_eq!(Pictogram::from_name(p.name()), Some(p));
        }
        assert_eq!(Pictogram::from_name("Phone"), None);
        assert_eq!(Pictogram::from_name("911"), None);
        assert_eq!(Pictogram::from_name(""), None);
    }

    #[test]
    fn every_pictogram_has_spanish_alt_text_and_the_file_names_no_other() {
        let texts = parse_alt_texts(ALT_TEXTS_ES).expect("handouts/pictograms.es.toml parses");
        for p in Pictogram::ALL {
            let alt = texts.get(p.name()).map(|s| s.trim()).unwrap_or_default();
            assert!(alt.len() >= 4, "{}: no Spanish alt text", p.name());
            assert_eq!(p.alt_text_in("es-MX"), alt);
            assert_ne!(p.alt_text_in("es"), p.alt_text(), "{}", p.name());
            assert_eq!(p.alt_text_in("en-US"), p.alt_text());
        }
        for name in texts.keys() {
            assert!(
                Pictogram::from_name(name).is_some(),
                "unknown pictogram {name}"
            );
        }
    }

    #[test]
    fn every_pictogram_has_alt_text_and_the_file_names_no_other() {
        let texts = parse_alt_texts(ALT_TEXTS).expect("handouts/pictograms.toml parses");
        for p in Pictogram::ALL {
            let alt = texts.get(p.name()).map(|s| s.trim()).unwrap_or_default();
            assert!(alt.len() >= 4, "{}: no alt text", p.name());
            assert_ne!(p.alt_text(), p.name());
        }
        for name in texts.keys() {
            assert!(
                Pictogram::from_name(name).is_some(),
                "unknown pictogram {name}"
            );
        }
    }

    #[test]
    fn every_shape_stays_inside_the_box() {
        for p in Pictogram::ALL {
            let shapes = p.shapes();
            assert!(!shapes.is_empty(), "{}: nothing drawn", p.name());
            for s in shapes {
                let (x0, y0, x1, y1) = s.bounds();
                assert!(
                    x0 >= 0.0 && y0 >= 0.0 && x1 <= BOX_UNITS && y1 <= BOX_UNITS,
                    "{}: a shape reaches ({x0}, {y0})..({x1}, {y1})",
                    p.name()
                );
                assert!(matches!(s.ops.first(), Some(PathOp::MoveTo(..))));
            }
        }
    }

    #[test]
    fn bounds_count_half_the_stroke() {
        let s = Shape::stroke(
            vec![PathOp::MoveTo(10.0, 10.0), PathOp::LineTo(20.0, 10.0)],
            4.0,
            INK,
        );
        assert_eq!(s.bounds(), (8.0, 8.0, 22.0, 12.0));
    }

    /// WCAG relative luminance and contrast ratio.
    fn contrast(a: Rgb, b: Rgb) -> f32 {
        let lum = |c: Rgb| {
            let ch = |v: u8| {
                let v = v as f32 / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
        };
        let (la, lb) = (lum(a), lum(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_colour_has_strong_contrast_on_white_and_on_the_box_tints() {
        use crate::style::{INFO_TINT, URGENT_TINT};
        for p in Pictogram::ALL {
            for s in p.shapes() {
                for bg in [Rgb(255, 255, 255), URGENT_TINT, INFO_TINT] {
                    let ratio = contrast(s.color, bg);
                    assert!(ratio >= 4.5, "{}: contrast {ratio}", p.name());
                }
            }
        }
        // red only marks emergency and warning
        for p in [
            Pictogram::Phone,
            Pictogram::Pill,
            Pictogram::Water,
            Pictogram::Walking,
            Pictogram::Calendar,
        ] {
            assert!(p.shapes().iter().all(|s| s.color == INK), "{}", p.name());
        }
    }
}
