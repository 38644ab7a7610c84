//! Printing: the print pages of the whole playbook and of each part (ids kept unique, internal
//! links pointing inside the document, every chapter in reading order on its own page), and
//! the print stylesheet on every page (no navigation, black on white even in dark mode).
use crate::browser::{Browser, file_url, pdf_text};
use crate::harness::SiteTest;
use crate::hosting::broken_links;
use serde_json::json;
use std::time::Duration;

/// Every `id="..."` of a page.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn book_print_page_has_every_chapter_in_order_with_unique_ids() {
    let t = SiteTest::from_fixture("print");
    t.build();
    let page = t.main_html("print/index.html");
    let order = [
        "id=\"top\"",
        "id=\"intro\"",
        "id=\"part-basics\"",
        "id=\"ch-basics-first\"",
        "id=\"ch-basics-second\"",
        "id=\"part-advanced\"",
        "id=\"ch-advanced-third\"",
        "id=\"ch-appendix\"",
        "id=\"checklists\"",
        "id=\"cl-kickoff\"",
        "id=\"cl-retro\"",
    ];
    let pos: Vec<usize> = order
        .iter()
        .map(|s| {
            page.find(s)
                .unwrap_or_else(|| panic!("{s} missing:\n{page}"))
        })
        .collect();
    assert!(
        pos.windows(2).all(|w| w[0] < w[1]),
        "reading order: {pos:?}"
    );
    let mut all = ids(&page);
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        n,
        "ids are unique although two chapters both have a \"Summary\" heading"
    );
    assert!(
        page.contains("<h2 id=\"ch-basics-first--summary\">")
            && page.contains("<h2 id=\"ch-basics-second--summary\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"#part-basics\"><span class=\"number\">1</span> Basics</a>")
            && page.contains(
                "<a href=\"#ch-advanced-third\"><span class=\"number\">2.1</span> Third steps</a>"
            )
            && page
                .contains("<a href=\"#ch-appendix\"><span class=\"number\">3</span> Appendix</a>"),
        "contents link into the document, with section numbers: {page}"
    );
    assert!(
        page.contains("<p class=\"kicker\">Part 2</p>\n    <h1>Advanced</h1>")
            && page.contains("<h1><span class=\"number\">2.1</span> Third steps</h1>"),
        "headings carry the numbers of the contents: {page}"
    );
}

/// Above `[print] max_book_chapters`, `print/` lists the parts' print documents instead of
/// holding every chapter; the parts still print whole.
#[test]
fn a_playbook_too_big_for_one_document_prints_part_by_part() {
    let t = SiteTest::from_fixture("print").file(
        "site.toml",
        "title = \"Handbook\"\n[print]\nmax_book_chapters = 3\n",
    );
    t.build();
    let book = t.main_html("print/index.html");
    assert!(book.contains("This playbook has 4 chapters"), "{book}");
    assert!(
        book.contains("<a href=\"../basics/print/index.html\">Basics</a>")
            && book.contains("<a href=\"../advanced/print/index.html\">Advanced</a>"),
        "{book}"
    );
    assert!(
        book.contains("<a href=\"../appendix/index.html\">"),
        "{book}"
    );
    assert!(book.contains("<a href=\"../checklists/print/index.html\">Every checklist</a>"));
    assert!(
        !book.contains("id=\"ch-basics-first\""),
        "no chapter in the book page"
    );
    assert!(
        t.main_html("basics/print/index.html")
            .contains("id=\"ch-basics-first\"")
    );
    assert_eq!(broken_links(&t), Vec::<String>::new());
}

#[test]
fn book_print_page_points_internal_links_inside_the_document() {
    let t = SiteTest::from_fixture("print");
    t.build();
    let page = t.main_html("print/index.html");
    for want in [
        "<a href=\"#ch-basics-first--details\">the details</a>",
        "<a href=\"#ch-basics-second--summary\">the second chapter’s summary</a>",
        "<a href=\"#ch-basics-first--fn-src\" id=\"ch-basics-first--fnref-src\">1</a>",
        "<li id=\"ch-basics-first--fn-src\">",
        "<a href=\"#ch-basics-first\">the first chapter</a>",
        "<a href=\"#ch-basics-second\">the second chapter</a>",
        "<a href=\"#cl-kickoff--agenda\">agenda item</a>",
        "<a href=\"#ch-basics-first--details\">the details of the first chapter</a>",
        "<a href=\"#checklists\">checklists</a>",
        "<a href=\"https://example.com/guide/for-teams\">external guide</a>",
        "<img src=\"../basics/first/img/dot.png\" alt=\"A dot\" />",
        "<p class=\"print-embed\"><strong>Checklist:</strong> <a href=\"#cl-kickoff\">Project kickoff</a>",
    ] {
        assert!(page.contains(want), "{want} missing:\n{page}");
    }
    let known = ids(&page);
    for h in page
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(known.contains(&h), "in-page link #{h} has no target");
    }
    assert_eq!(broken_links(&t), Vec::<String>::new());
}

