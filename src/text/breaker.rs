//! The breaker: line breaking with a memory. A batch prints the same library paragraphs for
//! every patient, so each paragraph (text, style runs, size, width) is broken once and its lines
//! remembered. The shaper below it remembers shaped words; this remembers whole paragraphs.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::linebreak::{break_paragraph, BrokenLine, UnshowableText};
use super::shape::Shaper;
use crate::document::StyledText;

/// A paragraph's text, style runs, size and width: what its line breaks depend on.
type ParagraphKey = (Vec<(Box<str>, bool)>, u32, u32);

/// Beyond this many remembered paragraphs the cache stops growing, so memory stays flat in
/// long batches.
const PARAGRAPH_LIMIT: usize = 20_000;

/// Breaks paragraphs into lines through its shaper, remembering each paragraph it has broken.
/// Safe to share between threads; the `Engine` owns one.
pub struct Breaker {
    shaper: Shaper,
    paragraphs: RwLock<HashMap<ParagraphKey, Arc<[BrokenLine]>>>,
}

impl std::fmt::Debug for Breaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Breaker").finish_non_exhaustive()
    }
}

impl Breaker {
    pub fn new(shaper: Shaper) -> Breaker {
        Breaker {
            shaper,
            paragraphs: RwLock::new(HashMap::new()),
        }
    }

    /// The shaper the breaker sets text with.
    pub fn shaper(&self) -> &Shaper {
        &self.shaper
    }

    /// [`break_paragraph`], from memory when this paragraph was broken before.
    pub fn break_paragraph(
        &self,
        spans: &[StyledText],
        size_pt: f32,
        width_pt: f32,
    ) -> Result<Vec<BrokenLine>, UnshowableText> {
        let key = (
            spans
                .iter()
                .map(|s| (Box::from(s.text.as_str()), s.style.bold))
                .collect(),
            size_pt.to_bits(),
            width_pt.to_bits(),
        );
        if let Some(lines) = self
            .paragraphs
            .read()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return Ok(lines.to_vec());
        }
        let lines = break_paragraph(&self.shaper, spans, size_pt, width_pt)?;
        // a patient's own text is broken for this build only, never remembered
        if spans.iter().any(|s| s.style.private) {
            return Ok(lines);
        }
        if let Ok(mut map) = self.paragraphs.write() {
            if map.len() < PARAGRAPH_LIMIT {
                map.insert(key, Arc::from(lines.as_slice()));
            }
        }
        Ok(lines)
    }
}

impl Breaker {
    /// Whether any remembered paragraph holds `text` (for tests and audits: a patient's name
    /// must never be found here).
    pub fn remembers(&self, text: &str) -> bool {
        self.paragraphs.read().is_ok_and(|m| {
            m.keys().any(|(runs, _, _)| {
                runs.iter()
                    .map(|(t, _)| &**t)
                    .collect::<String>()
                    .contains(text)
            })
        })
    }
}

/// A breaker sets text through its shaper, so it can stand where a shaper is wanted (measuring,
/// one-off pieces).
impl std::ops::Deref for Breaker {
    type Target = Shaper;

    fn deref(&self) -> &Shaper {
        &self.shaper
    }
}
