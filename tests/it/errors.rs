//! Bad input: every message names the file, the line and what is wrong (compiler-style, with
//! the offending line and a marker); nothing panics, one run reports every problem, and a
//! failed build leaves the previous output exactly as it was.
use crate::harness::SiteTest;

#[test]
fn unknown_front_matter_keys_are_warnings_reported_all_at_once() {
    let t = SiteTest::new("bad-fm")
        .file(
            "content/01-ops/03-oncall.md",
            "+++\ntitle = \"On call\"\nwieght = 3\n+++\nBody\n",
        )
        .file(
            "content/01-ops/04-handover.md",
            "---\ntitle: Handover\nlayout: docs\ntoc: true\n---\nBody\n",
        );
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(t.exists("ops/oncall/index.html") && t.exists("ops/handover/index.html"));
    for (location, key) in [
        ("content/01-ops/04-handover.md:3:1", "layout"),
        ("content/01-ops/04-handover.md:4:1", "toc"),
    ] {
        let d = run.diagnostic(location);
        assert!(
            d.starts_with(&format!(
                "warning: unknown front-matter key `{key}`; ignored"
            )),
            "{d}"
        );
        assert!(
            d.contains("= hint: playbook reads title, description"),
            "{d}"
        );
    }
    let d = run.diagnostic("content/01-ops/03-oncall.md:3:1");
    assert!(
        d.starts_with("warning: unknown front-matter key `wieght`"),
        "{d}"
    );
    assert!(
        d.contains("3 | wieght = 3\n  | ^^^^^^\n"),
        "the line, with the key marked: {d}"
    );
    assert!(d.contains("= hint: did you mean `weight`?"), "{d}");
}