#[test]
fn part_print_page_holds_its_chapters_and_their_checklists() {
    let t = SiteTest::from_fixture("print");
    t.build();
    let basics = t.main_html("basics/print/index.html");
    assert!(basics.contains("<h1>Basics</h1>"), "{basics}");
    assert!(
        basics.contains("id=\"ch-basics-first\"") && basics.contains("id=\"ch-basics-second\"")
    );
    assert!(
        !basics.contains("Third steps") && !basics.contains("Appendix"),
        "only this part: {basics}"
    );
    assert!(
        basics.contains("id=\"cl-kickoff\""),
        "the checklist its chapters embed"
    );
    assert!(!basics.contains("id=\"cl-retro\""), "not the others");
    assert!(
        basics.contains("<a href=\"#ch-basics-second\">the second chapter</a>"),
        "the part intro's links point inside"
    );
    let advanced = t.main_html("advanced/print/index.html");
    assert!(
        advanced.contains("href=\"../../basics/first/index.html#details\""),
        "links out of the part stay relative links: {advanced}"
    );
    assert!(
        advanced.contains("href=\"../../checklists/kickoff/index.html#agenda\""),
        "{advanced}"
    );
    assert!(
        !advanced.contains("id=\"checklists\""),
        "no checklists section without embedded checklists"
    );
    assert!(
        t.main_html("basics/index.html")
            .contains("<a href=\"print/index.html\">Print this part</a>")
    );
    assert!(
        t.main_html("index.html")
            .contains("<a href=\"print/index.html\">Print the whole playbook</a>")
    );
    assert!(
        t.read("print/index.html")
            .contains("<title>Handbook</title>"),
        "saved PDFs are named after the playbook"
    );
}

#[test]
fn a_chapter_cannot_take_a_print_url() {
    // Named `print`, it gives way to the part's print document, and says so.
    let t = SiteTest::from_fixture("print").file("content/01-basics/03-print.md", "# Printing\n");
    let run = t.build();
    assert!(
        run.stderr.contains(
            "warning: the URL `basics/print/` is reserved by playbook: this page is published at `basics/03-print/`"
        ) && run.stderr.contains("--> content/01-basics/03-print.md"),
        "{}",
        run.stderr
    );
    assert!(
        t.read("basics/03-print/index.html")
            .contains("<h1>Printing</h1>")
    );
    assert!(
        t.read("basics/print/index.html")
            .contains("class=\"print-doc print-book\"")
    );
    // Asked for by `slug`, it is an error.
    let t = SiteTest::from_fixture("print").file(
        "content/01-basics/03-print.md",
        "+++\nslug = \"print\"\n+++\n# Printing\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: the URL `basics/print/` is reserved by playbook")
            && run.stderr.contains("--> content/01-basics/03-print.md"),
        "{}",
        run.stderr
    );
}

/// HTML text as `pdftotext` shows it (straight apostrophes made curly, as most are).
fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\'', "’")
}

/// The text of the top-level headings of the print page's chapters (number and title), in
/// order.
fn chapter_titles(html: &str) -> Vec<String> {
    html.split("<section class=\"print-chapter\"")
        .skip(1)
        .filter_map(|s| s.split("<h1>").nth(1)?.split("</h1>").next())
        .map(|h| {
            unescape(
                &h.replace("<span class=\"number\">", "")
                    .replace("</span>", ""),
            )
        })
        .collect()
}

#[test]
fn shipped_playbook_prints_every_chapter_in_order() {
    let t = SiteTest::shipped();
    t.build();
    let html = t.read("print/index.html");
    let titles = chapter_titles(&html);
    assert!(titles.len() >= 20, "{titles:?}");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&t.path().join("public/print/index.html")));
    let text = pdf_text(&b.pdf()).replace('\'', "’");
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let mut from = 0;
    for title in &titles {
        // Each chapter starts a page, with its title first (compared word by word: a long
        // title wraps where the page width says).
        let want: Vec<&str> = title.split_whitespace().collect();
        let found = pages[from..].iter().position(|p| {
            let words: Vec<&str> = p.split_whitespace().take(want.len()).collect();
            words == want
        });
        let Some(k) = found else {
            panic!("chapter {title:?} does not start a page after page {from}")
        };
        from += k + 1;
    }
    for chrome in [
        "Skip to content",
        "Start here",
        "Toggle dark mode",
        "Built with playbook",
        "Print the whole playbook",
        "of 17 done",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} printed");
    }
    let headings: Vec<String> = html
        .split("<h2 id=\"")
        .skip(1)
        .filter_map(|s| s.split_once('>')?.1.split('<').next())
        .map(unescape)
        .filter(|s| !s.is_empty())
        .collect();
    for (n, page) in pages.iter().enumerate() {
        let last = page
            .lines()
            .map(str::trim)
            .rev()
            .find(|l| !l.is_empty() && !l.contains(" / "))
            .unwrap_or("");
        assert!(
            !headings.iter().any(|h| h == last),
            "page {} ends with the heading {last:?}",
            n + 1
        );
    }
}

