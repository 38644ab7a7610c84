use super::*;

pub(super) struct NoLinks;
impl Links for NoLinks {
    fn resolve(&self, dest: &str) -> LinkTarget {
        if dest.contains("missing") {
            LinkTarget::broken(format!("no chapter at `{dest}`"))
        } else if let Some(stem) = dest.strip_suffix(".md") {
            LinkTarget::Page(format!("../{stem}/index.html"))
        } else {
            LinkTarget::Keep
        }
    }
}

pub(super) fn md(text: &str) -> Rendered {
    render(
        text,
        1,
        &Options {
            smart_punctuation: true,
            ..Options::default()
        },
        &NoLinks,
        false,
    )
}

#[test]
fn heading_ids_are_unique_with_anchor_links() {
    let r = md("# T\n\n## Setup\n\ntext\n\n## Setup\n\n### Déjà vu {#custom}\n");
    assert!(
        r.html
            .contains("<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"setup-1\">"), "{}", r.html);
    assert!(r.html.contains("<h3 id=\"custom\">"), "{}", r.html);
    let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["setup", "setup-1", "custom"]);
}

#[test]
fn leading_h1_becomes_title() {
    let r = md("# The title\n\nBody\n\n# Later h1\n");
    assert_eq!(r.h1.as_deref(), Some("The title"));
    assert!(!r.html.contains("The title"));
    assert!(r.html.contains("<h1 id=\"later-h1\">"));
}

/// GitHub gives the title heading an id like any other: `page.md#the-title` links work, and
/// a later heading of the same text is the `-1` one, as on GitHub.
#[test]
fn the_title_keeps_its_github_id() {
    let r = md("# FAQ\n\n## FAQ\n\nSee [the top](#faq) and [the section](#faq-1).\n");
    assert_eq!(r.h1.as_deref(), Some("FAQ"));
    assert_eq!(r.title_id.as_deref(), Some("faq"));
    assert!(r.html.starts_with("<span id=\"faq\"></span>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"faq-1\">"), "{}", r.html);
    assert_eq!(r.anchors, ["faq", "faq-1"]);
    assert!(!r.is_empty());
    // Print documents prefix it like every other id.
    let relocatable = r.relocatable.as_deref().unwrap_or_default();
    assert!(relocatable.contains(&format!("<span id=\"{}faq\">", relocatable::PREFIX)));
    // An H2 that titles a page without H1 keeps its id too; explicit ids win.
    let r = md("## Overview {#start}\n\nText\n");
    assert_eq!(r.title_id.as_deref(), Some("start"));
    assert!(md("# Only a title\n").is_empty());
    assert!(!md("# Title\n\nText\n").is_empty());
}

#[test]
fn callouts_render_as_notes() {
    let r = md("> [!WARNING]\n> Mind the gap.\n\n> plain quote\n");
    assert!(r.html.contains("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>"), "{}", r.html);
    assert!(r.html.contains("<blockquote>"), "{}", r.html);
}

