//! `playbook new DIR [--theme]`: a starter playbook that builds at once, refuses a non-empty
//! folder, and copies the default theme out for editing when asked.
use crate::harness::SiteTest;

#[test]
fn new_playbook_builds_at_once() {
    let t = SiteTest::new("new");
    let run = t.run(&["new", "team-playbook"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Created a new playbook in team-playbook/"),
        "{}",
        run.stdout
    );
    let dir = t.path().join("team-playbook");
    for f in [
        "site.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        "content/_index.md",
        "content/01-getting-started/_index.md",
        "content/checklists/one-on-one.toml",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert!(
        !dir.join("themes").exists(),
        "no theme copy without --theme"
    );
    let site_toml = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    assert!(site_toml.contains("title = \"Team playbook\""));
    assert!(
        site_toml.contains("\nid = \"team-playbook\"\n"),
        "a stable id for ticks, so the title can change: {site_toml}"
    );
    let check = t.run(&["check", "--root", "team-playbook"]);
    assert!(
        check.success() && check.stderr.is_empty(),
        "every checklist item has an id: {}",
        check.stderr
    );
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for ignored in ["/public/", "/.public.playbook-*", "/.playbook-cache/"] {
        assert!(
            gitignore.lines().any(|l| l == ignored),
            "{ignored}: {gitignore}"
        );
    }
    let run = t.run(&["build", "--root", "team-playbook"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.is_empty(), "no warnings: {}", run.stderr);
    assert!(
        run.stdout
            .contains("Built 2 chapters, 1 checklist (5 items)"),
        "{}",
        run.stdout
    );
    let chapter =
        std::fs::read_to_string(dir.join("public/getting-started/running-a-one-on-one/index.html"))
            .unwrap();
    assert!(
        chapter.contains("data-checklist=\"one-on-one\""),
        "a chapter embeds the checklist"
    );
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(home.contains("<title>Team playbook</title>"), "{home}");
    assert!(dir.join("public/print/index.html").is_file());
}

#[test]
fn new_refuses_a_non_empty_folder_and_accepts_an_empty_one() {
    let t = SiteTest::new("new-refuse").file("mine/notes.md", "keep me");
    let run = t.run(&["new", "mine"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(
            "error: `mine` is not empty: playbook new only writes into a new or empty folder"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("mine/notes.md")).unwrap(),
        "keep me"
    );
    assert!(!t.path().join("mine/site.toml").exists());
    std::fs::create_dir(t.path().join("empty")).unwrap();
    let run = t.run(&["new", "empty"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(t.path().join("empty/site.toml").is_file());
    let run = t.run(&["new"]);
    assert_eq!(run.code, Some(2), "DIR is required: {}", run.stderr);
}

#[test]
fn new_with_theme_copies_the_default_theme() {
    let t = SiteTest::new("new-theme");
    let run = t.run(&["new", "pb", "--theme"]);
    assert!(run.success(), "{}", run.stderr);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "templates/base.html",
        "templates/partials/checklist.html",
        "static/style.css",
        "static/print.css",
        "static/site.js",
    ] {
        let copied = std::fs::read(t.path().join("pb/themes/default").join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        // Compared as bytes, reported by name: a mismatch should not print two stylesheets.
        assert!(
            copied == std::fs::read(repo.join("themes/default").join(f)).unwrap(),
            "{f} is not the built-in file"
        );
    }
    std::fs::write(
        t.path().join("pb/themes/default/templates/chapter.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>EDITED {{ title }}</h1>{% endblock main %}",
    )
    .unwrap();
    let run = t.run(&["build", "--root", "pb"]);
    assert!(run.success(), "{}", run.stderr);
    let page = std::fs::read_to_string(
        t.path()
            .join("pb/public/getting-started/how-this-playbook-works/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("EDITED How this playbook works"),
        "the copied theme is used"
    );
}
