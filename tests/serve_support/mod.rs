//! Starting `handout serve` for the tests: the built binary on a free port (port 0), with its
//! working folder, HOME and TMPDIR in empty temporary folders (so a test can check that nothing
//! was written), its log collected, and the address read from its first line of output.

#![allow(dead_code)]

#[path = "../common/pdf_read.rs"]
mod pdf_read;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

pub struct Server {
    pub child: Child,
    /// "http://127.0.0.1:PORT"
    pub url: String,
    /// Holds cwd/, home/ and tmp/, the server's only folders.
    pub root: PathBuf,
    log: Arc<Mutex<String>>,
}

/// A fresh empty folder.
pub fn empty_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("handout-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Server {
    pub fn start(name: &str, args: &[&str]) -> Server {
        let root = empty_dir(name);
        for d in ["cwd", "home", "tmp"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(root.join("cwd"))
            .env("HOME", root.join("home"))
            .env("TMPDIR", root.join("tmp"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the handout binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let mut reader = BufReader::new(stdout);
            let _ = reader.read_line(&mut first);
            let _ = tx.send(first);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address within a minute");
        let start = first.find("http://").unwrap_or_else(|| {
            panic!(
                "no address in the first line {first:?}; log: {}",
                log.lock().unwrap()
            )
        });
        let url = first[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            url,
            root,
            log,
        }
    }

    /// What the server has written to standard error so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }

    /// Files anywhere under the server's cwd, HOME and TMPDIR.
    pub fn files_written(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        walk(&self.root, &mut found);
        found
    }
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, found);
        } else {
            found.push(p);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// An HTTP client that hands back 4xx and 5xx answers instead of failing.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .new_agent()
}

/// An answer read whole: status, headers by lower-case name, body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .expect("the body can be read");
    Answer {
        status,
        headers,
        body,
    }
}

pub fn get(url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = agent().get(url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    read(req.call())
}

pub fn post(url: &str, content_type: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
    let mut req = agent().post(url).header("Content-Type", content_type);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    read(req.send(body))
}

/// The text of a PDF held in memory, read back with lopdf (see `tests/common/pdf_read.rs`).
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_read::Pdf::from_bytes(pdf)
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
}

pub fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}
