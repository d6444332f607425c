//! The seven drawings, built from a few path helpers (arcs, circles, rounded rectangles,
//! rotation), each in the 100 x 100 unit box with the same stroke width and the same two inks.

use super::{PathOp, Shape, ALERT, BOX_UNITS, INK};

/// The Bézier handle length for a quarter circle of radius 1.
const KAPPA: f32 = 0.552_284_8;

/// An arc of a circle from `a0` to `a1` degrees (0 = right, 90 = down), as one sub-path
/// starting with a move, in pieces of at most 90 degrees.
fn arc(cx: f32, cy: f32, r: f32, a0: f32, a1: f32) -> Vec<PathOp> {
    let pieces = ((a1 - a0).abs() / 90.0).ceil().max(1.0) as usize;
    let step = (a1 - a0).to_radians() / pieces as f32;
    let k = 4.0 / 3.0 * (step / 4.0).tan() * r;
    let at = |a: f32| (cx + r * a.cos(), cy + r * a.sin());
    let mut a = a0.to_radians();
    let (x0, y0) = at(a);
    let mut ops = vec![PathOp::MoveTo(x0, y0)];
    for _ in 0..pieces {
        let b = a + step;
        let ((xa, ya), (xb, yb)) = (at(a), at(b));
        ops.push(PathOp::CubicTo(
            xa - k * a.sin(),
            ya + k * a.cos(),
            xb + k * b.sin(),
            yb - k * b.cos(),
            xb,
            yb,
        ));
        a = b;
    }
    ops
}

fn circle(cx: f32, cy: f32, r: f32) -> Vec<PathOp> {
    let mut ops = arc(cx, cy, r, 0.0, 360.0);
    ops.push(PathOp::Close);
    ops
}

/// A closed polygon or an open polyline through `points`.
fn poly(points: &[(f32, f32)], closed: bool) -> Vec<PathOp> {
    let mut ops: Vec<PathOp> = points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            if i == 0 {
                PathOp::MoveTo(x, y)
            } else {
                PathOp::LineTo(x, y)
            }
        })
        .collect();
    if closed {
        ops.push(PathOp::Close);
    }
    ops
}

/// A rectangle with corners rounded by `r`.
fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<PathOp> {
    let c = r * (1.0 - KAPPA);
    let (x1, y1) = (x + w, y + h);
    vec![
        PathOp::MoveTo(x + r, y),
        PathOp::LineTo(x1 - r, y),
        PathOp::CubicTo(x1 - c, y, x1, y + c, x1, y + r),
        PathOp::LineTo(x1, y1 - r),
        PathOp::CubicTo(x1, y1 - c, x1 - c, y1, x1 - r, y1),
        PathOp::LineTo(x + r, y1),
        PathOp::CubicTo(x + c, y1, x, y1 - c, x, y1 - r),
        PathOp::LineTo(x, y + r),
        PathOp::CubicTo(x, y + c, x + c, y, x + r, y),
        PathOp::Close,
    ]
}

/// Rotates a point by `deg` degrees (clockwise on the page) about (`cx`, `cy`).
fn rotate(deg: f32, cx: f32, cy: f32) -> impl Fn(f32, f32) -> (f32, f32) {
    let (s, c) = deg.to_radians().sin_cos();
    move |x, y| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * c - dy * s, cy + dx * s + dy * c)
    }
}

/// The stroke width shared by outlines and limbs, so all pictograms look alike.
const LINE: f32 = 9.0;

/// A telephone handset from upper left to lower right, its cups facing the upper-right corner.
pub(super) fn handset() -> Vec<Shape> {
    // Drawn lying as an arch with a cup at each foot, then turned so the cups face up and right.
    let outline = vec![
        PathOp::MoveTo(2.0, 70.0),
        PathOp::LineTo(10.0, 40.0),
        PathOp::CubicTo(26.0, 22.0, 74.0, 22.0, 90.0, 40.0),
        PathOp::LineTo(98.0, 70.0),
        PathOp::LineTo(64.0, 70.0),
        PathOp::LineTo(66.0, 50.0),
        PathOp::CubicTo(58.0, 40.0, 42.0, 40.0, 34.0, 50.0),
        PathOp::LineTo(36.0, 70.0),
        PathOp::Close,
    ];
    let turn = rotate(-135.0, 50.0, 50.0);
    fit(
        vec![
            Shape::fill(outline.clone(), INK).mapped(1.0, &turn),
            Shape::stroke(outline, 6.0, INK).mapped(1.0, &turn),
        ],
        4.0,
    )
}

