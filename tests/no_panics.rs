//! Bad input never panics: deterministic mutations of the example definitions and of Markdown
//! bodies go through parsing, resolving, layout and PDF writing; each must end in a PDF or an
//! error, never a panic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use handout::definition::Definition;
use handout::{BuildOptions, Engine};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "\"",
    "[",
    "]",
    "=",
    "\n",
    "#",
    "{",
    "}",
    "*",
    "**",
    "|",
    "> [!WARNING]\n> ",
    "- [ ] ",
    "1. ",
    "::: lines 99\n",
    "::: when treatments=denosumab\n",
    ":::\n",
    "\u{1F600}",
    "é",
    "\t",
    "\\",
    "body_size = 2",
    "[[section]]\n",
    "use = \"x\"\n",
    "\"\"\"",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<b>",
    "ệ",
    "\u{0}",
    "-",
    "0",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(3) {
            0 if !s.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(s.len());
                s.drain(at.min(s.len())..end.max(at.min(s.len())));
            }
            _ => {
                let piece = PIECES[rng.below(PIECES.len())];
                for (k, c) in piece.chars().enumerate() {
                    s.insert((at + k).min(s.len()), c);
                }
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn mutated_definitions_never_panic() {
    let engine = Engine::new().unwrap();
    let examples = [
        "bone-health-basics.toml",
        "tailored-maria.toml",
        "booklet-maria.toml",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut built = 0;
    let mut refused = 0;
    for round in 0..400 {
        let name = examples[round % examples.len()];
        let path = common::repo().join("handouts/examples").join(name);
        let original = std::fs::read_to_string(&path).unwrap();
        let text = mutate(&mut rng, &original);
        let outcome = catch_unwind(AssertUnwindSafe(|| match Definition::parse(&path, &text) {
            Ok(def) => engine
                .build_definition(&def, &BuildOptions::default())
                .is_ok(),
            Err(_) => false,
        }));
        match outcome {
            Ok(true) => built += 1,
            Ok(false) => refused += 1,
            Err(_) => panic!("panicked on a mutation of {name}:\n{text}"),
        }
    }
    assert!(built > 0 && refused > 0, "built {built}, refused {refused}");
}

#[test]
fn mutated_markdown_bodies_never_panic() {
    let engine = Engine::new().unwrap();
    let body = "Take it **with food**.\n\n- one\n- [ ] two\n\n1. first\n\n> [!WARNING]\n> **Call now** if:\n>\n> - you cannot walk\n\n| Who | Calcium |\n|---|---|\n| Women | 1,000 mg |\n\n## Sub\n\n::: lines 3\n";
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    for _ in 0..400 {
        let mutated = mutate(&mut rng, body);
        let text = format!(
            "title = \"T\"\n[[section]]\ntitle = \"Mine\"\nbody = {}\n",
            toml_string(&mutated)
        );
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(def) = Definition::parse(Path::new("m.toml"), &text) {
                let _ = engine.build_definition(&def, &BuildOptions::default());
            }
        }));
        assert!(outcome.is_ok(), "panicked on body:\n{mutated}");
    }
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
