//! `playbook build` on small sites: discovery, front matter, ordering, parts, links, Markdown
//! features, the theme and its overrides, and output layout.
use crate::harness::{SiteTest, hrefs};

#[test]
fn builds_plain_github_markdown_without_front_matter() {
    let t = SiteTest::from_fixture("no-front-matter");
    let run = t.build();
    assert!(
        run.stdout.contains("Built 2 chapters, 0 checklists"),
        "{}",
        run.stdout
    );
    let home = t.main_html("index.html");
    assert!(home.contains("<h1>Team handbook</h1>"), "{home}");
    assert!(home.contains("href=\"guide/setup/index.html\""), "{home}");
    let setup = t.main_html("guide/setup/index.html");
    assert!(setup.contains("<h1>Setting up</h1>"));
    assert!(setup.contains("href=\"../../index.html\""), "{setup}");
    assert!(
        setup.contains("href=\"../../guide/notes/index.html#first-steps\""),
        "{setup}"
    );
    let notes = t.main_html("guide/notes/index.html");
    assert!(
        notes.contains("<h1>Notes</h1>"),
        "title falls back to the file name: {notes}"
    );
    assert!(notes.contains("type=\"checkbox\""));
}

#[test]
fn reads_yaml_front_matter() {
    let t = SiteTest::from_fixture("yaml-front-matter");
    t.build();
    let a = t.main_html("a/index.html");
    assert!(a.contains("Running 1:1s"));
    assert!(a.contains("Weekly, thirty minutes, their agenda."));
    assert!(a.contains("href=\"../tags/coaching/index.html\""), "{a}");
    assert!(
        t.exists("skip-level-meetings/index.html"),
        "slug from front matter"
    );
    let tag = t.main_html("tags/coaching/index.html");
    assert!(tag.contains("Running 1:1s"));
}

#[test]
fn orders_by_weight_then_prefix_then_name() {
    let t = SiteTest::from_fixture("ordering");
    t.build();
    let part = t.main_html("part/index.html");
    let pos = |s: &str| {
        part.find(s)
            .unwrap_or_else(|| panic!("{s} missing in {part}"))
    };
    let order = [
        "Weighted",
        "Second by prefix",
        "Tenth by prefix",
        "Alpha by name",
        "Zulu by name",
    ]
    .map(pos);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let second = t.main_html("part/second/index.html");
    assert!(
        second.contains("rel=\"prev\" href=\"../../part/b/index.html\""),
        "{second}"
    );
    assert!(
        second.contains("rel=\"next\" href=\"../../part/tenth/index.html\""),
        "{second}"
    );
}

#[test]
fn folders_are_parts_with_index_readme_or_index_md() {
    let t = SiteTest::from_fixture("parts");
    t.build();
    let home = t.main_html("index.html");
    for title in [
        "Basics",
        "Advanced topics",
        "Extra via index.md",
        "Chapter one",
        "Deep dive",
        "Extra chapter",
    ] {
        assert!(home.contains(title), "{title} missing from home: {home}");
    }
    assert!(
        t.main_html("advanced/index.html")
            .contains("From a README.")
    );
    let page = t.read("basics/one/index.html");
    assert!(
        page.contains("aria-current=\"page\">Chapter one</a>"),
        "sidebar marks the current page"
    );
    assert!(page.contains("<nav class=\"breadcrumbs\""));
}

/// The default sidebar is written by playbook; a site's own `partials/nav.html` can still
/// loop over the entries.
#[test]
fn a_site_nav_template_gets_the_sidebar_entries() {
    let t = SiteTest::new("own-nav")
        .file("content/basics/_index.md", "+++\ntitle = \"Basics\"\n+++\n")
        .file("content/basics/one.md", "# Chapter one\n")
        .file("content/basics/two.md", "# Chapter two\n")
        .file(
            "themes/default/templates/partials/nav.html",
            "<ul class=\"own\">{% for item in nav %}<li>{{ item.title }}{% for c in item.children %}<a href=\"{{ root }}{{ c.href }}\"{% if c.current %} class=\"here\"{% endif %}>{{ c.title }}</a>{% endfor %}</li>{% endfor %}</ul>",
        );
    t.build();
    let page = t.read("basics/two/index.html");
    assert!(
        page.contains("<ul class=\"own\"><li>Basics<a href=\"../../basics/one/index.html\">Chapter one</a><a href=\"../../basics/two/index.html\" class=\"here\">Chapter two</a></li></ul>"),
        "{page}"
    );
    assert!(
        !page.contains("nav-list"),
        "the default markup is not printed"
    );
}

#[test]
fn site_theme_overrides_single_files() {
    let t = SiteTest::from_fixture("theme-override");
    t.build();
    let page = t.read("a/index.html");
    assert!(page.contains("<h1>CUSTOM: A chapter</h1>"), "{page}");
    assert!(
        page.contains("static/style.css"),
        "base.html still comes from the built-in theme"
    );
    assert!(t.read("static/extra.css").contains("--custom"));
    assert!(t.exists("static/site.js"));
}

