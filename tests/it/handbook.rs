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
    // `<object data>` diagrams too (an SVG's text stays selectable); they used to 404.
    assert!(guide.contains("<object data=\"img/flow.svg\""), "{guide}");
    assert!(t.exists("guide/img/flow.svg"));
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
            "# Page\n\n## Real heading\n\n[gone](02-gone.md), [out](../../README.md) and [nowhere](/nowhere/).\n\n<img src=\"missing.png\" alt=\"\">\n\n[anchor](#no-such-heading)\n\n<object data=\"gone.svg\"></object>\n",
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
        "link to `gone.svg`: no file at `content/01-part/gone.svg`",
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

/// The `url=` of a redirect page's meta refresh.
fn refresh_target(html: &str) -> String {
    let start = html.find("url=").expect("meta refresh") + 4;
    html[start..].split('"').next().unwrap().to_string()
}

#[test]
fn front_matter_of_other_tools_is_understood() {
    let t = SiteTest::from_fixture("handbook-front-matter");
    let run = t.build();
    // The home page's heading, after a comment and a badge, is the site's title.
    let home = t.read("index.html");
    assert!(home.contains("<title>Acme Handbook</title>"), "{home}");
    assert!(t.exists("badge.svg"), "the badge is copied");
    // A leading `---` is a thematic break; the title falls back to the file name.
    let rule = t.main_html("rule/index.html");
    assert!(rule.contains("<hr"), "{rule}");
    assert!(
        rule.contains("<h1>Rule</h1>") && rule.contains("opens with a rule"),
        "{rule}"
    );
    // A page without H1 takes its first H2 as its title.
    let wiki = t.main_html("wiki/index.html");
    assert!(wiki.contains("<h1>Decision log</h1>"), "{wiki}");
    assert!(
        !wiki.contains("<h2 id=\"decision-log\""),
        "not repeated in the body: {wiki}"
    );
    assert!(
        wiki.contains("<span id=\"decision-log\"></span>"),
        "its id stays, as on GitHub: {wiki}"
    );
    assert!(wiki.contains("id=\"open-questions\""), "{wiki}");
    // Hugo: navigation title, weight, latest date, summary, categories, aliases.
    let hugo = t.read("hugo/index.html");
    assert!(
        hugo.contains("Updated <time datetime=\"2024-02-03\">2024-02-03</time>"),
        "{hugo}"
    );
    assert!(
        hugo.contains("<p class=\"lead\">How a quarter&#39;s plan comes together.</p>"),
        "{hugo}"
    );
    assert!(
        hugo.contains(">Quarter planning</a>"),
        "sidebar shows the nav title: {hugo}"
    );
    assert!(t.exists("tags/planning/index.html") && t.exists("tags/rituals/index.html"));
    // Jekyll: sidebar label, nav_order (before Hugo's sidebar_position 2), updated.
    let jekyll = t.read("jekyll/index.html");
    assert!(jekyll.contains(">Weekly review</a>") && jekyll.contains("datetime=\"2024-06-30\""));
    let order = |html: &str| {
        (
            html.find(">Weekly review<"),
            html.find(">Quarter planning<"),
        )
    };
    let (weekly, quarter) = order(&home);
    assert!(
        weekly.unwrap() < quarter.unwrap(),
        "nav_order 1 before sidebar_position 2"
    );
    // Every alias is a page that sends the reader on, relatively.
    for (alias, target) in [
        ("old/hugo/index.html", "../../hugo/index.html"),
        ("quarter.html", "hugo/index.html"),
        ("weekly/index.html", "../jekyll/index.html"),
    ] {
        let html = t.read(alias);
        assert_eq!(refresh_target(&html), target, "{alias}");
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")),
            "{html}"
        );
        assert!(html.contains(&format!("<a href=\"{target}\">")), "{html}");
    }
    // Only the key playbook does not know is reported, as a warning.
    let d = run.diagnostic("content/jekyll.md:8:1");
    assert!(
        d.starts_with("warning: unknown front-matter key `layout`; ignored"),
        "{d}"
    );
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
}

#[test]
fn aliases_redirect_under_a_sub_path_in_a_browser() {
    let t = SiteTest::from_fixture("handbook-front-matter");
    let run = t.run(&["build", "--base-url", "https://example.org/handbook/"]);
    assert!(run.success(), "{}", run.stderr);
    let html = t.read("old/hugo/index.html");
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://example.org/handbook/hugo/\">"),
        "{html}"
    );
    let Some(mut b) = crate::browser::Browser::launch() else {
        return;
    };
    let server = crate::harness::StaticServer::start(t.path().join("public"), "/handbook/");
    for (alias, landing) in [
        ("old/hugo/", "/handbook/hugo/index.html"),
        ("weekly/", "/handbook/jekyll/index.html"),
    ] {
        b.goto(&format!("{}{alias}", server.base));
        assert!(
            b.wait_for(
                &format!("location.pathname === '{landing}'"),
                std::time::Duration::from_secs(10)
            ),
            "{alias} did not redirect: {}",
            b.eval("location.href")
        );
    }
    let from_disk = crate::browser::file_url(&t.path().join("public/quarter.html"));
    b.goto(&from_disk);
    assert!(
        b.wait_for(
            "location.pathname.endsWith('/hugo/index.html')",
            std::time::Duration::from_secs(10)
        ),
        "from disk: {}",
        b.eval("location.href")
    );
}

#[test]
fn a_page_with_broken_front_matter_is_one_error_not_a_broken_link_too() {
    let t = SiteTest::new("broken-front-matter")
        .file(
            "content/a.md",
            "+++\ntitle = [\"not\", \"text\"]\n+++\n# A\n\n## Part two\n",
        )
        .file("content/b.md", "# B\n\nSee [A](a.md#part-two).\n");
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: `title` must be text, not a list"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("error:").count(),
        2,
        "the problem and the summary: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/b.md"), "{}", run.stderr);
}
