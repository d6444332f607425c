//! `{name}` placeholders in inline text, found at parse time: each becomes a run of its own
//! that resolve fills from the contacts, the patient and the sections present. Every `{` in a
//! body opens a placeholder: a brace that opens no known one is an error, as it always was.

use crate::document::{Inlines, Placeholder, StyledText};

/// Splits every `{name}` out of the runs into a placeholder run of the same style. On failure,
/// gives what was written between the braces (or the first characters after an unclosed `{`).
pub fn split(inl: Inlines) -> Result<Inlines, String> {
    if !inl.iter().any(|s| s.text.contains('{')) {
        return Ok(inl);
    }
    let mut out = Vec::with_capacity(inl.len() + 2);
    for run in inl {
        if run.placeholder.is_some() || !run.text.contains('{') {
            out.push(run);
            continue;
        }
        // every piece keeps the run's style and link
        let piece = |text: &str| StyledText {
            text: text.to_string(),
            ..run.clone()
        };
        let mut rest = run.text.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                out.push(piece(&rest[..open]));
            }
            let after_open = &rest[open + 1..];
            let Some(close) = after_open.find('}') else {
                return Err(after_open.chars().take(20).collect());
            };
            let name = &after_open[..close];
            let placeholder = Placeholder::named(name).ok_or_else(|| name.to_string())?;
            out.push(StyledText {
                placeholder: Some(placeholder),
                ..piece(&format!("{{{name}}}"))
            });
            rest = &after_open[close + 1..];
        }
        if !rest.is_empty() {
            out.push(piece(rest));
        }
    }
    Ok(out)
}

/// The placeholders of plain text (a key point, a heading) as runs of one style.
pub fn split_plain(text: &str) -> Result<Inlines, String> {
    split(crate::document::plain(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{bold, plain_text};

    #[test]
    fn placeholders_become_runs_of_their_own_and_keep_the_style() {
        let inl = split(bold("Ask {clinic} or {see:jaw-care}.")).unwrap();
        assert_eq!(inl.len(), 5, "{inl:?}");
        assert_eq!(inl[1].placeholder, Some(Placeholder::Clinic));
        assert!(inl[1].style.bold);
        assert_eq!(
            inl[3].placeholder,
            Some(Placeholder::See("jaw-care".into()))
        );
        assert_eq!(plain_text(&inl), "Ask {clinic} or {see:jaw-care}.");
        assert_eq!(split_plain("{nope} here"), Err("nope".to_string()));
        assert_eq!(split_plain("a { b"), Err(" b".to_string()));
        assert_eq!(split_plain("no braces").unwrap().len(), 1);
    }
}
