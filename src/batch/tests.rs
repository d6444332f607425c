//! Unit tests of the batch's parts: manifests, patterns and names, shards, templates and stale
//! files.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::manifest::{ColumnProblem, Manifest, ManifestError, Row, RowProblem};
use super::pattern::{check_file_name, print_name, Pattern, PatternError};
use super::plan::{language_twin, name_key, partial_target, row_template_path, Shard};
use super::template::{RowError, Template};
use crate::definition::Definition;
use crate::overlay::{Field, Overlay, Value};

fn all_rows(m: &Manifest) -> Vec<Row> {
    m.rows().unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn csv_rows_are_read_again_for_each_pass_and_a_bom_is_ignored() {
    let m = Manifest::parse_csv(
        Path::new("m.csv"),
        "\u{feff}patient.id,patient.name\nP1,Ana\nP2,Bo\n",
    )
    .unwrap();
    assert_eq!(all_rows(&m).len(), 2);
    let again = all_rows(&m);
    assert_eq!(again[1].text("patient.name"), Some("Bo"));
    assert_eq!(again[1].index, 1);
}

#[test]
fn name_keys_ignore_case_only() {
    assert_eq!(name_key("P1-a.pdf"), name_key("p1-A.pdf"));
    assert_ne!(name_key("P1-a.pdf"), name_key("P2-a.pdf"));
}

fn lookup(f: &str) -> Option<String> {
    match f {
        "patient.id" => Some("P007".into()),
        "template" => Some("basics".into()),
        "row" => Some("7".into()),
        _ => None,
    }
}

#[test]
fn pattern_expands_placeholders_and_escaped_braces() {
    let p = Pattern::parse("{patient.id}-{template}.pdf").unwrap();
    assert_eq!(p.expand(lookup).unwrap(), "P007-basics.pdf");
    let p = Pattern::parse("{{x}}-{ row }.pdf").unwrap();
    assert_eq!(p.expand(lookup).unwrap(), "{x}-7.pdf");
    assert_eq!(
        p.fields().collect::<Vec<_>>(),
        vec!["row"],
        "escaped braces are not placeholders"
    );
}

#[test]
fn pattern_reports_a_missing_value() {
    let p = Pattern::parse("{patient.name}.pdf").unwrap();
    assert_eq!(p.expand(lookup), Err("patient.name"));
}

#[test]
fn bad_patterns_are_refused() {
    let e = Pattern::parse("{patient.idd}.pdf").unwrap_err();
    assert!(
        matches!(&e, PatternError::UnknownPlaceholder { help, .. } if help == "did you mean {patient.id}?"),
        "{e:?}"
    );
    assert!(e.to_string().contains("did you mean {patient.id}"), "{e}");
    assert!(matches!(
        Pattern::parse("{patient.id.pdf"),
        Err(PatternError::Unclosed(_))
    ));
    assert!(matches!(
        Pattern::parse("{patient.id}}.pdf"),
        Err(PatternError::Unopened(_))
    ));
    assert!(Pattern::parse("{patient.id}}}.pdf").is_ok());
    assert!(matches!(
        Pattern::parse("{patient.id}.txt"),
        Err(PatternError::NotPdf(_))
    ));
    assert!(matches!(
        Pattern::parse("{template}.pdf"),
        Err(PatternError::SameForAll(_))
    ));
}

#[test]
fn unsafe_file_names_are_refused() {
    for bad in [
        "../x.pdf",
        "a/b.pdf",
        "a\\b.pdf",
        ".hidden.pdf",
        "..pdf",
        "a:b.pdf",
        "a\nb.pdf",
        "CON.pdf",
        "com1.pdf",
        " x.pdf",
        "",
    ] {
        assert!(check_file_name(bad).is_err(), "{bad:?} should be refused");
    }
    for good in [
        "P007-basics.pdf",
        "Ana María López.pdf",
        "x.y.pdf",
        "CONSENT.pdf",
    ] {
        assert!(check_file_name(good).is_ok(), "{good:?} should be allowed");
    }
    assert!(check_file_name(&format!("{}.pdf", "a".repeat(260))).is_err());
}

#[test]
fn shards_split_rows_by_index_modulo_n() {
    let s: Shard = "2/3".parse().unwrap();
    let rows: Vec<usize> = (0..10).filter(|i| s.contains(*i)).collect();
    assert_eq!(rows, vec![1, 4, 7]);
    let mut all: Vec<usize> = Vec::new();
    for k in 1..=3 {
        let s = Shard { k, n: 3 };
        all.extend((0..10).filter(|i| s.contains(*i)));
    }
    all.sort();
    assert_eq!(all, (0..10).collect::<Vec<_>>());
    assert!(Shard::from_str("1/1").unwrap().contains(5));
    for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2"] {
        assert!(bad.parse::<Shard>().is_err(), "{bad}");
    }
}

