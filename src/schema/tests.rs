use super::*;

const ITEM: Table = Table {
    name: "an item",
    fields: &[
        Field::required("text", Type::Text),
        Field::optional("id", Type::Text),
    ],
    notes: &[("checked", "ticks are kept by each reader's browser")],
};
const SECTION: Table = Table {
    name: "a section",
    fields: &[
        Field::required("title", Type::Text),
        Field::optional("items", Type::Tables(&ITEM)),
    ],
    notes: &[],
};
const OPTIONS: Table = Table {
    name: "`[options]`",
    fields: &[
        Field::optional("enabled", Type::Bool),
        Field::optional("max", Type::Integer { min: 0 }),
        Field::optional("level", Type::Choice(&["error", "warn"])),
    ],
    notes: &[],
};
const FILE: Table = Table {
    name: "a list",
    fields: &[
        Field::required("title", Type::Text),
        Field::optional("options", Type::Table(&OPTIONS)),
        Field::optional("sections", Type::Tables(&SECTION)),
    ],
    notes: &[],
};

/// Checks `text`, applies every fix and checks again: the fixed file has no problem left.
fn check_and_fix(text: &str) -> (Checked, String) {
    let checked = check(text, "a.toml", &FILE).expect("no syntax error");
    let mut fixes: Vec<&Fix> = checked
        .problems
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.range.start));
    let mut fixed = text.to_string();
    for f in fixes {
        fixed = f.apply(&fixed).expect("the fix applies");
    }
    (checked, fixed)
}

fn found(c: &Checked) -> Vec<(usize, usize, &str, &str)> {
    c.problems
        .iter()
        .map(|d| {
            (
                d.line,
                d.col,
                d.message.as_str(),
                d.hint.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn every_mistake_of_a_file_is_reported_at_once_with_its_fix() {
    let text = "title = 42\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntxt = \"Call\"\nchecked = true\n[[sections.items]]\ntext = \"Write\"\n";
    let (c, fixed) = check_and_fix(text);
    assert_eq!(
        found(&c),
        [
            (
                1,
                9,
                "`title` must be text in quotes, not the number 42",
                "put it in quotes: `title = \"42\"`"
            ),
            (5, 1, "unknown key `txt` in an item", "did you mean `text`?"),
            (
                6,
                1,
                "unknown key `checked` in an item",
                "remove it: an item takes `text`, `id` (ticks are kept by each reader's browser)"
            ),
        ]
    );
    assert_eq!(
        fixed,
        "title = \"42\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntext = \"Call\"\n[[sections.items]]\ntext = \"Write\"\n"
    );
    assert!(check(&fixed, "a.toml", &FILE).unwrap().problems.is_empty());
    let items = &c.value["sections"][0]["items"];
    assert_eq!(
        items[0]["text"].as_str(),
        Some("Call"),
        "read as the fix makes it"
    );
    assert_eq!(c.value["title"].as_str(), Some("42"));
    assert_eq!(c.line(text, "sections.0.items.1.text"), 8);
}

#[test]
fn one_table_and_a_list_of_tables_are_told_apart() {
    let text = "title = \"T\"\n[[options]]\nenabled = true\n[sections]\ntitle = \"S\"\n";
    let (c, fixed) = check_and_fix(text);
    assert_eq!(
        found(&c),
        [
            (
                2,
                1,
                "`[[options]]` makes a list of tables; `options` is one table",
                "write `[options]` with single brackets"
            ),
            (
                4,
                1,
                "`[sections]` is one table; sections holds a list of them",
                "write `[[sections]]` with double brackets, once before each"
            ),
        ]
    );
    assert_eq!(
        fixed,
        "title = \"T\"\n[options]\nenabled = true\n[[sections]]\ntitle = \"S\"\n"
    );
    assert_eq!(c.value["sections"][0]["title"].as_str(), Some("S"));
    assert_eq!(c.value["options"]["enabled"].as_bool(), Some(true));
}

#[test]
fn quoted_numbers_and_booleans_and_near_choices_are_fixed() {
    let text = "title = \"T\"\n[options]\nenabled = \"false\"\nmax = \"500\"\nlevel = \"Warn\"\n";
    let (c, fixed) = check_and_fix(text);
    let hints: Vec<&str> = found(&c).iter().map(|f| f.3).collect();
    assert_eq!(
        hints,
        [
            "write it without quotes: `enabled = false`",
            "write it without quotes: `max = 500`",
            "did you mean \"warn\"?"
        ]
    );
    assert_eq!(
        fixed,
        "title = \"T\"\n[options]\nenabled = false\nmax = 500\nlevel = \"warn\"\n"
    );
    assert_eq!(c.value["options"]["max"].as_integer(), Some(500));
}

#[test]
fn a_missing_key_is_named_where_its_table_starts() {
    let (c, _) = check_and_fix("[[sections]]\n[[sections.items]]\nid = \"x\"\n");
    assert_eq!(
        found(&c),
        [
            (2, 1, "an item has no `text`", "add `text = …`"),
            (1, 1, "a section has no `title`", "add `title = …`"),
            (1, 1, "a list has no `title`", "add `title = …`"),
        ]
    );
}

#[test]
fn values_of_no_use_are_dropped_without_a_fix() {
    let (c, fixed) = check_and_fix("title = [\"a\"]\n[options]\nmax = -1\nlevel = 3\n");
    assert_eq!(
        c.problems.len(),
        3,
        "no `title` missing as well: {:?}",
        c.problems
    );
    assert_eq!(
        fixed, "title = [\"a\"]\n[options]\nmax = -1\nlevel = 3\n",
        "nothing to apply"
    );
    assert!(c.value.get("title").is_none());
    assert!(
        c.problems
            .iter()
            .all(|d| d.fix.is_none() && d.hint.is_some())
    );
}
