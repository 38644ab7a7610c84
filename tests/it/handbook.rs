//! Handbooks written for GitHub build as they are: GitHub's heading ids, fragments in any
//! case, links as authors write them (email, `x.html`, root-absolute, raw HTML), and the
//! severity of broken links chosen by the site (`[check] broken_links`, `--broken-links`).
use crate::harness::{SiteTest, hrefs};

#[test]
fn links_written_for_github_resolve_and_are_rewritten() {
    let t = SiteTest::from_fixture("handbook-links");
    let run = t.build();
    let guide = t.main_html("guide/index.html");
    for id in ["a--b", "k8ssgdevorg", "getting-started"] {
        assert!(guide.contains(&format!("id=\"{id}\"")), "{id}: {guide}");
    }
    let links = hrefs(&guide);
    for expected in [
        "mailto:ops@example.com",
        "../faq/index.html",
        "../team/index.html",
        "../faq/index.html#common-questions",
        "#getting-started",
    ] {
        assert!(links.iter().any(|l| l == expected), "{expected}: {links:?}");
    }
    assert!(
        !links
            .iter()
            .any(|l| l.contains("Common-Questions") || l.starts_with('/')),
        "{links:?}"
    );
    // Raw HTML: the image and its 2x variant are copied and the link is rewritten.
    assert!(
        guide.contains("srcset=\"img/diagram.png 1x, img/diagram@2x.png 2x\""),
        "{guide}"
    );
    assert!(t.exists("guide/img/diagram.png") && t.exists("guide/img/diagram@2x.png"));
    assert!(
        guide
            .contains("<a href=\"../faq/index.html#common-questions\">The FAQ, linked in HTML</a>"),
        "{guide}"
    );
    // Root-absolute links work in this build, and the author is told how to write them.
    for (location, hint) in [
        ("content/guide.md:11:", "link `faq.md` instead"),
        ("content/guide.md:12:1", "link `team/index.md` instead"),
    ] {
        let warning = run
            .stderr
            .split("\n\n")
            .find(|b| b.contains(location) && b.contains("root-absolute"))
            .unwrap_or_else(|| panic!("no warning at {location}: {}", run.stderr));
        assert!(warning.starts_with("warning: "), "{warning}");
        assert!(warning.contains(hint), "{warning}");
    }
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let check = t.run(&["check"]);
    assert!(check.success(), "{}", check.stderr);
}

/// A small site with one broken link of each kind.
fn broken(config: &str) -> SiteTest {
    SiteTest::new("broken-links")
        .file("site.toml", config)
        .file(
            "content/01-part/01-page.md",
            "# Page\n\n## Real heading\n\n[gone](02-gone.md), [out](../../README.md) and [nowhere](/nowhere/).\n\n<img src=\"missing.png\" alt=\"\">\n\n[anchor](#no-such-heading)\n",
        )
}

#[test]
fn broken_links_fail_the_build_by_default() {
    let t = broken("");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!t.exists("index.html"));
    for message in [
        "link to `02-gone.md`: no chapter at `content/01-part/02-gone.md`",
        "link to `../../README.md` leaves `content/`",
        "link to `missing.png`: no file at `content/01-part/missing.png`",
        "no heading or anchor `#no-such-heading` on this page",
    ] {
        assert!(run.stderr.contains(message), "{message}: {}", run.stderr);
    }
}

#[test]
fn broken_links_as_warnings_still_write_the_site() {
    let t = broken("[check]\nbroken_links = \"warn\"\n");
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(t.exists("part/page/index.html"));
    let check = t.run(&["check"]);
    assert!(check.success(), "{}", check.stderr);
    for run in [&run, &check] {
        for location in [
            "content/01-part/01-page.md:5:1",
            "content/01-part/01-page.md:5:21",
            "content/01-part/01-page.md:7:1",
            "content/01-part/01-page.md:9:1",
        ] {
            let d = run.diagnostic(location);
            assert!(d.starts_with("warning: "), "{location}: {d}");
        }
        assert!(
            run.stderr.contains("root-absolute link `/nowhere/`"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("error"), "{}", run.stderr);
    }
    // The flag wins over the file, both ways.
    let strict = t.run(&["check", "--broken-links", "error"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert!(
        strict
            .diagnostic("content/01-part/01-page.md:5:1")
            .starts_with("error: ")
    );
    let lenient = broken("").run(&["build", "--broken-links", "warn"]);
    assert!(lenient.success(), "{}", lenient.stderr);
    let json = t.run(&["check", "--format", "json"]);
    assert!(
        json.stdout.contains("\"code\": \"broken-link\""),
        "{}",
        json.stdout
    );
}
