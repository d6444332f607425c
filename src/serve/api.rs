//! `POST /api/build`: a definition as TOML or JSON in, a PDF out. Reads the body within the
//! size limit (413), parses it (400 with line, column and field), refuses file paths, lays the
//! clinic file over it, and builds it on the queue (503 with Retry-After when full or past the
//! time limit). The body, the definition and the PDF live only in memory and are never logged.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::input::{self, Format, InputError};
use super::queue::QueueError;
use super::{clinic, App};
use crate::{BuildOptions, Built, Error};

/// Pages of the PDF an answer carries, for the log line and the metrics.
#[derive(Debug, Clone, Copy)]
pub struct Pages(pub usize);

/// The longest a client may take to send its body (a slow sender holds no worker, but a
/// connection).
const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Builds between two trims of the engine's memoized PDF resources (keeps memory flat).
const TRIM_EVERY_BUILDS: usize = 64;

/// A JSON error answer: `{"error", "line", "column", "help", "field"}`, absent parts left out.
pub fn error(status: StatusCode, e: &InputError) -> Response {
    let mut body = serde_json::Map::new();
    body.insert("error".into(), e.message.clone().into());
    if let Some((line, column)) = e.position {
        body.insert("line".into(), line.into());
        body.insert("column".into(), column.into());
    }
    if let Some(help) = &e.help {
        body.insert("help".into(), help.clone().into());
    }
    if let Some(field) = &e.field {
        body.insert("field".into(), field.clone().into());
    }
    (status, axum::Json(serde_json::Value::Object(body))).into_response()
}

/// A JSON error answer with a message and help only.
pub fn plain_error(status: StatusCode, message: &str, help: &str) -> Response {
    error(
        status,
        &InputError {
            message: message.into(),
            position: None,
            help: (!help.is_empty()).then(|| help.to_string()),
            field: None,
        },
    )
}

/// Which copy of a booklet to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copy {
    Reading,
    Print,
}

