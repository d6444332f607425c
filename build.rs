//! Embeds the section library into the binary, so an installed `handout` needs no data files
//! beside it: writes a table of `include_str!` entries, one per language folder (English in
//! handouts/library/*.md, Spanish in handouts/library/es/*.md), sorted by file name.

use std::fmt::Write as _;
use std::path::Path;

/// (table name, folder under handouts/library) for each language's section files.
const FOLDERS: &[(&str, &str)] = &[("SECTION_FILES", ""), ("SECTION_FILES_ES", "es")];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("handouts/library");
    let mut out = String::new();
    for (table, folder) in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"));
        files.sort();
        writeln!(
            out,
            "/// (file name, contents) of every section file in handouts/library/{folder}.\npub static {table}: &[(&str, &str)] = &["
        )
        .ok();
        for path in &files {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            writeln!(
                out,
                "    ({name:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .ok();
        }
        out.push_str("];\n");
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("library_files.rs"), out).expect("write library table");
}
