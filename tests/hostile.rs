//! A catalogue of bad, odd and hostile inputs, as a careless or hostile user would try them.
//! Each case sets up a fresh folder, runs `handout` there (with a time limit: nothing may hang)
//! and asserts the exact outcome: the exit code, the first line of the message, that no file is
//! left behind but the expected outputs, that every file already there is untouched, and, for
//! inputs that build, that every glyph lies inside the 0.5 in margin floor.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pdf_read::Pdf;

/// A library section, after a clinic with an after-hours number (so no build warns about it).
const SECTION: &str =
    "[clinic]\nafter_hours = \"555-010-2999\"\n[[section]]\nuse = \"exercise-tips\"\n";
/// The section alone, for definitions that have their own `[clinic]`.
const SECTION_ONLY: &str = "[[section]]\nuse = \"exercise-tips\"\n";
const MARGIN_FLOOR_PT: f32 = 36.0;

/// One case: the files to make, the arguments, and what must happen.
struct Case {
    name: &'static str,
    setup: Vec<(&'static str, Setup)>,
    args: Vec<&'static str>,
    code: i32,
    /// The first line of standard error; a trailing `*` matches any rest of the line.
    first_line: &'static str,
    /// Files that must exist afterwards that were not there before.
    outputs: Vec<&'static str>,
    /// Further checks on the folder after the run.
    check: Option<fn(&Path, &[u8])>,
}

enum Setup {
    Text(String),
    Bytes(Vec<u8>),
    Png(u32, u32),
    Symlink(&'static str),
    HardLink(&'static str),
    Fifo,
    Folder,
}

fn def(body: &str) -> Setup {
    Setup::Text(body.to_string())
}

fn inline(body: &str) -> Setup {
    Setup::Text(format!(
        "title = \"T\"\n[[section]]\ntitle = \"A\"\nbody = \"\"\"\n{body}\n\"\"\"\n"
    ))
}

fn simple() -> Setup {
    def(&format!("title = \"T\"\n{SECTION}"))
}

fn with_logo(logo: &str) -> Setup {
    Setup::Text(format!(
        "title = \"T\"\n[clinic]\nname = \"R\"\nlogo = \"{logo}\"\nafter_hours = \"555-010-2999\"\n{SECTION_ONLY}"
    ))
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 13 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn case(
    name: &'static str,
    setup: Vec<(&'static str, Setup)>,
    args: &[&'static str],
    code: i32,
    first_line: &'static str,
    outputs: &[&'static str],
) -> Case {
    Case {
        name,
        setup,
        args: args.to_vec(),
        code,
        first_line,
        outputs: outputs.to_vec(),
        check: None,
    }
}

fn checked(mut c: Case, check: fn(&Path, &[u8])) -> Case {
    c.check = Some(check);
    c
}

fn make(dir: &Path, name: &str, setup: &Setup) {
    let path = dir.join(name);
    match setup {
        Setup::Text(t) => std::fs::write(&path, t).unwrap(),
        Setup::Bytes(b) => std::fs::write(&path, b).unwrap(),
        Setup::Png(w, h) => std::fs::write(&path, png(*w, *h)).unwrap(),
        Setup::Symlink(to) => std::os::unix::fs::symlink(to, &path).unwrap(),
        Setup::HardLink(to) => std::fs::hard_link(dir.join(to), &path).unwrap(),
        Setup::Fifo => {
            let ok = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(ok.success());
        }
        Setup::Folder => std::fs::create_dir_all(&path).unwrap(),
    }
}

/// Regular files in `dir` (recursively, not following links) and their bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// Runs the binary in `dir` with a time limit; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("handout {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run_case(c: &Case) -> Result<(), String> {
    let dir = common::temp_dir(&format!("hostile-{}", c.name));
    for (name, setup) in &c.setup {
        make(&dir, name, setup);
    }
    let before = snapshot(&dir);
    let (code, stdout, stderr) = run(&dir, &c.args);
    let first = stderr.lines().next().unwrap_or_default();
    let matches = match c.first_line.strip_suffix('*') {
        Some(prefix) => first.starts_with(prefix),
        None => first == c.first_line,
    };
    if code != c.code || !matches {
        return Err(format!(
            "{}: exit {code}, first line\n  {first}\nexpected exit {} and\n  {}\nall of stderr:\n{stderr}",
            c.name, c.code, c.first_line
        ));
    }
    if stderr.contains('\u{1b}') || stderr.contains('\r') {
        return Err(format!(
            "{}: raw control characters on the terminal",
            c.name
        ));
    }
    let after = snapshot(&dir);
    for (name, bytes) in &before {
        if after.get(name) != Some(bytes) {
            return Err(format!("{}: {name} was changed or removed", c.name));
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        if !c.outputs.contains(&name.as_str()) {
            return Err(format!("{}: left {name} behind", c.name));
        }
    }
    for out in &c.outputs {
        let Some(bytes) = after.get(*out) else {
            return Err(format!("{}: {out} was not written", c.name));
        };
        common::pdf_read::check_structure(bytes).map_err(|e| format!("{}: {e}", c.name))?;
        common::assert_inside_margins(&dir.join(out), MARGIN_FLOOR_PT);
    }
    if let Some(check) = c.check {
        check(&dir, &stdout);
    }
    std::fs::remove_dir_all(&dir).unwrap();
    Ok(())
}

fn text_of(dir: &Path, name: &str) -> String {
    common::squash(&Pdf::open(&dir.join(name)).text())
}

/// Cases about files: never harm one, never hang on one.
fn file_cases() -> Vec<Case> {
    vec![
        case("output-is-definition", vec![("notes.pdf", simple())], &["build", "notes.pdf", "-o", "notes.pdf"], 1,
            "error: notes.pdf: cannot write the output: it is the definition this build reads (notes.pdf); choose another output name, for example with -o", &[]),
        case("output-named-like-the-definition-gets-pdf-added", vec![("def.toml", simple())], &["build", "def.toml", "-o", "def.toml"], 0,
            "note: -o def.toml: writing def.toml.pdf (a PDF's name ends in .pdf)", &["def.toml.pdf"]),
        case("output-is-definition-spelt-otherwise", vec![("sub", Setup::Folder), ("def.pdf", simple())], &["build", "def.pdf", "-o", "./sub/../def.pdf"], 1,
            "error: ./sub/../def.pdf: cannot write the output: it is the definition this build reads (def.pdf); choose another output name, for example with -o", &[]),
        case("output-is-a-symlink-to-the-definition", vec![("def.toml", simple()), ("link.pdf", Setup::Symlink("def.toml"))], &["build", "def.toml", "-o", "link.pdf"], 1,
            "error: link.pdf: cannot write the output: it is the definition this build reads (def.toml); choose another output name, for example with -o", &[]),
        case("output-is-a-hard-link-to-the-definition", vec![("def.toml", simple()), ("hard.pdf", Setup::HardLink("def.toml"))], &["build", "def.toml", "-o", "hard.pdf"], 1,
            "error: hard.pdf: cannot write the output: it is the definition this build reads (def.toml); choose another output name, for example with -o", &[]),
        case("definition-named-like-its-pdf", vec![("notes.pdf", simple())], &["build", "notes.pdf"], 1,
            "error: notes.pdf: cannot write the output: it is the definition this build reads (notes.pdf); choose another output name, for example with -o", &[]),
        case("output-is-the-logo", vec![("def.toml", with_logo("logo.pdf")), ("logo.pdf", Setup::Png(900, 270))], &["build", "def.toml", "-o", "logo.pdf"], 1,
            "error: logo.pdf: cannot write the output: it is the logo this build reads (logo.pdf); choose another output name, for example with -o", &[]),
        case("output-is-dev-null", vec![("def.toml", simple())], &["build", "def.toml", "-o", "/dev/null"], 0, "wrote /dev/null (*", &[]),
        checked(case("output-is-dev-stdout", vec![("def.toml", simple())], &["build", "def.toml", "-o", "/dev/stdout"], 0, "wrote /dev/stdout (*", &[]),
            |_, stdout| assert!(stdout.starts_with(b"%PDF-") && common::pdf_read::check_structure(stdout).is_ok())),
        checked(case("output-is-dash", vec![("def.toml", simple())], &["build", "def.toml", "-o", "-"], 0, "", &[]),
            |_, stdout| assert!(common::pdf_read::check_structure(stdout).is_ok())),
        case("output-is-a-folder", vec![("def.toml", simple()), ("out", Setup::Folder)], &["build", "def.toml", "-o", "out"], 0,
            "wrote out/def.pdf (*", &["out/def.pdf"]),
        case("output-folder-missing", vec![("def.toml", simple())], &["build", "def.toml", "-o", "no/such/out.pdf"], 1,
            "error: no/such/out.pdf: cannot write the output: no such file", &[]),
        case("failed-build-keeps-the-old-output", vec![("def.toml", def("title = \"T\"\n[[section]]\nuse = \"no-such\"\n")), ("def.pdf", Setup::Bytes(b"old pdf".to_vec()))], &["build", "def.toml"], 1,
            "error: def.toml:3:7: unknown section `no-such`*", &[]),
        case("definition-is-a-pipe", vec![("def.toml", Setup::Fifo)], &["build", "def.toml", "-o", "x.pdf"], 1,
            "error: def.toml: cannot read the definition: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
        case("definition-is-dev-zero", vec![], &["build", "/dev/zero", "-o", "x.pdf"], 1,
            "error: /dev/zero: cannot read the definition: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
        case("definition-is-a-folder", vec![("d.toml", Setup::Folder)], &["build", "d.toml", "-o", "x.pdf"], 1,
            "error: d.toml: cannot read the definition: this is a folder, not a file", &[]),
        case("definition-of-many-megabytes", vec![("big.toml", def(&format!("title = \"T\"\n# {}\n{SECTION}", "x".repeat(3 << 20))))], &["build", "big.toml"], 1,
            "error: big.toml: cannot read the definition: the file is 3.0 MB but a definition may be at most 1.0 MB", &[]),
        case("definition-missing", vec![], &["build", "nope.toml"], 1,
            "error: nope.toml: cannot read the definition: no such file", &[]),
        case("definition-not-utf8", vec![("def.toml", Setup::Bytes(b"title = \"\xff\xfe\"\n".to_vec()))], &["build", "def.toml"], 1,
            "error: def.toml: cannot read the definition: the file is not UTF-8 text (the first bad byte is at byte 9); save it as UTF-8", &[]),
        case("definition-empty", vec![("def.toml", def("\n\n"))], &["build", "def.toml"], 1,
            "error: def.toml: the definition is empty", &[]),
        case("logo-is-dev-zero", vec![("def.toml", with_logo("/dev/zero"))], &["build", "def.toml"], 1,
            "error: def.toml:4:8: cannot read the logo /dev/zero: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
        case("logo-is-a-pipe", vec![("def.toml", with_logo("pipe.png")), ("pipe.png", Setup::Fifo)], &["build", "def.toml"], 1,
            "error: def.toml:4:8: cannot read the logo pipe.png: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
        case("logo-is-a-folder", vec![("def.toml", with_logo("img")), ("img", Setup::Folder)], &["build", "def.toml"], 1,
            "error: def.toml:4:8: cannot read the logo img: this is a folder, not a file", &[]),
        case("logo-is-text", vec![("def.toml", with_logo("logo.png")), ("logo.png", def("not a picture"))], &["build", "def.toml"], 1,
            "error: def.toml:4:8: cannot read the logo logo.png: it is not a PNG or JPEG image; save it as PNG or JPEG", &[]),
        case("logo-is-truncated", vec![("def.toml", with_logo("logo.png")), ("logo.png", Setup::Bytes(png(64, 64)[..70].to_vec()))], &["build", "def.toml"], 1,
            "error: def.toml:4:8: cannot read the logo logo.png: the image is damaged and cannot be read*", &[]),
        case("logo-of-one-pixel", vec![("def.toml", with_logo("dot.png")), ("dot.png", Setup::Png(1, 1))], &["build", "def.toml"], 0,
            "warning: def.toml: the logo is 1 × 1 pixels, printed 0.9 × 0.9 in: 1 pixels per inch, so it will look blurred; use a copy at least 270 pixels wide", &["def.pdf"]),
        checked(case("logo-of-4000-pixels", vec![("def.toml", with_logo("big.png")), ("big.png", Setup::Png(4000, 4000))], &["build", "def.toml"], 0, "wrote def.pdf (*", &["def.pdf"]),
            |dir, _| assert!(std::fs::metadata(dir.join("def.pdf")).unwrap().len() < 1 << 20, "a big logo must add well under 1 MB")),
    ]
}

/// Cases about what is written in the definition and its Markdown.
fn content_cases() -> Vec<Case> {
    vec![
        case("unknown-field", vec![("def.toml", def("title = \"T\"\ntitel = \"x\"\n"))], &["build", "def.toml"], 1,
            "error: def.toml:2:1: unknown field `titel`, expected one of `title`, *", &[]),
        case("escape-sequence-in-a-title", vec![("def.toml", def("title = \"T\\u001b[31mRED\"\n[[section]]\nuse = \"exercise-tips\"\n"))], &["build", "def.toml"], 1,
            "error: def.toml:1:11: title holds the invisible control character U+001B, which cannot be printed", &[]),
        case("bidi-override-in-a-name", vec![("def.toml", def(&format!("title = \"T\"\n[patient]\nname = \"Ann\u{202e}eM\"\n{SECTION}")))], &["build", "def.toml"], 1,
            "error: def.toml:3:12: patient.name holds the invisible control character U+202E, which cannot be printed", &[]),
        case("raw-control-byte", vec![("def.toml", Setup::Bytes(b"title = \"T\x1b[2J\"\n".to_vec()))], &["build", "def.toml"], 1,
            "error: def.toml:1:11: invalid basic string*", &[]),
        case("picture-in-a-body", vec![("def.toml", inline("Our office:\n\n![Map of the clinic](map.png)"))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 3 of the body: pictures (![text](file)) are not supported in a section body; describe the picture in words (the clinic's logo goes in [clinic] logo)", &[]),
        case("code-block", vec![("def.toml", inline("Take:\n\n    two pills"))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 3 of the body: a code block (text between ``` fences, or a line indented by four spaces) is not supported; write plain paragraphs and start lines at the left edge", &[]),
        case("footnote", vec![("def.toml", inline("Rest often.[^1]\n\n[^1]: Your nurse said so."))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 1 of the body: footnotes ([^1]) are not supported; put the note in the sentence itself", &[]),
        case("rule", vec![("def.toml", inline("One.\n\n---\n\nTwo."))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 3 of the body: a line across the page (---, *** or ___) is not supported in a section body; start a new part with a heading (## Title) instead", &[]),
        case("strike-through", vec![("def.toml", inline("Take ~~two~~ one pill."))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 1 of the body: struck-through text (~~text~~) is not supported: a reader cannot tell it is meant to be ignored; delete the words instead", &[]),
        case("lists-nested-three-deep", vec![("def.toml", inline("- a\n  - b\n    - c"))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 3 of the body: a list is nested 3 levels deep; large print allows at most 2 (a list and a list inside it): move the inner points up a level", &[]),
        case("box-in-a-box", vec![("def.toml", inline("> [!NOTE]\n> Outer\n> > Inner"))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 3 of the body: a box (> quote or > [!NOTE]) inside another box is not supported; end the first box before starting the next", &[]),
        case("html", vec![("def.toml", inline("Call <b>now</b>."))], &["build", "def.toml"], 1,
            "error: def.toml: section \"A\": line 1 of the body: HTML is not allowed in a section body: <b>", &[]),
        checked(case("link-prints-its-number", vec![("def.toml", inline("Call [the nurse line](tel:555-010-2000) or see [our page](https://example.org/bones)."))], &["build", "def.toml"], 0, "wrote def.pdf (*", &["def.pdf"]),
            |dir, _| {
                let t = text_of(dir, "def.pdf");
                assert!(t.contains("the nurse line (555-010-2000)"), "{t}");
                assert!(t.replace(' ', "").contains("ourpage(https://example.org/bones)"), "{t}");
            }),
        checked(case("two-level-list-builds", vec![("def.toml", inline("- Take your pills:\n  - with food\n  - with water"))], &["build", "def.toml"], 0, "wrote def.pdf (*", &["def.pdf"]),
            |dir, _| assert!(text_of(dir, "def.pdf").contains("with water"))),
        checked(case("long-clinic-name", vec![("def.toml", def(&format!("title = \"T\"\n[clinic]\nname = \"{}\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n{SECTION_ONLY}", "Regional Comprehensive Cancer and Bone Health Center ".repeat(4).trim())))], &["build", "def.toml"], 0,
            "warning: def.toml: the clinic's name is too long for the footer and is shortened there to*", &["def.pdf"]),
            |dir, _| {
                let pdf = Pdf::open(&dir.join("def.pdf"));
                let last = pdf.pages.last().unwrap().text();
                assert!(last.contains("… · 555-010-2000"), "{last}");
            }),
        checked(case("clinic-name-that-fits-on-two-lines", vec![("def.toml", def(&format!("title = \"T\"\n[clinic]\nname = \"The Very Long Regional Comprehensive Cancer Care Center\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n{SECTION_ONLY}")))], &["build", "def.toml"], 0,
            "wrote def.pdf (*", &["def.pdf"]),
            |dir, _| {
                let pdf = Pdf::open(&dir.join("def.pdf"));
                let last = common::squash(&pdf.pages.last().unwrap().text());
                // on two lines: the page number above, the clinic's name and phone at the foot
                assert!(last.contains("Page 6 of 6 The Very Long Regional Comprehensive Cancer Care Center 555-010-2000"), "{last}");
            }),
        case("word-wider-than-the-line", vec![("def.toml", inline(&format!("Ask about {} today.", "pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3))))], &["build", "def.toml"], 0,
            "warning: def.toml: the section \"A\" reads at grade *", &["def.pdf"]),
        case("long-title", vec![("def.toml", def(&format!("title = \"{}\"\n{SECTION}", "Bones and Strength ".repeat(20).trim())))], &["build", "def.toml"], 0,
            "wrote def.pdf (*", &["def.pdf"]),
        case("very-large-print", vec![("def.toml", def(&format!("title = \"T\"\n[style]\nbody_size = 32\n{SECTION}[[section]]\nuse = \"hypercalcemia-prevention\"\n")))], &["build", "def.toml"], 0,
            "wrote def.pdf (*", &["def.pdf"]),
        case("small-print-refused", vec![("def.toml", def(&format!("title = \"T\"\n[style]\nbody_size = 10\n{SECTION}")))], &["build", "def.toml"], 1,
            "error: def.toml:3:13: body_size = 10 is below the large-print floor of 18 points", &[]),
        case("bad-date", vec![("def.toml", simple())], &["build", "def.toml", "--date", "31/12/2026"], 1,
            "error: --date 31/12/2026: write the date as YYYY-MM-DD, for example --date 2026-11-23", &[]),
        case("bad-language", vec![("def.toml", def(&format!("title = \"T\"\nlanguage = \"English\"\n{SECTION}")))], &["build", "def.toml"], 1,
            "error: def.toml:2:1: language = \"English\" is not a language tag", &[]),
        case("write-in-lines-out-of-range", vec![("def.toml", def("title = \"T\"\n[clinic]\nafter_hours = \"555-010-2999\"\n[[section]]\nuse = \"questions-for-your-doctor\"\nwrite_in_lines = 1000\n"))], &["build", "def.toml"], 1,
            "error: def.toml:6:1: write_in_lines = 1000 in section 1: give from 1 to 40 lines", &[]),
        case("character-the-fonts-lack", vec![("def.toml", def(&format!("title = \"Bones \u{1F9B4}\"\n{SECTION}")))], &["build", "def.toml"], 1,
            "error: def.toml:1:16: the character '\u{1F9B4}' (U+1F9B4) in *", &[]),
        case("no-sections", vec![("def.toml", def("title = \"T\"\n"))], &["build", "def.toml"], 1,
            "error: def.toml: the definition has no sections", &[]),
    ]
}

/// Cases about batches.
fn batch_cases() -> Vec<Case> {
    vec![
        case("manifest-is-dev-zero", vec![("t.toml", simple())], &["batch", "/dev/zero", "--template", "t.toml", "-o", "out"], 1,
            "error: /dev/zero: cannot read the manifest: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
        case("manifest-is-a-pipe", vec![("t.toml", simple()), ("m.csv", Setup::Fifo)], &["batch", "m.csv", "--template", "t.toml", "-o", "out"], 1,
            "error: m.csv: cannot read the manifest: this is not a regular file (a pipe, a device or a socket); save it to a file first", &[]),
    ]
}

#[test]
fn the_catalogue_of_hostile_inputs() {
    let cases: Vec<Case> = file_cases()
        .into_iter()
        .chain(content_cases())
        .chain(batch_cases())
        .collect();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_structure_check_catches_a_damaged_pdf() {
    let dir = common::temp_dir("hostile-damaged");
    let def = common::write_def(&dir, "d.toml", &format!("title = \"T\"\n{SECTION}"));
    let o = common::handout(&["build", def.to_str().unwrap()]);
    assert!(o.status.success());
    let bytes = std::fs::read(dir.join("d.pdf")).unwrap();
    assert!(common::pdf_read::check_structure(&bytes).is_ok());
    assert!(common::pdf_read::check_structure(&bytes[..bytes.len() / 2]).is_err());
    let mut flipped = bytes.clone();
    let flate = bytes.windows(11).position(|w| w == b"FlateDecode").unwrap();
    let at = flate
        + bytes[flate..]
            .windows(6)
            .position(|w| w == b"stream")
            .unwrap()
        + 12;
    flipped[at] ^= 0xff;
    assert!(common::pdf_read::check_structure(&flipped).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_library_section_builds_at_32_points_inside_the_margins() {
    let list = common::handout(&["sections"]);
    assert!(list.status.success());
    let ids: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    let mut text = String::from("title = \"Every Library Section\"\n[clinic]\nname = \"Riverside Cancer Center\"\nafter_hours = \"555-010-2999\"\n[patient]\ntreatments = [\"zoledronic-acid\", \"radiation\"]\n[style]\nbody_size = 32\n");
    for id in &ids {
        text.push_str(&format!("[[section]]\nuse = \"{id}\"\n"));
    }
    let dir = common::temp_dir("hostile-32pt");
    let def = common::write_def(&dir, "all.toml", &text);
    let o = common::handout(&["build", def.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let pdf = dir.join("all.pdf");
    common::assert_pdf_sound(&pdf);
    common::assert_inside_margins(&pdf, MARGIN_FLOOR_PT);
    std::fs::remove_dir_all(&dir).unwrap();
}
