use super::*;

const GOOD: &str = r#"title = "First 90 days"
description = "Use it."
[[sections]]
title = "Weeks 1-2"
[[sections.items]]
text = "Hold a 1:1 with every PM"
detail = "Ask what slows them down."
[[sections.items]]
text = "Read the roadmap"
id = "roadmap"
"#;

#[test]
fn parses_with_default_ids() {
    let c = parse(
        GOOD,
        "content/checklists/first-90-days.toml",
        "first-90-days",
    );
    assert_eq!(c.id, "first-90-days");
    assert_eq!(c.sections[0].items[0].id, "hold-a-1-1-with-every-pm");
    assert_eq!(c.sections[0].items[1].id, "roadmap");
    assert_eq!(c.line, 1);
}

#[test]
fn unknown_key_names_line_and_key() {
    let text = GOOD.replace("detail = ", "detials = ");
    let e = parse(&text, "c.toml", "c").problems;
    assert_eq!(e[0].line, 7);
    assert!(e[0].message.contains("detials"));
    assert_eq!(
        e[0].hint.as_deref(),
        Some("did you mean `detail`?"),
        "{}",
        e[0]
    );
}

#[test]
fn missing_text_is_an_error() {
    let e = parse(
        "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ndetail = \"d\"\n",
        "c.toml",
        "c",
    )
    .problems;
    assert_eq!(e[0].message, "a checklist item has no `text`");
    assert_eq!(e[0].line, 4, "{}", e[0]);
}

#[test]
fn missing_title_is_an_error() {
    let e = parse("[[sections]]\ntitle = \"s\"\n", "c.toml", "c").problems;
    assert_eq!(e[0].message, "a checklist has no `title`");
    let fix = e[0].fix.as_ref().expect("a fix");
    assert_eq!(
        fix.apply("[[sections]]\ntitle = \"s\"\n").as_deref(),
        Some("title = \"C\"\n[[sections]]\ntitle = \"s\"\n"),
        "the title from the file name"
    );
}

#[test]
fn empty_section_names_its_line() {
    let e = parse(
        "title = \"x\"\n\n[[sections]]\ntitle = \"Empty\"\n",
        "c.toml",
        "c",
    )
    .problems;
    assert_eq!(e[0].line, 3);
    assert!(e[0].message.contains("\"Empty\" has no items"));
}

#[test]
fn duplicate_item_ids_are_errors() {
    let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"a\"\nid = \"same\"\n[[sections.items]]\ntext = \"b\"\nid = \"same\"\n";
    let e = parse(text, "c.toml", "c").problems;
    assert_eq!(e[0].line, 9);
    assert!(e[0].message.contains("duplicate item `id` \"same\""));
}

#[test]
fn invalid_ids_name_their_line() {
    let text = "title = \"x\"\nid = \"Bad Id\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"a\"\nid = \"no_underscores\"\n";
    let e = parse(text, "c.toml", "c").problems;
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        (e[0].line, e[0].message.as_str()),
        (
            2,
            "invalid `id` \"Bad Id\": use lowercase letters, digits and dashes"
        )
    );
    assert_eq!(e[1].line, 7);
    assert!(
        e[1].message
            .contains("invalid item `id` \"no_underscores\""),
        "{}",
        e[1]
    );
}

#[test]
fn no_sections_and_empty_text_are_errors() {
    let e = parse("title = \"x\"\n", "c.toml", "c").problems;
    assert!(e[0].message.contains("no `[[sections]]`"), "{}", e[0]);
    let e = parse(
        "title = \" \"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"  \"\n",
        "c.toml",
        "c",
    )
    .problems;
    assert_eq!((e[0].line, e[0].message.as_str()), (1, "`title` is empty"));
    assert_eq!(
        (e[1].line, e[1].message.as_str()),
        (5, "item `text` is empty")
    );
}

#[test]
fn wrong_type_names_line() {
    let e = parse("title = \"x\"\n[[sections]]\ntitle = 3\n", "c.toml", "c").problems;
    assert_eq!(e[0].line, 3, "{}", e[0]);
    assert_eq!(
        e[0].message,
        "`title` must be text in quotes, not the number 3"
    );
}

#[test]
fn default_ids_stay_short_and_ignore_punctuation() {
    let c = parse(
        "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Write down, in one sentence, what each of your PMs will own by the end of the quarter\"\n[[sections.items]]\ntext = \"!!!\"\n",
        "c.toml",
        "c",
    );
    let id = &c.sections[0].items[0].id;
    assert!(
        id.len() < 50 && id.starts_with("write-down-in-one-sentence-what-each"),
        "{id}"
    );
    assert_eq!(c.sections[0].items[1].id, "item");
}

#[test]
fn same_text_gets_distinct_default_ids() {
    let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Call\"\n[[sections.items]]\ntext = \"Call\"\n";
    let c = parse(text, "c.toml", "c");
    assert_eq!(c.sections[0].items[1].id, "call-2");
}

