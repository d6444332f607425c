//! Keep rules that span blocks: which block introduces the next, so the two start on one page.

use crate::document::Block;

/// Whether block `prev` introduces `next` (a line ending with ":" or a bold caption before a
/// list, table or box; anything before write-in lines), so the two must start on the same page.
pub(super) fn introduces(prev: &Block, next: &Block) -> bool {
    if matches!(next, Block::WriteIn { .. }) {
        return true; // write-in lines always stay with what asks for them
    }
    let Block::Paragraph(inl) = prev else {
        return false;
    };
    let text = crate::document::plain_text(inl);
    let caption = !inl.is_empty() && inl.iter().all(|s| s.style.bold || s.text.trim().is_empty());
    match next {
        Block::List { .. } | Block::Table { .. } | Block::Callout { .. } => {
            text.trim_end().ends_with(':') || caption
        }
        _ => false,
    }
}
