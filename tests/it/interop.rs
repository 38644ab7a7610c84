//! Wikis and Notion exports build as they are (issue 19): `[[wiki links]]` resolved by name
//! or title and checked, `Home.md` the home page, `_Sidebar.md` the navigation order and
//! `_Footer.md` a footer; Notion's id-suffixed names cleaned from titles and URLs, its
//! percent-encoded links resolved and its subpages nested; Hugo shortcodes and Liquid tags
//! warned and shown as written.
use crate::harness::{SiteTest, hrefs};

/// Where `needle` first appears in `html`, for order checks.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found"))
}

/// The sidebar of a page.
fn sidebar(html: &str) -> &str {
    let start = at(html, "<ol class=\"nav-list\"");
    &html[start..start + html[start..].find("</nav>").unwrap_or(0)]
}

#[test]
fn a_github_wiki_builds_with_its_home_sidebar_footer_and_links() {
    let t = SiteTest::from_fixture("wiki");
    let run = t.build();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let files = t.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.to_lowercase().contains("sidebar") || f.to_lowercase().contains("footer")),
        "{files:?}"
    );
    // Home.md is the home page; its wiki links lead to the pages, the image is copied.
    let home = t.main_html("index.html");
    assert!(home.contains("Welcome to the product team"), "{home}");
    let links = hrefs(&home);
    for (text, href) in [
        ("Getting Started", "getting-started/index.html"),
        (
            "the onboarding checklist",
            "onboarding-checklist/index.html",
        ),
        (
            "Decision Log › How we decide",
            "processes/decision-log/index.html#how-we-decide",
        ),
    ] {
        assert!(home.contains(&format!(">{text}</a>")), "{text}: {home}");
        assert!(links.iter().any(|h| h.ends_with(href)), "{href}: {links:?}");
    }
    assert!(home.contains("[[Page]]"), "code is left alone: {home}");
    let img = home
        .split("<img")
        .nth(1)
        .and_then(|s| s.split("src=\"").nth(1))
        .expect("an image");
    assert!(t.exists(img.split('"').next().unwrap_or("")), "{img}");
    // The sidebar gives the order (the pages it leaves out follow) and the titles.
    let page = t.read("rituals/index.html");
    let nav = sidebar(&page);
    let order = [
        "Getting Started",
        "Processes",
        "Decision Log",
        "Onboarding Checklist",
        "Rituals",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|n| at(nav, &format!(">{n}</a>")))
        .collect();
    assert!(positions.is_sorted(), "{order:?} at {positions:?} in {nav}");
    // A wiki link written with underscores finds the page with dashes.
    assert!(
        t.main_html("rituals/index.html")
            .contains("getting-started/index.html")
    );
    // The footer, under every page, with its links working from each.
    let deep = "processes/decision-log/onboarding-checklist/index.html";
    for (p, link) in [
        ("index.html", "getting-started/index.html"),
        (deep, "../../../getting-started/index.html"),
    ] {
        let html = t.read(p);
        let footer = &html[at(&html, "class=\"wiki-footer\"")..];
        assert!(footer.contains("Questions? Ask in"), "{p}");
        assert!(
            footer.contains(&format!("href=\"{link}\"")),
            "{p}: {footer}"
        );
    }
}

#[test]
fn a_wiki_link_to_nothing_is_a_broken_link_at_its_line() {
    let t = SiteTest::new("wiki-broken")
        .file("site.toml", "title = \"W\"\n")
        .file("content/Home.md", "Hello.\n\nSee [[Nowhere Page]].\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/Home.md:3"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("wiki link `[[Nowhere Page]]` names no page or file"),
        "{}",
        run.stderr
    );
    let run = t.run(&["build", "--broken-links", "warn"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(t.main_html("index.html").contains("[[Nowhere Page]]"));
}

#[test]
fn a_notion_export_gets_clean_titles_urls_and_nested_subpages() {
    let t = SiteTest::from_fixture("notion");
    let run = t.build();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let files = t.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("0123456789abcdef") || f.contains("8f2a1c")),
        "{files:?}"
    );
    for page in [
        "pm-playbook/index.html",
        "pm-playbook/first-90-days/index.html",
        "pm-playbook/first-90-days/week-one/index.html",
        "pm-playbook/hiring/index.html",
    ] {
        assert!(t.exists(page), "{page} in {files:?}");
    }
    let week = t.read("pm-playbook/first-90-days/week-one/index.html");
    assert!(week.contains("<title>Week one"), "{}", &week[..300]);
    // Nested: the breadcrumbs lead through the page and its parent page.
    let crumbs = &week[at(&week, "class=\"breadcrumbs\"")..];
    assert!(at(crumbs, ">PM Playbook</a>") < at(crumbs, ">First 90 days</a>"));
    // Percent-encoded links between pages resolve.
    let links = hrefs(&t.main_html("pm-playbook/first-90-days/week-one/index.html"));
    for target in [
        "pm-playbook/first-90-days/index.html",
        "pm-playbook/hiring/index.html",
    ] {
        assert!(
            links.iter().any(|l| l == &format!("../../../{target}")),
            "{target}: {links:?}"
        );
    }
    let top = hrefs(&t.main_html("pm-playbook/index.html"));
    assert!(
        top.iter()
            .any(|l| l.ends_with("pm-playbook/first-90-days/index.html")),
        "{top:?}"
    );
}

/// A page's markers are found where it is read and kept with it; an included file is read
/// later, and what it brings is found all the same.
#[test]
fn shortcodes_and_wiki_links_that_an_include_brings_are_found() {
    let t = SiteTest::new("foreign-included")
        .file("site.toml", "title = \"F\"\n")
        .file("content/a.md", "# A\n\n{{#include part.txt}}\n")
        .file(
            "content/part.txt",
            "{{< note >}}\n\nSee [[Nowhere Page]].\n",
        );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("is a Hugo shortcode"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`[[Nowhere Page]]` names no page"),
        "{}",
        run.stderr
    );
}

#[test]
fn hugo_shortcodes_and_liquid_tags_are_warned_and_shown_as_written() {
    let t = SiteTest::new("foreign-syntax")
        .file("site.toml", "title = \"F\"\n")
        .file(
            "content/a.md",
            "# A\n\nBefore.\n\n{{< figure src=\"x.png\" >}}\n\n{% include note.html %}\n",
        );
    let run = t.build();
    assert!(run.stderr.contains("content/a.md:5"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a Hugo shortcode, which playbook does not run"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/a.md:7"), "{}", run.stderr);
    assert!(run.stderr.contains("is a Liquid tag"), "{}", run.stderr);
    let main = t.main_html("a/index.html");
    assert!(
        main.contains("{{&lt; figure src=") || main.contains("{{&lt; figure"),
        "{main}"
    );
    assert!(main.contains("{% include note.html %}"), "{main}");
}