#[test]
fn csv_rows_fill_values_and_report_bad_lines() {
    let text = "patient.id,patient.name,patient.treatments\nP1,Ana,zoledronic-acid; radiation\nP2,\"Lopez, Maria\",\n,,\nP4,Bo\n";
    let m = Manifest::parse_csv(Path::new("m.csv"), text).unwrap();
    let rows = all_rows(&m);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0].overlay.values[2],
        (
            Field::PatientTreatments,
            Value::List(vec!["zoledronic-acid".into(), "radiation".into()])
        )
    );
    assert_eq!(rows[1].text("patient.name"), Some("Lopez, Maria"));
    assert_eq!(rows[1].overlay.values.len(), 2, "empty cells are not set");
    assert!(rows[2].blank);
    assert_eq!(
        rows[3].problem,
        Some(RowProblem::FieldCount {
            found: 2,
            expected: 3
        })
    );
    assert_eq!(rows[3].line, 5);
    assert_eq!(m.row_label(&rows[3], None), "m.csv:5 (row 4)");
    assert_eq!(
        m.row_label(&rows[1], Some("P2-x.pdf")),
        "m.csv:3 (row 2, patient P2, P2-x.pdf)"
    );
}

#[test]
fn unknown_csv_column_is_refused_with_a_suggestion() {
    let e =
        Manifest::parse_csv(Path::new("m.csv"), "patient.id,patient.nme\nP1,Ana\n").unwrap_err();
    assert!(
        matches!(&e, ManifestError::BadColumn { number: 2, problem: ColumnProblem::Unknown { help, .. }, .. } if help == "did you mean `patient.name`?"),
        "{e:?}"
    );
}

