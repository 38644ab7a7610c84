use super::*;
use crate::diagnostics::Severity;

fn clean(text: &str) -> Split<'_> {
    let s = split(text, "a.md");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    s
}

#[test]
fn no_front_matter_is_all_body() {
    let s = clean("# Title\n\nText\n");
    assert_eq!(s.meta, FrontMatter::default());
    assert_eq!(s.body_line, 1);
    assert!(s.body.starts_with("# Title"));
}

#[test]
fn toml_front_matter() {
    let s = clean("+++\ntitle = \"A\"\nweight = 3\ntags = [\"x\"]\n+++\nBody\n");
    assert_eq!(s.meta.title.as_deref(), Some("A"));
    assert_eq!(s.meta.weight, Some(3));
    assert_eq!(s.body, "Body\n");
    assert_eq!(s.body_line, 6);
}

#[test]
fn yaml_front_matter_with_bom_and_crlf() {
    let s = clean("\u{feff}---\r\ntitle: A\r\ndraft: true\r\n---\r\nBody\r\n");
    assert_eq!(s.meta.title.as_deref(), Some("A"));
    assert!(s.meta.draft);
    assert_eq!(s.body, "Body\r\n");
}

#[test]
fn unknown_keys_are_warnings_all_at_once_with_hints() {
    let s = split(
        "+++\ntitle = \"A\"\nwieght = 3\nlayout = \"doc\"\n+++\nBody\n",
        "content/a.md",
    );
    assert_eq!(s.meta.title.as_deref(), Some("A"));
    assert_eq!(s.body, "Body\n");
    let found: Vec<_> = s
        .problems
        .iter()
        .map(|d| (d.severity, d.line, d.hint.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Warning,
                4,
                "playbook reads title, description, weight, draft, tags, slug".into()
            ),
            (Severity::Warning, 3, "did you mean `weight`?".into()),
        ]
    );
    let s = split("---\ntitel: A\n---\n", "content/a.md");
    assert_eq!(s.problems.len(), 1);
    assert_eq!(s.problems[0].line, 2);
    assert_eq!(s.problems[0].hint.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn keys_of_other_tools_are_understood() {
    let s = clean(
        "---\nlinkTitle: Short\nsidebar_position: 2\ndate: 2023-05-01\nlastmod: 2024-02-03T10:00:00Z\nsummary: In brief.\ncategories: Leadership\ntags: [a, b]\naliases: [/old/page/, old.html]\nredirect_from: /older/\n---\nBody\n",
    );
    let m = &s.meta;
    assert_eq!(m.nav_title.as_deref(), Some("Short"));
    assert_eq!(m.weight, Some(2));
    assert_eq!(m.updated.as_deref(), Some("2024-02-03"));
    assert_eq!(m.description.as_deref(), Some("In brief."));
    assert_eq!(m.tags, ["Leadership", "a", "b"]);
    assert_eq!(m.aliases, ["/old/page/", "old.html", "/older/"]);
    let s = clean(
        "+++\nsidebar_label = \"S\"\nnav_order = 7\nupdated = 2024-03-04\ntags = \"one\"\n+++\n",
    );
    assert_eq!(s.meta.nav_title.as_deref(), Some("S"));
    assert_eq!(s.meta.weight, Some(7));
    assert_eq!(s.meta.updated.as_deref(), Some("2024-03-04"));
    assert_eq!(s.meta.tags, ["one"]);
    let s = clean("---\nweight: 1\nnav_order: 9\ndescription: D\nsummary: S\n---\n");
    assert_eq!(
        (s.meta.weight, s.meta.description.as_deref()),
        (Some(1), Some("D"))
    );
    let s =
        clean("---\nnav_title: N\nlinkTitle: L\npublished: false\nsidebar_position: 2.6\n---\n");
    assert_eq!(
        s.meta.nav_title.as_deref(),
        Some("N"),
        "playbook's own key wins"
    );
    assert!(s.meta.draft, "Jekyll's `published: false` is a draft");
    assert_eq!(s.meta.weight, Some(3), "a decimal position is rounded");
}

#[test]
fn a_bad_value_of_a_foreign_key_is_a_warning_of_an_own_key_an_error() {
    let s = split("---\ndate: last week\ntitle: [x]\n---\n", "a.md");
    let found: Vec<_> = s.problems.iter().map(|d| (d.severity, d.line)).collect();
    assert_eq!(found, [(Severity::Warning, 2), (Severity::Error, 3)]);
    assert_eq!(s.meta.updated, None);
}

#[test]
fn a_leading_thematic_break_is_content() {
    for text in [
        "---\n\nSome text under a rule.\n",
        "---\nHello\n---\n\nMore.\n",
        "---\n# Heading\n---\n",
        "---\n- a list\n- of items\n",
    ] {
        let s = clean(text);
        assert_eq!((s.body, s.body_line), (text, 1), "{text:?}");
    }
}

#[test]
fn bad_yaml_reports_file_line() {
    let s = split("---\ntitle: A\nweight: [\n---\n", "content/a.md");
    assert!(s.problems[0].line >= 3, "{:?}", s.problems);
    assert!(s.problems[0].is_error());
}

#[test]
fn yaml_error_position_counts_lines_as_the_file_does() {
    // Found by fuzzing: YAML counts the lone `\r` as a line break.
    let text = "---\n\r#\n{slug = \"s\"> [!NOTE]\n---\n";
    for e in split(text, "a.md").problems {
        let line = text.split('\n').nth(e.line - 1).unwrap();
        assert!(e.col <= line.chars().count() + 1, "{e}");
    }
}

#[test]
fn unterminated_is_an_error_and_the_body_is_kept() {
    let s = split("+++\ntitle = \"A\"\n\nBody\n", "a.md");
    assert_eq!(s.problems[0].line, 1);
    assert!(s.problems[0].message.contains("never closed"));
    assert!(s.body.contains("Body"));
    let s = split("---\ntitle: A\n\nBody\n", "a.md");
    assert!(s.problems[0].message.contains("never closed"));
}

#[test]
fn fence_inside_code_block_is_body() {
    let s = clean("Intro\n\n```\n+++\n```\n");
    assert_eq!(s.body_line, 1);
}

/// The problems of `text` and the file their fixes make (applied from the last one up).
fn fixed(text: &str) -> (Vec<Diagnostic>, String) {
    let problems = split(text, "a.md").problems;
    let mut fixes: Vec<_> = problems.iter().filter_map(|d| d.fix.as_deref()).collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.range.start));
    let out = fixes
        .iter()
        .fold(text.to_string(), |t, f| f.apply(&t).expect("applies"));
    (problems, out)
}

