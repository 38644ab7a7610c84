//! `playbook check`: everything is loaded and rendered, nothing is written, and every problem
//! is reported at once (text for people, JSON for CI and editors) with exit status 1 on errors.
use crate::harness::SiteTest;

const CHECKLIST: &str = "title = \"First 90 days\"\n[[sections]]\ntitle = \"Weeks 1-2\"\n[[sections.items]]\ntext = \"Meet every PM\"\nid = \"meet-every-pm\"\n[[sections.items]]\ntext = \"Read the roadmap\"\nid = \"roadmap\"\n";

/// A site with one of every kind of problem `check` knows about.
fn broken_site() -> SiteTest {
    SiteTest::new("check-broken")
        .file("content/checklists/first-90-days.toml", CHECKLIST)
        .file("content/01-part/01-a.md", "# A\n\n## The story\n\n[b](02-b.md#storry) [self](#nope) [gone](03-gone.md)\n\n![diagram](img/diagram.png)\n\n[item](../checklists/first-90-days.toml#roadmapp)\n")
        .file("content/01-part/02-b.md", "# B\n\n## Story\n\n<!-- checklist: first-90-dayz -->\n\n[wip](04-wip.md)\n")
        .file("content/01-part/04-wip.md", "+++\ndraft = true\n+++\n# WIP\n")
        .file("content/01-part/05-empty.md", "+++\ntitle = \"Empty\"\n+++\n")
        .file("content/01-part/06-twin.md", "+++\nslug = \"twin\"\n+++\n# Twin\n\nOne URL.\n")
        .file("content/01-part/08-twin.md", "+++\nslug = \"twin\"\n+++\n# Other twin\n\nThe same URL, set by hand.\n")
}