#[test]
fn md_links_are_rewritten_and_broken_ones_reported() {
    let r = md("See [a](other.md) and [b](missing.md#x) and [c](https://example.com).\n");
    assert!(
        r.html.contains("href=\"../other/index.html\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"https://example.com\""));
    assert_eq!(r.problems.len(), 1);
    assert_eq!((r.problems[0].line, r.problems[0].col), (1, 23));
}

#[test]
fn sections_split_text_by_heading() {
    let r = md("Intro words.\n\n## First\n\nAlpha beta.\n\n## Second\n\n- gamma\n");
    assert_eq!(r.sections.len(), 3);
    assert_eq!(r.sections[0].text.trim(), "Intro words.");
    assert_eq!(r.sections[1].heading.as_ref().unwrap().id, "first");
    assert_eq!(r.sections[1].text.trim(), "Alpha beta.");
    assert_eq!(r.sections[2].text.trim(), "gamma");
}

#[test]
fn checklist_directive_leaves_marker() {
    let r = render(
        "Text\n\n<!-- checklist: first-90-days -->\n\nMore\n",
        5,
        &Options {
            smart_punctuation: false,
            ..Options::default()
        },
        &NoLinks,
        false,
    );
    assert_eq!(
        r.embeds,
        vec![Embed {
            id: "first-90-days".into(),
            line: 7,
            col: 17
        }]
    );
    assert!(r.html.contains(&embed_marker("first-90-days")));
}

#[test]
fn gfm_extensions_are_on() {
    let r = md(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>gone</del>"));
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("footnote"));
}

#[test]
fn smart_punctuation_is_optional() {
    assert!(md("\"quoted\" -- dash\n").html.contains('\u{201c}'));
    let plain = render(
        "\"quoted\"\n",
        1,
        &Options {
            smart_punctuation: false,
            ..Options::default()
        },
        &NoLinks,
        false,
    );
    assert!(plain.html.contains("\"quoted\""), "{}", plain.html);
}

#[test]
fn code_blocks_are_highlighted() {
    let r = md("```rust\nlet x = 1;\n```\n");
    assert!(r.html.contains("data-lang=\"rust\""));
    assert!(r.html.contains("hl-"));
}

#[test]
fn inline_render_strips_paragraph() {
    let doc = render_inline(
        "Ask **why** twice",
        &Options {
            smart_punctuation: true,
            ..Options::default()
        },
        &NoLinks,
    );
    assert_eq!(doc.html, "Ask <strong>why</strong> twice");
    assert_eq!(doc.plain_text(), "Ask why twice");
}

#[test]
fn relocatable_html_marks_ids_and_links_and_is_left_out_when_it_cannot() {
    let r = md("# T\n\n## Setup\n\nSee [b](b.md) and [here](#setup).\n\n<!-- checklist: c1 -->\n");
    let html = r.relocatable.as_deref().expect("relocatable");
    let p = relocatable::PREFIX;
    assert!(html.contains(&format!("<h2 id=\"{p}setup\">")), "{html}");
    assert!(
        html.contains(&format!("href=\"#{p}setup\">here</a>")),
        "{html}"
    );
    assert!(
        html.contains("href=\"\u{E000}u../b/index.html\u{E001}\">b</a>"),
        "{html}"
    );
    assert!(html.contains(&relocatable::embed("c1")), "{html}");
    assert!(
        !r.html.contains('\u{E000}'),
        "the page's own HTML has no markers"
    );
    for text in [
        "A <span id=\"x\">raw</span> tag.",
        "<div id=\"x\">block</div>\n",
        "![a picture](d.png)",
        "Text with \u{E000}l a private character.",
        "```\ncode with \u{E001}\n```\n",
    ] {
        assert_eq!(md(text).relocatable, None, "{text}");
    }
}

#[test]
fn a_page_sheds_its_html_only_when_the_relocatable_form_gives_it_back() {
    let text = "# T\n\nIntro [top](#) and [self](#setup).[^n]\n\n## Setup & *more*\n\nSee [b](b.md \"T & t\"), [mail](mailto:a@b.c) and <https://auto.org>.\n\n<!-- checklist: c1 -->\n\n- [ ] a task\n\n```rust\nfn x() {}\n```\n\n[^n]: A note linking [b](b.md).\n";
    let mut r = md(text);
    let html = r.html.clone();
    r.shed_html();
    assert!(r.html_shed && r.html.is_empty(), "{html}");
    assert_eq!(r.page_html(), html);
    assert!(!r.is_empty());
    r.restore_html();
    assert_eq!((r.html.as_str(), r.html_shed), (html.as_str(), false));
    let mut raw = md("A <span id=\"x\">raw</span> tag.");
    raw.shed_html();
    assert!(!raw.html_shed && raw.page_html().contains("<span id=\"x\">"));
}

#[test]
fn heading_ids_are_githubs_whatever_the_smart_punctuation() {
    let r = md(
        "# T\n\n## A & B\n\n## k8s.sgdev.org\n\n## Don't -- panic...\n\n## ![logo](l.png) Logo\n\n## Custom {#MyId}\n\n## A & B\n",
    );
    let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a--b",
            "k8ssgdevorg",
            "dont----panic",
            "-logo",
            "MyId",
            "a--b-1"
        ]
    );
    assert!(
        r.html
            .contains("<h2 id=\"a--b\">A &amp; B<a class=\"anchor\" href=\"#a--b\""),
        "{}",
        r.html
    );
}

