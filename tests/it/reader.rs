//! What a reader sees around the content: the home page's contents first, "On this page"
//! beside the chapter on wide screens and folded above it on narrow ones, tables that scroll
//! rather than split words, a copy button on code, the colour theme's three states, the logo
//! and icon, "Edit this page", a checklist's "Used in", and screenshots of it all.
use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::json;
use std::time::Duration;

/// A part with two chapters (one with a wide table, code and a checklist) and a checklist
/// embedded by both a chapter and the part's page.
fn site() -> SiteTest {
    let table = "| Dimension | Emerging director | Established director | Senior director | Notes |\n|---|---|---|---|---|\n| Altitude | Reviews every specification personally | Reviews the quarterly portfolio | Shapes the multi-year investment thesis | $1,500,000 budget |\n| Accountability | Explains misses afterwards | Anticipates misses and escalates | Owns organisation-wide outcomes | 12 months |\n";
    SiteTest::new("reader")
        .file("site.toml", "title = \"Team playbook\"\nrepo_url = \"https://github.com/org/playbook/\"\nedit_path = \"/edit/main/content/\"\n")
        .file("content/_index.md", "# Team playbook\n\nA long introduction that comes after the contents.\n")
        .file("content/01-part/_index.md", "# The part\n\nIts intro.\n\n<!-- checklist: weekly -->\n")
        .file(
            "content/01-part/01-first.md",
            &format!("# First chapter\n\n## One\n\n{table}\n## Two\n\n```rust\nfn main() {{ println!(\"hi\"); }}\n```\n\n## Three\n\n<!-- checklist: weekly -->\n"),
        )
        .file("content/01-part/02-second name.md", "# Second chapter\n\nText.\n")
        .file(
            "content/checklists/weekly.toml",
            "title = \"Weekly\"\n[[sections]]\ntitle = \"Every week\"\n[[sections.items]]\nid = \"read\"\ntext = \"Read the numbers\"\n",
        )
        .file("content/checklists/unused.toml", "title = \"Unused\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\nid = \"x\"\ntext = \"X\"\n")
}

#[test]
fn the_home_page_leads_with_the_contents() {
    let t = site();
    t.build();
    let home = t.main_html("index.html");
    let contents = home.find("class=\"contents\"").expect("contents");
    let intro = home.find("A long introduction").expect("intro");
    assert!(
        contents < intro,
        "the contents come before the intro: {home}"
    );
    assert!(
        home.contains("<a href=\"part/first/index.html\">First chapter</a>"),
        "each part lists its chapters: {home}"
    );
}

