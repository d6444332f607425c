//! A patient's own text (name, questions, the title and sections written for them) is never kept
//! in the engine's shared paragraph memory, so a long-running server holds nothing of a patient
//! after their build; the library's paragraphs are still remembered for speed.

use std::path::Path;

use handout::definition::Definition;
use handout::{BuildOptions, Engine};

#[test]
fn a_patients_words_are_not_remembered_but_the_librarys_are() {
    let engine = Engine::new().unwrap();
    let text = r#"
title = "Zebulon Quist's Bone Plan"
subtitle = "Made for Zebulon on his visit"
[clinic]
name = "Riverside Cancer Center"
after_hours = "555-010-2999"
[patient]
name = "Zebulon Quist"
[[section]]
use = "questions-for-your-doctor"
add_questions = ["Can I still sail my Quistboat to Ardnamurchan?"]
[[section]]
use = "spinal-cord-compression"
[[section]]
title = "Your Plan, Zebulon"
body = "Take the pills Dr. Okonkwo gave you each morning."
"#;
    let def = Definition::parse(Path::new("private.toml"), text).unwrap();
    for booklet in [false, true] {
        let options = BuildOptions {
            booklet,
            ..BuildOptions::default()
        };
        let built = engine.build_definition(&def, &options).unwrap();
        assert!(built.pdf.starts_with(b"%PDF-"));
    }
    for private in ["Zebulon", "Quist", "Ardnamurchan", "Okonkwo"] {
        assert!(
            !engine.breaker.remembers(private),
            "the engine remembers a paragraph with {private:?}"
        );
        assert!(
            !engine.breaker.shaper().remembers(private),
            "the engine remembers a word with {private:?}"
        );
    }
    assert!(
        engine.breaker.remembers("spinal cord") && engine.breaker.shaper().remembers("spinal"),
        "the library's paragraphs and words are remembered"
    );
}
