//! The `handout build` command from the outside: real PDFs read back and checked,
//! tailoring by patient, and every kind of bad input giving one clear message, a non-zero exit
//! and no output file.

mod common;

use common::*;

const FOUR: &str = "handouts/examples/bone-health-basics.toml";

#[test]
fn the_generic_example_builds_a_valid_pdf_with_every_heading_and_the_table_numbers() {
    let dir = temp_dir("generic");
    let out = dir.join("basics.pdf");
    let o = handout(&["build", FOUR, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_pdf_sound(&out);
    let text = squash(&pdf_text(&out, None));
    for heading in [
        "Living with Bone Metastases",
        "Keeping Your Calcium Level Safe",
        "Calcium and Vitamin D Each Day",
        "Questions for Your Doctor",
        "About This Handout",
    ] {
        assert!(text.contains(heading), "missing heading {heading}");
    }
    // the nutrition table's figures (from the CancerCare document)
    for figure in ["1,000 mg", "1,200 mg", "600 IU", "800 IU"] {
        assert!(text.contains(figure), "missing {figure}");
    }
    assert!(text.contains("Page 1 of"), "footer page number");
    assert!(
        text.contains("Riverside Cancer Center · 555-010-2000"),
        "footer clinic"
    );
    let pdf = pdf_read::Pdf::open(&out);
    let marked = pdf
        .catalog()
        .get_deref(b"MarkInfo", &pdf.doc)
        .and_then(|m| m.as_dict())
        .and_then(|m| m.get(b"Marked"))
        .and_then(|m| m.as_bool());
    assert_eq!(marked.ok(), Some(true), "tagged");
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("Living with Bone Metastases")
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-1.7"));
}

#[test]
fn default_output_is_beside_the_definition_and_stdout_works() {
    let dir = temp_dir("default-out");
    let def = dir.join("h.toml");
    std::fs::copy(common::repo().join(FOUR), &def).unwrap();
    let o = handout(&["build", def.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let beside = std::fs::read(dir.join("h.pdf")).unwrap();
    let o = handout(&["build", def.to_str().unwrap(), "-o", "-"]);
    assert!(o.status.success());
    assert_eq!(o.stdout, beside, "stdout and file are the same bytes");
}

#[test]
fn tailored_example_names_the_patient_and_puts_the_after_hours_number_in_the_emergency_box() {
    let dir = temp_dir("tailored");
    let out = dir.join("maria.pdf");
    let o = handout(&[
        "build",
        "handouts/examples/tailored-maria.toml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_pdf_sound(&out);
    let text = squash(&pdf_text(&out, None));
    assert!(text.contains("Prepared for Maria Lopez"));
    assert!(text.contains("Can I keep gardening?"));
    assert!(text.contains("Is it safe to lift my grandson?"));
    assert!(text.contains("Notes from Your Care Team"));
    assert!(
        text.contains("See your dentist before you start your bone medicine"),
        "jaw care for a patient on zoledronic acid"
    );
    let scc = text
        .find("Pressure on the Spinal Cord")
        .expect("spinal cord section");
    assert!(
        text[scc..].contains("555-010-2999"),
        "after-hours number in the spinal cord section"
    );
}

fn build_text(dir: &std::path::Path, name: &str, def: &str) -> Result<String, String> {
    let path = write_def(dir, &format!("{name}.toml"), def);
    let out = dir.join(format!("{name}.pdf"));
    let o = handout(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    if o.status.success() {
        Ok(squash(&pdf_text(&out, None)))
    } else {
        Err(stderr(&o))
    }
}

#[test]
fn jaw_care_follows_the_patients_bone_medicine() {
    let dir = temp_dir("jaw");
    let def = |treatments: &str| {
        format!("title = \"T\"\npreset = \"starting-bone-medicine\"\n[patient]\nname = \"A B\"\ntreatments = [{treatments}]\n")
    };
    let zol = build_text(&dir, "zol", &def("\"zoledronic-acid\"")).unwrap();
    let deno = build_text(&dir, "deno", &def("\"denosumab\"")).unwrap();
    let none = build_text(&dir, "none", &def("\"radiation\"")).unwrap();
    let jaw = "See your dentist before you start your bone medicine";
    assert!(zol.contains(jaw));
    assert!(deno.contains(jaw));
    assert!(!none.contains(jaw));
}

#[test]
fn radiopharmaceuticals_follow_the_patient() {
    let dir = temp_dir("radio");
    let def = |t: &str| {
        format!("title = \"T\"\n[patient]\ntreatments = [\"{t}\"]\n[[section]]\nuse = \"radiopharmaceuticals\"\n[[section]]\nuse = \"exercise-tips\"\n")
    };
    let on = build_text(&dir, "on", &def("radium-223")).unwrap();
    let off = build_text(&dir, "off", &def("chemotherapy")).unwrap();
    assert!(on.contains("radium-223"), "{on}");
    assert!(!off.contains("radium-223"));
}

#[test]
fn without_numbers_a_warning_box_says_911_and_gives_a_line_for_the_number() {
    let dir = temp_dir("no-number");
    let text = build_text(
        &dir,
        "n",
        "title = \"T\"\n[[section]]\nuse = \"spinal-cord-compression\"\n[[section]]\ntitle = \"Mine\"\nbody = \"\"\"\n::: warning spinal-cord\n\"\"\"\n",
    )
    .unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Call 911"), "{flat}");
    assert!(flat.contains("after-hours number:"), "{flat}");
    assert!(!flat.contains("{call_after_hours}"));
    // a day number is never printed under "day or night"
    let day = build_text(
        &dir,
        "d",
        "title = \"T\"\n[clinic]\nphone = \"555-010-2000\"\n[[section]]\ntitle = \"Mine\"\nbody = \"\"\"\n::: warning spinal-cord\n\"\"\"\n",
    )
    .unwrap();
    let flat = day.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("555-010-2000 now, day or night"), "{flat}");
    assert!(flat.contains("after-hours number:"), "{flat}");
}

/// Runs a build that must fail; returns the message and checks no output appeared.
fn must_fail(dir: &std::path::Path, def_text: Option<&str>, def_name: &str) -> String {
    let path = dir.join(def_name);
    if let Some(t) = def_text {
        std::fs::write(&path, t).unwrap();
    }
    let out = dir.join("out.pdf");
    let _ = std::fs::remove_file(&out);
    let o = handout(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!o.status.success(), "should fail: {def_name}");
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "no output file after a failure");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    let msg = stderr(&o);
    assert_eq!(msg.matches("error:").count(), 1, "one message: {msg}");
    assert!(!msg.contains("panicked"), "{msg}");
    msg
}

#[test]
fn bad_input_gives_one_clear_message_and_no_file() {
    let dir = temp_dir("bad");
    let head = "title = \"T\"\n";
    let syntax = must_fail(
        &dir,
        Some("title = \"T\"\n[[section]]\nuse = exercise-tips\n"),
        "syntax.toml",
    );
    assert!(syntax.contains("syntax.toml:3:"), "{syntax}");

    let unknown = must_fail(
        &dir,
        Some(&format!(
            "{head}[style]\nbodysize = 20\n[[section]]\nuse = \"exercise-tips\"\n"
        )),
        "field.toml",
    );
    assert!(
        unknown.contains("field.toml:3:1") && unknown.contains("did you mean `body_size`"),
        "{unknown}"
    );

    let misspelt = must_fail(
        &dir,
        Some(&format!("{head}[[section]]\nuse = \"excercise-tips\"\n")),
        "id.toml",
    );
    assert!(
        misspelt.contains("id.toml:3:7") && misspelt.contains("did you mean `exercise-tips`"),
        "{misspelt}"
    );

    let small = must_fail(
        &dir,
        Some(&format!(
            "{head}[style]\nbody_size = 10\n[[section]]\nuse = \"exercise-tips\"\n"
        )),
        "small.toml",
    );
    assert!(
        small.contains("small.toml:3:13") && small.contains("large-print floor"),
        "{small}"
    );

    let logo = must_fail(
        &dir,
        Some(&format!(
            "{head}[clinic]\nlogo = \"missing.png\"\n[[section]]\nuse = \"exercise-tips\"\n"
        )),
        "logo.toml",
    );
    assert!(
        logo.contains("logo.toml:3:8") && logo.contains("missing.png"),
        "{logo}"
    );

    let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
    corrupt.extend_from_slice(&[0u8; 40]);
    std::fs::write(dir.join("corrupt.png"), corrupt).unwrap();
    let bad_png = must_fail(
        &dir,
        Some(&format!(
            "{head}[clinic]\nlogo = \"corrupt.png\"\n[[section]]\nuse = \"exercise-tips\"\n"
        )),
        "png.toml",
    );
    assert!(bad_png.contains("damaged"), "{bad_png}");

    let empty = must_fail(&dir, Some(""), "empty.toml");
    assert!(
        empty.contains("empty.toml") && empty.contains("empty"),
        "{empty}"
    );

    let missing = must_fail(&dir, None, "no-such-file.toml");
    assert!(missing.contains("no-such-file.toml"), "{missing}");

    let treatment = must_fail(&dir, Some(&format!("{head}[patient]\ntreatments = [\"zoledronik-acid\"]\n[[section]]\nuse = \"exercise-tips\"\n")), "treat.toml");
    assert!(
        treatment.contains("treat.toml:3:") && treatment.contains("did you mean `zoledronic-acid`"),
        "{treatment}"
    );

    let placeholder = must_fail(
        &dir,
        Some(&format!(
            "{head}[[section]]\ntitle = \"Mine\"\nbody = \"Call {{nurse_phone}} now.\"\n"
        )),
        "ph.toml",
    );
    assert!(
        placeholder.contains("section \"Mine\"") && placeholder.contains("{nurse_phone}"),
        "{placeholder}"
    );

    let emoji = must_fail(
        &dir,
        Some(&format!(
            "{head}[patient]\nname = \"Ana 😀\"\n[[section]]\nuse = \"exercise-tips\"\n"
        )),
        "emoji.toml",
    );
    assert!(emoji.contains("U+1F600"), "{emoji}");
}

#[test]
fn a_failed_build_leaves_an_existing_file_untouched() {
    let dir = temp_dir("untouched");
    let out = dir.join("keep.pdf");
    std::fs::write(&out, b"previous").unwrap();
    let def = write_def(
        &dir,
        "bad.toml",
        "title = \"T\"\n[[section]]\nuse = \"nope\"\n",
    );
    let o = handout(&["build", def.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
}

#[test]
fn small_print_is_allowed_only_when_asked_and_then_warned() {
    let dir = temp_dir("smallok");
    let def = write_def(&dir, "s.toml", "title = \"T\"\n[style]\nbody_size = 14\nallow_small_print = true\n[[section]]\nuse = \"exercise-tips\"\n");
    let out = dir.join("s.pdf");
    let o = handout(&["build", def.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning:"));
}

#[test]
fn sections_lists_the_library_and_help_has_examples() {
    let o = handout(&["sections"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let n = std::fs::read_dir(common::repo().join("handouts/library"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert_eq!(text.lines().count(), n);
    assert!(n >= 26);
    assert!(text.contains("hypercalcemia-prevention"));
    let help = handout(&["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let v = handout(&["--version"]);
    assert!(String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn accented_and_fallback_names_extract_intact() {
    let dir = temp_dir("accents");
    let def = "title = \"Para José Núñez\"\n[patient]\nname = \"Nguyễn Thị Ánh\"\n[[section]]\ntitle = \"Ça va, Zoë?\"\nbody = \"Łódź, São Paulo, İstanbul.\"\n";
    let text = build_text(&dir, "accents", def).unwrap();
    for s in [
        "Para José Núñez",
        "Nguyễn Thị Ánh",
        "Ça va, Zoë?",
        "Łódź, São Paulo, İstanbul.",
    ] {
        assert!(text.contains(s), "{s} missing from: {text}");
    }
}

#[test]
fn pdf_a_is_on_by_default_and_can_be_turned_off() {
    let dir = temp_dir("pdfa");
    let xmp_claims_a = |name: &str, extra: &str| {
        let path = write_def(
            &dir,
            &format!("{name}.toml"),
            &format!("title = \"T\"\n{extra}[[section]]\nuse = \"exercise-tips\"\n"),
        );
        let out = dir.join(format!("{name}.pdf"));
        let o = handout(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let bytes = std::fs::read(&out).unwrap();
        bytes.windows(11).any(|w| w == b"pdfaid:part")
    };
    assert!(xmp_claims_a("on", ""));
    assert!(!xmp_claims_a("off", "[style]\npdf_a = false\n"));
}

#[test]
fn presets_can_be_trimmed_and_a_misspelt_preset_is_caught() {
    let dir = temp_dir("presets");
    let text = build_text(
        &dir,
        "p",
        "title = \"T\"\npreset = \"bone-health\"\nskip = [\"living-well\"]\n",
    )
    .unwrap();
    assert!(text.contains("Calcium and Vitamin D Each Day"));
    let living = handout(&["sections"]);
    let living_title = String::from_utf8_lossy(&living.stdout)
        .lines()
        .find(|l| l.starts_with("living-well"))
        .and_then(|l| {
            l.split_once("  ")
                .map(|(_, r)| r.trim().split(':').next().unwrap().to_string())
        })
        .unwrap();
    assert!(
        !text.contains(&living_title),
        "skipped section {living_title} still printed"
    );
    let err = build_text(&dir, "q", "title = \"T\"\npreset = \"bone-helth\"\n").unwrap_err();
    assert!(
        err.contains("q.toml:2:10") && err.contains("did you mean `bone-health`"),
        "{err}"
    );
}

#[test]
fn a_handout_in_another_language_uses_inline_sections_only() {
    let dir = temp_dir("language");
    let es = "title = \"Sus huesos\"\nlanguage = \"es\"\n[[section]]\ntitle = \"Llame de inmediato\"\nbody = \"Llame a su equipo si tiene dolor de espalda.\"\n";
    let text = build_text(&dir, "es", es).unwrap();
    assert!(text.contains("Llame a su equipo"));
    let pdf = pdf_read::Pdf::open(&dir.join("es.pdf"));
    let lang = pdf.catalog().get(b"Lang").and_then(|l| l.as_str());
    assert_eq!(
        lang.ok(),
        Some(&b"es-US"[..]),
        "the PDF's language is es-US"
    );
    // a library section in a language the library is not written in
    let mixed = build_text(
        &dir,
        "mixed",
        "title = \"T\"\nlanguage = \"fr\"\n[[section]]\nuse = \"exercise-tips\"\n",
    )
    .unwrap_err();
    assert!(
        mixed.contains("mixed.toml:4:7") && mixed.contains("written in `en`"),
        "{mixed}"
    );
}

#[test]
fn key_points_fill_the_emergency_number() {
    let dir = temp_dir("key-points");
    let def = |clinic: &str| {
        format!("title = \"T\"\n{clinic}[[section]]\nuse = \"spinal-cord-compression\"\n")
    };
    let default = build_text(&dir, "us", &def("")).unwrap();
    assert!(
        default.contains("Call 911 if you cannot stand or walk"),
        "{default}"
    );
    let eu = build_text(
        &dir,
        "eu",
        &def("[clinic]\nname = \"C\"\nemergency = \"112\"\n"),
    )
    .unwrap();
    assert!(eu.contains("Call 112 if you cannot stand or walk"), "{eu}");
    assert!(!eu.contains("{emergency}"));
}