#[test]
fn a_misspelled_key_is_renamed_by_its_fix() {
    let (p, out) = fixed("+++\nwieght = 3\n+++\n");
    assert_eq!(p[0].hint.as_deref(), Some("did you mean `weight`?"));
    assert_eq!(out, "+++\nweight = 3\n+++\n");
    let (_, out) = fixed("---\ntitel: A\n---\n");
    assert_eq!(out, "---\ntitle: A\n---\n");
}

#[test]
fn a_quoted_weight_is_read_as_its_number_and_unquoted_by_its_fix() {
    let s = split("+++\nweight = \"2\"\n+++\n", "a.md");
    assert_eq!(s.meta.weight, Some(2));
    let d = &s.problems[0];
    assert_eq!((d.severity, d.line, d.col), (Severity::Warning, 2, 10));
    assert_eq!(
        d.message,
        "`weight` is the text \"2\", not a number; read as 2"
    );
    assert_eq!(d.hint.as_deref(), Some("write `weight = 2`"));
    let (_, out) = fixed("---\nweight: '2'  # first\n---\n");
    assert_eq!(out, "---\nweight: 2  # first\n---\n");
}

#[test]
fn tags_in_one_text_with_commas_are_a_list() {
    let s = split("---\ntags: people, hiring\n---\n", "a.md");
    assert_eq!(s.meta.tags, ["people", "hiring"]);
    assert_eq!(
        s.problems[0].hint.as_deref(),
        Some("write `tags: [people, hiring]`")
    );
    let (_, out) = fixed("+++\ntags = \"people, 1:1s\"\n+++\n");
    assert_eq!(out, "+++\ntags = [\"people\", \"1:1s\"]\n+++\n");
    assert!(split(&out, "a.md").problems.is_empty());
    assert!(
        split("---\ntags: people\n---\n", "a.md")
            .problems
            .is_empty()
    );
}

#[test]
fn a_date_yaml_reads_as_text_is_read_and_rewritten() {
    let (p, out) = fixed("---\ndate: 15/01/2024\n---\n");
    assert_eq!(
        p[0].message,
        "`date` is not written YYYY-MM-DD; read as 2024-01-15"
    );
    assert_eq!(out, "---\ndate: 2024-01-15\n---\n");
    let s = split("---\ndate: January 5, 2024\n---\n", "a.md");
    assert_eq!(s.meta.updated.as_deref(), Some("2024-01-05"));
    let (p, out) = fixed("---\ndate: 03/04/2024\n---\n");
    assert!(
        p[0].message.contains("must be a date"),
        "ambiguous: {}",
        p[0]
    );
    assert!(p[0].fix.is_none() && out.contains("03/04/2024"));
}

#[test]
fn toml_syntax_errors_are_shown_at_the_opening_quote() {
    let s = split(
        "+++\ntitle = \"A\"\ndescription = \"How we hire\n+++\nBody\n",
        "a.md",
    );
    let d = &s.problems[0];
    assert_eq!((d.line, d.col), (3, 15));
    assert_eq!(d.message, "this string is never closed");
    let (_, out) = fixed("+++\ntitle = \"A\"\ndescription = \"How we hire\n+++\nBody\n");
    assert_eq!(
        out,
        "+++\ntitle = \"A\"\ndescription = \"How we hire\"\n+++\nBody\n"
    );
}
