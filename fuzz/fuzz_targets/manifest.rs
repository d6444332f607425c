//! Any bytes as a batch manifest (CSV, and TOML when it is UTF-8): every row is read or
//! reported, never a panic.
#![no_main]

use std::path::Path;

use handout::batch::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = Manifest::parse_csv(Path::new("fuzz.csv"), &text) {
        if let Ok(rows) = m.rows() {
            for row in rows.take(10_000) {
                let _ = row;
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(m) = Manifest::parse_toml(Path::new("fuzz.toml"), text) {
            if let Ok(rows) = m.rows() {
                for row in rows.take(10_000) {
                    let _ = row;
                }
            }
        }
    }
});
