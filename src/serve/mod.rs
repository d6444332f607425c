//! `handout serve`: a web form for clinic staff and an HTTP API for records systems, served by
//! the same binary with one shared [`Engine`]. This module owns the start: the arguments, the
//! bind rules (loopback unless a token guards the API, because patient names are health
//! information), the runtime, the first stdout line with the address, and graceful shutdown on
//! SIGTERM or Ctrl-C (requests in flight finish). Nothing here writes to disk.

mod api;
mod catalog;
mod clinic;
mod input;
mod json_pos;
mod metrics;
mod page;
mod queue;
mod routes;
mod words;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use crate::Engine;

pub use clinic::ClinicFile;

/// The address `serve` listens on unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8700";

/// The shortest token accepted from `--token-file`.
const MIN_TOKEN_CHARS: usize = 16;

/// `handout serve` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Anything but a loopback address needs --token-file.
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// The clinic's name, phone numbers and logo (TOML), laid onto every handout.
    #[arg(long, value_name = "CLINIC.toml")]
    pub clinic: Option<PathBuf>,
    /// A file holding the secret API calls must send as `Authorization: Bearer <token>`.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Builds run at once (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Builds that may wait for a worker; past that the server answers 503 with Retry-After.
    #[arg(long, default_value_t = 64)]
    pub queue: usize,
    /// The largest request body, in KiB; a bigger one is answered 413.
    #[arg(long, default_value_t = 256)]
    pub max_body_kib: usize,
    /// The longest one build may take, in seconds, before the request is answered 503.
    #[arg(long, default_value_t = 30)]
    pub build_timeout_s: u64,
    /// Tests only: each build sleeps this long first, to fill the queue on purpose.
    #[arg(long, hide = true, default_value_t = 0)]
    pub test_build_delay_ms: u64,
}

/// What every request handler shares.
pub(crate) struct App {
    pub engine: Engine,
    pub clinic: Option<ClinicFile>,
    pub token: Option<String>,
    pub queue: queue::BuildQueue,
    pub metrics: metrics::Metrics,
    pub max_body_bytes: usize,
    /// Bound to a loopback address: only loopback host names are answered (DNS rebinding).
    pub loopback: bool,
    pub test_build_delay: Duration,
    /// Builds finished, for trimming the engine's caches now and then.
    pub builds: AtomicUsize,
}

/// Runs the server until SIGTERM or Ctrl-C.
pub fn run(args: &ServeArgs) -> Result<ExitCode, String> {
    check_bind(&args.addr, args.token_file.as_deref())?;
    let token = args.token_file.as_deref().map(read_token).transpose()?;
    let clinic = args.clinic.as_deref().map(ClinicFile::load).transpose()?;
    let workers = args.workers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if workers == 0 {
        return Err("--workers 0: at least one worker is needed to build anything".into());
    }
    let engine = Engine::new().map_err(|e| e.to_string())?;
    let app = Arc::new(App {
        engine,
        clinic,
        token,
        queue: queue::BuildQueue::new(
            workers,
            args.queue,
            Duration::from_secs(args.build_timeout_s.max(1)),
        ),
        metrics: metrics::Metrics::default(),
        max_body_bytes: args.max_body_kib.max(1) * 1024,
        loopback: args.addr.ip().is_loopback(),
        test_build_delay: Duration::from_millis(args.test_build_delay_ms),
        builds: AtomicUsize::new(0),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(workers + 4)
        .thread_name("handout-serve")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    runtime.block_on(serve(app, args.addr))?;
    Ok(ExitCode::SUCCESS)
}

/// Binds, prints the address as the first line of standard output, and serves until a signal.
async fn serve(app: Arc<App>, addr: SocketAddr) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let host = match bound {
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
        SocketAddr::V4(a) => a.to_string(),
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "handout serve: open http://{host}/ in a browser (Ctrl-C to stop)"
        );
        let _ = out.flush();
    }
    let router = routes::router(app);
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    eprintln!("handout serve: stopped (every request in flight was answered)");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C; axum then stops accepting and lets requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("handout serve: stopping; finishing the requests in flight");
}

/// Refuses a non-loopback address without a token: anyone on the network could otherwise send
/// patient names through the server or read what it answers.
pub fn check_bind(addr: &SocketAddr, token_file: Option<&Path>) -> Result<(), String> {
    if addr.ip().is_loopback() || token_file.is_some() {
        return Ok(());
    }
    Err(format!(
        "refusing to listen on {addr} without --token-file: the handouts carry patients' names, \
         which are health information, and any computer that can reach {addr} could use the \
         server. Keep the default --addr {DEFAULT_ADDR} (this computer only), or give \
         --token-file FILE with a long random secret (for example: head -c 24 /dev/urandom | \
         base64 > FILE) and put the server behind HTTPS"
    ))
}

/// Reads the API token: the file's text without surrounding white space.
fn read_token(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the token file: {e}", path.display()))?;
    let token = text.trim().to_string();
    if token.chars().count() < MIN_TOKEN_CHARS || token.chars().any(char::is_whitespace) {
        return Err(format!(
            "{}: the token must be one word of at least {MIN_TOKEN_CHARS} characters; make one \
             with: head -c 24 /dev/urandom | base64 > {}",
            path.display(),
            path.display()
        ));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_addresses_need_a_token() {
        let lan: SocketAddr = "0.0.0.0:8700".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:8700".parse().unwrap();
        let v6: SocketAddr = "[::1]:8700".parse().unwrap();
        let e = check_bind(&lan, None).unwrap_err();
        assert!(e.contains("health information"), "{e}");
        assert!(check_bind(&lan, Some(Path::new("t"))).is_ok());
        assert!(check_bind(&local, None).is_ok());
        assert!(check_bind(&v6, None).is_ok());
    }
}