#[test]
fn rewrites_md_links_and_copies_linked_files() {
    let t = SiteTest::from_fixture("links");
    t.build();
    let first = t.main_html("a/first/index.html");
    for href in [
        "../../b/second/index.html#section-two",
        "../../b/index.html",
        "../../checklists/review/index.html",
        "../../index.html",
        "https://example.com/x.md",
        "mailto:someone@example.com",
    ] {
        assert!(
            first.contains(&format!("href=\"{href}\"")),
            "{href} missing in {first}"
        );
    }
    let second = t.main_html("b/second/index.html");
    assert!(second.contains("src=\"img/diagram.png\""), "{second}");
    assert_eq!(t.read("b/second/img/diagram.png"), "PNG");
    let checklist = t.main_html("checklists/review/index.html");
    assert!(
        checklist.contains("href=\"../../b/second/index.html\""),
        "{checklist}"
    );
}

#[test]
fn every_internal_link_is_relative() {
    let t = SiteTest::from_fixture("links");
    t.build();
    for page in [
        "index.html",
        "a/first/index.html",
        "b/index.html",
        "checklists/review/index.html",
        "404.html",
    ] {
        let html = t.read(page);
        for h in hrefs(&html).iter().chain(
            html.split("src=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
                .map(str::to_string)
                .collect::<Vec<_>>()
                .iter(),
        ) {
            let external = h.starts_with("https://") || h.starts_with("mailto:");
            assert!(
                external || !h.starts_with('/') && !h.contains("://"),
                "{page}: {h} is not relative"
            );
            assert!(
                !h.starts_with("http://"),
                "{page}: request to another host: {h}"
            );
        }
    }
}

#[test]
fn renders_callouts_highlighting_and_gfm() {
    let t = SiteTest::new("markdown").file(
        "content/a.md",
        "# A\n\n> [!TIP]\n> Ask twice.\n\n> [!CAUTION]\n> Careful.\n\n```rust\nfn main() {}\n```\n\n```nosuchlang\n<tag>\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: A note.\n\n## Same\n\n## Same\n",
    );
    t.build();
    let a = t.main_html("a/index.html");
    assert!(
        a.contains("<div class=\"callout callout-tip\" role=\"note\">"),
        "{a}"
    );
    assert!(a.contains("callout-caution"));
    assert!(
        a.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
        "{a}"
    );
    assert!(
        a.contains("<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;tag&gt;"),
        "{a}"
    );
    assert!(a.contains("<table>"));
    assert!(a.contains("id=\"same\"") && a.contains("id=\"same-1\""));
    let css = t.read("static/highlight.css");
    assert!(
        css.contains(".hl-"),
        "highlight.css is generated from the syntect theme"
    );
}

/// What a wiki author writes reaches the page: bare URLs linked, footnotes at the end with
/// links back, emoji, and diagram and math fences that the default theme leaves alone and a
/// site's `partials/scripts.html` (README, "Diagrams and math") can draw.
#[test]
fn wiki_markdown_reaches_the_page_and_a_site_script_can_draw_diagrams() {
    let page = "# A\n\nSee https://example.org/guide and www.example.com :tada:, with a note.[^why]\n\n```mermaid\ngraph TD; A-->B\n```\n\n```math\ne^{i\\pi} = -1\n```\n\n[^why]: Because [B](b.md) says so.\n";
    let t = SiteTest::new("wiki-markdown")
        .file("content/a.md", page)
        .file("content/b.md", "# B\n");
    t.build();
    let a = t.main_html("a/index.html");
    for want in [
        "<a href=\"https://example.org/guide\">https://example.org/guide</a>",
        "<a href=\"https://www.example.com\">www.example.com</a> 🎉",
        "<a href=\"#fn-why\" id=\"fnref-why\">1</a>",
        "<li id=\"fn-why\">",
        "<a href=\"../b/index.html\">B</a> says so. <a href=\"#fnref-why\" class=\"footnote-back\"",
        "<pre class=\"mermaid language-mermaid\">graph TD; A--&gt;B\n</pre>",
        "<pre class=\"math language-math\">e^{i\\pi} = -1\n</pre>",
    ] {
        assert!(a.contains(want), "{want} missing:\n{a}");
    }
    let scripts = |t: &SiteTest| -> Vec<String> {
        t.read("a/index.html")
            .split("<script")
            .skip(1)
            .map(|s| s.split('>').next().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        scripts(&t).iter().all(|s| s.contains("static/site.js")
            || s.contains("static/search.js")
            || s.is_empty()),
        "no diagram or math library by default: {:?}",
        scripts(&t)
    );
    t.write(
        "themes/default/templates/partials/scripts.html",
        "<script src=\"{{ root }}static/mermaid.min.js\"></script>\n<script>mermaid.initialize({ startOnLoad: true });</script>\n",
    );
    t.write(
        "themes/default/static/mermaid.min.js",
        "window.mermaid = { initialize: function () {} };\n",
    );
    t.build();
    let html = t.read("a/index.html");
    assert!(
        html.contains("<script src=\"../static/mermaid.min.js\"></script>"),
        "the site's script is on every page, relative to it: {html}"
    );
    assert!(t.exists("static/mermaid.min.js"));
}

#[test]
fn sub_path_and_canonical_links_with_base_url() {
    let t = SiteTest::new("base-url")
        .file(
            "site.toml",
            "base_url = \"https://org.github.io/team-playbook\"\n",
        )
        .file("content/01-p/01-a.md", "# A\n");
    t.build();
    let page = t.read("p/a/index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://org.github.io/team-playbook/p/a/\">"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../static/style.css\""),
        "links stay relative"
    );
    let sitemap = t.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://org.github.io/team-playbook/p/a/</loc>"),
        "{sitemap}"
    );
    assert!(
        t.read("404.html")
            .contains("href=\"/team-playbook/static/style.css\""),
        "404 works at any depth"
    );
    let without = SiteTest::new("no-base-url").file("content/a.md", "# A\n");
    without.build();
    assert!(!without.exists("sitemap.xml"));
    assert!(without.exists(".nojekyll"));
    assert!(without.exists("404.html"));
}

