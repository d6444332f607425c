//! The routes and the two layers every request passes: `observe` (outermost: the safety headers
//! on every answer, the metrics, and one log line of method, route, status, time and pages,
//! never a body or a name) and `guard` (host names on loopback, other origins' POSTs, the
//! bearer token).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use super::api::{self, plain_error, Pages};
use super::{catalog, metrics, page, App};

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics_text))
        .route("/api/sections", get(sections))
        .route("/api/presets", get(presets))
        .route("/api/treatments", get(treatments))
        .route("/api/build", post(api::build))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(middleware::from_fn_with_state(app.clone(), observe))
        .with_state(app)
}

async fn not_found() -> Response {
    plain_error(
        StatusCode::NOT_FOUND,
        "there is nothing here",
        "the form is at /; the API is /api/sections, /api/presets, /api/treatments and POST /api/build",
    )
}

async fn metrics_text(State(app): State<Arc<App>>) -> Response {
    let text = app
        .metrics
        .render(app.queue.in_flight(), app.queue.workers, app.queue.queue);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn sections(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let lang = q.get("lang").map(String::as_str).unwrap_or("en");
    match catalog::sections(&app.engine.library, lang) {
        Some(list) => Json(list).into_response(),
        None => no_language(&app, lang),
    }
}

async fn presets(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let lang = q.get("lang").map(String::as_str).unwrap_or("en");
    match catalog::presets(&app.engine.library, lang) {
        Some(list) => Json(list).into_response(),
        None => no_language(&app, lang),
    }
}

fn no_language(app: &App, lang: &str) -> Response {
    plain_error(
        StatusCode::NOT_FOUND,
        &format!("the library has no sections in language `{lang}`"),
        &format!(
            "the languages are: {}",
            catalog::languages(&app.engine.library).join(", ")
        ),
    )
}

/// Treatments and cancer types with their names in `?lang=` (the form's language), English
/// by default.
async fn treatments(Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = q.get("lang").map(String::as_str).unwrap_or("en");
    Json(catalog::treatments_json(lang)).into_response()
}

/// Safety headers, metrics and the log line.
async fn observe(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    // a path the server does not know is logged as "other": a client could put anything there
    let route = metrics::route_label(req.uri().path());
    let mut response = next.run(req).await;
    let pages = response.extensions().get::<Pages>().map_or(0, |p| p.0);
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CACHE_CONTROL, "no-store");
    set(h, header::CONTENT_SECURITY_POLICY, page::CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    app.metrics
        .record(method.as_str(), route, status, seconds, pages);
    eprintln!(
        "{method} {route} {status} {:.1}ms pages={pages}",
        seconds * 1000.0
    );
    response
}

/// Host names, origins and the token.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if app.loopback && !is_loopback_host(host) {
        return plain_error(
            StatusCode::FORBIDDEN,
            "this server answers only to localhost, 127.0.0.1 or [::1]",
            "open http://localhost:PORT/ on the computer the server runs on",
        );
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && from_other_origin(headers, host) {
        return plain_error(
            StatusCode::FORBIDDEN,
            "requests from other web sites are refused",
            "use the form this server serves, or call the API from a program (no Origin header)",
        );
    }
    let path = req.uri().path();
    if let Some(token) = &app.token {
        let needs = path.starts_with("/api/") || path == "/metrics";
        if needs && !bearer_matches(headers, token) {
            let mut r = plain_error(
                StatusCode::UNAUTHORIZED,
                "this server needs its access code",
                "send Authorization: Bearer <token>, the text of the server's --token-file",
            );
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return r;
        }
    }
    next.run(req).await
}

/// Whether a Host header names this computer ("localhost:8700", "127.0.0.1", "[::1]:8700").
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a browser says this request comes from another site: a `Sec-Fetch-Site` other than
/// same-origin, or an `Origin` whose host is not the `Host` asked for. Programs send neither.
fn from_other_origin(headers: &HeaderMap, host: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.to_str(), Ok("same-origin") | Ok("none")) {
            return true;
        }
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => false,
        Some(Err(_)) => true,
        Some(Ok(origin)) => {
            let authority = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            authority.is_none_or(|a| !a.eq_ignore_ascii_case(host))
        }
    }
}

/// Compares the bearer token in constant time.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(sent) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (sent.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_origins() {
        assert!(is_loopback_host("127.0.0.1:8700"));
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("[::1]:8700"));
        assert!(!is_loopback_host("evil.example:8700"));
        assert!(!is_loopback_host(""));
        let mut h = HeaderMap::new();
        assert!(!from_other_origin(&h, "127.0.0.1:8700"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8700"),
        );
        assert!(!from_other_origin(&h, "127.0.0.1:8700"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(from_other_origin(&h, "127.0.0.1:8700"));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(from_other_origin(&h, "127.0.0.1:8700"));
    }

    #[test]
    fn the_token_must_match_exactly() {
        let mut h = HeaderMap::new();
        assert!(!bearer_matches(&h, "secret-secret-secret"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer secret-secret-secret"),
        );
        assert!(bearer_matches(&h, "secret-secret-secret"));
        assert!(!bearer_matches(&h, "secret-secret-secreT"));
        assert!(!bearer_matches(&h, "secret"));
    }
}