#[test]
fn invalid_yaml_and_unterminated_front_matter() {
    let t = SiteTest::new("bad-yaml")
        .file("content/a.md", "---\ntitle: [unclosed\n---\nBody\n")
        .file("content/b.md", "+++\ntitle = \"B\"\nBody\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.diagnostic("content/a.md:2:8")
            .starts_with("error: this list is never closed"),
        "{}",
        run.stderr
    );
    let d = run.diagnostic("content/b.md:1:1");
    assert!(
        d.starts_with("error: front matter opened with `+++` on line 1 is never closed"),
        "{d}"
    );
    assert!(d.contains("1 | +++"), "{d}");
    assert!(
        d.contains("= hint: add a line with just `+++` after the last front-matter field"),
        "{d}"
    );
    assert!(
        run.stderr.contains("build failed with 2 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_toml_front_matter_names_the_line() {
    let t = SiteTest::new("bad-toml").file(
        "content/a.md",
        "+++\ntitle = \"A\"\ndescription = \"unclosed\n+++\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/a.md:3:15");
    assert!(d.starts_with("error: this string is never closed"), "{d}");
    assert!(
        d.contains("3 | description = \"unclosed\n  |               ^^^^^^^^^"),
        "marked from its opening quote: {d}"
    );
}

#[test]
fn wrong_types_in_front_matter_name_the_value() {
    let t = SiteTest::new("bad-types")
        .file("content/a.md", "+++\nweight = \"three\"\n+++\n# A\n")
        .file("content/b.md", "---\ntitle: B\ntags: {a: 1}\n---\n# B\n")
        .file("content/c.md", "+++\ndraft = \"yes\"\n+++\n# C\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/a.md:2:10");
    assert!(
        d.starts_with("error: `weight` must be a whole number, not \"three\""),
        "{d}"
    );
    assert!(
        d.contains("2 | weight = \"three\"\n  |          ^^^^^^^"),
        "{d}"
    );
    assert!(
        run.stderr
            .contains("error: `tags` must be a tag or a list of tags, not a mapping"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> content/b.md:3:"), "{}", run.stderr);
    assert!(
        run.diagnostic("content/c.md:2:9")
            .contains("`draft` must be true or false, not \"yes\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("build failed with 3 errors"),
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
    let d = run.diagnostic("site.toml:2:1");
    assert!(
        d.starts_with("error: unknown key `theme_name` in `site.toml`"),
        "{d}"
    );
    assert!(d.contains("2 | theme_name = \"y\""), "{d}");
    assert!(d.contains("= hint: did you mean `theme`?"), "{d}");
    t.write("site.toml", "[search]\nenabled = \"yes\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.diagnostic("site.toml:2:11")
            .contains("`enabled` must be true or false, not the text \"yes\""),
        "{}",
        run.stderr
    );
    t.write("site.toml", "[markdown]\nsmart_punctuaton = false\n");
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.diagnostic("site.toml:2:1")
            .contains("= hint: did you mean `smart_punctuation`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn checklist_unknown_key_and_duplicate_ids() {
    let item = |id: &str| format!("[[sections.items]]\ntext = \"Do {id}\"\nid = \"{id}\"\n");
    let t = SiteTest::new("bad-checklists")
        .file("content/checklists/a.toml", &format!("title = \"A\"\n[[sections]]\ntitle = \"S\"\n{}{}", item("same"), item("same")))
        .file("content/checklists/b.toml", "title = \"B\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntxt = \"x\"\n")
        .file("content/checklists/c.toml", "title = \"C\"\nid = \"d\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntext = \"x\"\n")
        .file("content/checklists/d.toml", "title = \"D\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntext = \"x\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/checklists/a.toml:9:6");
    assert!(
        d.starts_with("error: duplicate item `id` \"same\" in this checklist"),
        "{d}"
    );
    assert!(d.contains("9 | id = \"same\""), "{d}");
    let d = run.diagnostic("content/checklists/b.toml:5:1");
    assert!(
        d.starts_with("error: unknown key `txt` in a checklist item"),
        "{d}"
    );
    assert!(d.contains("= hint: did you mean `text`?"), "{d}");
    let d = run.diagnostic("content/checklists/d.toml:1:1");
    assert!(
        d.starts_with(
            "error: duplicate checklist id \"d\": also used by content/checklists/c.toml"
        ),
        "{d}"
    );
    assert!(
        run.stderr.contains("build failed with 3 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_utf8_is_reported_not_a_panic() {
    let t = SiteTest::new("utf8").file("content/a.md", "# A\n");
    std::fs::write(t.path().join("content/b.md"), b"# B\n\xff\xfe bad\n").unwrap();
    std::fs::write(t.path().join("content/c.toml"), b"title = \"\xc3\x28\"\n").unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/b.md:2:1");
    assert!(
        d.starts_with("error: file is not valid UTF-8 (invalid byte at offset 4)"),
        "{d}"
    );
    assert!(
        d.contains("2 | \u{fffd}\u{fffd} bad"),
        "the line, bad bytes replaced: {d}"
    );
    assert!(
        run.diagnostic("content/c.toml:1:10")
            .starts_with("error: file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    std::fs::write(t.path().join("site.toml"), b"title = \"x\"\n\xff\n").unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error: not valid UTF-8 (byte 12)"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_files_are_handled() {
    let t = SiteTest::new("empty")
        .file("site.toml", "")
        .file("content/_index.md", "")
        .file("content/a.md", "")
        .file("content/b.md", "# B\n\nText.\n");
    let run = t.build();
    assert!(
        run.stderr
            .contains("warning: chapter is empty\n --> content/a.md"),
        "{}",
        run.stderr
    );
    assert!(t.exists("a/index.html") && t.exists("b/index.html"));
    t.write("content/checklists/empty.toml", "");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: a checklist has no `title`\n --> content/checklists/empty.toml:1:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/checklists/empty.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let t = SiteTest::new("atomic").file("content/a.md", "# A\n\nFirst version.\n");
    t.build();
    let before = t.read("a/index.html");
    let files = t.output_files();
    for (file, text, why) in [
        ("content/a.md", "+++\ntitle = [3]\n+++\n", "front matter"),
        ("content/a.md", "# A\n\n[x](#nowhere)\n", "broken anchor"),
        (
            "themes/default/templates/chapter.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock main %}",
            "template",
        ),
    ] {
        t.write(file, text);
        let run = t.run(&["build"]);
        assert_eq!(run.code, Some(1), "{why}");
        assert_eq!(t.read("a/index.html"), before, "{why}");
        assert_eq!(t.output_files(), files, "{why}");
        let _ = std::fs::remove_dir_all(t.path().join("themes"));
        t.write("content/a.md", "# A\n\nFirst version.\n");
    }
}

#[test]
fn refuses_dangerous_output_directories() {
    let t = SiteTest::new("refuse")
        .file("content/a.md", "# A\n")
        .file("notes/keep.txt", "mine");
    for (out, why) in [
        (".", "site root"),
        ("content", "content directory"),
        ("content/sub", "content directory"),
        ("notes", "not created by playbook"),
    ] {
        let run = t.run(&["build", "--output", out]);
        assert_eq!(run.code, Some(1), "{out}");
        assert!(run.stderr.contains(why), "{out}: {}", run.stderr);
    }
    t.write("site.toml", "output_dir = \"content\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("refusing to use")
            && run.stderr.contains("overlaps the content directory"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("content/a.md")).unwrap(),
        "# A\n"
    );
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
    // A diagnostic like any other: the template's file, line and column as data, its line shown.
    let d = run.diagnostic("themes/default/templates/chapter.html:4:1");
    assert!(d.starts_with("error: template error"), "{d}");
    assert!(d.contains("{% endblock main %}"), "the line is shown: {d}");
}

/// Tera gives no position for errors while rendering; they are placed at the first use of
/// the name they give, in the template rendered or the one that holds it (here the base).
#[test]
fn template_render_errors_are_placed_at_the_name_they_give() {
    let chapter = |body: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block main %}}\n{body}\n{{% endblock main %}}\n"
        )
    };
    let cases = [
        (
            "chapter.html",
            chapter("<p>{{ page.minutse }}</p>"),
            "chapter.html:3:7",
        ),
        (
            "chapter.html",
            chapter("\n  {{ title | upcase }}"),
            "chapter.html:4:12",
        ),
    ];
    for (name, text, at) in cases {
        let t = SiteTest::new("template-render-error")
            .file("content/a.md", "# A\n")
            .file(&format!("themes/default/templates/{name}"), &text);
        let run = t.run(&["build"]);
        assert_eq!(run.code, Some(1), "{text}");
        let d = run.diagnostic(&format!("themes/default/templates/{at}"));
        assert!(d.starts_with("error: template error"), "{d}");
    }
    // A name the base template uses: the error names the base, where the mistake is.
    let t = SiteTest::new("template-render-error-base")
        .file("content/a.md", "# A\n")
        .file(
            "themes/default/templates/base.html",
            "<!DOCTYPE html>\n<title>{{ title }}</title>\n<main>{% block main %}{% endblock main %}</main>\n<footer>{{ site.nmae }}</footer>\n",
        );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("themes/default/templates/base.html:4:12");
    assert!(d.contains("site.nmae"), "{d}");
}

#[test]
fn missing_template_or_theme_is_named() {
    let t = SiteTest::new("missing-template").file("content/a.md", "# A\n").file("themes/default/templates/chapter.html", "{% extends \"base.html\" %}{% block main %}{% include \"partials/gone.html\" %}{% endblock main %}");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("themes/default/templates/chapter.html")
            && run.stderr.contains("partials/gone.html"),
        "{}",
        run.stderr
    );
    let t = SiteTest::new("missing-theme")
        .file("content/a.md", "# A\n")
        .file("site.toml", "theme = \"corporate\"\n")
        .file("themes/other/templates/x.html", "");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("site.toml:1:9");
    assert!(
        d.starts_with(
            "error: no theme \"corporate\": the folder `themes/corporate/` does not exist"
        ),
        "{d}"
    );
    assert!(d.contains("= hint: themes here: default, other"), "{d}");
}

#[test]
fn broken_link_names_file_line_and_target() {
    let t = SiteTest::new("bad-link").file("content/a.md", "# A\n\nSee [b](b.md).\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/a.md:3:5");
    assert!(
        d.starts_with("error: link to `b.md`: no chapter at `content/b.md`"),
        "{d}"
    );
    assert!(
        d.contains("3 | See [b](b.md).\n  |     ^^^^^^^^^"),
        "the whole link is marked: {d}"
    );
}

#[test]
fn unknown_checklist_embed_is_an_error() {
    let t = SiteTest::new("bad-embed")
        .file("content/a.md", "# A\n\n<!-- checklist: first-90-dayz -->\n")
        .file(
            "content/checklists/first-90-days.toml",
            "title = \"F\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\ntext = \"x\"\n",
        );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("content/a.md:3:17");
    assert!(
        d.starts_with("error: unknown checklist id \"first-90-dayz\" in embed"),
        "{d}"
    );
    assert!(d.contains("= hint: did you mean \"first-90-days\"?"), "{d}");
}