#[test]
fn edit_links_point_at_each_pages_file_in_the_repository() {
    let t = site();
    t.build();
    let edit = "https://github.com/org/playbook/edit/main/content/";
    for (page, file) in [
        ("index.html", "_index.md"),
        ("part/index.html", "01-part/_index.md"),
        ("part/first/index.html", "01-part/01-first.md"),
        ("part/second-name/index.html", "01-part/02-second%20name.md"),
        ("checklists/weekly/index.html", "checklists/weekly.toml"),
    ] {
        assert!(
            t.main_html(page).contains(&format!(
                "<p class=\"edit-link no-print\"><a href=\"{edit}{file}\">Edit this page</a></p>"
            )),
            "{page}: {}",
            t.main_html(page)
        );
    }
    for page in [
        "checklists/index.html",
        "search/index.html",
        "print/index.html",
    ] {
        assert!(
            !t.read(page).contains("Edit this page"),
            "{page}: only pages built from a file"
        );
    }
    t.write("site.toml", "title = \"Team playbook\"\n");
    t.build();
    assert!(!t.read("part/first/index.html").contains("Edit this page"));
    t.write(
        "site.toml",
        "edit_path = \"edit/main/content/\"\nrepo_url = \"github.com/org/playbook\"\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error: invalid `repo_url` \"github.com/org/playbook\": expected the repository's web address\n --> site.toml:2:12"),
        "{}",
        run.stderr
    );
    t.write("site.toml", "edit_path = \"edit/main/content/\"\n");
    let run = t.run(&["build"]);
    assert!(
        run.stderr.contains("error: `edit_path` needs `repo_url`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_checklist_page_lists_the_pages_that_use_it() {
    let t = site();
    t.build();
    let page = t.main_html("checklists/weekly/index.html");
    assert!(
        page.contains("<p class=\"used-in no-print\">Used in <a href=\"../../part/index.html\">The part</a>, <a href=\"../../part/first/index.html\">First chapter</a></p>"),
        "in reading order: {page}"
    );
    assert!(
        !t.main_html("checklists/unused/index.html")
            .contains("Used in")
    );
}

#[test]
fn the_favicon_and_an_optional_logo_are_there_on_every_page() {
    let t = site();
    t.build();
    for page in [
        "index.html",
        "part/first/index.html",
        "checklists/weekly/index.html",
    ] {
        let html = t.read(page);
        assert!(
            html.contains("<link rel=\"icon\" href=\"") && html.contains("static/favicon.svg\">"),
            "{page}"
        );
    }
    assert!(t.read("static/favicon.svg").starts_with("<svg"));
    assert_eq!(crate::hosting::broken_links(&t), Vec::<String>::new());
    assert!(!t.read("index.html").contains("site-logo"));

    let t = site()
        .file(
            "site.toml",
            "title = \"Team playbook\"\nlogo = \"img/logo.svg\"\n",
        )
        .file(
            "content/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    t.build();
    let html = t.read("part/first/index.html");
    assert!(
        html.contains("<img class=\"site-logo\" src=\"../../static/logo.svg\" alt=\"\" width=\"28\" height=\"28\"><span>Team playbook</span>"),
        "{html}"
    );
    assert!(html.contains("<link rel=\"icon\" href=\"../../static/logo.svg\">"));
    assert_eq!(
        t.read("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(crate::hosting::broken_links(&t), Vec::<String>::new());

    for (logo, message) in [
        (
            "img/missing.svg",
            "`logo`: there is no file `content/img/missing.svg`",
        ),
        (
            "../site.toml",
            "`logo` \"../site.toml\" is not a path inside `content/`",
        ),
        (
            "img/logo.txt",
            "`logo` \"img/logo.txt\" is not an image a browser shows as a logo",
        ),
    ] {
        t.write("site.toml", &format!("logo = \"{logo}\"\n"));
        let run = t.run(&["check"]);
        assert_eq!(run.code, Some(1), "{logo}");
        assert!(
            run.stderr
                .contains(&format!("error: {message}\n --> site.toml:1:8")),
            "{logo}: {}",
            run.stderr
        );
    }
}

/// Each word of each table cell is on one line: `[cell text, word]` for every word a line
/// break splits (a word being what lies between spaces, hyphens, dashes and slashes).
const SPLIT_WORDS: &str = r#"(() => {
  const split = [];
  for (const cell of document.querySelectorAll('.prose td, .prose th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\s\-\u2010-\u2015\/]+/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push([cell.textContent.trim().slice(0, 60), m[0]]);
      }
    }
  }
  return JSON.stringify(split);
})()"#;

/// No table cell of the shipped playbook (nor of a table wider than a phone) wraps inside a
/// word, on a phone or a laptop; a table that scrolls can be scrolled with the keyboard.
#[test]
fn no_table_cell_wraps_inside_a_word() {
    let shipped = SiteTest::shipped();
    shipped.build();
    let t = site();
    t.build();
    let mut pages: Vec<std::path::PathBuf> = shipped
        .output_files()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && !p.contains("print/"))
        .filter(|p| shipped.read(p).contains("<table>"))
        .map(|p| shipped.path().join("public").join(p))
        .collect();
    assert!(pages.len() >= 5, "pages with tables: {pages:?}");
    pages.push(t.path().join("public/part/first/index.html"));
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let mut split = Vec::new();
    for (width, height, mobile) in [(390, 844, true), (1280, 800, false)] {
        b.screen(width, height, mobile, false);
        for page in &pages {
            b.goto(&file_url(page));
            let words: Vec<(String, String)> =
                serde_json::from_str(b.eval(SPLIT_WORDS).as_str().unwrap_or("[]")).unwrap();
            for (cell, word) in words {
                split.push(format!(
                    "{width}px {}: {word:?} in {cell:?}",
                    page.display()
                ));
            }
        }
    }
    assert!(
        split.is_empty(),
        "words split across lines:\n{}",
        split.join("\n")
    );
    b.screen(390, 844, true, false);
    b.goto(&file_url(&t.path().join("public/part/first/index.html")));
    assert_eq!(
        b.eval("(() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth > w.clientWidth, w.tabIndex, w.getAttribute('role'), document.documentElement.scrollWidth <= 390]; })()"),
        json!([true, 0, "region", true]),
        "the table scrolls in its own box, reachable with the keyboard; the page does not"
    );
}

/// "On this page": a sticky column right of the text at 1280 px, folded above it at 390 px;
/// the link of the section being read is marked.
#[test]
fn on_this_page_is_a_column_on_wide_screens_and_folded_on_narrow_ones() {
    let t = site();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let page = file_url(&t.path().join("public/part/first/index.html"));
    b.screen(1280, 800, false, false);
    b.goto(&page);
    let wide = b.eval("(() => { const toc = document.querySelector('.toc'), prose = document.querySelector('.prose'); const t = toc.getBoundingClientRect(), p = prose.getBoundingClientRect(); return [toc.querySelector('details').open, t.left >= p.right, t.top < p.top + 50, getComputedStyle(toc).position]; })()");
    assert_eq!(wide, json!([true, true, true, "sticky"]), "beside the text");
    b.eval("document.body.style.paddingBottom = '3000px'; document.getElementById('three').scrollIntoView(); true");
    assert!(
        b.wait_for(
            "document.querySelector('.toc a[aria-current]') && document.querySelector('.toc a[aria-current]').getAttribute('href') === '#three'",
            Duration::from_secs(5)
        ),
        "the section being read is marked"
    );
    assert_eq!(
        b.eval("(() => { const t = document.querySelector('.toc').getBoundingClientRect(); return t.top >= 0 && t.top < 200; })()"),
        true,
        "it stays in view while the chapter scrolls"
    );
    b.screen(390, 844, true, false);
    b.goto(&page);
    let narrow = b.eval("(() => { const toc = document.querySelector('.toc'), prose = document.querySelector('.prose'); return [toc.querySelector('details').open, toc.getBoundingClientRect().bottom <= prose.getBoundingClientRect().top]; })()");
    assert_eq!(narrow, json!([false, true]), "folded above the text");
    b.eval("document.querySelector('.toc summary').click(); true");
    assert_eq!(b.eval("document.querySelector('.toc details').open"), true);
}

