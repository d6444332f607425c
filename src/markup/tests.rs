//! Markup unit tests: Markdown in, blocks out.

use super::*;
use crate::document::plain_text;

#[test]
fn icons_go_beside_the_next_block_and_warnings_are_kept_by_id() {
    let blocks = parse("::: icon pill\n- one\n- two\n\n::: warning spinal-cord\n").unwrap();
    match &blocks[0] {
        Block::Icon { name, block } => {
            assert_eq!(name, "pill");
            assert!(matches!(**block, Block::List { .. }), "{block:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(blocks[1], Block::Warning("spinal-cord".into()));
    assert!(parse("::: icon rocket\ntext\n").is_err());
    assert!(parse("text\n\n::: icon pill\n").is_err());
}

#[test]
fn paragraphs_bold_and_lists() {
    let blocks = parse("Take it **with food**.\n\n- one\n- two\n\n1. first\n2. second\n").unwrap();
    assert_eq!(blocks.len(), 3);
    match &blocks[0] {
        Block::Paragraph(i) => {
            assert_eq!(plain_text(i), "Take it with food.");
            assert!(i.iter().any(|s| s.style.bold && s.text == "with food"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&blocks[1], Block::List { kind: ListKind::Bullet, items } if items.len() == 2)
    );
    assert!(matches!(
        &blocks[2],
        Block::List {
            kind: ListKind::Numbered(1),
            ..
        }
    ));
}

#[test]
fn task_list_table_callout_and_write_in() {
    let md = "- [ ] Can I drive?\n- [ ] Can I work?\n\n| Age | Calcium |\n|---|---|\n| 19-50 | 1,000 mg |\n\n> [!WARNING]\n> **Call now** if you cannot walk.\n\n::: lines 4\n";
    let blocks = parse(md).unwrap();
    assert!(matches!(
        &blocks[0],
        Block::List {
            kind: ListKind::Task,
            ..
        }
    ));
    match &blocks[1] {
        Block::Table { header, rows } => {
            assert_eq!(plain_text(&header[1]), "Calcium");
            assert_eq!(plain_text(&rows[0][1]), "1,000 mg");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &blocks[2],
        Block::Callout {
            kind: CalloutKind::Urgent,
            ..
        }
    ));
    assert_eq!(blocks[3], Block::WriteIn { lines: 4 });
}

#[test]
fn unsupported_markdown_is_refused_in_plain_words_with_its_line() {
    for (md, line) in [
        ("a\n\n![x](y.png)", 3),
        ("```\ncode\n```", 1),
        ("a\n\n---\n", 3),
    ] {
        let e = parse(md).unwrap_err().message;
        assert!(e.starts_with(&format!("line {line} of the body: ")), "{e}");
        assert!(!e.contains("Borrowed") && !e.contains('{'), "{e}");
    }
}

#[test]
fn bad_directive_is_an_error() {
    assert!(parse("::: lines many\n").is_err());
    assert!(parse("::: columns 2\n").is_err());
}

#[test]
fn escaped_user_text_stays_literal() {
    let blocks = parse(&escape("Can I *garden*? [yes] #1")).unwrap();
    match &blocks[0] {
        Block::Paragraph(i) => assert_eq!(plain_text(i), "Can I *garden*? [yes] #1"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn when_blocks_become_nodes_with_typed_conditions() {
    let blocks = parse_body(
        "Intro.\n\n::: when treatments=denosumab\n## Shots\n\nEvery 4 weeks.\n:::\n\n::: when section=jaw-care\nRead {see:jaw-care}.\n:::\n",
        Some(&["jaw-care"]),
    )
    .unwrap();
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    match &blocks[1] {
        Block::When { condition, blocks } => {
            assert_eq!(*condition, Condition::Treatments(vec!["denosumab".into()]));
            assert_eq!(blocks[0], Block::SubHeading("Shots".into()));
            assert_eq!(blocks.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &blocks[2],
        Block::When { condition: Condition::Section(s), .. } if s == &["jaw-care".to_string()]
    ));
}

#[test]
fn bad_when_blocks_are_refused_with_todays_words() {
    let err = |md: &str| parse_body(md, Some(&["jaw-care"])).unwrap_err();
    let e = err("::: when treatments=aspirin\nx\n:::\n");
    assert_eq!(e.kind, ErrorKind::When);
    assert_eq!(
        e.message,
        "`::: when treatments=aspirin` names unknown treatment `aspirin`"
    );
    assert_eq!(
        err("::: when treatments=sbrt\nx\n").message,
        "a `::: when` block has no closing `:::`"
    );
    assert_eq!(
        err("x\n:::\n").message,
        "a closing `:::` has no `::: when` before it"
    );
    assert!(err("::: when section=nope\n:::\n")
        .message
        .contains("unknown section `nope`"));
    // an icon goes beside a block inside the when block, not outside it
    assert!(err("::: icon pill\n::: when cancer=myeloma\nx\n:::\n")
        .message
        .contains("put it inside"));
    assert!(err("::: when cancer=myeloma\n::: icon pill\n:::\n")
        .message
        .contains("comes last"));
}

#[test]
fn placeholders_are_found_in_paragraphs_items_cells_and_headings() {
    use crate::document::Placeholder;
    let blocks =
        parse("Call {call_clinic}.\n\n- Ask **{clinic}**\n\n| A |\n|---|\n| {emergency} |\n")
            .unwrap();
    let placeholders = |inl: &Inlines| -> Vec<Placeholder> {
        inl.iter().filter_map(|s| s.placeholder.clone()).collect()
    };
    match &blocks[0] {
        Block::Paragraph(i) => assert_eq!(placeholders(i), [Placeholder::CallClinic]),
        other => panic!("{other:?}"),
    }
    match &blocks[1] {
        Block::List { items, .. } => match &items[0][0] {
            Block::Paragraph(i) => {
                assert_eq!(placeholders(i), [Placeholder::Clinic]);
                assert!(i.iter().any(|s| s.placeholder.is_some() && s.style.bold));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    match &blocks[2] {
        Block::Table { rows, .. } => {
            assert_eq!(placeholders(&rows[0][0]), [Placeholder::Emergency])
        }
        other => panic!("{other:?}"),
    }
    for md in [
        "Call {nurse_phone}.",
        "## About {nurse}",
        "- {x}",
        "An open { brace",
    ] {
        let e = parse(md).unwrap_err();
        assert!(
            matches!(e.kind, ErrorKind::UnknownPlaceholder(_)),
            "{md}: {e:?}"
        );
    }
}
