//! The web form in a real browser: headless Chromium driven over the WebDriver HTTP API fills
//! the form with the keyboard only (Tab to each field, type, Space, Enter), makes a PDF, reads
//! it back from the page's blob and checks it names the patient; then axe-core checks the page
//! (no serious or critical finding), and the page is checked at a 200% zoom width.
//!
//! Ignored by default: it needs `apt-get install chromium chromium-driver` and axe-core from
//! npm (`npm install --prefix target/tools axe-core`, or AXE_CORE_JS=/path/axe.min.js). `.ci/run`
//! installs both and runs it with `cargo test --test serve_browser -- --ignored`.

mod serve_support;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve_support::{agent, empty_dir, pdf_text, Server};

const NAME: &str = "Zebulon Quistgaard";

/// chromedriver on a free port, and one browser session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    profile: PathBuf,
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    let a = agent();
    let answer = match (method, body) {
        ("GET", _) => a.get(url).call(),
        ("DELETE", _) => a.delete(url).call(),
        (_, Some(b)) => a
            .post(url)
            .header("Content-Type", "application/json")
            .send(b.to_string().as_bytes()),
        (_, None) => a.post(url).send_empty(),
    };
    let mut r = answer.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = r
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_string()
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert!(
        r.status().is_success(),
        "{method} {url} answered {}: {text}",
        r.status()
    );
    v["value"].clone()
}