#[test]
fn ignores_hidden_and_editor_temp_files() {
    let t = SiteTest::new("ignored")
        .file("content/a.md", "# A\n")
        .file("content/.hidden.md", "# Hidden\n")
        .file("content/a.md~", "# Backup\n")
        .file("content/.#a.md", "# Lock\n")
        .file("content/#a.md#", "# Autosave\n")
        .file("content/a.md.swp", "swap");
    let run = t.build();
    assert!(run.stdout.contains("Built 1 chapter, "), "{}", run.stdout);
}

#[test]
fn drafts_are_published_only_with_the_flag() {
    let t = SiteTest::new("drafts")
        .file("content/a.md", "# A\n")
        .file("content/wip.md", "+++\ndraft = true\n+++\n# WIP\n");
    t.build();
    assert!(!t.exists("wip/index.html"));
    let run = t.run(&["build", "--drafts"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(t.exists("wip/index.html"));
}

#[test]
fn output_and_base_url_flags_override_site_toml() {
    let t = SiteTest::new("flags").file("content/a.md", "# A\n");
    let run = t.run(&[
        "build",
        "--output",
        "site-out",
        "--base-url",
        "https://wiki.example.com/pb/",
        "--quiet",
    ]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "--quiet prints nothing: {}",
        run.stdout
    );
    let page = std::fs::read_to_string(t.path().join("site-out/a/index.html")).unwrap();
    assert!(page.contains("https://wiki.example.com/pb/a/"));
}

/// Above a few hundred pages a page carries only the way to itself; the whole tree is one
/// shared script (`static/nav-tree.js`), so the output stays linear in pages.
#[test]
fn the_sidebar_of_a_big_site_holds_its_open_path_and_loads_the_rest() {
    let mut t = SiteTest::new("large-nav");
    for p in 0..40 {
        for c in 0..6 {
            t = t.file(
                &format!("content/{p:02}-part-{p}/{c:02}-ch-{c}.md"),
                &format!("# Part {p} chapter {c}\n"),
            );
        }
    }
    t.build();
    let page = t.read("part-7/ch-1/index.html");
    let sidebar = &page[page.find("id=\"sidebar\"").unwrap()..page.find("</nav>").unwrap()];
    for p in 0..40 {
        assert!(
            sidebar.contains(&format!(">Part {p}</a>")),
            "every top-level entry is in the page: {sidebar}"
        );
    }
    for c in 0..6 {
        assert!(
            sidebar.contains(&format!(">Part 7 chapter {c}</a>")),
            "{sidebar}"
        );
    }
    assert!(
        !sidebar.contains("Part 8 chapter"),
        "other parts stay closed: {sidebar}"
    );
    assert!(
        !sidebar.contains("more"),
        "no count stands for pages: {sidebar}"
    );
    assert!(
        sidebar.contains("<script src=\"../../static/nav-tree.js?v="),
        "{sidebar}"
    );
    let tree = t.read("static/nav-tree.js");
    for p in 0..40 {
        for c in 0..6 {
            assert!(
                tree.contains(&format!("[\"Part {p} chapter {c}\",\"ch-{c}/\"]")),
                "{tree}"
            );
        }
    }
    // A small site holds its whole tree in each page and needs no script.
    let small = SiteTest::from_fixture("parts");
    small.build();
    assert!(!small.exists("static/nav-tree.js"));
}