/// The handset at lower left and a red flashing emergency light in the corner its cups face.
pub(super) fn emergency() -> Vec<Shape> {
    let mut shapes: Vec<Shape> = handset()
        .into_iter()
        .map(|s| s.mapped(0.74, |x, y| (x * 0.74, y * 0.74 + 26.0)))
        .collect();
    // The light: a dome on a base, with three rays.
    let (cx, base_y) = (66.0, 40.0);
    let mut dome = arc(cx, base_y, 16.0, 180.0, 360.0);
    dome.push(PathOp::Close);
    shapes.push(Shape::fill(dome, ALERT));
    shapes.push(Shape::fill(
        rounded_rect(cx - 22.0, base_y - 1.0, 44.0, 11.0, 3.0),
        ALERT,
    ));
    for (x0, y0, x1, y1) in [
        (cx, 16.0, cx, 5.0),
        (cx - 20.0, 25.0, cx - 26.0, 17.0),
        (cx + 20.0, 25.0, cx + 26.0, 17.0),
    ] {
        shapes.push(Shape::stroke(
            poly(&[(x0, y0), (x1, y1)], false),
            LINE,
            ALERT,
        ));
    }
    shapes
}

/// The shapes scaled and centred to fill the box, `margin` units from each edge.
fn fit(shapes: Vec<Shape>, margin: f32) -> Vec<Shape> {
    let b = shapes
        .iter()
        .map(Shape::bounds)
        .fold((f32::MAX, f32::MAX, f32::MIN, f32::MIN), |a, b| {
            (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
        });
    let (w, h) = (b.2 - b.0, b.3 - b.1);
    let scale = (BOX_UNITS - 2.0 * margin) / w.max(h);
    let dx = (BOX_UNITS - w * scale) / 2.0 - b.0 * scale;
    let dy = (BOX_UNITS - h * scale) / 2.0 - b.1 * scale;
    shapes
        .into_iter()
        .map(|s| s.mapped(scale, |x, y| (x * scale + dx, y * scale + dy)))
        .collect()
}

/// A capsule lying on the diagonal: one half solid, the other half an outline.
pub(super) fn pill() -> Vec<Shape> {
    let (cx, cy, half_len, r) = (50.0, 50.0, 38.0, 17.0);
    let (left, right) = (cx - half_len + r, cx + half_len - r);
    let mut solid = vec![PathOp::MoveTo(cx, cy - r), PathOp::LineTo(left, cy - r)];
    solid.extend(arc(left, cy, r, 270.0, 90.0).into_iter().skip(1));
    solid.extend([PathOp::LineTo(cx, cy + r), PathOp::Close]);
    let mut outline = vec![PathOp::MoveTo(left, cy - r), PathOp::LineTo(right, cy - r)];
    outline.extend(arc(right, cy, r, -90.0, 90.0).into_iter().skip(1));
    outline.push(PathOp::LineTo(left, cy + r));
    outline.extend(arc(left, cy, r, 90.0, 270.0).into_iter().skip(1));
    outline.push(PathOp::Close);
    let turn = rotate(-45.0, cx, cy);
    vec![
        Shape::fill(solid, INK).mapped(1.0, &turn),
        Shape::stroke(outline, LINE, INK).mapped(1.0, &turn),
    ]
}

/// A drinking glass, wider at the top, two-thirds full of water with a wavy surface.
pub(super) fn water() -> Vec<Shape> {
    let (top, bottom) = (10.0, 90.0);
    let (top_l, top_r, bot_l, bot_r) = (20.0, 80.0, 30.0, 70.0);
    let x_at =
        |y: f32, x_top: f32, x_bot: f32| x_top + (x_bot - x_top) * (y - top) / (bottom - top);
    let glass = poly(
        &[(top_l, top), (bot_l, bottom), (bot_r, bottom), (top_r, top)],
        false,
    );
    let level = 42.0;
    let (wl, wr) = (x_at(level, top_l, bot_l), x_at(level, top_r, bot_r));
    let third = (wr - wl) / 3.0;
    let water = vec![
        PathOp::MoveTo(wl, level),
        PathOp::CubicTo(
            wl + third * 0.5,
            level - 6.0,
            wl + third,
            level - 6.0,
            wl + 1.5 * third,
            level,
        ),
        PathOp::CubicTo(
            wl + 2.0 * third,
            level + 6.0,
            wl + 2.5 * third,
            level + 6.0,
            wr,
            level,
        ),
        PathOp::LineTo(bot_r, bottom),
        PathOp::LineTo(bot_l, bottom),
        PathOp::Close,
    ];
    vec![Shape::fill(water, INK), Shape::stroke(glass, LINE, INK)]
}

/// A person walking to the right: a round head and thick round-ended limbs.
pub(super) fn walking() -> Vec<Shape> {
    let limb = |points: &[(f32, f32)]| Shape::stroke(poly(points, false), 11.0, INK);
    vec![
        Shape::fill(circle(57.0, 14.0, 10.0), INK),
        // body, from shoulders to hips, leaning forward
        limb(&[(53.0, 32.0), (46.0, 58.0)]),
        // arms: the front one forward and down, the back one back
        limb(&[(53.0, 34.0), (64.0, 46.0), (74.0, 50.0)]),
        limb(&[(53.0, 34.0), (40.0, 44.0), (32.0, 56.0)]),
        // legs: the front one stepping forward, the back one pushing off
        limb(&[(46.0, 58.0), (58.0, 73.0), (62.0, 92.0)]),
        limb(&[(46.0, 58.0), (38.0, 76.0), (24.0, 90.0)]),
    ]
}

/// A red triangle with rounded corners and an exclamation mark cut out of it.
pub(super) fn warning() -> Vec<Shape> {
    let corners = [(50.0, 10.0), (92.0, 87.0), (8.0, 87.0)];
    let mut body = poly(&corners, true);
    body.extend(rounded_rect(44.5, 36.0, 11.0, 30.0, 5.5));
    body.extend(circle(50.0, 76.0, 6.0));
    vec![
        Shape::fill(body, ALERT),
        Shape::stroke(poly(&corners, true), 8.0, ALERT),
    ]
}

/// A calendar page: solid header band, two rings, and six day squares.
pub(super) fn calendar() -> Vec<Shape> {
    let (x, y, w, h) = (12.0, 20.0, 76.0, 70.0);
    let mut shapes = vec![
        Shape::stroke(rounded_rect(x, y, w, h, 6.0), LINE, INK),
        Shape::fill(rounded_rect(x, y, w, 18.0, 6.0), INK),
    ];
    for ring_x in [32.0, 68.0] {
        shapes.push(Shape::stroke(
            poly(&[(ring_x, 9.0), (ring_x, 26.0)], false),
            LINE,
            INK,
        ));
    }
    for row in 0..2 {
        for col in 0..3 {
            let (dx, dy) = (24.0 + 20.0 * col as f32, 50.0 + 18.0 * row as f32);
            shapes.push(Shape::fill(rounded_rect(dx, dy, 12.0, 11.0, 2.0), INK));
        }
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_land_on_the_circle() {
        let ops = arc(50.0, 50.0, 10.0, 0.0, 135.0);
        let Some(&PathOp::CubicTo(_, _, _, _, x, y)) = ops.last() else {
            panic!("no curve");
        };
        assert!((x - (50.0 - 7.071)).abs() < 0.01 && (y - 57.071).abs() < 0.01);
        assert_eq!(ops.len(), 3);
    }
}
