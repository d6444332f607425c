//! The only module that calls krilla: turns the page model into a tagged PDF/UA-1 (and, by
//! default, PDF/A-2a) file with subset fonts, bookmarks, page labels, language and title, and
//! reports krilla's validation failures as build errors.

use std::num::NonZeroU32;
use std::sync::OnceLock;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag, TagTree};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use crate::document::ImageFormat;
use crate::layout::{
    ArtifactKind, Item, LinkTarget, Mark, OutlineEntry, PageModel, PictogramItem, RectItem,
    StructTree, TextItem,
};
use crate::pictogram::{self, PathOp};
use tags::{build_node, Drawn, Extent};

mod tags;
use crate::style::Rgb;
use crate::text::{FontId, PlacedPiece};

/// The PDF could not be written, or would not conform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    pub message: String,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PdfError {}

/// Options for the file as a whole.
#[derive(Debug, Clone, Copy)]
pub struct PdfOptions {
    pub pdf_a: bool,
    /// Tag the content (off for the imposed print copy, whose pages are reordered halves).
    pub tagged: bool,
}

/// The krilla font for `id`. Each thread has its own copies: krilla clones a font (an `Arc`)
/// for every glyph it draws, and one copy shared by the server's worker threads made their
/// cores fight over its reference count.
fn krilla_font(id: FontId) -> Font {
    thread_local! {
        static FONTS: Vec<Font> = FontId::ALL
            .iter()
            .map(|f| Font::new(f.data().into(), 0).expect("embedded font parses"))
            .collect();
    }
    FONTS.with(|fonts| fonts[id.index()].clone())
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }
}

