//! Markdown links: the address printed after a link's words (paper cannot be clicked) and the
//! address a PDF link may open.

use std::sync::Arc;

/// What a link prints after its text: the number or address, since paper cannot be clicked.
pub(super) fn link_address(dest: &str) -> String {
    let dest = dest.trim();
    for scheme in ["tel:", "mailto:", "sms:"] {
        let head = dest.get(..scheme.len()).unwrap_or_default();
        if dest.len() > scheme.len() && head.eq_ignore_ascii_case(scheme) {
            return dest[scheme.len()..].to_string();
        }
    }
    dest.to_string()
}

/// The schemes a link annotation may open: the web, mail and the phone. Others (a file, a
/// script, a relative path) print their address but are not made clickable.
const LINK_SCHEMES: &[&str] = &["http://", "https://", "mailto:", "tel:"];

/// The address a PDF link may open, or None: one of [`LINK_SCHEMES`] with something after it,
/// written in printable ASCII (a PDF URI is 7-bit ASCII; a space or control character would make
/// the link unreliable).
pub(super) fn followable_uri(dest: &str) -> Option<Arc<str>> {
    let dest = dest.trim();
    let scheme = LINK_SCHEMES.iter().find(|s| {
        let head = dest.get(..s.len()).unwrap_or_default();
        dest.len() > s.len() && head.eq_ignore_ascii_case(s)
    })?;
    let rest = &dest[scheme.len()..];
    let printable = dest.bytes().all(|b| b.is_ascii_graphic());
    (printable && !rest.trim_start_matches('/').is_empty()).then(|| Arc::from(dest))
}

#[cfg(test)]
mod tests {
    use crate::document::{plain_text, Block};
    use crate::markup::parse;

    #[test]
    fn links_print_their_address_once() {
        let text = |md: &str| match &parse(md).unwrap()[0] {
            Block::Paragraph(i) => plain_text(i),
            other => panic!("{other:?}"),
        };
        assert_eq!(text("Call [us](tel:555-0100)."), "Call us (555-0100).");
        assert_eq!(text("Mail [me](mailto:a@b.org)"), "Mail me (a@b.org)");
        assert_eq!(text("See <https://x.org/a>"), "See https://x.org/a");
        assert_eq!(text("Call [555-0100](tel:555-0100)"), "Call 555-0100");
    }

    #[test]
    fn web_mail_and_phone_links_carry_their_address_with_the_printed_one() {
        let runs = |md: &str| match &parse(md).unwrap()[0] {
            Block::Paragraph(i) => i
                .iter()
                .map(|s| (s.text.clone(), s.link.as_deref().map(str::to_string)))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        let link = |t: &str, uri: &str| (t.to_string(), Some(uri.to_string()));
        assert_eq!(
            runs("Call [us](tel:555-0100) now"),
            [
                ("Call ".to_string(), None),
                link("us (555-0100)", "tel:555-0100"),
                (" now".to_string(), None)
            ]
        );
        assert_eq!(
            runs("[**Bold** site](HTTPS://x.org)"),
            [
                link("Bold", "HTTPS://x.org"),
                link(" site (HTTPS://x.org)", "HTTPS://x.org")
            ]
        );
        assert_eq!(
            runs("<mailto:a@b.org>")[0].1.as_deref(),
            Some("mailto:a@b.org")
        );
        for md in [
            "[x](file:///etc/passwd)",
            "[x](javascript:alert(1))",
            "[x](page.html)",
            "[x](https://)",
            "[x](https://ex\u{e4}mple.org)",
            "[x](a\u{e9}\u{e9}\u{e9})",
        ] {
            assert!(runs(md).iter().all(|(_, l)| l.is_none()), "{md}");
        }
    }
}
