//! The navigation tree in headless Chromium: the path to the page open, every other section
//! folding with the keyboard at desktop and phone widths, the reader's open sections kept
//! from page to page, and on a big site the tree filled in from `static/nav-tree.js` (from
//! `file://`), the same as playbook writes it.
use crate::a11y::{press, tab_to};
use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::json;
use std::time::Duration;

fn handbook() -> SiteTest {
    let t = SiteTest::from_fixture("handbook");
    t.build();
    t
}

/// Whether the section whose page is `href` (root-relative) is open in the sidebar.
fn open(b: &mut Browser, href: &str) -> bool {
    b.eval(&format!(
        "document.querySelector('#sidebar details[data-section=\"{href}\"]').open"
    )) == true
}

/// Whether the sidebar link to `href` (root-relative) is shown.
fn shown(b: &mut Browser, href: &str) -> bool {
    b.eval(&format!(
        "(() => {{ const a = document.querySelector('#sidebar a[href$=\"/{href}\"]'); return !!a && a.checkVisibility(); }})()"
    )) == true
}

const SUMMARY: &str = "#sidebar details[data-section='company/index.html'] > summary";

#[test]
fn sections_fold_with_the_keyboard_and_stay_open_while_reading() {
    let t = handbook();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let page = |p: &str| file_url(&t.path().join("public").join(p));
    b.goto(&page(
        "engineering/hiring/interviews/onsite/agenda/index.html",
    ));
    for path in [
        "engineering/index.html",
        "engineering/hiring/index.html",
        "engineering/hiring/interviews/index.html",
        "engineering/hiring/interviews/onsite/index.html",
    ] {
        assert!(open(&mut b, path), "{path} is on the way to the page: open");
    }
    assert!(!open(&mut b, "company/index.html"));
    assert!(shown(
        &mut b,
        "engineering/hiring/interviews/onsite/agenda/index.html"
    ));
    assert!(
        !shown(&mut b, "company/values/index.html"),
        "a closed section hides its pages"
    );
    assert!(
        shown(&mut b, "releases/index.html"),
        "top-level entries always show"
    );

    // Tab reaches the toggle after the section's link; Enter and Space fold it.
    tab_to(&mut b, "#sidebar a[href$='/company/index.html']", 30);
    tab_to(&mut b, SUMMARY, 1);
    press(&mut b, "Enter");
    assert!(
        b.wait_for(
            &format!("document.querySelector(\"{SUMMARY}\").parentNode.open"),
            Duration::from_secs(5)
        ),
        "Enter opens a section"
    );
    assert!(shown(&mut b, "company/values/index.html"));
    tab_to(&mut b, "#sidebar a[href$='/company/values/index.html']", 1);
    b.eval(&format!(
        "document.querySelector(\"{SUMMARY}\").focus(), true"
    ));
    b.key(" ", "Space", 32, 0);
    assert!(
        b.wait_for(
            &format!("!document.querySelector(\"{SUMMARY}\").parentNode.open"),
            Duration::from_secs(5)
        ),
        "Space closes it"
    );
    press(&mut b, "Enter");
    assert!(b.wait_for(
        &format!("document.querySelector(\"{SUMMARY}\").parentNode.open"),
        Duration::from_secs(5)
    ));
    // The `toggle` event that saves it comes in a task of its own: on a busy machine the
    // next page could load before it ran.
    assert!(
        b.wait_for(
            "Object.keys(sessionStorage).some(k => k.endsWith(':nav-open') && sessionStorage.getItem(k).includes('company'))",
            Duration::from_secs(5)
        ),
        "the open section is saved"
    );

    // Another page: what the reader opened is still open, the new path too.
    b.goto(&page("releases/1.0/index.html"));
    assert!(
        open(&mut b, "company/index.html"),
        "kept open from page to page"
    );
    assert!(open(&mut b, "releases/index.html"));
    assert!(
        !open(&mut b, "engineering/index.html"),
        "the old path folds away"
    );
    b.eval(&format!(
        "document.querySelector(\"{SUMMARY}\").click(), true"
    ));
    assert!(b.wait_for(
        &format!("!document.querySelector(\"{SUMMARY}\").parentNode.open"),
        Duration::from_secs(5)
    ));
    b.goto(&page("about/index.html"));
    assert!(
        !open(&mut b, "company/index.html"),
        "and closed once closed"
    );
}

