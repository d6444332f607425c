//! Booklets (work in progress).
use crate::document::Document;
use crate::layout::{LayoutError, PageModel};
use crate::style::Style;
use crate::text::Shaper;

pub fn lay_out_booklet(
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
) -> Result<PageModel, LayoutError> {
    crate::layout::layout(doc, style, shaper, &Default::default())
}

pub fn impose(model: &PageModel, _style: &Style) -> PageModel {
    model.clone()
}