#[test]
fn print_is_black_on_white_without_navigation_even_in_dark_mode() {
    let t = SiteTest::from_fixture("print");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    for page in [
        "basics/first/index.html",
        "checklists/kickoff/index.html",
        "index.html",
    ] {
        b.goto(&file_url(&t.path().join("public").join(page)));
        b.eval("document.documentElement.setAttribute('data-theme', 'dark'); true");
        for scheme in ["dark", "light"] {
            b.send("Emulation.setEmulatedMedia", json!({"media": "print", "features": [{"name": "prefers-color-scheme", "value": scheme}]}));
            let style = b.eval("(() => { const s = e => getComputedStyle(document.querySelector(e)); return [s('body').backgroundColor, s('body').color, s('main h1').color, s('.site-header').display, s('.sidebar').display, s('.site-footer').display].join('|'); })()");
            assert_eq!(
                style, "rgb(255, 255, 255)|rgb(0, 0, 0)|rgb(0, 0, 0)|none|none|none",
                "{page} in {scheme} mode"
            );
        }
        b.send("Emulation.setEmulatedMedia", json!({"media": "screen", "features": [{"name": "prefers-color-scheme", "value": "dark"}]}));
        assert_ne!(
            b.eval("getComputedStyle(document.body).backgroundColor"),
            "rgb(255, 255, 255)",
            "{page}: dark on screen"
        );
    }
    b.goto(&file_url(&t.path().join("public/basics/first/index.html")));
    b.send("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert!(b.wait_for("document.readyState === 'complete'", Duration::from_secs(5)));
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('pre.code')).whiteSpace"),
        "pre-wrap",
        "code wraps on paper"
    );
    let text = pdf_text(&b.pdf());
    assert!(
        text.contains("(https://example.com/guide/for-teams)"),
        "external link targets are printed:\n{text}"
    );
    assert!(
        text.contains("because paper does not scroll"),
        "long code lines wrap instead of being cut:\n{text}"
    );
}

/// How many checklist items each page of the open page's PDF holds, on paper of `size`
/// (inches): each item is found by its first words, in order, in the text of the pages.
pub(crate) fn items_per_page(b: &mut Browser, size: (f64, f64)) -> Vec<usize> {
    let items: Vec<String> = serde_json::from_value(
        b.eval("[...document.querySelectorAll('.checklist .item-text')].map(e => e.textContent)"),
    )
    .expect("item texts");
    let words = |s: &str| -> String {
        s.replace('ﬁ', "fi")
            .replace('ﬂ', "fl")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = pdf_text(&b.pdf_sized(size.0, size.1));
    let mut pages: Vec<String> = text.split('\u{c}').map(words).collect();
    while pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    let mut counts = vec![0; pages.len()];
    let (mut page, mut at) = (0, 0);
    for item in &items {
        let want = words(item).split(' ').take(6).collect::<Vec<_>>().join(" ");
        loop {
            assert!(
                page < pages.len(),
                "item {want:?} is not in the PDF:\n{text}"
            );
            if let Some(i) = pages[page][at..].find(&want) {
                counts[page] += 1;
                at += i + want.len();
                break;
            }
            page += 1;
            at = 0;
        }
    }
    counts
}

/// The paper sizes every print test uses, in inches.
pub(crate) const PAPER: [(&str, (f64, f64)); 2] = [("A4", (8.27, 11.69)), ("Letter", (8.5, 11.0))];

/// The shipped playbook's thirteen checklists (7 to 22 items each) as one document: no page
/// wasted on a footer alone, none with one or two items left over.
#[test]
fn every_printed_page_of_all_checklists_holds_three_items_or_more() {
    let t = SiteTest::shipped();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/print/index.html"),
    ));
    for (paper, size) in PAPER {
        let counts = items_per_page(&mut b, size);
        assert!(counts.len() >= 13, "{paper}: {counts:?}");
        assert!(
            counts.iter().all(|&n| n >= 3),
            "{paper}: items on each page: {counts:?}"
        );
    }
}

/// The whole playbook printed: no page holds only the page number or a checklist's footer.
#[test]
fn the_whole_playbook_prints_no_page_without_content() {
    let t = SiteTest::shipped();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&t.path().join("public/print/index.html")));
    let title = "From PM to Director of Product";
    for (paper, (w, h)) in PAPER {
        let text = pdf_text(&b.pdf_sized(w, h));
        let pages: Vec<&str> = text.split('\u{c}').collect();
        for (n, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let content: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.ends_with(&format!(" / {}", pages.len() - 1)))
                .filter(|l| !l.starts_with(&format!("{title} · ")))
                .collect();
            assert!(
                !content.is_empty(),
                "{paper}: page {} holds only a footer:\n{page}",
                n + 1
            );
        }
    }
}