#[test]
fn reports_every_problem_at_once_and_writes_nothing() {
    let t = broken_site();
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let expect = [
        (
            "content/01-part/01-a.md:5:1",
            "link to `02-b.md#storry`: no heading or anchor `#storry` in `content/01-part/02-b.md`",
            Some("did you mean `#story`?"),
        ),
        (
            "content/01-part/01-a.md:5:21",
            "link to `#nope`: no heading or anchor `#nope` on this page",
            None,
        ),
        (
            "content/01-part/01-a.md:5:35",
            "link to `03-gone.md`: no chapter at `content/01-part/03-gone.md`",
            None,
        ),
        (
            "content/01-part/01-a.md:7:1",
            "link to `img/diagram.png`: no file at `content/01-part/img/diagram.png`",
            None,
        ),
        (
            "content/01-part/01-a.md:9:1",
            "no heading or anchor `#roadmapp` in `content/checklists/first-90-days.toml`",
            Some("did you mean `#roadmap`?"),
        ),
        (
            "content/01-part/02-b.md:5:17",
            "unknown checklist id \"first-90-dayz\" in embed",
            Some("did you mean \"first-90-days\"?"),
        ),
        (
            "content/01-part/02-b.md:7:1",
            "link to `04-wip.md`, which is a draft and is not published",
            None,
        ),
    ];
    for (location, message, hint) in expect {
        let d = run.diagnostic(location);
        assert!(
            d.starts_with("error: ") && d.contains(message),
            "{location}: {d}"
        );
        if let Some(hint) = hint {
            assert!(d.contains(&format!("= hint: {hint}")), "{location}: {d}");
        }
    }
    assert!(
        run.stderr
            .contains("the URL `part/twin/` is also produced by content/01-part/06-twin.md"),
        "duplicate URL: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: chapter is empty\n --> content/01-part/05-empty.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("error: Checked 5 chapters, 1 checklist and 6 links (0 external, not fetched): 8 errors, 1 warning\n"), "{}", run.stderr);
    assert!(!t.path().join("public").exists(), "check writes nothing");
}

#[test]
fn build_fails_with_the_same_diagnostics() {
    let t = broken_site();
    let check = t.run(&["check"]);
    let build = t.run(&["build"]);
    assert_eq!(build.code, Some(1));
    let blocks = |stderr: &str| {
        stderr
            .split("\n\n")
            .filter(|b| b.contains(" --> "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(blocks(&check.stderr), blocks(&build.stderr));
    assert!(
        build.stderr.ends_with(
            "error: build failed with 8 errors; the previous output was left as it was\n"
        ),
        "{}",
        build.stderr
    );
}

#[test]
fn json_format_lists_diagnostics_and_external_links() {
    let t = broken_site().file("content/01-part/07-links.md", "# Links\n\nRead [the book](https://example.org/book#ch1) or [mail us](mailto:team@example.org).\n");
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(report["version"], 1);
    assert_eq!(report["errors"], 8);
    assert_eq!(report["warnings"], 1);
    let first = &report["diagnostics"][0];
    assert_eq!(first["path"], "content/01-part/01-a.md");
    assert_eq!(
        (first["line"].as_u64(), first["col"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(first["severity"], "error");
    assert_eq!(first["hint"], "did you mean `#story`?");
    let external = report["external_links"].as_array().unwrap();
    assert_eq!(external.len(), 2);
    assert_eq!(
        external[0],
        serde_json::json!({"path": "content/01-part/07-links.md", "line": 3, "col": 6, "url": "https://example.org/book#ch1"})
    );
    assert_eq!(external[1]["url"], "mailto:team@example.org");
    assert!(
        run.stderr.is_empty(),
        "JSON mode prints only JSON: {}",
        run.stderr
    );
}

#[test]
fn clean_site_passes_and_lists_external_links_when_verbose() {
    let t = SiteTest::new("check-clean")
        .file("content/checklists/first-90-days.toml", CHECKLIST)
        .file("content/01-part/_index.md", "# Part\n\nStart with [the story](01-a.md#the-story).\n")
        .file(
            "content/01-part/01-a.md",
            "# A\n\n## The story\n\nSee [B](02-b.md#story), [up](#top), a note[^n], [section](../checklists/first-90-days.toml#weeks-1-2), [item](../checklists/first-90-days.toml#meet-every-pm), [embedded item](#first-90-days--roadmap) and [site](https://example.org).\n\n<!-- checklist: first-90-days -->\n\n[^n]: A footnote.\n\n[back to the note](#fn-n)\n",
        )
        .file("content/01-part/02-b.md", "# B\n\n## Story\n\n<a id=\"custom\"></a>[custom anchor](#custom) [main](#main)\n")
        .file("content/_index.md", "# Home\n\n[A's story](01-part/01-a.md#the-story)\n");
    let run = t.run(&["check"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Checked 2 chapters, 1 checklist and 11 links (1 external, not fetched): no problems\n"
    );
    let run = t.run(&["check", "--verbose"]);
    assert!(
        run.stdout.contains(
            "content/01-part/01-a.md:5:205: external link (not checked): https://example.org\n"
        ),
        "{}",
        run.stdout
    );
    assert!(t.run(&["check", "--quiet"]).stdout.is_empty());
}

#[test]
fn warnings_alone_pass() {
    let t = SiteTest::new("check-warn")
        .file("content/a.md", "")
        .file("content/b.md", "# B\n\nText.\n");
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: chapter is empty"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.ends_with(": 1 warning\n"), "{}", run.stdout);
}

#[test]
fn paths_open_from_the_current_folder() {
    let t = SiteTest::new("check-root").file("site/content/a.md", "# A\n\n[x](#y)\n");
    let run = t.run(&["check", "--root", "site"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("site/content/a.md:3:1");
    assert!(
        d.contains("3 | [x](#y)"),
        "the source line is found under --root: {d}"
    );
    t.write("site/site.toml", "titel = \"x\"\n");
    let run = t.run(&["check", "--root", "site"]);
    assert!(
        run.diagnostic("site/site.toml:1:1")
            .contains("= hint: did you mean `title`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_errors_are_json_too() {
    let t = SiteTest::new("check-json-config")
        .file("site.toml", "titel = \"x\"\n")
        .file("content/a.md", "# A\n");
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"].as_array().unwrap()[1];
    assert_eq!(d["path"], "site.toml");
    assert_eq!(d["line"], 1);
    assert_eq!(d["hint"], "did you mean `title`?");
    assert_eq!(
        report["diagnostics"][0]["message"], "chapter is empty",
        "the content is checked too"
    );
}

#[test]
fn the_shipped_playbook_passes_check() {
    let t = SiteTest::shipped();
    let run = t.run(&["check"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.ends_with(": no problems\n"), "{}", run.stdout);
}
