use super::parse;
use crate::content::checklist::ChecklistSource;

const GOOD: &str = "# First 90 days {#first-90}

Use it from the day the role is announced.
See [the chapter](../a.md).

## Week 1 {due=week 1}

- [ ] Hold a 1:1 with every PM
  Ask what slows them down.
- [ ] Read the roadmap {#roadmap due=day 3}

## Days 31-60 {#rhythm due=\"days 31-60\"}

- [?] Which three outcomes will you be judged on at day 90? {#outcomes lines=4}
- [?] What must not change?

  Ask your manager.

  Write it down.
";

/// Its problems but the warnings about items without `{#id}` (their own test below).
fn problems(c: &ChecklistSource) -> Vec<String> {
    c.problems
        .iter()
        .map(ToString::to_string)
        .filter(|p| !p.contains("without an `{#id}`"))
        .collect()
}

#[test]
fn an_item_without_an_id_is_a_warning_whose_fix_keeps_its_id() {
    let c = parse(
        "# C\n\n## S\n\n- [ ] Plain item\n- [ ] Dated item {due=day 2}\n- [ ] Kept {#kept}\n",
        "c.md",
        "c",
    );
    let fixes: Vec<String> = c
        .problems
        .iter()
        .map(|d| format!("{}:{}", d.line, d.hint.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        fixes,
        [
            "5:add `{#plain-item}` (the id it has now, so the ticks saved so far are kept)",
            "6:add `{#dated-item}` (the id it has now, so the ticks saved so far are kept)"
        ]
    );
    // Not said while the file has errors: they come first.
    let c = parse("# C\n\n## S\n\n- [ ] Plain {due=someday}\n", "c.md", "c");
    assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
}

#[test]
fn headings_are_sections_and_boxes_are_items() {
    let c = parse(GOOD, "content/checklists/f.md", "f");
    assert!(problems(&c).is_empty(), "{:?}", problems(&c));
    assert_eq!(
        (c.id.as_str(), c.title.as_str(), c.line),
        ("first-90", "First 90 days", 1)
    );
    assert_eq!(
        c.description.as_deref(),
        Some("Use it from the day the role is announced.\nSee [the chapter](../a.md).")
    );
    assert_eq!(c.description_line, 3);
    let ids: Vec<&str> = c.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["week-1", "rhythm"]);
    let week = &c.sections[0];
    assert_eq!(week.due.map(|d| (d.first, d.last)), Some((1, 7)));
    let one = &week.items[0];
    assert_eq!(one.id, "hold-a-1-1-with-every-pm");
    assert_eq!(one.text, "Hold a 1:1 with every PM");
    assert_eq!(one.detail.as_deref(), Some("Ask what slows them down."));
    assert_eq!((one.line, one.due, one.answer), (8, None, None));
    let two = &week.items[1];
    assert_eq!(
        (two.id.as_str(), two.text.as_str(), two.detail.as_deref()),
        ("roadmap", "Read the roadmap", None)
    );
    assert_eq!(two.due.map(|d| d.last), Some(3));
    let q = &c.sections[1].items;
    assert_eq!((q[0].id.as_str(), q[0].answer), ("outcomes", Some(4)));
    assert_eq!(q[1].answer, Some(3), "a question's default box");
    assert_eq!(
        q[1].detail.as_deref(),
        Some("Ask your manager.\n\nWrite it down."),
        "indented paragraphs, blank lines kept"
    );
    assert_eq!(c.sections[1].due.map(|d| (d.first, d.last)), Some((31, 60)));
}

#[test]
fn front_matter_gives_the_title_and_the_stem_the_id() {
    let c = parse(
        "+++\ntitle = \"Weekly\"\nchecklist = true\n+++\n## Monday\n- [ ] Plan\n",
        "content/team/weekly.md",
        "weekly",
    );
    assert!(problems(&c).is_empty(), "{:?}", problems(&c));
    assert_eq!((c.id.as_str(), c.title.as_str()), ("weekly", "Weekly"));
    assert_eq!(c.sections[0].items[0].line, 6);
}

fn one_problem(text: &str) -> String {
    let c = parse(text, "content/checklists/c.md", "c");
    let p = problems(&c);
    assert_eq!(p.len(), 1, "{p:?}");
    p[0].clone()
}

#[test]
fn bad_due_offsets_and_attributes_name_the_line_and_column() {
    for (text, want) in [
        (
            "# C\n## S\n- [ ] Do it {due=wk 2}\n",
            "content/checklists/c.md:3:18: error: unknown unit `wk` in due offset \"wk 2\"",
        ),
        (
            "# C\n## S {due=day 0}\n- [ ] Do it\n",
            "content/checklists/c.md:2:11: error: due offset \"day 0\" counts from 0",
        ),
        (
            "# C\n## S\n- [?] Why? {#why lines=many}\n",
            "content/checklists/c.md:3:24: error: `lines=many` is not a number of lines",
        ),
        (
            "# C\n## S\n- [?] Why? {lines=400}\n",
            "content/checklists/c.md:3:19: error: an answer box of 400 lines is taller than a page",
        ),
        (
            "# C\n## S\n- [ ] Why? {lines=4}\n",
            "content/checklists/c.md:3:13: error: `lines=` belongs to a worksheet question",
        ),
        (
            "# C\n## S\n- [?] Why? {#why line=4}\n",
            "content/checklists/c.md:3:18: error: unknown attribute `line`",
        ),
        (
            "# C\n## S\n- [ ] Why? {#Why_Not}\n",
            "content/checklists/c.md:3:13: error: invalid item id \"Why_Not\"",
        ),
    ] {
        let p = one_problem(text);
        assert!(p.starts_with(want), "{text:?}:\n{p}\nwanted {want}");
    }
}

#[test]
fn structure_mistakes_are_reported_where_they_are() {
    for (text, want) in [
        (
            "## S\n- [ ] A\n",
            "c.md:1:1: error: a checklist has no title",
        ),
        ("# C\n\nText.\n", "c.md:3: error: checklist has no sections"),
        (
            "# C\n## S\n## T\n- [ ] A\n",
            "c.md:2:1: error: section \"S\" has no items",
        ),
        (
            "# C\n## S\n- [ ] A\nStray.\n",
            "c.md:4:1: error: text outside any item",
        ),
        (
            "# C\n## S\n- A\n",
            "c.md:3:1: error: a list item without a box",
        ),
        (
            "# C\n- [ ] A\n",
            "c.md:2:1: error: an item before the first section",
        ),
        (
            "# C\n## S\n### T\n- [ ] A\n",
            "c.md:3:1: error: only `##` headings",
        ),
        (
            "# C\n## S\n- [ ] A {#a}\n- [ ] B {#a}\n",
            "c.md:4:10: error: duplicate item id \"a\"",
        ),
        (
            "# C\n## S\n- [x] A\n",
            "c.md:3:3: warning: item ticked in the file",
        ),
    ] {
        let p = one_problem(text);
        assert!(p.contains(want), "{text:?}:\n{p}\nwanted {want}");
    }
}

#[test]
fn code_in_the_description_is_not_read_as_sections() {
    let c = parse(
        "# C\n\n```md\n## Not a section\n- [ ] not an item\n```\n\n## S\n- [ ] A\n",
        "c.md",
        "c",
    );
    assert!(problems(&c).is_empty(), "{:?}", problems(&c));
    assert_eq!(c.sections.len(), 1);
    assert!(
        c.description
            .unwrap_or_default()
            .contains("## Not a section")
    );
}

#[test]
fn the_fixes_make_the_file_clean() {
    let text = "# C {#Check_List}\n## S\n- [x] A {#Item_One}\n";
    let c = parse(text, "c.md", "c");
    let mut fixed = text.to_string();
    let mut fixes: Vec<_> = c.problems.iter().filter_map(|p| p.fix.as_deref()).collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.range.start));
    for f in fixes {
        fixed = f.apply(&fixed).expect("applies");
    }
    assert_eq!(fixed, "# C {#check-list}\n## S\n- [ ] A {#item-one}\n");
    assert!(parse(&fixed, "c.md", "c").problems.is_empty());
}