/// Writes the page model as PDF bytes.
pub fn write_pdf(model: &PageModel, options: PdfOptions) -> Result<Vec<u8>, PdfError> {
    let mut builder = ConfigurationBuilder::new();
    if options.tagged {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    if options.pdf_a {
        builder = builder.with_archival_validator(if options.tagged {
            Archival::A2_A
        } else {
            Archival::A2_B
        });
    }
    let configuration = builder.finish().map_err(|e| PdfError {
        message: format!("PDF settings: {e:?}"),
    })?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: options.tagged,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut drawn = Drawn::default();
    for (index, page) in model.pages.iter().enumerate() {
        // every page is labelled with the number its footer prints ("Page N of M"), which is
        // its place in the file: a booklet's cover is page 1
        let settings =
            PageSettings::new(Size::from_wh(page.width_pt, page.height_pt).ok_or_else(|| {
                PdfError {
                    message: "bad page size".into(),
                }
            })?)
            .with_page_label(PageLabel::new(
                Some(NumberingStyle::Arabic),
                None,
                NonZeroU32::new(index as u32 + 1),
            ));
        let mut pdf_page = document.start_page_with(settings);
        drawn.page = index;
        {
            let mut surface = pdf_page.surface();
            for item in &page.items {
                draw_item(&mut surface, item, &mut drawn)?;
            }
            surface.finish();
        }
        for item in &page.items {
            if let Item::Link(link) = item {
                let rect = Rect::from_xywh(link.x_pt, link.y_pt, link.width_pt, link.height_pt)
                    .ok_or_else(|| PdfError {
                        message: "bad link rectangle".into(),
                    })?;
                let target = match &link.target {
                    LinkTarget::Place { page, y_pt } => Target::Destination(Destination::Xyz(
                        XyzDestination::new(*page, Point::from_xy(0.0, *y_pt)),
                    )),
                    LinkTarget::Uri(uri) => {
                        Target::Action(Action::Link(LinkAction::new(uri.to_string())))
                    }
                };
                let annotation =
                    Annotation::new_link(LinkAnnotation::new(rect, target), Some(link.alt.clone()));
                let id = if options.tagged {
                    pdf_page.add_tagged_annotation(annotation)
                } else {
                    pdf_page.add_annotation(annotation);
                    continue;
                };
                drawn.ids.insert(link.content, id);
            }
        }
        pdf_page.finish();
    }
    document.set_outline(outline(&model.outline));
    let mut metadata = Metadata::new()
        .title(model.title.clone())
        .language(model.language.clone())
        .creator(format!("handout {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("handout {} (krilla)", env!("CARGO_PKG_VERSION")));
    if let Some(s) = &model.subtitle {
        metadata = metadata.description(s.clone());
    }
    if let Some(date) = model.date.as_deref().and_then(parse_date) {
        metadata = metadata.creation_date(date);
    }
    if let Some(a) = &model.author {
        metadata = metadata.authors(vec![a.clone()]);
    }
    document.set_metadata(metadata);
    if options.tagged {
        let mut tree = TagTree::new().with_lang(Some(model.language.clone()));
        for child in &model.structure.nodes[StructTree::ROOT].children {
            if let Some((node, _)) = build_node(&model.structure, child, &mut drawn) {
                tree.push(node);
            }
        }
        document.set_tag_tree(tree);
    }
    document.finish().map_err(|e| PdfError {
        message: describe_error(e),
    })
}

/// "YYYY-MM-DD" → a PDF date at midnight UTC.
fn parse_date(date: &str) -> Option<krilla::metadata::DateTime> {
    let mut parts = date.split('-');
    let y = parts.next()?.parse::<u16>().ok()?;
    let m = parts
        .next()?
        .parse::<u8>()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let d = parts
        .next()?
        .parse::<u8>()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    Some(
        krilla::metadata::DateTime::new(y)
            .month(m)
            .day(d)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

fn describe_error(e: krilla::error::KrillaError) -> String {
    match e {
        krilla::error::KrillaError::Validation(errors) => {
            let list: Vec<String> = errors.iter().map(|v| format!("{v:?}")).collect();
            format!(
                "the PDF would not conform to PDF/UA-1 / PDF/A-2a: {}",
                list.join("; ")
            )
        }
        other => format!("PDF writing failed: {other:?}"),
    }
}

fn artifact(kind: ArtifactKind) -> ContentTag<'static> {
    ContentTag::Artifact(Artifact::with_kind(match kind {
        ArtifactKind::Footer => ArtifactType::Footer,
        ArtifactKind::Pagination => ArtifactType::PaginationOther,
        ArtifactKind::Layout => ArtifactType::Layout,
    }))
}

fn draw_item(surface: &mut Surface, item: &Item, drawn: &mut Drawn) -> Result<(), PdfError> {
    match item {
        Item::Text(t) => {
            let runs = t.marked_runs();
            let last = runs.len() - 1;
            for (k, (range, mark)) in runs.into_iter().enumerate() {
                match mark {
                    Mark::Content(c) => {
                        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                        drawn.insert(c, id, text_extent(t, range.clone()));
                    }
                    Mark::Artifact(kind) => {
                        surface.start_tagged(artifact(kind));
                    }
                }
                let end_space = if k == last {
                    t.end_space.as_ref()
                } else {
                    None
                };
                draw_text(surface, t, &t.pieces[range], end_space);
                surface.end_tagged();
            }
        }
        Item::Rect(r) => {
            surface.start_tagged(artifact(ArtifactKind::Layout));
            draw_rect(surface, r);
            surface.end_tagged();
        }
        Item::Symbol(sym) => {
            let tag = SpanTag {
                actual_text: Some(&sym.text),
                ..SpanTag::empty()
            };
            let id = surface.start_tagged(ContentTag::Span(tag));
            let r = &sym.rect;
            let extent = Extent::new(r.x_pt, r.y_pt, r.x_pt + r.width_pt, r.y_pt + r.height_pt);
            drawn.insert(sym.content, id, extent);
            draw_rect(surface, r);
            surface.end_tagged();
        }
        Item::Line(l) => {
            surface.start_tagged(artifact(ArtifactKind::Layout));
            let mut pb = PathBuilder::new();
            pb.move_to(l.x1_pt, l.y1_pt);
            pb.line_to(l.x2_pt, l.y2_pt);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(l.color.0, l.color.1, l.color.2).into(),
                    width: l.width_pt,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
            surface.end_tagged();
        }
        Item::Image(i) => {
            let data: krilla::Data = i.logo.bytes.clone().into();
            let image = match i.logo.format {
                ImageFormat::Png => Image::from_png(data, false),
                ImageFormat::Jpeg => Image::from_jpeg(data, false),
            }
            .map_err(|e| PdfError {
                message: format!("the logo cannot be embedded: {e}"),
            })?;
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            let extent = Extent::new(i.x_pt, i.y_pt, i.x_pt + i.width_pt, i.y_pt + i.height_pt);
            drawn.insert(i.content, id, extent);
            surface.push_transform(&krilla::geom::Transform::from_translate(i.x_pt, i.y_pt));
            if let Some(size) = Size::from_wh(i.width_pt, i.height_pt) {
                surface.draw_image(image, size);
            }
            surface.pop();
            surface.end_tagged();
        }
        Item::Pictogram(p) => draw_pictogram(surface, p, drawn),
        Item::Link(_) => {}
    }
    Ok(())
}

fn draw_rect(surface: &mut Surface, r: &RectItem) {
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(r.x_pt, r.y_pt, r.width_pt, r.height_pt) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(r.fill.map(fill));
        surface.set_stroke(r.stroke.map(|(c, w)| Stroke {
            paint: rgb::Color::new(c.0, c.1, c.2).into(),
            width: w,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// The box of a run of a text line, from the font's ascender to its descender.
fn text_extent(t: &TextItem, range: std::ops::Range<usize>) -> Extent {
    static FONTS: OnceLock<crate::text::Fonts> = OnceLock::new();
    let fonts = FONTS.get_or_init(crate::text::Fonts::load);
    let pieces = &t.pieces[range];
    let (x0, x1) = match (pieces.first(), pieces.last()) {
        (Some(a), Some(b)) => (a.x_pt, b.x_pt + b.piece.width_em * t.size_pt),
        _ => (0.0, 0.0),
    };
    let font = pieces
        .first()
        .map_or(crate::text::FontId::AtkinsonRegular, |p| p.piece.font);
    let m = fonts.vmetrics(font);
    Extent::new(
        t.x_pt + x0,
        t.baseline_pt - m.ascender_em * t.size_pt,
        t.x_pt + x1,
        t.baseline_pt + m.descender_em * t.size_pt,
    )
}

/// Draws a pictogram's shapes scaled from its 100-unit box to `size_pt`, tagged as the
/// content of its Figure (or as a layout artifact).
fn draw_pictogram(surface: &mut Surface, item: &PictogramItem, drawn: &mut Drawn) {
    match item.mark {
        Mark::Content(c) => {
            let id = surface.start_tagged(ContentTag::Other);
            let (x, y, size) = (item.x_pt, item.y_pt, item.size_pt);
            drawn.insert(c, id, Extent::new(x, y, x + size, y + size));
        }
        Mark::Artifact(kind) => {
            surface.start_tagged(artifact(kind));
        }
    }
    let scale = item.size_pt / pictogram::BOX_UNITS;
    surface.push_transform(&Transform::from_row(
        scale, 0.0, 0.0, scale, item.x_pt, item.y_pt,
    ));
    for shape in item.pictogram.shapes() {
        let mut pb = PathBuilder::new();
        for op in &shape.ops {
            match *op {
                PathOp::MoveTo(x, y) => pb.move_to(x, y),
                PathOp::LineTo(x, y) => pb.line_to(x, y),
                PathOp::CubicTo(x1, y1, x2, y2, x, y) => pb.cubic_to(x1, y1, x2, y2, x, y),
                PathOp::Close => pb.close(),
            }
        }
        let Some(path) = pb.finish() else {
            continue;
        };
        let paint: krilla::paint::Paint =
            rgb::Color::new(shape.color.0, shape.color.1, shape.color.2).into();
        match shape.paint {
            pictogram::Paint::Fill => {
                surface.set_fill(Some(Fill {
                    paint,
                    rule: FillRule::EvenOdd,
                    ..Fill::default()
                }));
                surface.set_stroke(None);
            }
            pictogram::Paint::Stroke { width } => {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint,
                    width,
                    line_cap: LineCap::Round,
                    line_join: LineJoin::Round,
                    ..Stroke::default()
                }));
            }
        }
        surface.draw_path(&path);
    }
    surface.set_stroke(None);
    surface.pop();
    surface.end_tagged();
}

/// Draws a line of text. Pieces that touch and share a font are drawn as one glyph run (one
/// text object instead of one per word), which keeps content streams small and writing fast.
fn draw_text(
    surface: &mut Surface,
    t: &TextItem,
    pieces: &[PlacedPiece],
    end_space: Option<&PlacedPiece>,
) {
    surface.set_fill(Some(fill(t.color)));
    surface.set_stroke(None);
    let all: Vec<&PlacedPiece> = pieces.iter().chain(end_space).collect();
    let mut i = 0;
    while i < all.len() {
        let first = all[i];
        let font = first.piece.font;
        let mut text = String::new();
        let mut glyphs: Vec<KrillaGlyph> = Vec::new();
        let mut end_x = first.x_pt;
        while let Some(&placed) = all.get(i) {
            let touches = (placed.x_pt - end_x).abs() < 0.01;
            if placed.piece.font != font || !touches {
                break;
            }
            let offset = text.len();
            text.push_str(&placed.piece.text);
            glyphs.extend(placed.piece.glyphs.iter().map(|g| {
                KrillaGlyph::new(
                    GlyphId::new(g.glyph_id as u32),
                    g.x_advance_em,
                    g.x_offset_em,
                    -g.y_offset_em,
                    0.0,
                    offset + g.text_start as usize..offset + g.text_end as usize,
                    None,
                )
            }));
            end_x = placed.x_pt + placed.piece.width_em * t.size_pt;
            i += 1;
        }
        surface.draw_glyphs(
            Point::from_xy(t.x_pt + first.x_pt, t.baseline_pt),
            &glyphs,
            krilla_font(font),
            &text,
            t.size_pt,
            false,
        );
    }
}

fn outline(entries: &[OutlineEntry]) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for e in entries {
        let node = OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(e.page, Point::from_xy(0.0, (e.y_pt - 6.0).max(0.0))),
        );
        if e.level <= 1 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node);
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}
