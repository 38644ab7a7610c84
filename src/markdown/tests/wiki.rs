//! What a wiki author expects of Markdown: bare URLs linked, footnotes at the end of the page
//! with links back, emoji shortcodes, diagram and math fences left for a theme, and tables
//! that scroll in their own box.
use super::super::*;
use super::md;

#[test]
fn bare_urls_and_www_become_links_but_not_in_code_or_links() {
    let r = md(
        "Read https://example.org/a_b_c?x=1. Or www.example.com/path, then (https://example.net/x).\n\n`https://in.code/` and [text https://in.link/](https://dest/) and <https://explicit/>.\n",
    );
    for want in [
        "<a href=\"https://example.org/a_b_c?x=1\">https://example.org/a_b_c?x=1</a>.",
        "<a href=\"https://www.example.com/path\">www.example.com/path</a>,",
        "(<a href=\"https://example.net/x\">https://example.net/x</a>)",
        "<code>https://in.code/</code>",
        "<a href=\"https://dest/\">text https://in.link/</a>",
        "<a href=\"https://explicit/\">https://explicit/</a>",
    ] {
        assert!(r.html.contains(want), "{want} missing:\n{}", r.html);
    }
    let dests: Vec<_> = r.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(
        dests,
        [
            "https://example.org/a_b_c?x=1",
            "https://www.example.com/path",
            "https://example.net/x",
            "https://dest/",
            "https://explicit/"
        ],
        "bare links are listed with the others (check --verbose)"
    );
    let first = &r.links[0];
    assert_eq!((first.line, first.col), (1, 6), "positioned where written");
    assert!(
        md("<a href=\"x\">see https://raw.example/</a>\n")
            .html
            .contains("<a href=\"x\">see https://raw.example/</a>"),
        "no link inside a raw <a>"
    );
    let headed = md("# T\n\n## See https://example.org\n");
    assert!(
        headed.html.contains(
            "<h2 id=\"see-httpsexampleorg\">See <a href=\"https://example.org\">https://example.org</a>"
        ),
        "{}",
        headed.html
    );
}

#[test]
fn bare_urls_link_in_relocatable_html_like_other_links() {
    let r = md("See https://example.org/x.\n");
    let html = r.relocatable.as_deref().expect("relocatable");
    assert!(
        html.contains(
            "<a href=\"\u{E000}uhttps://example.org/x\u{E001}\">https://example.org/x</a>"
        ),
        "{html}"
    );
}

#[test]
fn emoji_shortcodes_become_emoji_outside_code() {
    let r = md(
        "# T\n\nShipped :tada: :white_check_mark: at 10:30, `:tada:` stays.\n\n## Done :rocket:\n",
    );
    assert!(
        r.html
            .contains("Shipped 🎉 ✅ at 10:30, <code>:tada:</code> stays."),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<h2 id=\"done-rocket\">Done 🚀"),
        "GitHub spells the id from the shortcode: {}",
        r.html
    );
    assert!(r.plain_text().contains("Shipped 🎉"));
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_listed_at_the_end() {
    let r = md(
        "# T\n\nFirst[^b] and second[^a], first again[^b].\n\n[^a]: Note *a*.\n\n## Middle\n\nText.\n\n[^b]: Note b.\n\n[^unused]: Never referenced.\n",
    );
    let html = &r.html;
    assert!(
        html.contains(
            "First<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">1</a></sup>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "second<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">2</a></sup>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "again<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b-2\">1</a></sup>"
        ),
        "{html}"
    );
    let list = html
        .split("<section class=\"footnotes\" aria-label=\"Footnotes\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no footnotes section:\n{html}"));
    assert!(
        html.find("<h2 id=\"middle\">").unwrap()
            < html.find("<section class=\"footnotes\"").unwrap(),
        "notes come after the whole text"
    );
    let (b, a, unused) = (
        list.find("<li id=\"fn-b\">").expect("b"),
        list.find("<li id=\"fn-a\">").expect("a"),
        list.find("<li id=\"fn-unused\">").expect("unused"),
    );
    assert!(b < a && a < unused, "in the order of their numbers: {list}");
    assert!(
        list.contains("<p>Note b. <a href=\"#fnref-b\" class=\"footnote-back\" aria-label=\"Back to the text\">↩\u{FE0E}</a> <a href=\"#fnref-b-2\" class=\"footnote-back\" aria-label=\"Back to reference 2\">↩\u{FE0E}<sup>2</sup></a></p>"),
        "{list}"
    );
    assert!(list.contains("<p>Never referenced.</p>"), "{list}");
    for id in ["fn-a", "fn-b", "fnref-a", "fnref-b", "fnref-b-2"] {
        assert!(r.anchors.iter().any(|a| a == id), "{id} in {:?}", r.anchors);
    }
    let undefined = md("Text[^nope] only.\n");
    assert!(
        undefined.html.contains("Text[^nope] only.") && !undefined.html.contains("footnotes"),
        "{}",
        undefined.html
    );
}

#[test]
fn footnote_ids_never_clash_with_headings() {
    let r = md("# T\n\n## Fn 1\n\nSee[^1].\n\n## fnref 1\n\n[^1]: A note.\n");
    let mut ids: Vec<&str> = r
        .html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "{}", r.html);
    assert!(
        r.html.contains("<h2 id=\"fn-1\">"),
        "the heading keeps its GitHub id"
    );
    assert!(r.html.contains("<li id=\"fn-1-1\">"), "{}", r.html);
    assert!(r.html.contains("href=\"#fn-1-1\""), "{}", r.html);
}

#[test]
fn footnotes_are_relocatable_with_prefixed_ids() {
    let r = md("See[^n].\n\n[^n]: [a link](b.md).\n");
    let html = r.relocatable.as_deref().expect("relocatable");
    let p = relocatable::PREFIX;
    for want in [
        format!("<a href=\"#{p}fn-n\" id=\"{p}fnref-n\">1</a>"),
        format!("<li id=\"{p}fn-n\">"),
        format!("<a href=\"#{p}fnref-n\" class=\"footnote-back\""),
        "href=\"\u{E000}u../b/index.html\u{E001}\">a link</a>".to_string(),
    ] {
        assert!(html.contains(&want), "{want} missing:\n{html}");
    }
}

#[test]
fn mermaid_and_math_fences_keep_their_text_for_a_theme() {
    let r = md("```mermaid\ngraph TD; A-->B & C<D\n```\n\n```math\n\\frac{a}{b}\n```\n");
    assert!(
        r.html.contains(
            "<pre class=\"mermaid language-mermaid\">graph TD; A--&gt;B &amp; C&lt;D\n</pre>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre class=\"math language-math\">\\frac{a}{b}\n</pre>"),
        "{}",
        r.html
    );
    assert!(
        !r.html.contains("<script"),
        "no library is loaded by default"
    );
}

#[test]
fn tables_scroll_in_their_own_box() {
    let r = md("| Month | Budget |\n|---|---:|\n| January | $15,000 |\n");
    assert!(
        r.html.starts_with("<div class=\"table-wrap\">\n<table>"),
        "{}",
        r.html
    );
    assert!(
        r.html.trim_end().ends_with("</table>\n</div>"),
        "{}",
        r.html
    );
}