#[test]
fn toml_entries_take_dotted_keys_and_nested_tables() {
    let text = "template = \"t.toml\"\noutput = \"{patient.id}.pdf\"\n\n[[entry]]\npatient.id = \"P1\"\npatient.treatments = [\"denosumab\"]\n\n[[entry]]\n\"patient.id\" = \"P2\"\n[entry.clinic]\nname = \"Riverside\"\n";
    let m = Manifest::parse_toml(Path::new("m.toml"), text).unwrap();
    let rows = all_rows(&m);
    assert_eq!(m.template.as_deref(), Some("t.toml"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, 4);
    assert_eq!(rows[1].text("patient.id"), Some("P2"));
    assert_eq!(rows[1].text("clinic.name"), Some("Riverside"));
    let e =
        Manifest::parse_toml(Path::new("m.toml"), "[[entry]]\npatient.nam = \"x\"\n").unwrap_err();
    assert!(
        matches!(&e, ManifestError::Entry { line: 1, entry: 1, problem: ColumnProblem::Unknown { help, .. }, .. } if help.contains("patient.name")),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("m.toml:1: entry 1: "), "{e}");
}

fn template(path: &str, text: &str) -> Template {
    let dir = std::env::temp_dir().join(format!("handout-batch-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(path);
    std::fs::write(&file, text).unwrap();
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("images/riverside-logo.png");
    std::fs::copy(logo, dir.join("logo.png")).unwrap();
    let engine = crate::Engine::new().unwrap();
    Template::load(&file, &engine).unwrap()
}

#[test]
fn a_rows_language_sets_the_handouts_language_and_picks_the_template_twin() {
    let t = template(
        "lang.toml",
        "title = \"T\"\nlanguage = \"en\"\n[[section]]\nuse = \"notes-page\"\n",
    );
    let row = Row {
        overlay: Overlay {
            values: vec![(Field::PatientLanguage, Value::Text("es-MX".into()))],
        },
        ..Row::default()
    };
    let def = t.definition_for(&row).unwrap();
    assert_eq!(def.language, "es-MX");
    assert!(def.patient.name.is_none());
    assert_eq!(t.value("patient.language").as_deref(), Some("en"));
    let bad = Row {
        overlay: Overlay {
            values: vec![(Field::PatientLanguage, Value::Text("e s".into()))],
        },
        ..Row::default()
    };
    let e = t.definition_for(&bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "patient.language: \"e s\" is not a language tag"
    );
    let m = Manifest::parse_csv(
        Path::new("handouts/examples/batch-mixed.csv"),
        "patient.id,patient.language\nP1,es\nP2,en\nP3,\n",
    )
    .unwrap();
    let base = Path::new("handouts/examples/batch-mixed-template.toml");
    let picked: Vec<PathBuf> = all_rows(&m)
        .iter()
        .map(|r| row_template_path(&m, Some(base), r).unwrap())
        .collect();
    assert_eq!(
        picked,
        [
            PathBuf::from("handouts/examples/batch-mixed-template.es.toml"),
            base.to_path_buf(),
            base.to_path_buf()
        ]
    );
    assert_eq!(language_twin(base, "../x"), None);
}

#[test]
fn a_rows_values_are_laid_on_the_template_and_the_logo_made_absolute() {
    let t = template(
        "logo.toml",
        "title = \"T\"\n[clinic]\nname = \"R\"\nlogo = \"logo.png\"\n[[section]]\nuse = \"exercise-tips\"\n",
    );
    let row = Row {
        overlay: Overlay {
            values: vec![
                (Field::PatientName, Value::Text("Ana".into())),
                (
                    Field::PatientTreatments,
                    Value::List(vec!["radiation".into()]),
                ),
                (Field::ClinicPhone, Value::Text("555".into())),
            ],
        },
        ..Row::default()
    };
    let def = t.definition_for(&row).unwrap();
    assert_eq!(def.patient.name.as_deref(), Some("Ana"));
    assert_eq!(def.patient.treatments[0].get_ref(), "radiation");
    assert_eq!(def.clinic.name.as_deref(), Some("R"));
    assert_eq!(def.clinic.phone.as_deref(), Some("555"));
    let logo = PathBuf::from(def.clinic.logo.as_ref().unwrap().get_ref());
    assert!(logo.is_absolute() && logo.ends_with("logo.png"), "{logo:?}");
    assert_eq!(def.sections.len(), 1);
    // the definition written for --emit-definitions reads back as the same definition
    let text = toml::to_string(&def).unwrap();
    let again = Definition::parse(Path::new("x.toml"), &text).unwrap();
    assert_eq!(again.patient.treatments[0].get_ref(), "radiation");
    assert_eq!(
        again.clinic.logo.as_ref().unwrap().get_ref(),
        logo.to_str().unwrap()
    );
}

#[test]
fn a_row_error_names_the_overlaid_field_it_is_in() {
    let t = template(
        "cond.toml",
        "title = \"T\"\n[[section]]\nuse = \"exercise-tips\"\n",
    );
    let row = Row {
        overlay: Overlay {
            values: vec![
                (Field::PatientName, Value::Text("Ana".into())),
                (Field::PatientCancer, Value::Text("lungg".into())),
            ],
        },
        ..Row::default()
    };
    let def = t.definition_for(&row).unwrap();
    let engine = crate::Engine::new().unwrap();
    let e = engine
        .build_definition(&def, &crate::BuildOptions::default())
        .unwrap_err();
    let e = RowError::from_build(e, &t, &def);
    assert!(
        matches!(
            &e,
            RowError::Definition {
                field: Some(Field::PatientCancer),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("patient.cancer: unknown cancer type `lungg`"),
        "{e}"
    );
}

#[test]
fn partial_names_are_understood() {
    assert_eq!(
        partial_target(".P1-basics.pdf.1234-5.partial"),
        Some(("P1-basics.pdf", 1234))
    );
    assert_eq!(partial_target(".x.partial"), None);
    assert_eq!(print_name("a.pdf"), "a-print.pdf");
}
