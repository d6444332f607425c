//! `handout batch`: many handouts from one manifest. These tests run the real binary on small
//! manifests (a few dozen rows, so the file stays well under a minute in debug builds); the
//! 1,000-row run is `#[ignore]`d and run in release (see `tools/bench.sh` for the speed and
//! memory figures).

#[path = "common/pdf_read.rs"]
#[allow(dead_code)]
mod pdf_read;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NAMES: &[&str] = &[
    "Maria Lopez",
    "James Okafor",
    "Wei Chen",
    "Ana Sofía Pérez",
    "Grace Mbeki",
    "Tomás Novak",
    "Priya Rao",
    "John Smith",
];
const TREATMENTS: &[&str] = &[
    "zoledronic-acid;radiation",
    "denosumab",
    "",
    "radium-223;hormone-therapy",
    "chemotherapy;opioids",
];
const CANCERS: &[&str] = &["breast", "prostate", "lung", "", "myeloma"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn template() -> PathBuf {
    repo().join("handouts/examples/batch-template.toml")
}

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("handout-batch-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn handout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A CSV manifest of `n` rows (ids T0001...); row 2 has the example logo (relative to the
/// template).
fn csv_manifest(n: usize) -> String {
    let mut out =
        String::from("patient.id,patient.name,patient.treatments,patient.cancer,clinic.logo\n");
    for i in 0..n {
        let logo = if i == 1 {
            "../../images/riverside-logo.png"
        } else {
            ""
        };
        out.push_str(&format!(
            "T{:04},\"{}\",{},{},{logo}\n",
            i + 1,
            NAMES[i % NAMES.len()],
            TREATMENTS[i % TREATMENTS.len()],
            CANCERS[i % CANCERS.len()],
        ));
    }
    out
}

fn write_manifest(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs a batch with the example template.
fn batch(manifest: &Path, out: &Path, extra: &[&str]) -> Output {
    let t = template();
    let mut args = vec!["batch", s(manifest), "--template", s(&t), "-o", s(out)];
    args.extend_from_slice(extra);
    handout(&args)
}

/// Non-hidden file names in a folder, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn is_complete_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(32)..];
    bytes.starts_with(b"%PDF-") && String::from_utf8_lossy(tail).trim_end().ends_with("%%EOF")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}): {}", stderr(o)))
}

