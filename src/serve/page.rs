//! The web form: one HTML page, its style sheet and a little plain JavaScript, embedded in the
//! binary (no build step, nothing fetched from elsewhere), and the strict Content-Security-Policy
//! every answer carries: scripts and styles only from this server, no inline script, the PDF
//! shown from a `blob:` URL in a frame. The page is in the language of `?lang=`, else the
//! browser's first language the form speaks, else English; its words come from
//! `handouts/locale/page/` (see [`super::words`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Query;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::words::{languages, words};

/// The page with `{{key}}` slots for its words.
const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// The policy: nothing by default; this server's own script, style and API; the PDF from the
/// blob the script made; no framing of the page by others.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self' blob:; frame-src blob:; object-src blob:; img-src 'self' blob:; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub async fn index(Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let lang = page_language(q.get("lang").map(String::as_str), accept);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_LANGUAGE, lang),
            (header::VARY, "Accept-Language"),
        ],
        rendered(lang),
    )
        .into_response()
}

/// The page's language: `?lang=` if the form speaks it, else the first language of the
/// browser's list (not refused with q=0) that it speaks, else English.
fn page_language(query: Option<&str>, accept_language: &str) -> &'static str {
    let spoken = |tag: &str| {
        let primary = tag.trim().split('-').next().unwrap_or("");
        languages().find(|l| l.eq_ignore_ascii_case(primary))
    };
    if let Some(l) = query.and_then(spoken) {
        return l;
    }
    accept_language
        .split(',')
        .filter(|part| {
            let q = part.split(';').find_map(|p| p.trim().strip_prefix("q="));
            q.is_none_or(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0))
        })
        .find_map(|part| spoken(part.split(';').next().unwrap_or("")))
        .unwrap_or("en")
}

/// The page in `lang`, filled once per process.
fn rendered(lang: &'static str) -> &'static str {
    static PAGES: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let pages = PAGES.get_or_init(|| languages().map(|l| (l, render(l))).collect());
    pages
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(pages[0].1.as_str(), |(_, p)| p.as_str())
}

/// Fills the page's slots with `lang`'s words. A slot the words file lacks is a bug a test
/// catches; it is left visible rather than hidden.
fn render(lang: &str) -> String {
    let w = words(lang);
    let titles: serde_json::Map<String, serde_json::Value> = languages()
        .map(|l| (l.to_string(), json!(words(l).page["default_title"])))
        .collect();
    let mut script = json!(w.script);
    script["titles"] = serde_json::Value::Object(titles);
    script["lang"] = json!(lang);
    let links: String = languages()
        .filter(|l| *l != lang)
        .map(|l| {
            format!(
                "<li><a href=\"/?lang={l}\" lang=\"{l}\" hreflang=\"{l}\">{}</a></li>",
                escape(&words(l).page["language_name"])
            )
        })
        .collect();
    let mut out = String::with_capacity(INDEX_HTML.len() + 2048);
    let mut rest = INDEX_HTML;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let key = &rest[start + 2..start + len];
        match key {
            "lang" => out.push_str(lang),
            "script_words" => out.push_str(&escape(&script.to_string())),
            "language_links" => out.push_str(&links),
            _ => match w.page.get(key) {
                Some(text) => out.push_str(&bold(&escape(text))),
                None => out.push_str(&rest[start..start + len + 2]),
            },
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Text made safe inside an element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `**words**` (in escaped text) as bold.
fn bold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, piece) in text.split("**").enumerate() {
        if i % 2 == 1 {
            out.push_str("<strong>");
            out.push_str(piece);
            out.push_str("</strong>");
        } else {
            out.push_str(piece);
        }
    }
    out
}

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}

pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_is_filled_in_every_language() {
        for lang in languages() {
            let page = render(lang);
            assert!(!page.contains("{{"), "{lang}: a slot is left: {page}");
            assert!(page.contains(&format!("<html lang=\"{lang}\">")));
            assert!(page.contains(&escape(&words(lang).page["heading"])));
        }
        assert!(render("es").contains("<strong>Preparar el PDF</strong>"));
        assert!(render("es").contains("href=\"/?lang=en\" lang=\"en\""));
    }

    #[test]
    fn the_language_comes_from_the_query_then_the_browser() {
        assert_eq!(page_language(Some("es"), "en-US"), "es");
        assert_eq!(page_language(Some("xx"), "es-MX,es;q=0.9"), "es");
        assert_eq!(page_language(None, "fr-FR, es;q=0.8, en;q=0.5"), "es");
        assert_eq!(page_language(None, "es;q=0, en"), "en");
        assert_eq!(page_language(None, ""), "en");
    }

    #[test]
    fn the_page_has_no_inline_script_or_style_and_loads_nothing_from_elsewhere() {
        let page = &render("es");
        assert!(!page.contains("<script>"));
        assert!(!page.contains("style="));
        let handler = page.split(" on").skip(1).any(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(!handler, "no inline event handlers");
        assert!(!page.contains("http:") && !page.contains("https:"));
        assert!(!APP_CSS.contains("url(") && !APP_CSS.contains("@import"));
        assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    }
}
