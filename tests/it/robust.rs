//! Hostile input on disk and in size: huge and deeply nested files, symbolic-link loops,
//! files that cannot be read. Nothing may panic, hang or overflow the stack; every problem
//! names its file. Runs finish in seconds; the timing figures come from `bench/`, not from here.
use crate::harness::{Run, SiteTest};

/// No crash: a clean exit status, 0 or 1, and never a panic message.
fn assert_no_crash(run: &Run, what: &str) {
    assert!(
        matches!(run.code, Some(0 | 1)),
        "{what}: exit {:?}\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
}

#[test]
fn a_20_mb_chapter_builds() {
    let block = "## Section\n\nA paragraph with *emphasis*, `code`, a [link](#section) and a [page](b.md#b-heading).\n\n- a list item\n  - nested\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n";
    let mut text = String::from("# Huge\n\n");
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(block);
    }
    text.push_str("## The very end\n");
    let t = SiteTest::new("huge")
        .file("content/a.md", &text)
        .file("content/b.md", "# B\n\n## B heading\n");
    let run = t.build();
    assert_no_crash(&run, "20 MB");
    let html = t.read("a/index.html");
    assert!(html.len() > 20 * 1024 * 1024, "all of it was rendered");
    assert!(
        html.contains("id=\"the-very-end\""),
        "the last heading made it"
    );
    assert!(
        html.contains("id=\"section-100000\""),
        "heading ids stay unique"
    );
}

#[test]
fn deeply_nested_quotes_lists_and_tables_do_not_overflow() {
    let deep = 10_000;
    let t = SiteTest::new("deep")
        .file(
            "content/quotes.md",
            &format!("# Q\n\n{} deep\n", ">".repeat(deep)),
        )
        .file(
            "content/lists.md",
            &format!("# L\n\n{}deep\n", "- ".repeat(deep)),
        )
        .file(
            "content/ordered.md",
            &format!("# O\n\n{}deep\n", "1. ".repeat(deep)),
        )
        .file(
            "content/mixed.md",
            &format!("# M\n\n{}deep\n", "> - ".repeat(deep / 2)),
        )
        .file(
            "content/brackets.md",
            &format!(
                "# B\n\n{}{}\n\n{}x{}\n",
                "[".repeat(deep),
                "]".repeat(deep),
                "*".repeat(deep),
                "*".repeat(deep)
            ),
        )
        .file(
            "content/html.md",
            &format!("# H\n\n{}\n", "<div>".repeat(deep)),
        );
    let run = t.run(&["build"]);
    assert_no_crash(&run, "deep Markdown");
    assert!(run.success(), "{}", run.stderr);
    assert_eq!(
        t.read("quotes/index.html").matches("<blockquote>").count(),
        deep
    );
    assert!(t.read("lists/index.html").matches("<ul>").count() >= 1000);
}

#[test]
fn deeply_nested_front_matter_and_checklists_are_errors_not_crashes() {
    let deep = 10_000;
    let t = SiteTest::new("deep-data")
        .file(
            "content/toml.md",
            &format!("+++\ntags = {}\n+++\n", "[".repeat(deep)),
        )
        .file(
            "content/yaml.md",
            &format!("---\ntags: {}\n---\n", "[".repeat(deep)),
        )
        .file(
            "content/checklists/c.toml",
            &format!("title = \"C\"\nx = {}\n", "{a = ".repeat(deep)),
        );
    let run = t.run(&["build"]);
    assert_no_crash(&run, "deep data");
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("--> content/toml.md:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/yaml.md:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/checklists/c.toml:2:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("recursion limit"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang() {
    let t = SiteTest::new("loop").file("content/a/x.md", "# X\n");
    std::os::unix::fs::symlink(t.path().join("content"), t.path().join("content/a/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", t.path().join("content/dangling.md")).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: symbolic link loop; skipped\n --> content/a/loop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: cannot read"),
        "dangling link: {}",
        run.stderr
    );
    assert!(run.stderr.contains("content/dangling.md"), "{}", run.stderr);
    assert!(t.exists("a/x/index.html"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let t = SiteTest::new("unreadable")
        .file("content/a.md", "# A\n")
        .file("content/secret.md", "# S\n");
    let secret = t.path().join("content/secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        // Root reads anything: the permission cannot make the file unreadable here.
        eprintln!(
            "unreadable_file_is_an_error_naming_it: running as root, chmod 000 does not block reads; checking a directory in place of site.toml instead"
        );
    } else {
        let run = t.run(&["build"]);
        assert_eq!(run.code, Some(1));
        let d = run.diagnostic("content/secret.md");
        assert!(
            d.starts_with("error: cannot read file: Permission denied"),
            "{d}"
        );
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::create_dir_all(t.path().join("site.toml")).unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error: failed to read `") && run.stderr.contains("site.toml`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("caused by: Is a directory"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_printed_escaped() {
    let t = SiteTest::new("control-names").file("content/ok.md", "# Ok\n");
    t.write(
        "content/bad\u{1b}[2Jred\nname.md",
        "+++\ntitle = \n+++\n# X\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw escape sequence reached the terminal: {:?}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/bad\\u{1b}[2Jred\\nname.md:2"),
        "{}",
        run.stderr
    );
    let run = t.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        v["diagnostics"][0]["path"], "content/bad\u{1b}[2Jred\nname.md",
        "JSON keeps the name exact (escaped by JSON itself)"
    );
}

#[cfg(unix)]
#[test]
fn a_backslash_in_a_linked_file_name_is_a_diagnostic_with_file_and_line() {
    let t = SiteTest::new("backslash-asset")
        .file("content/a.md", "# A\n\nSee [the plan](img/plan\\v2.pdf).\n")
        .file("content/img/plan\\v2.pdf", "pdf");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let d = run.diagnostic("content/a.md:3:5");
    assert!(d.starts_with("error: ") && d.contains("backslash"), "{d}");
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
}