#[test]
fn on_a_phone_the_tree_folds_inside_the_drawer() {
    let t = handbook();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
    );
    b.goto(&file_url(
        &t.path()
            .join("public/engineering/hiring/sourcing/index.html"),
    ));
    assert!(
        !shown(&mut b, "company/index.html"),
        "the drawer starts closed"
    );
    tab_to(&mut b, ".nav-toggle", 3);
    press(&mut b, "Enter");
    assert!(
        shown(&mut b, "company/index.html"),
        "Enter opens the drawer"
    );
    assert!(shown(&mut b, "engineering/hiring/sourcing/index.html"));
    tab_to(&mut b, SUMMARY, 5);
    press(&mut b, "Enter");
    assert!(
        b.wait_for(
            &format!("document.querySelector(\"{SUMMARY}\").parentNode.open"),
            Duration::from_secs(5)
        ),
        "Enter opens a section in the drawer"
    );
    assert!(shown(&mut b, "company/values/index.html"));
    let wide = b
        .eval("document.documentElement.scrollWidth")
        .as_u64()
        .unwrap_or(0);
    assert!(wide <= 360, "nothing scrolls sideways: {wide}px");
    press(&mut b, "Escape");
    assert!(
        !shown(&mut b, "company/index.html"),
        "Escape closes the drawer"
    );
    assert_eq!(
        b.eval("document.activeElement.classList.contains('nav-toggle')"),
        true
    );
}

/// A site too big for every page to hold its tree: 30 parts, each a subsection of 8 pages.
fn big_site() -> SiteTest {
    let mut t = SiteTest::new("big-tree");
    for p in 0..30 {
        t = t.file(
            &format!("content/p{p:02}/_index.md"),
            &format!("# Part {p}\n"),
        );
        for c in 0..8 {
            t = t.file(
                &format!("content/p{p:02}/sub/c{c}.md"),
                &format!("# Page {p}.{c}\n\nText.\n"),
            );
        }
    }
    t.build();
    t
}

#[test]
fn a_big_site_fills_in_its_tree_from_the_shared_file() {
    let t = big_site();
    let page = "p05/sub/c3/index.html";
    let html = t.read(page);
    assert!(
        html.contains(" data-partial>"),
        "the page holds only part of the tree"
    );
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&t.path().join("public").join(page)));
    assert!(
        b.wait_for(
            "!document.querySelector('.nav-list').hasAttribute('data-partial')",
            Duration::from_secs(10)
        ),
        "site.js read nav-tree.js from file://"
    );
    assert_eq!(
        b.eval("document.querySelectorAll('.nav-list > li').length"),
        33,
        "every top-level entry, home, checklists and progress"
    );
    assert_eq!(
        b.eval("document.querySelector('#sidebar a[aria-current=page]').textContent"),
        "Page 5.3"
    );
    assert!(open(&mut b, "p05/index.html") && open(&mut b, "p05/sub/index.html"));
    // The open path is the same markup playbook wrote into the page.
    let sidebar = &html[html.find("<ol class=\"nav-list\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</ol>\n<script").unwrap() + 5];
    let same = b.eval(&format!(
        "(() => {{ const strip = n => {{ [...n.childNodes].forEach(c => c.nodeType === 3 && !c.textContent.trim() ? c.remove() : c.nodeType === 1 && strip(c)); return n; }};
          const sel = 'details[data-section=\"p05/index.html\"]';
          const written = new DOMParser().parseFromString({}, 'text/html').querySelector(sel).closest('li');
          const built = document.querySelector('#sidebar ' + sel).closest('li').cloneNode(true);
          return strip(built).isEqualNode(strip(written)); }})()",
        serde_json::to_string(sidebar).unwrap()
    ));
    assert_eq!(same, true, "site.js and playbook write the same tree");

    // A closed section's pages are built when it is opened, by the keyboard too.
    let summary = "#sidebar details[data-section='p20/index.html'] > summary";
    assert!(!shown(&mut b, "p20/sub/index.html"));
    b.eval(&format!(
        "document.querySelector(\"{summary}\").focus(), true"
    ));
    press(&mut b, "Enter");
    assert!(
        b.wait_for(
            &format!("document.querySelector(\"{summary}\").parentNode.open"),
            Duration::from_secs(5)
        ),
        "Enter opens it"
    );
    assert!(b.wait_for(
        "!!document.querySelector('#sidebar a[href$=\"/p20/sub/index.html\"]')",
        Duration::from_secs(5)
    ));
    assert!(shown(&mut b, "p20/sub/index.html"));
    b.goto(&file_url(&t.path().join("public/p01/index.html")));
    assert!(
        b.wait_for(
            "!!document.querySelector('#sidebar details[data-section=\"p20/index.html\"]')",
            Duration::from_secs(10)
        ),
        "tree rebuilt on the next page"
    );
    assert!(open(&mut b, "p20/index.html"), "kept open on the next page");
    assert!(shown(&mut b, "p20/sub/index.html"));
}
