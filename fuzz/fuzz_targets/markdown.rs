//! Any text as a section body: Markdown becomes blocks or a plain message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = handout::markup::parse(text) {
        // a plain sentence, not a debug dump of the parser's events
        assert!(!e.message.contains("Borrowed("), "{}", e.message);
    }
});
