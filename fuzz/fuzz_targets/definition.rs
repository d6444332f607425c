//! Any text as a handout definition: parsing, validation and checking into a `Request` answer
//! with a request or an error message, never a panic, and the message is safe to print on a
//! terminal.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = handout::definition::Definition::parse(Path::new("fuzz.toml"), text)
        .and_then(|def| def.check());
    if let Err(e) = checked {
        let shown = handout::files::terminal_safe(&e.to_string(), true);
        assert!(!shown.contains('\u{1b}'));
    }
});
