use super::*;

/// The diagnostic for `text`, parsed as a whole file, and the text its fix makes.
fn error(text: &str) -> (Diagnostic, Option<String>) {
    let e = toml_edit::ImDocument::parse(text).expect_err("a syntax error");
    let d = toml_error("a.toml", text, 1, e.message(), e.span().map(|s| s.start));
    let fixed = d
        .fix
        .as_ref()
        .map(|f| f.apply(text).expect("the fix applies"));
    (d, fixed)
}

fn valid(text: Option<&str>) -> bool {
    text.is_some_and(|t| toml_edit::ImDocument::parse(t).is_ok())
}

#[test]
fn an_unclosed_string_is_shown_at_its_opening_quote() {
    let (d, fixed) = error("title = \"A\"\ndescription = \"How we run 1:1s\nweight = 3\n");
    assert_eq!((d.line, d.col), (2, 15), "{d}");
    assert_eq!(d.message, "this string is never closed");
    assert_eq!(
        fixed.as_deref(),
        Some("title = \"A\"\ndescription = \"How we run 1:1s\"\nweight = 3\n")
    );
    assert!(valid(fixed.as_deref()));
    let (d, _) = error("tags = [\"a\", 'b\nx = 1\n");
    assert_eq!((d.line, d.col), (1, 14), "{d}");
    assert!(d.hint.unwrap().starts_with("end it with `'`"));
}

#[test]
fn an_unclosed_list_is_shown_where_it_opens() {
    let (d, fixed) = error("tags = [\"a\",\n  \"b\"\n\ntitle = \"x\"\n");
    assert_eq!(
        (d.line, d.col, d.message.as_str()),
        (1, 8, "this list is never closed")
    );
    assert_eq!(
        fixed.as_deref(),
        Some("tags = [\"a\",\n  \"b\"]\n\ntitle = \"x\"\n")
    );
    let (d, fixed) = error("x = {a = 1\ny = 2\n");
    assert_eq!((d.line, d.col), (1, 5));
    assert_eq!(fixed.as_deref(), Some("x = {a = 1}\ny = 2\n"));
}

#[test]
fn an_unclosed_table_header_is_shown_on_its_line() {
    for (text, want) in [
        (
            "title = \"x\"\n[[sections]\ntitle = \"s\"\n",
            "title = \"x\"\n[[sections]]\ntitle = \"s\"\n",
        ),
        (
            "[[sections\ntitle = \"s\"\n",
            "[[sections]]\ntitle = \"s\"\n",
        ),
        ("[search\nenabled = true\n", "[search]\nenabled = true\n"),
    ] {
        let (d, fixed) = error(text);
        assert_eq!(d.message, "this table header is never closed", "{text:?}");
        assert_eq!(d.col, 1);
        assert_eq!(fixed.as_deref(), Some(want), "{text:?}");
        assert!(valid(fixed.as_deref()));
    }
}

#[test]
fn yaml_habits_get_their_toml_form() {
    let (d, fixed) = error("title: \"A\"\n");
    assert_eq!(d.message, "TOML sets a key with `=`, not `:`");
    assert_eq!(fixed.as_deref(), Some("title = \"A\"\n"));
    let (_, fixed) = error("title: Hiring well\n");
    assert_eq!(fixed.as_deref(), Some("title = \"Hiring well\"\n"));
    let (d, fixed) = error("title = Hiring well\n");
    assert_eq!((d.message.as_str(), d.col), ("text must be in quotes", 9));
    assert_eq!(fixed.as_deref(), Some("title = \"Hiring well\"\n"));
}

#[test]
fn a_table_twice_suggests_a_list_of_tables() {
    let (d, fixed) = error("[sections]\ntitle = \"a\"\n[sections]\ntitle = \"b\"\n");
    assert_eq!(d.line, 3);
    assert!(d.hint.unwrap().contains("`[[sections]]`"));
    assert_eq!(fixed, None, "no single edit fixes it");
}

#[test]
fn the_scanner_knows_strings_comments_and_headers() {
    let text = "a = \"[\" # [\n[t]\nb = ['x', {c = 1}, [\"]\"";
    let open = scan(text, text.len());
    let list = text.rfind("[\"").unwrap();
    assert_eq!(
        open.brackets,
        [(text.find("['").unwrap(), '['), (list, '[')]
    );
    assert_eq!(open.string, None);
    let open = scan("a = \"\"\"x\ny", 10);
    assert_eq!(
        open.string,
        Some((4, '"')),
        "a multi-line string stays open"
    );
}