#[test]
fn the_title_heading_may_follow_badges_and_is_not_repeated() {
    let r = md("<!-- top -->\n[![CI](ci.svg)](https://ci)\n\n# Handbook\n\nWelcome.\n");
    assert_eq!(r.h1.as_deref(), Some("Handbook"));
    assert!(!r.html.contains("Handbook"), "{}", r.html);
    assert!(r.html.contains("ci.svg"), "{}", r.html);
    let r = md("## Overview\n\nText\n\n## Details\n");
    assert_eq!(r.h1.as_deref(), Some("Overview"));
    assert_eq!(r.toc.len(), 1);
    let titled = render(
        "## Overview\n",
        1,
        &Options {
            smart_punctuation: true,
            ..Default::default()
        },
        &NoLinks,
        true,
    );
    assert_eq!(titled.h1, None);
    assert_eq!(titled.toc.len(), 1);
}

#[test]
fn task_lists_become_a_checklist_when_the_page_names_one() {
    let body =
        "- [ ] Call the team {#call}\n- [x] Read *the* notes\n  - [ ] Nested\n- plain\n\n## Call\n";
    let page = Page {
        body,
        first_line: 3,
        titled: true,
        tasks: Some("page:a"),
    };
    let r = render_page(&page, &Options::default(), &NoLinks);
    assert!(
        r.html.starts_with("<ul class=\"task-list\" data-checklist=\"page:a\">\n<li class=\"task-item\" id=\"call\"><input type=\"checkbox\" id=\"call--cb\" data-item=\"call\"><label for=\"call--cb\">Call the team</label></li>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("data-item=\"read-the-notes\" checked><label for=\"read-the-notes--cb\">Read <em>the</em> notes</label>"), "{}", r.html);
    assert_eq!(
        r.html.matches("data-checklist").count(),
        1,
        "nested lists join the outer one"
    );
    let tasks: Vec<(&str, usize)> = r.tasks.iter().map(|t| (t.id.as_str(), t.line)).collect();
    assert_eq!(tasks, [("call", 3), ("read-the-notes", 4), ("nested", 5)]);
    assert!(
        r.html.contains("<h2 id=\"call-1\">"),
        "the heading takes another id: {}",
        r.html
    );
    let plain = render(body, 1, &Options::default(), &NoLinks, true);
    assert!(
        plain
            .html
            .contains("<input disabled=\"\" type=\"checkbox\"/>"),
        "without an id, boxes stay GitHub's: {}",
        plain.html
    );
    assert!(plain.tasks.is_empty());
}

#[test]
fn navigation_lists_are_left_out_of_the_search_text() {
    let r = md(
        "# T\n\nIntro.\n\n## Budget\n\nPlan early.\n\n- [Hiring](hiring.md)\n- [Offsites](../offsites.md#venue)\n\n## Related\n\n- [One-on-ones](one-on-ones.md)\n- [Roadmaps](roadmaps.md)\n",
    );
    let texts: Vec<(&str, &str, bool)> = r
        .sections
        .iter()
        .map(|s| {
            let heading = s.heading.as_ref().map_or("", |h| h.id.as_str());
            (heading, s.text.trim(), s.navigation)
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("", "Intro.", false),
            ("budget", "Plan early.", true),
            ("related", "", true)
        ]
    );
    // The links are still on the page.
    assert!(
        r.html
            .contains("<a href=\"../roadmaps/index.html\">Roadmaps</a>"),
        "{}",
        r.html
    );
}

#[test]
fn lists_with_more_than_a_link_per_item_are_content() {
    for list in [
        "- [Hiring](hiring.md): how the loop runs\n- [Offsites](offsites.md)\n",
        "- [Hiring](hiring.md)\n- plain words\n",
        "- [A book](https://example.com/book)\n- [Another](https://example.com/other)\n",
        "- [Hiring](hiring.md) [Offsites](offsites.md)\n",
        "- [Hiring](hiring.md)\n  - [Loops](loops.md)\n",
    ] {
        let r = md(&format!("# T\n\n## Links\n\n{list}"));
        let text = &r.sections[1].text;
        assert!(text.contains("Hiring") || text.contains("A book"), "{list}");
    }
}

mod wiki;