pub async fn build(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match build_inner(&app, &query, &headers, body).await {
        Ok(response) => response,
        Err(f) => {
            app.metrics.failure(f.reason);
            let mut response = error(f.status, &f.error);
            if f.status == StatusCode::SERVICE_UNAVAILABLE {
                let retry = app.queue.retry_after_s().to_string();
                if let Ok(v) = HeaderValue::from_str(&retry) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            response
        }
    }
}

/// Why a build request made no PDF: the answer's status, the metrics reason, the message.
struct Failure {
    status: StatusCode,
    reason: &'static str,
    error: InputError,
}

fn input_failure(status: StatusCode, e: &InputError) -> Failure {
    Failure {
        status,
        reason: "input",
        error: e.clone(),
    }
}

fn failure(status: StatusCode, reason: &'static str, message: &str, help: &str) -> Failure {
    Failure {
        status,
        reason,
        error: InputError {
            message: message.into(),
            position: None,
            help: (!help.is_empty()).then(|| help.to_string()),
            field: None,
        },
    }
}

async fn build_inner(
    app: &Arc<App>,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Failure> {
    let copy = read_copy(query)?;
    let format = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_content_type)
        .ok_or_else(|| {
            let status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
            let help = "send Content-Type: application/toml or application/json";
            failure(status, "input", "the body must be TOML or JSON", help)
        })?;
    let text = read_body(app, headers, body).await?;
    let parsed =
        input::parse(format, &text).map_err(|e| input_failure(StatusCode::BAD_REQUEST, &e))?;
    clinic::refuse_paths(&parsed.def)
        .map_err(|e| input_failure(StatusCode::BAD_REQUEST, &parsed.explain(&e)))?;
    let (mut def, explainer) = parsed.into_parts();
    if let Some(c) = &app.clinic {
        c.lay_onto(&mut def);
    }
    if copy == Copy::Print && !def.style.booklet {
        return Err(input_failure(
            StatusCode::BAD_REQUEST,
            &InputError {
                message: "only a booklet has a print copy".into(),
                position: None,
                help: Some("set style.booklet = true, or leave out ?copy=print".into()),
                field: Some("style.booklet".into()),
            },
        ));
    }
    let worker_app = app.clone();
    let delay = app.test_build_delay;
    let result = app
        .queue
        .run(move || {
            if !delay.is_zero() {
                std::thread::sleep(delay);
            }
            let built = worker_app
                .engine
                .build_definition(&def, &BuildOptions::default());
            let n = worker_app.builds.fetch_add(1, Ordering::Relaxed);
            if n % TRIM_EVERY_BUILDS == TRIM_EVERY_BUILDS - 1 {
                worker_app.engine.trim_caches();
            }
            built
        })
        .await;
    answer(app, result, copy, &explainer)
}

/// The answer to a finished (or refused) build.
fn answer(
    app: &App,
    result: Result<Result<Built, Error>, QueueError>,
    copy: Copy,
    explainer: &input::Explainer,
) -> Result<Response, Failure> {
    match result {
        Ok(Ok(built)) => Ok(pdf_response(built, copy)),
        Ok(Err(Error::Definition(e))) => Err(input_failure(
            StatusCode::BAD_REQUEST,
            &explainer.explain(&e),
        )),
        Ok(Err(Error::Layout { error, .. })) => Err(input_failure(
            StatusCode::BAD_REQUEST,
            &InputError {
                message: error.to_string(),
                position: None,
                help: None,
                field: None,
            },
        )),
        Ok(Err(_)) | Err(QueueError::Crashed) => {
            let status = StatusCode::INTERNAL_SERVER_ERROR;
            let help = "the server could not finish this handout; tell whoever runs it";
            Err(failure(status, "server", "the build failed", help))
        }
        Err(QueueError::Full) => {
            let status = StatusCode::SERVICE_UNAVAILABLE;
            let help = "every worker is busy and the queue is full; try again shortly";
            Err(failure(status, "busy", "the server is busy", help))
        }
        Err(QueueError::TimedOut) => {
            let status = StatusCode::SERVICE_UNAVAILABLE;
            let message = format!(
                "the build took longer than the limit of {} s",
                app.queue.time_limit.as_secs()
            );
            let help = "try again shortly; a shorter handout builds faster";
            Err(failure(status, "timeout", &message, help))
        }
    }
}

fn read_copy(query: &HashMap<String, String>) -> Result<Copy, Failure> {
    let bad = |message: String| {
        let status = StatusCode::BAD_REQUEST;
        let help = "the only parameter is ?copy=print (a booklet's print copy) or ?copy=reading";
        Err(failure(status, "input", &message, help))
    };
    if let Some(other) = query.keys().find(|k| k.as_str() != "copy") {
        return bad(format!("unknown parameter `{other}`"));
    }
    match query.get("copy").map(String::as_str) {
        None | Some("reading") => Ok(Copy::Reading),
        Some("print") => Ok(Copy::Print),
        Some(other) => bad(format!("copy={other} is not a copy")),
    }
}

/// The body as text, within the size limit.
async fn read_body(app: &App, headers: &HeaderMap, body: Body) -> Result<String, Failure> {
    let limit = app.max_body_bytes;
    let too_large = || {
        let status = StatusCode::PAYLOAD_TOO_LARGE;
        let message = format!("the definition is larger than {} KiB", limit / 1024);
        let help = "send one handout per request; a definition is a few KiB";
        failure(status, "input", &message, help)
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let bytes = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| {
            let status = StatusCode::REQUEST_TIMEOUT;
            let help = "send the whole definition at once";
            failure(status, "input", "the body took too long to arrive", help)
        })?
        .map_err(|_| too_large())?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let status = StatusCode::BAD_REQUEST;
        let message = format!(
            "the body is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        );
        failure(status, "input", &message, "save the definition as UTF-8")
    })
}

/// The build's warnings as a JSON list in plain ASCII (a header holds no other bytes), without
/// the "request.toml: " the messages start with.
fn warnings_header(warnings: &[String]) -> String {
    let prefix = format!("{}: ", input::REQUEST_NAME);
    let list: Vec<&str> = warnings
        .iter()
        .map(|w| w.strip_prefix(&prefix).unwrap_or(w))
        .collect();
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        if ch.is_ascii() && !ch.is_ascii_control() {
            out.push(ch);
        } else {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn pdf_response(built: Built, copy: Copy) -> Response {
    let pages = built.pages;
    let (pdf, name) = match (copy, built.print_pdf) {
        (Copy::Print, Some(print)) => (print, "booklet-print.pdf"),
        (_, Some(_)) => (built.pdf, "booklet.pdf"),
        (_, None) => (built.pdf, "handout.pdf"),
    };
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            (
                header::HeaderName::from_static("x-handout-pages"),
                pages.to_string(),
            ),
            (
                header::HeaderName::from_static("x-handout-warnings"),
                warnings_header(&built.warnings),
            ),
        ],
        pdf,
    )
        .into_response();
    response.extensions_mut().insert(Pages(pages));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_travel_as_ascii_json() {
        let h = warnings_header(&["request.toml: no after-hours number for Andrés".into()]);
        assert_eq!(h, "[\"no after-hours number for Andr\\u00e9s\"]");
        let back: Vec<String> = serde_json::from_str(&h).unwrap();
        assert_eq!(back, ["no after-hours number for Andrés"]);
        assert!(HeaderValue::from_str(&h).is_ok());
    }
}
