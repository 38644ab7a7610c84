//! mdBook projects build as they are (issue 19): a generated book shaped like a large public
//! one (prefix chapters, parts, nested chapters, drafts, `{{#include}}` and
//! `{{#rustdoc_include}}` with anchors and line ranges from `../listings/`, `chNN.html` links,
//! raw-HTML images, a preprocessor playbook does not run) builds with no error, no directive
//! left, every image there, and the reading order and titles of its `SUMMARY.md`.
use crate::harness::{SiteTest, hrefs};

const WORDS: [&str; 12] = [
    "Widgets",
    "Ledgers",
    "Signals",
    "Queues",
    "Budgets",
    "Rituals",
    "Maps",
    "Forecasts",
    "Charters",
    "Reviews",
    "Metrics",
    "Handoffs",
];

/// One chapter of the generated book.
struct Ch {
    file: String,
    title: String,
    subs: Vec<(String, String)>,
}

/// Writes a book of `n` numbered chapters with four sections each, in four parts, plus
/// three prefix chapters and an appendix part; returns the titles in reading order (parts
/// included), as `SUMMARY.md` lists them.
fn generate(t: &SiteTest, n: usize) -> Vec<String> {
    t.write(
        "book.toml",
        "[book]\ntitle = \"The Widget Book\"\nauthors = [\"A. Writer\", \"B. Editor\"]\nlanguage = \"en\"\n\n[output.html]\nadditional-css = [\"theme/listing.css\"]\n\n[preprocessor.trpl-note]\n\n[rust]\nedition = \"2021\"\n",
    );
    let chapters: Vec<Ch> = (1..=n)
        .map(|k| {
            let w = WORDS[k % WORDS.len()];
            Ch {
                file: format!("ch{k:02}-00-working-with-{}.md", w.to_lowercase()),
                title: format!("Working with {w} {k}"),
                subs: (1..=4)
                    .map(|s| {
                        let sw = WORDS[(k + s) % WORDS.len()];
                        (
                            format!("ch{k:02}-{s:02}-{}-in-depth.md", sw.to_lowercase()),
                            format!("{sw} in Depth ({k}.{s})"),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let mut summary = String::from(
        "# The Widget Book\n\n[The Widget Book](title-page.md)\n[Foreword](foreword.md)\n[Introduction](ch00-00-introduction.md)\n",
    );
    let mut order: Vec<String> = vec![
        "The Widget Book".into(),
        "Foreword".into(),
        "Introduction".into(),
    ];
    for f in ["title-page.md", "foreword.md", "ch00-00-introduction.md"] {
        t.write(
            &format!("src/{f}"),
            &format!(
                "# {}\n\nOpening words, linking to [the first chapter]({}).\n",
                f,
                chapters[0].file.replace(".md", ".html")
            ),
        );
    }
    let per_part = n.div_ceil(4);
    for (k, ch) in chapters.iter().enumerate() {
        if k % per_part == 0 {
            let part = format!("Part {}", k / per_part + 1);
            summary.push_str(&format!("\n## {part}\n\n"));
            order.push(part);
        }
        summary.push_str(&format!("- [{}]({})\n", ch.title, ch.file));
        order.push(ch.title.clone());
        for (f, title) in &ch.subs {
            summary.push_str(&format!("    - [{title}]({f})\n"));
            order.push(title.clone());
        }
        if k == 2 {
            summary.push_str("    - [Not Written Yet]()\n");
        }
        let num = k + 1;
        let next = &chapters[(k + 1) % n];
        let listing = format!("../listings/ch{num:02}/listing-{num:02}-01");
        t.write(
            &format!("listings/ch{num:02}/listing-{num:02}-01/src/main.rs"),
            &format!("use std::io;\n\n// ANCHOR: all\nfn main() {{\n    // ANCHOR: print\n    println!(\"chapter {num}\");\n    // ANCHOR_END: print\n}}\n// ANCHOR_END: all\n"),
        );
        t.write(
            &format!("listings/ch{num:02}/listing-{num:02}-01/output.txt"),
            &format!("$ cargo run\nchapter {num}\n"),
        );
        t.write(
            &format!("src/img/trpl{num:02}-01.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>",
        );
        t.write(
            &format!("src/{}", ch.file),
            &format!(
                "# {title}\n\nA chapter about {w}. The [next chapter]({next}) and [its second section]({sub}#details) follow.\n\n<span class=\"filename\">Filename: src/main.rs</span>\n\n```rust,ignore\n{{{{#rustdoc_include {listing}/src/main.rs:print}}}}\n```\n\n```rust\n{{{{#include {listing}/src/main.rs:all}}}}\n```\n\n```console\n{{{{#include {listing}/output.txt}}}}\n```\n\nThe first lines: \n\n```rust\n{{{{#include {listing}/src/main.rs::1}}}}\n```\n\n<img alt=\"Diagram {num}\" src=\"img/trpl{num:02}-01.svg\" class=\"center\" style=\"width: 50%;\" />\n\n## Details\n\nMore.\n",
                title = ch.title,
                w = WORDS[num % WORDS.len()],
                next = next.file.replace(".md", ".html"),
                sub = next.subs[1].0.replace(".md", ".html"),
            ),
        );
        for (f, title) in &ch.subs {
            t.write(
                &format!("src/{f}"),
                &format!(
                    // As in the book, a section may open with a level-2 heading and
                    // link by reference, to a heading's id in another chapter.
                    "## {title}\n\nBack to [the chapter][ch]<!-- ignore -->.\n\n```rust\n{{{{#rustdoc_include {listing}/src/main.rs:all}}}}\n```\n\n## Details\n\nText.\n\n[ch]: {}#details\n",
                    ch.file.replace(".md", ".html"),
                ),
            );
        }
    }
    summary.push_str("\n## Appendix\n\n- [Appendix](appendix-00.md)\n");
    order.extend(["Appendix".to_string(), "Appendix".to_string()]);
    t.write(
        "src/appendix-00.md",
        "# Appendix\n\n{{#title Appendix: reference}}\nThe reference.\n",
    );
    for a in ["A - Keywords", "B - Operators", "C - Derivable Traits"] {
        let f = format!(
            "appendix-0{}-{}.md",
            &a[..1],
            a[4..].to_lowercase().replace(' ', "-")
        );
        summary.push_str(&format!("    - [{a}]({f})\n"));
        order.push(a.to_string());
        t.write(
            &format!("src/{f}"),
            &format!("# {a}\n\nSee [the introduction](ch00-00-introduction.html).\n"),
        );
    }
    t.write("src/SUMMARY.md", &summary);
    order
}

/// The titles of the pages in reading order, following each page's "next" link from `first`.
fn reading_order(t: &SiteTest, first: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut page = first.to_string();
    for _ in 0..1000 {
        let html = t.read(&page);
        let title = (html.split("<title>").nth(1))
            .and_then(|s| s.split("</title>").next())
            .and_then(|s| s.split(" · ").next())
            .unwrap_or("")
            .to_string();
        titles.push(title);
        let Some(next) = html.split("rel=\"next\" href=\"").nth(1) else {
            break;
        };
        let href = next.split('"').next().unwrap_or("");
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        page = normalize(&format!("{dir}/{href}"));
    }
    titles
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn a_large_mdbook_builds_unmodified_in_summary_order() {
    let t = SiteTest::new("mdbook-bar");
    let order = generate(&t, 22);
    let run = t.run(&["build"]);
    assert!(run.success(), "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("preprocessor `trpl-note` is not run by playbook"),
        "{}",
        run.stderr
    );
    let pages: Vec<String> = t
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 110, "{}", pages.len());
    assert!(
        !pages.iter().any(|p| p.to_lowercase().contains("summary")),
        "SUMMARY.md is published"
    );
    let mut images = 0;
    for p in &pages {
        let html = t.read(p);
        assert!(!html.contains("{{#"), "a directive is left in {p}");
        let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
        for src in html
            .split("<img ")
            .skip(1)
            .filter_map(|s| s.split("src=\"").nth(1))
        {
            let src = src.split('"').next().unwrap_or("");
            assert!(
                t.exists(&normalize(&format!("{dir}/{src}"))),
                "{p}: image {src} is missing"
            );
            images += 1;
        }
        // (The checklists page of a site without checklists links a print page that is not
        // written: not the book's business, left to the checklists work.)
        if p.starts_with("checklists/") {
            continue;
        }
        for href in hrefs(&main_of(&html))
            .iter()
            .filter(|h| h.contains(".html") && !h.contains("://"))
        {
            let file = href.split('#').next().unwrap_or("");
            assert!(
                t.exists(&normalize(&format!("{dir}/{file}"))),
                "{p}: link {href} leads nowhere"
            );
        }
    }
    assert!(images >= 22, "{images} images");
    // The book's title, authors and language come from book.toml.
    let home = t.read("index.html");
    assert!(home.contains("<html lang=\"en\""), "{}", &home[..200]);
    assert!(home.contains("The Widget Book"));
    assert!(home.contains("A. Writer, B. Editor"));
    // Listings: the anchor's lines only, the markers gone, ranges honoured.
    let ch1 = t.main_html(&page_of(&t, "ch01-00-"));
    assert!(ch1.contains("chapter 1"), "{ch1}");
    assert!(!ch1.contains("ANCHOR"), "{ch1}");
    assert!(ch1.contains("cargo run"));
    // Titles and order as SUMMARY.md lists them, from the first page to the last.
    let got = reading_order(&t, &page_of(&t, "title-page"));
    let mut want = order;
    // `{{#title}}` names the appendix's page; the navigation keeps SUMMARY.md's title.
    let at = want
        .iter()
        .rposition(|w| w == "Appendix")
        .expect("appendix");
    want[at] = "Appendix: reference".into();
    assert_eq!(got, want);
}

/// The output page the home page links whose URL contains `part`.
fn page_of(t: &SiteTest, part: &str) -> String {
    let home = t.read("index.html");
    let href = hrefs(&home)
        .into_iter()
        .find(|h| h.contains(part))
        .unwrap_or_else(|| panic!("no link to {part}"));
    normalize(&href)
}

#[test]
fn missing_includes_and_anchors_are_errors_at_their_chapter_and_line() {
    let t = SiteTest::new("mdbook-errors")
        .file("book.toml", "[book]\ntitle = \"B\"\n")
        .file("src/SUMMARY.md", "# B\n\n- [One](one.md)\n- [Gone](gone.md)\n- [Two](two.md)\n")
        .file("src/one.md", "# One\n\n```rust\n{{#include ../code/a.rs:missing}}\n```\n\n{{#include nowhere.txt}}\n")
        .file("src/stray.md", "# Stray\n")
        .file("src/two.md", "# Two\n\n[Stray](stray.md)\n")
        .file("code/a.rs", "fn main() {}\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("src/one.md:4"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the file has no `ANCHOR: missing`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("src/one.md:7"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot include `nowhere.txt`: no such file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("src/SUMMARY.md:4"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`gone.md` is not a page of the book"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("src/stray.md"), "{}", run.stderr);
    // Messages name the book's folder, not playbook's `content/`.
    assert!(
        run.stderr.contains("no chapter at `src/stray.md`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not published: SUMMARY.md does not list it"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_summary_in_a_playbook_orders_it_too() {
    let t = SiteTest::new("playbook-summary")
        .file("site.toml", "title = \"P\"\n")
        .file(
            "content/SUMMARY.md",
            "# P\n\n# First part\n\n- [Zeta first](zeta.md)\n  - [Alpha nested](alpha.md)\n",
        )
        .file("content/alpha.md", "# Alpha\n")
        .file("content/zeta.md", "# Zeta\n");
    t.build();
    let nav = t.read("index.html");
    let (z, a) = (
        nav.find("Zeta first").expect("zeta"),
        nav.find("Alpha nested").expect("alpha"),
    );
    assert!(z < a);
    assert!(nav.contains("First part"));
    assert!(!t.exists("summary/index.html"));
}

/// "What's new" fingerprints a page as readers see it, and the page is rendered again: a
/// change to a file it includes changes both, though the page's own file (kept by the build
/// cache) did not.
#[test]
fn an_included_file_changes_the_page_that_includes_it_and_its_fingerprint() {
    let t = SiteTest::new("include-fingerprint")
        .file("site.toml", "title = \"P\"\n")
        .file("content/a.md", "# A\n\n{{#include part.txt}}\n")
        .file("content/b.md", "# B\n\nPlain.\n")
        .file("content/part.txt", "The first version.\n");
    let hashes = || {
        assert!(t.build().success());
        let page = t.read("whats-new/index.html");
        ["a/", "b/"].map(|url| {
            let at = page.find(&format!("data-page=\"{url}\"")).expect(url);
            let rest = &page[at..];
            let hash = &rest[rest.find("data-hash=\"").expect("a hash") + 11..];
            hash[..hash.find('"').expect("closed")].to_string()
        })
    };
    let [a, b] = hashes();
    t.write("content/part.txt", "The second version.\n");
    let [a2, b2] = hashes();
    assert!(t.main_html("a/index.html").contains("The second version."));
    assert_ne!(a, a2, "the included text changed");
    assert_eq!(b, b2, "the other page did not");
    t.write("content/part.txt", "The first version.\n");
    assert_eq!(hashes(), [a, b], "the same text, the same fingerprint");
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |e| e + 7);
    html[start..end].to_string()
}
