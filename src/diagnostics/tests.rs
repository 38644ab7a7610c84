use super::*;

#[test]
fn line_col_counts_from_one() {
    let text = "a\nbc\ndéf";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 3), (2, 2));
    assert_eq!(line_col(text, 8), (3, 3));
}

#[test]
fn line_index_matches_line_col_in_any_order() {
    let text = "a\nbc\ndéf\n\nxyz";
    let mut index = LineIndex::new(text);
    for offset in [0, 3, 8, 2, 9, 1, 100, 6, 5] {
        assert_eq!(
            index.line_col(offset),
            line_col(text, offset),
            "offset {offset}"
        );
    }
}

#[test]
fn rich_rendering_shows_the_line_and_marks_the_word() {
    let d = Diagnostic::error("content/a.md", 3, "unknown field `wieght`")
        .at_col(1)
        .with_hint(Some("did you mean `weight`?".into()));
    let out = render_rich(&d, Some("+++\ntitle = \"A\"\nwieght = 3\n+++\n"), false);
    assert!(out.starts_with("error: unknown field `wieght`\n"), "{out}");
    assert!(out.contains("--> content/a.md:3:1"), "{out}");
    assert!(out.contains("3 | wieght = 3\n  | ^^^^^^\n"), "{out}");
    assert!(out.contains("hint: did you mean `weight`?"), "{out}");
}

#[test]
fn rich_rendering_marks_a_whole_link_and_survives_missing_lines() {
    let d = Diagnostic::error("content/a.md", 2, "link to `b.md`: no chapter").at_col(5);
    let out = render_rich(&d, Some("# A\nSee [b](b.md#x) now.\n"), false);
    assert!(
        out.ends_with("See [b](b.md#x) now.\n  |     ^^^^^^^^^^^"),
        "{out}"
    );
    let beyond = Diagnostic::error("content/a.md", 9, "x").at_col(50);
    let out = render_rich(&beyond, Some("short\n"), false);
    assert!(out.contains("--> content/a.md:9:50"), "{out}");
    let warning = Diagnostic::warning("content", 0, "symbolic link loop; skipped");
    assert_eq!(
        render_rich(&warning, None, false),
        "warning: symbolic link loop; skipped\n --> content"
    );
    assert!(
        render_rich(&d, Some("# A\nSee [b](b.md)\n"), true).contains("\u{1b}["),
        "colour when asked"
    );
}

#[test]
fn markers_never_split_a_char() {
    for (line, col) in [
        ("ééé", 2),
        ("é", 9),
        ("", 1),
        ("   ", 0),
        ("[é](", 1),
        ("![x](y)", 1),
        ("a: b", 1),
    ] {
        let r = marker(line, col);
        assert!(
            line.is_char_boundary(r.start) && line.is_char_boundary(r.end) && r.start <= r.end,
            "{line:?} {col}"
        );
    }
    assert_eq!(marker("titel: A", 1), 0..5);
    assert_eq!(marker("  x = [1, 2]", 7), 6..8);
}

#[test]
fn suggests_close_keys_only() {
    assert_eq!(suggest("titel", &["title", "weight"]), Some("title"));
    assert_eq!(suggest("colour", &["title", "weight"]), None);
}

#[test]
fn formats_like_a_compiler() {
    let d = Diagnostic::error("content/a.md", 4, "unknown field `wieght`")
        .at_col(1)
        .with_hint(Some("did you mean `weight`?".into()));
    assert_eq!(
        d.to_string(),
        "content/a.md:4:1: error: unknown field `wieght`\n  hint: did you mean `weight`?"
    );
}