/// The button cycles light, dark and the system's, remembers the choice, and says which.
#[test]
fn the_colour_theme_cycles_light_dark_and_the_systems() {
    let t = site();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let page = file_url(&t.path().join("public/part/first/index.html"));
    b.screen(1280, 800, false, false);
    b.goto(&page);
    let state = |b: &mut Browser| {
        b.eval("[document.documentElement.getAttribute('data-theme'), localStorage.getItem('playbook-theme'), document.querySelector('.theme-toggle').textContent.trim(), getComputedStyle(document.body).backgroundColor]")
    };
    let white = "rgb(255, 255, 255)";
    let dark = "rgb(20, 23, 29)";
    assert_eq!(
        state(&mut b),
        json!([null, null, "◐Colour theme: as the system is", white])
    );
    let mut seen = Vec::new();
    for _ in 0..3 {
        b.eval("document.querySelector('.theme-toggle').click(); true");
        seen.push(state(&mut b));
    }
    assert_eq!(
        seen,
        [
            json!(["dark", "dark", "☾Colour theme: dark", dark]),
            json!([
                "light",
                "light",
                "\u{2600}\u{fe0e}Colour theme: light",
                white
            ]),
            json!([null, null, "◐Colour theme: as the system is", white]),
        ],
        "from a light system: dark, light, then the system's"
    );
    b.eval("document.querySelector('.theme-toggle').click(); true");
    b.reload();
    assert_eq!(state(&mut b)[0], "dark", "remembered");
    b.eval("localStorage.removeItem('playbook-theme'); true");
    b.screen(1280, 800, false, true);
    b.goto(&page);
    assert_eq!(
        state(&mut b),
        json!([null, null, "◐Colour theme: as the system is", dark])
    );
    b.eval("document.querySelector('.theme-toggle').click(); true");
    assert_eq!(state(&mut b)[0], "light", "from a dark system, light first");
}

/// The copy button copies the code as written, without the button's own text.
#[test]
fn a_code_block_has_a_copy_button() {
    let t = site();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&t.path().join("public/part/first/index.html")));
    // The clipboard of a headless browser is out of reach: record what is written to it.
    b.eval("navigator.clipboard.writeText = text => { window.copied = text; return Promise.resolve(); }; true");
    assert_eq!(
        b.eval("document.querySelector('.code-block .copy-code').textContent"),
        "Copy code"
    );
    b.eval("document.querySelector('.copy-code').click(); true");
    assert!(b.wait_for("window.copied !== undefined", Duration::from_secs(5)));
    assert_eq!(b.eval("window.copied"), "fn main() { println!(\"hi\"); }\n");
    assert!(b.wait_for(
        "document.querySelector('.copy-code').textContent === 'Copied code'",
        Duration::from_secs(5)
    ));
}

/// Screenshots of the home page, a chapter with a wide table and a checklist, on a phone
/// (390×844) and a laptop (1280×800), in light and dark mode, saved as test artefacts in
/// `$CARGO_TARGET_TMPDIR/screenshots/`. None of these pages scrolls sideways.
#[test]
fn screenshots_of_home_chapter_and_checklist() {
    let t = SiteTest::shipped();
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let pages = [
        ("home", "index.html", None),
        (
            "chapter-wide-table",
            "templates/director-competency-rubric/index.html",
            Some("table"),
        ),
        ("checklist", "checklists/first-90-days/index.html", None),
    ];
    for (width, height, mobile) in [(390, 844, true), (1280, 800, false)] {
        for dark in [false, true] {
            b.screen(width, height, mobile, dark);
            for (name, page, scroll_to) in pages {
                b.goto(&file_url(&t.path().join("public").join(page)));
                if let Some(selector) = scroll_to {
                    b.eval(&format!("document.querySelector('{selector}').scrollIntoView(), window.scrollBy(0, -80), true"));
                }
                assert_eq!(
                    b.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                    true,
                    "{name} at {width} px scrolls sideways"
                );
                let mode = if dark { "dark" } else { "light" };
                let path = dir.join(format!("{name}-{width}x{height}-{mode}.png"));
                b.screenshot(&path);
                let png = std::fs::read(&path).expect("screenshot written");
                assert!(
                    png.starts_with(b"\x89PNG") && png.len() > 10_000,
                    "{}",
                    path.display()
                );
            }
        }
    }
}
