//! Any text as a definition, built the whole way to PDF bytes (handout or booklet): a PDF or
//! an error message, never a panic or a hang.
#![no_main]

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use handout::definition::Definition;
use handout::{BuildOptions, Engine};
use libfuzzer_sys::fuzz_target;

static ENGINE: OnceLock<Engine> = OnceLock::new();
static BUILDS: AtomicU32 = AtomicU32::new(0);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = ENGINE.get_or_init(|| Engine::new().expect("the engine loads"));
    // relative paths (a logo) resolve inside a folder that does not exist
    let Ok(req) = Definition::parse(Path::new("/nonexistent/fuzz.toml"), text)
        .and_then(|def| def.check())
    else {
        return;
    };
    if let Ok(built) = engine.build(&req, &BuildOptions::default()) {
        assert!(built.pdf.starts_with(b"%PDF-"));
    }
    // as the server and a batch do: memoized font subsets are let go now and then, so a long
    // run's memory stays flat (without this, a million builds outgrew the 2 GB limit)
    if BUILDS.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
        engine.trim_caches();
    }
});
