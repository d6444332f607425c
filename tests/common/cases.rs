//! The definitions the whole-output tests (golden snapshots, accessibility) run over: every
//! example but the batch files, and a definition for every library preset as a clinic would
//! write it, so both tests cover the same handouts.

use std::path::PathBuf;

use handout::definition::Definition;
use handout::Engine;

/// The example definitions (`handouts/examples/*.toml`, the batch files left out), sorted by
/// file name: (file stem, definition).
pub fn examples() -> Vec<(String, Definition)> {
    let dir = super::repo().join("handouts/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("batch")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Definition::load(f).unwrap())
        })
        .collect()
}

/// Every preset of the library, with its clinic's numbers, as a handout and as a booklet:
/// (preset name, booklet, definition).
pub fn presets(engine: &Engine) -> Vec<(String, bool, Definition)> {
    let dir = super::repo().join("handouts/examples");
    let mut out = Vec::new();
    for (preset, _) in &engine.library.presets {
        let text = format!(
            "title = \"Preset {preset}\"\npreset = \"{preset}\"\n\n[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n"
        );
        let path = dir.join(format!("preset-{preset}.toml"));
        for booklet in [false, true] {
            let def = Definition::parse(&path, &text).unwrap();
            out.push((preset.clone(), booklet, def));
        }
    }
    out
}
