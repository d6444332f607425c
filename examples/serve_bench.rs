//! The `handout serve` benchmark: a four-section handout (bone-health-basics.toml) posted over
//! HTTP, median latency with one client and requests per second with several, client and
//! server on the same machine. Build the release binary first:
//! `cargo build --release && cargo run --release --example serve_bench`
//! Options: `--requests N` (default 2000), `--clients N` (default 4), `--url URL` (use a running
//! server instead of starting target/release/handout).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let requests: usize = opt("--requests").map_or(2000, |v| v.parse().expect("--requests N"));
    let clients: usize = opt("--clients").map_or(4, |v| v.parse().expect("--clients N"));
    let (url, mut server) = match opt("--url") {
        Some(u) => (u.trim_end_matches('/').to_string(), None),
        None => {
            let (u, child) = start_server();
            (u, Some(child))
        }
    };
    let body = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("handouts/examples/bone-health-basics.toml"),
    )
    .expect("the example definition");
    let build = format!("{url}/api/build");
    run(&build, &body, 1, 100); // warm up
    let one = run(&build, &body, 1, requests / 4);
    let cpu_before_s = server.as_ref().and_then(|c| cpu_seconds(c.id()));
    let many = run(&build, &body, clients, requests);
    let cpu_after_s = server.as_ref().and_then(|c| cpu_seconds(c.id()));
    let cli = cli_runs(100);
    println!("four-section handout over HTTP (bone-health-basics.toml)");
    report("1 client", &one);
    report(&format!("{clients} clients"), &many);
    if let (Some(a), Some(b)) = (cpu_before_s, cpu_after_s) {
        let per_request_ms = (b - a) * 1000.0 / requests as f64;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "  server CPU time: {per_request_ms:.2} ms per request, so at most {:.0} requests/s on {cores} idle cores",
            cores as f64 * 1000.0 / per_request_ms
        );
    }
    println!("the same definition with the CLI, measured just after (one process per handout)");
    report("handout build", &cli);
    if let Some(child) = server.as_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

struct Run {
    latencies_ms: Vec<f64>,
    seconds: f64,
}

fn report(label: &str, r: &Run) {
    let mut l = r.latencies_ms.clone();
    l.sort_by(f64::total_cmp);
    let at = |q: f64| l[((l.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "  {label:>10}: {:5} requests  median {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  {:.0} requests/s",
        l.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        l.len() as f64 / r.seconds
    );
}

/// Sends `total` requests from `clients` threads, each with its own keep-alive connection.
fn run(url: &str, body: &[u8], clients: usize, total: usize) -> Run {
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (url, body) = (url.to_string(), body.to_vec());
            let n = total / clients + usize::from(c < total % clients);
            std::thread::spawn(move || {
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build()
                    .new_agent();
                let mut out = Vec::with_capacity(n);
                for _ in 0..n {
                    let t = Instant::now();
                    let mut r = agent
                        .post(&url)
                        .header("Content-Type", "application/toml")
                        .send(&body[..])
                        .expect("the build answers 200");
                    let pdf = r.body_mut().read_to_vec().expect("the PDF");
                    assert!(pdf.starts_with(b"%PDF-"));
                    out.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                out
            })
        })
        .collect();
    let latencies_ms = handles
        .into_iter()
        .flat_map(|h| h.join().expect("a client thread"))
        .collect();
    Run {
        latencies_ms,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// User plus system CPU seconds a process has used, from /proc (Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // fields after the command name (which is in parentheses): utime is the 12th, stime the 13th
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf with a valid name has no preconditions.
    let per_s = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(ticks / per_s.max(1.0))
}

/// target/release/handout, beside this example's folder.
fn release_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("handout"))
        .filter(|p| p.exists())
        .expect("build the server first: cargo build --release")
}

/// `handout build DEF -o -` in a new process each time, for the comparison.
fn cli_runs(n: usize) -> Run {
    let def =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("handouts/examples/bone-health-basics.toml");
    let start = Instant::now();
    let latencies_ms = (0..n)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(release_binary())
                .arg("build")
                .arg(&def)
                .args(["-o", "-"])
                .stderr(Stdio::null())
                .output()
                .expect("handout build runs");
            assert!(out.stdout.starts_with(b"%PDF-"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    Run {
        latencies_ms,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// Starts target/release/handout serve on a free port; its log goes nowhere.
fn start_server() -> (String, Child) {
    let mut child = Command::new(release_binary())
        .args(["serve", "--addr", "127.0.0.1:0", "--queue", "256"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("handout serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let start = line.find("http://").expect("an address in the first line");
    let url = line[start..]
        .split_whitespace()
        .next()
        .expect("the address")
        .trim_end_matches('/')
        .to_string();
    (url, child)
}
