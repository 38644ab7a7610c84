//! Bad input: every message names the file, the line and what is wrong; nothing panics and a
//! failed build leaves the previous output exactly as it was.
use crate::harness::SiteTest;

#[test]
fn unknown_front_matter_key_names_file_line_and_hint() {
    let t = SiteTest::new("bad-fm").file(
        "content/01-ops/03-oncall.md",
        "+++\ntitle = \"On call\"\nwieght = 3\n+++\nBody\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/01-ops/03-oncall.md:3:1: error: unknown field `wieght`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean `weight`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_yaml_and_unterminated_front_matter() {
    let t = SiteTest::new("bad-yaml")
        .file("content/a.md", "---\ntitle: [unclosed\n---\nBody\n")
        .file("content/b.md", "+++\ntitle = \"B\"\nBody\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("content/a.md:"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/b.md:1: error: front matter opened with `+++` on line 1 is never closed"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("build failed with 2 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn site_toml_unknown_key_and_wrong_type() {
    let t = SiteTest::new("bad-config")
        .file("site.toml", "title = \"x\"\ntheme_name = \"y\"\n")
        .file("content/a.md", "# A\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("site.toml:2:1: error: unknown field `theme_name`"),
        "{}",
        run.stderr
    );
    t.write("site.toml", "[search]\nenabled = \"yes\"\n");
    let run = t.run(&["build"]);
    assert!(run.stderr.contains("site.toml:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("bool"), "{}", run.stderr);
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let t = SiteTest::new("atomic").file("content/a.md", "# A\n\nFirst version.\n");
    t.build();
    let before = t.read("a/index.html");
    t.write("content/a.md", "+++\ntitle = 3\n+++\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("previous output was left as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("a/index.html"), before);
}

#[test]
fn refuses_dangerous_output_directories() {
    let t = SiteTest::new("refuse")
        .file("content/a.md", "# A\n")
        .file("notes/keep.txt", "mine");
    for (out, why) in [
        (".", "site root"),
        ("content", "content directory"),
        ("notes", "not created by playbook"),
    ] {
        let run = t.run(&["build", "--output", out]);
        assert_eq!(run.code, Some(1), "{out}");
        assert!(run.stderr.contains(why), "{out}: {}", run.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(t.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    assert!(t.path().join("content/a.md").exists());
}

#[test]
fn broken_template_override_names_file_and_line() {
    let t = SiteTest::new("bad-template")
        .file("content/a.md", "# A\n")
        .file(
            "themes/default/templates/chapter.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ title \n{% endblock main %}\n",
        );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("themes/default/templates/chapter.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: themes/default/templates/chapter.html:4:1: template error"),
        "line of the error: {}",
        run.stderr
    );
}

#[test]
fn broken_link_names_file_line_and_target() {
    let t = SiteTest::new("bad-link").file("content/a.md", "# A\n\nSee [b](b.md).\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/a.md:3:5: error: link to `b.md`: no chapter at `content/b.md`"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_checklist_embed_is_an_error() {
    let t = SiteTest::new("bad-embed").file("content/a.md", "# A\n\n<!-- checklist: nope -->\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/a.md:3: error: unknown checklist id \"nope\" in embed"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang() {
    let t = SiteTest::new("loop").file("content/a/x.md", "# X\n");
    std::os::unix::fs::symlink(t.path().join("content"), t.path().join("content/a/loop")).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link loop"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_reported_not_a_panic() {
    let t = SiteTest::new("utf8").file("content/a.md", "# A\n");
    std::fs::write(t.path().join("content/b.md"), b"# B\n\xff\xfe bad\n").unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/b.md:2:1: error: file is not valid UTF-8"),
        "{}",
        run.stderr
    );
}