#[test]
fn every_row_becomes_a_pdf_identical_to_a_single_build() {
    let dir = temp_dir("rows");
    let n = 24;
    let manifest = write_manifest(&dir, "m.csv", &csv_manifest(n));
    let out = dir.join("out");
    let defs = dir.join("defs");
    let o = batch(&manifest, &out, &["--json", "--emit-definitions", s(&defs)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = json(&o);
    assert_eq!(summary["written"], n);
    assert_eq!(summary["failed"], 0);
    let names = files(&out);
    assert_eq!(names.len(), n, "{names:?}");
    for i in 0..n {
        let name = format!("T{:04}-batch-template.pdf", i + 1);
        let bytes = std::fs::read(out.join(&name)).unwrap();
        assert!(is_complete_pdf(&bytes), "{name} is not a complete PDF");
    }
    // the emitted definitions build to the same bytes with `handout build` (row 2 has a logo)
    for row in [1, 2, 7, n] {
        let stem = format!("T{row:04}-batch-template");
        let single = dir.join(format!("{stem}-single.pdf"));
        let def = defs.join(format!("{stem}.toml"));
        let o = handout(&["build", s(&def), "-o", s(&single)]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            std::fs::read(&single).unwrap()
                == std::fs::read(out.join(format!("{stem}.pdf"))).unwrap(),
            "row {row}: the batch PDF differs from `handout build` of its definition"
        );
    }
    // and so does a definition written by hand: the template plus the patient
    let mut by_hand = std::fs::read_to_string(template()).unwrap();
    by_hand.push_str(
        "\n[patient]\nid = \"T0004\"\nname = \"Ana Sofía Pérez\"\ntreatments = [\"radium-223\", \"hormone-therapy\"]\n",
    );
    let hand_def = write_manifest(&dir, "by-hand.toml", &by_hand);
    let hand_pdf = dir.join("by-hand.pdf");
    let o = handout(&["build", s(&hand_def), "-o", s(&hand_pdf)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(&hand_pdf).unwrap()
            == std::fs::read(out.join("T0004-batch-template.pdf")).unwrap(),
        "row 4 differs from a hand-written single definition"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_thread_and_two_threads_give_identical_files() {
    let dir = temp_dir("threads");
    let manifest = write_manifest(&dir, "m.csv", &csv_manifest(12));
    let (one, two) = (dir.join("one"), dir.join("two"));
    let o = batch(&manifest, &one, &["--threads", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 thread"), "{}", stderr(&o));
    let o = batch(&manifest, &two, &["--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names = files(&one);
    assert_eq!(names.len(), 12);
    assert_eq!(names, files(&two));
    for name in &names {
        assert!(
            std::fs::read(one.join(name)).unwrap() == std::fs::read(two.join(name)).unwrap(),
            "{name} differs between 1 and 2 threads"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_rows_are_reported_and_the_others_written() {
    let dir = temp_dir("bad");
    let text = "\
patient.id,patient.name,patient.treatments,clinic.logo
G1,Maria Lopez,denosumab,
B2,Bo Berg,zoledronik-acid,
G3,Wei Chen,,
B4,Grace Mbeki,,no-such-logo.png
G5,Priya Rao,radiation,
B6,Ana 😀,,
G7,John Smith,,
";
    let manifest = write_manifest(&dir, "m.csv", text);
    let out = dir.join("out");
    let o = batch(&manifest, &out, &["--json"]);
    assert!(!o.status.success(), "a batch with bad rows must fail");
    let err = stderr(&o);
    assert!(
        err.contains("m.csv:3 (row 2, patient B2, B2-batch-template.pdf): patient.treatments: unknown treatment `zoledronik-acid`"),
        "{err}"
    );
    assert!(err.contains("did you mean `zoledronic-acid`?"), "{err}");
    assert!(
        err.contains(
            "m.csv:5 (row 4, patient B4, B4-batch-template.pdf): clinic.logo: cannot read the logo"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "m.csv:7 (row 6, patient B6, B6-batch-template.pdf): patient.name: the character '😀'"
        ),
        "{err}"
    );
    assert!(err.contains("4 written, 3 failed"), "{err}");
    let summary = json(&o);
    let rows: Vec<u64> = summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![2, 4, 6]);
    assert_eq!(
        files(&out),
        vec![
            "G1-batch-template.pdf",
            "G3-batch-template.pdf",
            "G5-batch-template.pdf",
            "G7-batch-template.pdf"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_killed_batch_leaves_only_complete_pdfs_and_a_rerun_cleans_up() {
    let dir = temp_dir("kill");
    let n = 30;
    let manifest = write_manifest(&dir, "m.csv", &csv_manifest(n));
    let out = dir.join("out");
    let t = template();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["batch", s(&manifest), "--template", s(&t), "-o", s(&out)])
        .args(["--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while files(&out).len() < 3 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the batch made no files"
        );
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let made = files(&out);
    assert!(made.len() < n, "the batch finished before it was killed");
    for name in &made {
        assert!(name.ends_with(".pdf"), "unexpected file {name}");
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(is_complete_pdf(&bytes), "{name} is incomplete");
    }
    // a stale temporary file, as a killed run leaves (of a process that no longer runs)
    let stale = out.join(".T0030-batch-template.pdf.4000000000-0.partial");
    std::fs::write(&stale, b"%PDF-1.7 half").unwrap();
    let o = batch(&manifest, &out, &["--skip-existing", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = json(&o);
    assert_eq!(summary["skipped"], made.len());
    assert_eq!(summary["written"], n - made.len());
    assert_eq!(summary["stale_partials_removed"], 1);
    assert!(!stale.exists(), "the stale partial file was not removed");
    let all: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(all.len(), n, "{all:?}");
    for name in &all {
        assert!(is_complete_pdf(&std::fs::read(out.join(name)).unwrap()));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn three_shards_make_the_full_set_without_overlap() {
    let dir = temp_dir("shards");
    let n = 11;
    let manifest = write_manifest(&dir, "m.csv", &csv_manifest(n));
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut total = 0;
    for k in 1..=3 {
        let out = dir.join(format!("shard{k}"));
        let shard = format!("{k}/3");
        let o = batch(&manifest, &out, &["--shard", &shard, "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(json(&o)["selected"], [4, 4, 3][k - 1]);
        let names = files(&out);
        // the fixed rule: 0-based row index i goes to shard (i mod 3) + 1
        for name in &names {
            let row: usize = name[1..5].parse().unwrap();
            assert_eq!((row - 1) % 3 + 1, k, "{name} is in shard {k}");
        }
        total += names.len();
        seen.extend(names);
    }
    assert_eq!(total, n, "shards overlap");
    let expected: BTreeSet<String> = (1..=n)
        .map(|i| format!("T{i:04}-batch-template.pdf"))
        .collect();
    assert_eq!(seen, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unsafe_or_clashing_names_are_refused_before_anything_is_written() {
    let dir = temp_dir("names");
    for (text, expect) in [
        (
            "patient.id,patient.name\nA1,Ana\n../evil,Bo\nC3,Cy\n",
            "m.csv:3 (row 2, patient ../evil): the file name \"../evil-batch-template.pdf\" contains `/`",
        ),
        (
            "patient.id,patient.name\nA1,Ana\nx/y,Bo\n",
            "contains `/`, which would put the file in another folder",
        ),
        (
            "patient.id,patient.name\n..,Ana\nB2,Bo\n",
            "starts with `.`",
        ),
        (
            "patient.id,patient.name\nA1,Ana\nB2,Bo\na1,Cy\n",
            "m.csv:4 (row 3, patient a1): the file name \"a1-batch-template.pdf\" is already made by m.csv:2 (row 1)",
        ),
    ] {
        let manifest = write_manifest(&dir, "m.csv", text);
        let out = dir.join("out");
        let o = batch(&manifest, &out, &[]);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("nothing was written"), "{err}");
        assert!(err.contains(expect), "expected {expect:?} in: {err}");
        assert!(!out.exists(), "the output folder was created");
    }
    // a clash made by the pattern itself
    let manifest = write_manifest(&dir, "m.csv", "patient.id,patient.name\nA1,Ana\nB2,Ana\n");
    let o = batch(
        &manifest,
        &dir.join("out"),
        &["--pattern", "{patient.name}.pdf"],
    );
    assert!(
        stderr(&o).contains("is already made by m.csv:2 (row 1)"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out").exists());
    // an unknown column is refused, with a suggestion
    let manifest = write_manifest(&dir, "m.csv", "patient.id,patient.nmae\nA1,Ana\n");
    let o = batch(&manifest, &dir.join("out"), &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("did you mean `patient.name`?"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_example_csv_and_toml_manifests_make_the_same_files() {
    let dir = temp_dir("examples");
    let examples = repo().join("handouts/examples");
    let (a, b) = (dir.join("csv"), dir.join("toml"));
    let o = batch(&examples.join("batch.csv"), &a, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = handout(&["batch", s(&examples.join("batch.toml")), "-o", s(&b)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names = files(&a);
    assert_eq!(names.len(), 6, "{names:?}");
    assert_eq!(names, files(&b));
    for name in &names {
        assert!(
            std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
            "{name} differs between the CSV and TOML manifests"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// 1,000 rows; slow in debug builds, so CI runs it in release:
/// `cargo test --release --test batch -- --ignored`. Every PDF is structurally sound and is
/// byte-identical to `handout build` of its row's definition, and 1 and 2 threads agree.
#[test]
#[ignore]
fn a_thousand_rows() {
    let dir = temp_dir("thousand");
    let n = 1000;
    let manifest = write_manifest(&dir, "m.csv", &csv_manifest(n));
    let out = dir.join("out");
    let defs = dir.join("defs");
    let o = batch(
        &manifest,
        &out,
        &["--json", "--threads", "2", "--emit-definitions", s(&defs)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = json(&o);
    assert_eq!(summary["written"], n);
    let names = files(&out);
    assert_eq!(names.len(), n);
    let one = dir.join("one-thread");
    let o = batch(&manifest, &one, &["--threads", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let singles = dir.join("singles");
    std::fs::create_dir_all(&singles).unwrap();
    for name in &names {
        let path = out.join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(is_complete_pdf(&bytes));
        if let Err(e) = pdf_read::check_structure(&bytes) {
            panic!("{name}: {e}");
        }
        assert!(
            bytes == std::fs::read(one.join(name)).unwrap(),
            "{name}: 1 and 2 threads differ"
        );
        let stem = name.strip_suffix(".pdf").unwrap();
        let single = singles.join(name);
        let o = handout(&[
            "build",
            s(&defs.join(format!("{stem}.toml"))),
            "-o",
            s(&single),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            bytes == std::fs::read(&single).unwrap(),
            "{name}: differs from `handout build` of its row"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