#[test]
fn three_mistakes_are_three_diagnostics_in_one_run() {
    let text = "title = \"x\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Call\"\nchecked = true\n[[sections.items]]\ntxt = \"Write\"\n[[sections.items]]\ntext = 42\n";
    let c = parse(text, "c.toml", "c");
    let found: Vec<(usize, &str)> = c
        .problems
        .iter()
        .map(|d| (d.line, d.hint.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [
            (
                6,
                "remove it: a checklist item takes `text`, `id`, `detail` (ticks are saved in each reader's browser, not in the file)"
            ),
            (8, "did you mean `text`?"),
            (10, "put it in quotes: `text = \"42\"`"),
        ]
    );
    let ids: Vec<&str> = c.sections[0].items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["call", "write", "42"], "read as the fixes make it");
}

#[test]
fn one_section_table_is_read_as_a_list_of_one() {
    let text = "title = \"x\"\n[sections]\ntitle = \"s\"\n[[sections.items]]\ntext = \"Call\"\n";
    let c = parse(text, "c.toml", "c");
    assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
    let fix = c.problems[0].fix.as_ref().unwrap();
    assert_eq!(
        fix.apply(text).unwrap(),
        text.replace("[sections]", "[[sections]]")
    );
    assert_eq!(c.sections[0].items[0].id, "call");
}

#[test]
fn an_invalid_id_is_known_by_its_fix() {
    let text = "title = \"x\"\nid = \"team_health\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"a\"\nid = \"Ask\"\n";
    let c = parse(text, "c.toml", "c");
    assert_eq!(c.id, "team-health");
    assert_eq!(c.sections[0].items[0].id, "ask");
    let fixed = c.problems.iter().rev().fold(text.to_string(), |t, d| {
        d.fix.as_ref().unwrap().apply(&t).unwrap()
    });
    assert_eq!(
        fixed,
        text.replace("team_health", "team-health")
            .replace("\"Ask\"", "\"ask\"")
    );
    assert!(parse(&fixed, "c.toml", "c").problems.is_empty());
}

#[test]
fn a_syntax_error_keeps_the_id_and_marks_the_checklist_incomplete() {
    let c = parse(
        "title = \"x\"\nid = \"onboarding\"\n[[sections]\ntitle = \"s\"\n",
        "c.toml",
        "c",
    );
    assert!(!c.complete);
    assert_eq!(c.id, "onboarding");
    assert_eq!(c.problems.len(), 1);
    assert_eq!(c.problems[0].message, "this table header is never closed");
    let c = parse("title = \"x\n", "c.toml", "file-stem");
    assert_eq!((c.id.as_str(), c.complete), ("file-stem", false));
}

#[test]
fn an_item_without_id_is_a_warning_whose_fix_keeps_its_ticks() {
    let c = parse(GOOD, "c.toml", "c");
    assert_eq!(
        c.problems.len(),
        1,
        "only the item without an id: {:?}",
        c.problems
    );
    let w = &c.problems[0];
    assert!(!w.is_error());
    assert_eq!((w.line, w.col), (6, 1), "at its text");
    assert!(w.message.contains("without an `id`"), "{w}");
    assert_eq!(
        w.hint.as_deref(),
        Some(
            "add `id = \"hold-a-1-1-with-every-pm\"` (the id it has now, so the ticks saved so far are kept)"
        )
    );
    let fixed = w.fix.as_ref().expect("a fix").apply(GOOD).expect("applies");
    assert!(
        fixed
            .contains("[[sections.items]]\nid = \"hold-a-1-1-with-every-pm\"\ntext = \"Hold a 1:1"),
        "{fixed}"
    );
    let again = parse(&fixed, "c.toml", "c");
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(
        again.sections[0].items[0].id, "hold-a-1-1-with-every-pm",
        "the same id"
    );
    // Indented, and in an inline table (a hint only: no line of its own to add).
    let indented =
        "title = \"T\"\n[[sections]]\ntitle = \"S\"\n  [[sections.items]]\n  text = \"Call\"\n";
    let w = &parse(indented, "c.toml", "c").problems[0];
    assert_eq!(
        w.fix.as_ref().unwrap().apply(indented).unwrap(),
        indented.replace("  text", "  id = \"call\"\n  text")
    );
    let inline = "title = \"T\"\n[[sections]]\ntitle = \"S\"\nitems = [{ text = \"Call\" }]\n";
    let w = &parse(inline, "c.toml", "c").problems[0];
    assert!(
        w.message.contains("without an `id`") && w.fix.is_none(),
        "{w:?}"
    );
}

#[test]
fn no_missing_id_warning_while_the_file_has_errors() {
    let text = GOOD.replace("detail = ", "detials = ");
    let problems = parse(&text, "c.toml", "c").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
}
