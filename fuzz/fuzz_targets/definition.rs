//! Any text as a handout definition: parsing and validation answer with a definition or an
//! error message, never a panic, and the message is safe to print on a terminal.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = handout::definition::Definition::parse(Path::new("fuzz.toml"), text) {
        let shown = handout::files::terminal_safe(&e.to_string(), true);
        assert!(!shown.contains('\u{1b}'));
    }
});
