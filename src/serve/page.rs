//! The web form: one HTML page, its style sheet and a little plain JavaScript, embedded in the
//! binary (no build step, nothing fetched from elsewhere), and the strict Content-Security-Policy
//! every answer carries: scripts and styles only from this server, no inline script, the PDF
//! shown from a `blob:` URL in a frame.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// The policy: nothing by default; this server's own script, style and API; the PDF from the
/// blob the script made; no framing of the page by others.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self' blob:; frame-src blob:; object-src blob:; img-src 'self' blob:; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INDEX_HTML,
    )
        .into_response()
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
    fn the_page_has_no_inline_script_or_style_and_loads_nothing_from_elsewhere() {
        assert!(!INDEX_HTML.contains("<script>"));
        assert!(!INDEX_HTML.contains("style="));
        let handler = INDEX_HTML.split(" on").skip(1).any(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(!handler, "no inline event handlers");
        assert!(!INDEX_HTML.contains("http:") && !INDEX_HTML.contains("https:"));
        assert!(!APP_CSS.contains("url(") && !APP_CSS.contains("@import"));
        assert!(INDEX_HTML.contains("<script src=\"/app.js\" defer></script>"));
    }
}