impl Browser {
    fn start() -> Browser {
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or("chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed: apt-get install chromium chromium-driver");
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver starts"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // one profile per browser: two browsers on one profile would hand their pages to each other
        let profile = empty_dir(&format!("chromium-profile-{port}"));
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,1000",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()),
                "args": args
            }
        }}});
        let session = call("POST", &format!("{base}/session"), Some(caps));
        let session = session["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver,
            base,
            session,
            profile,
        }
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/session/{}/{rest}", self.base, self.session)
    }

    fn goto(&self, url: &str) {
        call("POST", &self.url("url"), Some(json!({ "url": url })));
    }

    fn run(&self, script: &str, args: Value) -> Value {
        call(
            "POST",
            &self.url("execute/sync"),
            Some(json!({"script": script, "args": args})),
        )
    }

    fn run_async(&self, script: &str) -> Value {
        call(
            "POST",
            &self.url("execute/async"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `script` returns true.
    fn wait_for(&self, what: &str, script: &str) {
        let start = Instant::now();
        while self.run(script, json!([])) != json!(true) {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "timed out: {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses keys (WebDriver key codes for Tab, Space, Enter; characters as themselves).
    fn keys(&self, text: &str) {
        let mut actions = Vec::new();
        for ch in text.chars() {
            actions.push(json!({"type": "keyDown", "value": ch.to_string()}));
            actions.push(json!({"type": "keyUp", "value": ch.to_string()}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        call("POST", &self.url("actions"), Some(body));
    }

    fn focused_id(&self) -> String {
        self.run(
            "return document.activeElement && document.activeElement.id || '';",
            json!([]),
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Tabs forward until the element with `id` has the focus: proves it is reachable.
    fn tab_to(&self, id: &str) {
        for _ in 0..300 {
            if self.focused_id() == id {
                return;
            }
            self.keys(TAB);
        }
        panic!("#{id} cannot be reached with the Tab key");
    }

    fn axe(&self, axe_source: &str) -> Vec<Value> {
        self.run(&format!("{axe_source}\nreturn true;"), json!([]));
        let found = self.run_async(
            "var done = arguments[arguments.length - 1];\
             axe.run(document, {iframes: false, resultTypes: ['violations']}).then(function (r) {\
               done(r.violations.map(function (v) {\
                 return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.html; })};\
               }));\
             }, function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e)}]); });",
        );
        found.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = agent().delete(&self.url("")).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

const TAB: &str = "\u{E004}";
const SPACE: &str = "\u{E00D}";
const ENTER: &str = "\u{E007}";

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/tools/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is needed at {} ({e}): npm install --prefix target/tools axe-core",
            path.display()
        )
    })
}

fn serious(found: &[Value]) -> Vec<&Value> {
    found
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious") | Some("critical")))
        .collect()
}

/// By keyboard: ticks the exercise section, presses the make button, and waits for the PDF to
/// show in the page.
fn tick_a_section_and_make_the_pdf(b: &Browser) {
    b.tab_to("sec-exercise-tips");
    b.keys(SPACE);
    b.tab_to("make");
    b.keys(ENTER);
    b.wait_for(
        "the PDF to show",
        "var f = document.getElementById('preview'); \
         return !document.getElementById('result').hidden && f.src.indexOf('blob:') === 0;",
    );
}

/// Starts a server and a browser on the form at `path`, waits for its lists, and checks the
/// empty form with axe: (axe's source, the server, the browser).
fn open_form(name: &str, path: &str) -> (String, Server, Browser) {
    let axe = axe_source();
    let server = Server::start(name, &[]);
    let b = Browser::start();
    b.goto(&format!("{}{path}", server.url));
    b.wait_for(
        "the sections to load",
        "return document.querySelectorAll('input[name=section]').length > 10 \
         && document.querySelectorAll('input[name=treatment]').length > 10;",
    );
    let found = b.axe(&axe);
    assert!(
        serious(&found).is_empty(),
        "axe on the empty form at {path}: {:#?}",
        serious(&found)
    );
    (axe, server, b)
}

#[test]
#[ignore = "needs chromium, chromium-driver and axe-core (npm); .ci/run installs them"]
fn the_form_works_by_keyboard_makes_the_pdf_and_passes_axe() {
    let (axe, server, b) = open_form("browser", "/");
    let base_px = b.run(
        "return parseFloat(getComputedStyle(document.body).fontSize);",
        json!([]),
    );
    assert!(base_px.as_f64().unwrap() >= 18.0, "base text {base_px} px");

    // keyboard only, from the top of the page
    b.tab_to("name");
    b.keys(NAME);
    b.tab_to("cancer");
    b.keys("b");
    b.tab_to("treat-denosumab");
    b.keys(SPACE);
    b.tab_to("questions");
    b.keys("Can I swim in the sea?");
    b.run(
        "window.scrollTo(0, 0); document.activeElement.blur();",
        json!([]),
    );
    tick_a_section_and_make_the_pdf(&b);
    assert_eq!(
        b.focused_id(),
        "result-heading",
        "the focus moves to the result"
    );
    let state = b.run(
        "return [document.getElementById('cancer').value, \
                 document.getElementById('download').href.indexOf('blob:') === 0, \
                 document.getElementById('print-copy').hidden];",
        json!([]),
    );
    assert_eq!(state, json!(["breast", true, true]), "{state}");
    let bytes = b.run_async(
        "var done = arguments[arguments.length - 1];\
         fetch(document.getElementById('preview').src).then(function (r) { return r.arrayBuffer(); })\
           .then(function (buf) { done(Array.from(new Uint8Array(buf))); }, function (e) { done(String(e)); });",
    );
    let pdf: Vec<u8> = bytes
        .as_array()
        .unwrap_or_else(|| panic!("the blob could not be read: {bytes}"))
        .iter()
        .map(|v| v.as_u64().unwrap() as u8)
        .collect();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains(NAME), "the PDF names the patient: {text}");
    assert!(text.contains("Can I swim in the sea?"), "{text}");
    let after = b.axe(&axe);
    assert!(
        serious(&after).is_empty(),
        "axe with the PDF shown: {:#?}",
        serious(&after)
    );

    // a server problem shows beside its field: a title the server refuses
    b.run(
        "var t = document.getElementById('title'); t.value = ' ';",
        json!([]),
    );
    b.tab_to("make");
    b.keys(ENTER);
    b.wait_for(
        "the title problem",
        "return !document.getElementById('title-error').hidden;",
    );
    assert_eq!(b.focused_id(), "title");

    // 200% zoom: half the width, nothing cut off sideways
    call(
        "POST",
        &b.url("window/rect"),
        Some(json!({"width": 640, "height": 1000})),
    );
    let overflow = b.run(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        json!([]),
    );
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "sideways scrolling at 200%: {overflow} px"
    );
    assert!(!server.log().contains("Zebulon"));
}

#[test]
#[ignore = "needs chromium, chromium-driver and axe-core (npm); .ci/run installs them"]
fn the_form_in_spanish_makes_a_spanish_handout_and_passes_axe() {
    let (_axe, _server, b) = open_form("browser-es", "/?lang=es");
    let state = b.run(
        "return [document.documentElement.lang, document.getElementById('language').value, \
                 document.getElementById('title').value, \
                 document.querySelector('label[for=treat-zoledronic-acid]').textContent, \
                 document.getElementById('make').textContent];",
        json!([]),
    );
    assert_eq!(
        state,
        json!([
            "es",
            "es",
            "Vivir con metástasis en los huesos",
            "Ácido zoledrónico",
            "Preparar el PDF"
        ]),
        "{state}"
    );
    tick_a_section_and_make_the_pdf(&b);
    let said = b.run(
        "return document.getElementById('result-info').textContent;",
        json!([]),
    );
    assert!(
        said.as_str()
            .unwrap()
            .starts_with("Una hoja informativa de "),
        "{said}"
    );
}
