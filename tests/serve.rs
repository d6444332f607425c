//! `handout serve` from the outside: the built binary on a free port, every endpoint, every
//! error code, the safety headers, nothing written to disk, no patient name in the log,
//! graceful SIGTERM, and 200 concurrent requests with memory flat.

mod serve_support;

use std::time::{Duration, Instant};

use serve_support::{get, pdf_text, post, repo_file, Server};

const TOML: &str = "application/toml";
const JSON: &str = "application/json";
/// A name no library text holds, to look for in the PDF and in the log.
const NAME: &str = "Zebulon Quistgaard";

fn small_toml() -> String {
    "title = \"Strong Bones\"\n[patient]\nname = \"Zebulon Quistgaard\"\n[[section]]\nuse = \"exercise-tips\"\n".into()
}

/// Waits until the server has `n` builds running or waiting (from /metrics).
fn wait_in_flight(s: &Server, n: usize) {
    let start = Instant::now();
    let want = format!("handout_builds_in_flight {n}\n");
    while !get(&format!("{}/metrics", s.url), &[])
        .text()
        .contains(&want)
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no build in flight"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_safe_headers(a: &serve_support::Answer, what: &str) {
    assert_eq!(a.header("cache-control"), Some("no-store"), "{what}");
    let csp = a.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{what}: {csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
}

#[test]
fn every_get_endpoint_answers_with_the_safety_headers() {
    let s = Server::start("get", &[]);
    let page = get(&format!("{}/", s.url), &[]);
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().contains("Make the PDF") && page.text().contains("<label for=\"name\">"));
    assert_safe_headers(&page, "/");
    for (path, kind, holds) in [
        ("/app.js", "text/javascript", "/api/build"),
        ("/app.css", "text/css", "font-size"),
        ("/healthz", "text/plain", "ok"),
    ] {
        let a = get(&format!("{}{path}", s.url), &[]);
        assert_eq!(a.status, 200, "{path}");
        assert!(
            a.header("content-type").unwrap().starts_with(kind),
            "{path}"
        );
        assert!(a.text().contains(holds), "{path}");
        assert_safe_headers(&a, path);
    }
    assert_eq!(get(&format!("{}/healthz", s.url), &[]).text(), "ok");

    let sections = get(&format!("{}/api/sections?lang=en", s.url), &[]);
    assert_eq!(sections.status, 200);
    assert_safe_headers(&sections, "/api/sections");
    let list = sections.json()["sections"].as_array().unwrap().clone();
    assert!(list.len() > 10);
    let jaw = list.iter().find(|s| s["id"] == "jaw-care").unwrap();
    assert!(jaw["title"].is_string() && jaw["summary"].is_string());
    assert!(
        jaw["applies_when"]
            .as_str()
            .unwrap()
            .starts_with("Only for"),
        "{jaw}"
    );
    assert!(list.iter().any(|s| s["applies_when"].is_null()));
    let es = get(&format!("{}/api/sections?lang=es", s.url), &[]).json();
    assert_eq!(es["language"], "es");
    assert_eq!(es["sections"].as_array().unwrap().len(), list.len());
    let es_presets = get(&format!("{}/api/presets?lang=es", s.url), &[]);
    assert_eq!(es_presets.status, 200);
    let none = get(&format!("{}/api/sections?lang=xx", s.url), &[]);
    assert_eq!(none.status, 404);
    assert!(none.json()["help"].as_str().unwrap().contains("en"));

    let presets = get(&format!("{}/api/presets", s.url), &[]).json();
    let bone = presets["presets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "bone-health")
        .unwrap()
        .clone();
    assert!(bone["sections"].as_array().unwrap().len() >= 4);
    let treatments = get(&format!("{}/api/treatments", s.url), &[]).json();
    assert!(treatments["groups"].as_array().unwrap().len() >= 4);
    // the form in Spanish: asked for, or the browser's first language; its lists' names too
    for (path, headers) in [
        ("/?lang=es", vec![]),
        ("/", vec![("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")]),
    ] {
        let es_page = get(&format!("{}{path}", s.url), &headers);
        assert_eq!(es_page.status, 200, "{path}");
        let text = es_page.text();
        assert!(text.contains("<html lang=\"es\">"), "{path}");
        assert!(
            text.contains("Preparar el PDF") && !text.contains("Make the PDF"),
            "{path}"
        );
        assert!(!text.contains("{{"), "{path}");
        assert_safe_headers(&es_page, path);
    }
    let es_jaw = es["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "jaw-care")
        .unwrap()
        .clone();
    assert!(
        es_jaw["applies_when"]
            .as_str()
            .unwrap()
            .starts_with("Solo para"),
        "{es_jaw}"
    );
    let es_treatments = get(&format!("{}/api/treatments?lang=es", s.url), &[]).json();
    assert!(es_treatments.to_string().contains("Ácido zoledrónico"));
    assert!(treatments["cancers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "breast"));

    let missing = get(&format!("{}/no/such/page", s.url), &[]);
    assert_eq!(missing.status, 404);
    assert_safe_headers(&missing, "404");
    let metrics = get(&format!("{}/metrics", s.url), &[]);
    assert_eq!(metrics.status, 200);
    let text = metrics.text();
    assert!(
        text.contains("# TYPE handout_requests_total counter"),
        "{text}"
    );
    assert!(text.contains(
        "handout_requests_total{route=\"/api/presets\",method=\"GET\",status=\"200\"} 2"
    ));
    assert!(
        text.contains("handout_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1")
    );
    assert!(
        text.contains("handout_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 2")
    );
    assert!(!text.contains("no/such"), "unknown paths are not labels");
}

#[test]
fn toml_and_json_make_the_same_pdf_with_the_patients_name() {
    let s = Server::start("build", &[]);
    let url = format!("{}/api/build", s.url);
    let a = post(&url, TOML, small_toml().as_bytes(), &[]);
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("content-type"), Some("application/pdf"));
    assert_safe_headers(&a, "build");
    assert!(a.body.starts_with(b"%PDF-"));
    let pages: usize = a.header("x-handout-pages").unwrap().parse().unwrap();
    assert!(pages >= 1);
    let text = pdf_text(&a.body);
    assert!(text.contains(NAME), "the PDF names the patient: {text}");
    let json = r#"{"title": "Strong Bones", "patient": {"name": "Zebulon Quistgaard", "cancer": null},
                   "section": [{"use": "exercise-tips"}]}"#;
    let b = post(&url, JSON, json.as_bytes(), &[]);
    assert_eq!(b.status, 200, "{}", b.text());
    assert!(
        a.body == b.body,
        "the same definition as TOML and JSON gives the same bytes"
    );

    let spanish = r#"{"title": "Su plan", "language": "es", "patient": {"name": "Zebulon Quistgaard"},
                      "section": [{"use": "exercise-tips"}]}"#;
    let es = post(&url, JSON, spanish.as_bytes(), &[]);
    assert_eq!(es.status, 200, "{}", es.text());
    let es_text = pdf_text(&es.body);
    assert!(
        es_text.contains(NAME) && es_text.contains("Página 1"),
        "{es_text}"
    );

    let example = repo_file("handouts/examples/bone-health-basics.toml");
    let c = post(
        &url,
        "application/toml; charset=utf-8",
        example.as_bytes(),
        &[],
    );
    assert_eq!(c.status, 200);
    assert!(pdf_text(&c.body).contains("Riverside Cancer Center"));

    // a booklet: the reading copy, or the print copy with ?copy=print
    let booklet = format!("{}\n[style]\nbooklet = true\n", small_toml());
    let reading = post(&url, TOML, booklet.as_bytes(), &[]);
    let print = post(&format!("{url}?copy=print"), TOML, booklet.as_bytes(), &[]);
    assert_eq!((reading.status, print.status), (200, 200));
    assert!(reading.body != print.body);
    assert!(print
        .header("content-disposition")
        .unwrap()
        .contains("booklet-print.pdf"));
    let handout_print = post(
        &format!("{url}?copy=print"),
        TOML,
        small_toml().as_bytes(),
        &[],
    );
    assert_eq!(handout_print.status, 400);
    assert_eq!(handout_print.json()["field"], "style.booklet");
    assert_eq!(
        post(&format!("{url}?copy=both"), TOML, booklet.as_bytes(), &[]).status,
        400
    );

    // the build's warnings travel in a header, as a JSON list
    let urgent = "title = \"T\"\n[[section]]\nuse = \"spinal-cord-compression\"\n";
    let w = post(&url, TOML, urgent.as_bytes(), &[]);
    let warnings: Vec<String> =
        serde_json::from_str(w.header("x-handout-warnings").unwrap()).unwrap();
    assert!(
        warnings.iter().any(|w| w.contains("after_hours")),
        "{warnings:?}"
    );
    assert_eq!(
        c.header("x-handout-warnings"),
        Some("[]"),
        "the example has its numbers"
    );

    let log = s.log();
    assert!(log.contains("POST /api/build 200"), "{log}");
    assert!(log.contains(&format!("pages={pages}")), "{log}");
    assert!(
        !log.contains("Zebulon") && !log.contains("Strong Bones"),
        "{log}"
    );
}

#[test]
fn bad_requests_get_400_with_line_column_and_field() {
    let s = Server::start("errors", &["--max-body-kib", "2"]);
    let url = format!("{}/api/build", s.url);
    let syntax = post(
        &url,
        TOML,
        b"title = \"T\"\n[[section]]\nuse = exercise\n",
        &[],
    );
    assert_eq!(syntax.status, 400);
    assert_safe_headers(&syntax, "400");
    let e = syntax.json();
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64().is_some()),
        (Some(3), true),
        "{e}"
    );
    assert!(e["error"].is_string());

    let unknown = post(
        &url,
        TOML,
        b"title = \"T\"\n\n[[section]]\nuse = \"exercise-tip\"\n",
        &[],
    );
    let e = unknown.json();
    assert_eq!((unknown.status, e["line"].as_u64()), (400, Some(4)), "{e}");
    assert_eq!(e["field"], "section.0.use");
    assert!(e["help"].as_str().unwrap().contains("exercise-tips"), "{e}");

    let json_syntax = post(&url, JSON, b"{\"title\": \"T\",\n  \"section\": [}", &[]);
    let e = json_syntax.json();
    assert_eq!(
        (json_syntax.status, e["line"].as_u64()),
        (400, Some(2)),
        "{e}"
    );
    let json_unknown = post(
        &url,
        JSON,
        b"{\"title\": \"T\",\n \"patient\": {\"treatments\": [\"zoledronic\"]},\n \"section\": [{\"use\": \"jaw-care\"}]}",
        &[],
    );
    let e = json_unknown.json();
    assert_eq!(json_unknown.status, 400, "{e}");
    assert_eq!(e["field"], "patient.treatments.0", "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(29)),
        "{e}"
    );

    let logo = post(
        &url,
        TOML,
        b"title = \"T\"\n[clinic]\nlogo = \"/etc/hostname\"\n[[section]]\nuse = \"exercise-tips\"\n",
        &[],
    );
    let e = logo.json();
    assert_eq!((logo.status, e["line"].as_u64()), (400, Some(3)), "{e}");
    assert!(e["error"].as_str().unwrap().contains("may not name a file"));
    let json_logo = post(
        &url,
        JSON,
        br#"{"title":"T","clinic":{"logo":"x.png"},"section":[{"use":"exercise-tips"}]}"#,
        &[],
    );
    assert_eq!(
        (json_logo.status, json_logo.json()["field"].as_str()),
        (400, Some("clinic.logo"))
    );

    assert_eq!(post(&url, JSON, b"[1, 2]", &[]).status, 400);
    // odd bodies are refused in words, never crash the server
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let odd: [(&str, &[u8]); 7] = [
        (JSON, deep.as_bytes()),
        (JSON, b"{\"title\": 1e999999}"),
        (JSON, b"{\"title\": \"T\", \"section\": [null]}"),
        (
            JSON,
            b"{\"patient.name\": \"x\", \"title\": \"T\", \"preset\": \"bone-health\"}",
        ),
        (TOML, b"title = \"T\"\npreset = \"bone\"\n"),
        (TOML, b"\x00\x01"),
        (JSON, b""),
    ];
    for (kind, body) in odd {
        let a = post(&url, kind, body, &[]);
        assert_eq!(a.status, 400, "{}", String::from_utf8_lossy(body));
        assert!(a.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let preset = post(&url, TOML, b"title = \"T\"\npreset = \"bone\"\n", &[]).json();
    assert_eq!(
        (preset["field"].as_str(), preset["line"].as_u64()),
        (Some("preset"), Some(2))
    );
    assert_eq!(get(&format!("{}/healthz", s.url), &[]).text(), "ok");
    assert_eq!(post(&url, TOML, &[0xff, 0xfe, 0x00], &[]).status, 400);
    let wrong_type = post(&url, "text/plain", small_toml().as_bytes(), &[]);
    assert_eq!(wrong_type.status, 415);
    let big = format!("{}# {}\n", small_toml(), "x".repeat(4096));
    let too_large = post(&url, TOML, big.as_bytes(), &[]);
    assert_eq!(too_large.status, 413);
    assert!(too_large.json()["error"]
        .as_str()
        .unwrap()
        .contains("2 KiB"));
    assert_eq!(get(&url, &[]).status, 405);
}

#[test]
fn other_origins_and_host_names_are_refused() {
    let s = Server::start("origin", &[]);
    let url = format!("{}/api/build", s.url);
    let host = s.url.trim_start_matches("http://").to_string();
    let body = small_toml();
    let evil = post(
        &url,
        TOML,
        body.as_bytes(),
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(evil.status, 403);
    assert_safe_headers(&evil, "403");
    let site = post(
        &url,
        TOML,
        body.as_bytes(),
        &[("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(site.status, 403);
    let same = format!("http://{host}");
    let ok = post(
        &url,
        TOML,
        body.as_bytes(),
        &[("Origin", &same), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(ok.status, 200);
    // DNS rebinding: a loopback server answers only to loopback names
    let rebound = get(
        &format!("{}/api/presets", s.url),
        &[("Host", "evil.example")],
    );
    assert_eq!(rebound.status, 403);
}

#[test]
fn a_token_file_guards_the_api_and_other_addresses_need_one() {
    let dir = serve_support::empty_dir("token-file");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "s3cret-token-for-the-tests\n").unwrap();
    let s = Server::start("token", &["--token-file", token_file.to_str().unwrap()]);
    let presets = format!("{}/api/presets", s.url);
    let denied = get(&presets, &[]);
    assert_eq!(denied.status, 401);
    assert_eq!(denied.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        get(
            &presets,
            &[("Authorization", "Bearer wrong-token-wrong-token")]
        )
        .status,
        401
    );
    let auth = ("Authorization", "Bearer s3cret-token-for-the-tests");
    assert_eq!(get(&presets, &[auth]).status, 200);
    assert_eq!(get(&format!("{}/metrics", s.url), &[]).status, 401);
    let build = format!("{}/api/build", s.url);
    assert_eq!(post(&build, TOML, small_toml().as_bytes(), &[]).status, 401);
    assert_eq!(
        post(&build, TOML, small_toml().as_bytes(), &[auth]).status,
        200
    );
    assert_eq!(
        get(&format!("{}/", s.url), &[]).status,
        200,
        "the page itself holds no data"
    );
    assert_eq!(get(&format!("{}/healthz", s.url), &[]).status, 200);

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let msg = String::from_utf8_lossy(&refused.stderr);
    assert!(
        msg.contains("--token-file") && msg.contains("health information"),
        "{msg}"
    );
    std::fs::write(&token_file, "short\n").unwrap();
    let weak = std::process::Command::new(env!("CARGO_BIN_EXE_handout"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token-file",
            token_file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!weak.status.success());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_clinic_file_is_laid_onto_every_request() {
    let dir = serve_support::empty_dir("clinic-file");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/images/riverside-logo.png"),
        dir.join("logo.png"),
    )
    .unwrap();
    let clinic = dir.join("clinic.toml");
    std::fs::write(
        &clinic,
        "name = \"Harbourview Oncology\"\nphone = \"555-777-1000\"\nafter_hours = \"555-777-1999\"\nlogo = \"logo.png\"\n",
    )
    .unwrap();
    let s = Server::start("clinic", &["--clinic", clinic.to_str().unwrap()]);
    let body = "title = \"T\"\n[clinic]\nname = \"Typed By Staff\"\n[[section]]\nuse = \"exercise-tips\"\n";
    let a = post(&format!("{}/api/build", s.url), TOML, body.as_bytes(), &[]);
    assert_eq!(a.status, 200, "{}", a.text());
    let text = pdf_text(&a.body);
    assert!(
        text.contains("Harbourview Oncology") && !text.contains("Typed By Staff"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_full_queue_answers_503_with_retry_after_and_a_slow_build_is_stopped() {
    let s = Server::start(
        "busy",
        &[
            "--workers",
            "1",
            "--queue",
            "0",
            "--test-build-delay-ms",
            "1500",
        ],
    );
    let url = format!("{}/api/build", s.url);
    let first = {
        let url = url.clone();
        std::thread::spawn(move || post(&url, TOML, small_toml().as_bytes(), &[]))
    };
    wait_in_flight(&s, 1);
    let busy = post(&url, TOML, small_toml().as_bytes(), &[]);
    assert_eq!(busy.status, 503, "{}", busy.text());
    let retry: u64 = busy.header("retry-after").unwrap().parse().unwrap();
    assert!(retry >= 1);
    assert_eq!(first.join().unwrap().status, 200);
    let metrics = get(&format!("{}/metrics", s.url), &[]).text();
    assert!(
        metrics.contains("handout_build_failures_total{reason=\"busy\"} 1"),
        "{metrics}"
    );

    let slow = Server::start(
        "slow",
        &["--build-timeout-s", "1", "--test-build-delay-ms", "2500"],
    );
    let a = post(
        &format!("{}/api/build", slow.url),
        TOML,
        small_toml().as_bytes(),
        &[],
    );
    assert_eq!(a.status, 503);
    assert!(a.header("retry-after").is_some());
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("longer than the limit of 1 s"));
}

#[test]
fn nothing_is_written_to_disk_and_no_name_is_logged() {
    let s = Server::start("disk", &[]);
    let url = format!("{}/api/build", s.url);
    let json = r#"{"title": "Strong Bones", "patient": {"name": "Zebulon Quistgaard", "treatments": ["denosumab"]},
                   "style": {"booklet": true}, "section": [{"use": "questions-for-your-doctor", "add_questions": ["Can Zebulon swim?"]}]}"#;
    assert_eq!(post(&url, JSON, json.as_bytes(), &[]).status, 200);
    assert_eq!(
        post(&format!("{url}?copy=print"), JSON, json.as_bytes(), &[]).status,
        200
    );
    assert_eq!(
        post(
            &url,
            TOML,
            b"title = \"Zebulon\"\n[[section]]\nuse = 1\n",
            &[]
        )
        .status,
        400
    );
    let _ = get(&format!("{}/api/sections", s.url), &[]);
    assert!(s.files_written().is_empty(), "{:?}", s.files_written());
    let log = s.log();
    assert!(
        !log.contains("Zebulon") && !log.contains("swim") && !log.contains("%PDF"),
        "{log}"
    );
    assert!(
        log.lines()
            .filter(|l| l.starts_with("POST /api/build"))
            .count()
            == 3,
        "{log}"
    );
}

#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    let mut s = Server::start("sigterm", &["--test-build-delay-ms", "1500"]);
    let url = format!("{}/api/build", s.url);
    let in_flight = std::thread::spawn(move || post(&url, TOML, small_toml().as_bytes(), &[]));
    wait_in_flight(&s, 1);
    // SAFETY: kill(2) on the pid of the child this test started.
    let sent = unsafe { libc::kill(s.pid() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(sent, 0);
    let answer = in_flight.join().unwrap();
    assert_eq!(answer.status, 200, "the request in flight was answered");
    assert!(answer.body.starts_with(b"%PDF-"));
    let start = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "serve stops after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(s.log().contains("stopping"), "{}", s.log());
}

#[test]
fn two_hundred_concurrent_requests_are_answered_with_memory_flat() {
    let s = Server::start("load", &["--queue", "256"]);
    let url = format!("{}/api/build", s.url);
    let round = |n: usize| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || post(&url, TOML, small_toml().as_bytes(), &[]))
            })
            .collect();
        let answers: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let bad: Vec<_> = answers
            .iter()
            .filter(|a| a.status != 200)
            .map(|a| a.status)
            .collect();
        assert!(bad.is_empty(), "failed answers: {bad:?}");
        let first = &answers[0].body;
        assert!(
            answers.iter().all(|a| &a.body == first),
            "same request, same bytes"
        );
    };
    round(200);
    let after_first = s.rss_kib();
    round(200);
    let after_second = s.rss_kib();
    round(200);
    let after_third = s.rss_kib();
    eprintln!(
        "VmRSS after 200: {after_first} KiB, 400: {after_second} KiB, 600: {after_third} KiB"
    );
    let growth = after_third.saturating_sub(after_first);
    assert!(
        growth < after_first / 5 + 8 * 1024,
        "memory grew from {after_first} KiB to {after_third} KiB over 400 more requests"
    );
}
