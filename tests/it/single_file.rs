//! `playbook build --single-file` (issue 19): the shipped playbook as one HTML file, opened
//! from disk in headless Chromium with the network blocked, asks for nothing but itself; every
//! in-file link leads to an element of the file, the contents navigate, search finds a
//! chapter, a tick survives a reload, the page prints, and the console stays clean.
use crate::browser::{Browser, file_url, pdf_text};
use crate::harness::{SiteTest, hrefs};
use serde_json::json;
use std::time::Duration;

#[test]
fn the_shipped_playbook_as_one_file_works_from_disk_with_the_network_blocked() {
    let t = SiteTest::shipped();
    let run = t.run(&["build", "--single-file", "playbook.html"]);
    assert!(run.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        !t.path().join("public").exists(),
        "a single-file build writes no site"
    );
    // The file alone in a folder of its own: nothing beside it could answer a request.
    let dir = t.path().join("attachment");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("playbook.html");
    std::fs::rename(t.path().join("playbook.html"), &file).expect("move");
    let html = std::fs::read_to_string(&file).expect("read");
    assert!(html.len() < 3 * 1024 * 1024 / 2, "{} bytes", html.len());
    // Every URL is an anchor of the file, a data URI or another host's page (a link).
    for href in hrefs(&html) {
        let ok = href.starts_with('#')
            || href.starts_with("data:")
            || href.starts_with("https://")
            || href.starts_with("http://")
            || href.starts_with("mailto:");
        assert!(ok, "link to another file: {href}");
    }
    for src in html.split(" src=\"").skip(1) {
        assert!(
            src.starts_with("data:"),
            "loads a file: {}",
            &src[..src.len().min(80)]
        );
    }
    assert!(
        !html.contains("rel=\"stylesheet\""),
        "no stylesheet is linked"
    );
    // The site's icon and theme toggle come along.
    assert!(html.contains("<link rel=\"icon\" href=\"data:image/svg+xml;base64,"));
    assert!(html.contains("class=\"visually-hidden theme-state\""));

    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send("Network.enable", json!({}));
    b.send("Log.enable", json!({}));
    b.send(
        "Network.setBlockedURLs",
        json!({"urls": ["http://*", "https://*", "ws://*", "wss://*"]}),
    );
    b.record_events();
    let url = file_url(&file);
    b.goto(&url);
    // Every in-file link names an element of the file.
    let missing = b.eval(
        "Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => decodeURIComponent(a.getAttribute('href').slice(1))).filter(id => id && !document.getElementById(id))",
    );
    assert_eq!(missing, json!([]), "anchors with no element");
    let shown =
        "Array.from(document.querySelectorAll('.sf-page')).filter(p => !p.hidden).map(p => p.id)";
    assert_eq!(
        b.eval(shown).as_array().map(Vec::len),
        Some(1),
        "one page shown"
    );
    // The contents lead to a chapter, and its pager on to the next page.
    let chapter = b.eval("document.querySelectorAll('.sf-toc a')[3].getAttribute('href')");
    let chapter = chapter
        .as_str()
        .expect("a chapter in the contents")
        .to_string();
    b.eval(&format!(
        "document.querySelector('.sf-toc a[href=\"{chapter}\"]').click(), true"
    ));
    assert!(b.wait_for(
        &format!("!document.getElementById('{}').hidden", &chapter[1..]),
        Duration::from_secs(10)
    ));
    assert_eq!(b.eval(shown), json!([&chapter[1..]]));
    let next = b.eval("(document.querySelector('.sf-page:not([hidden]) a[rel=next]') || {}).getAttribute && document.querySelector('.sf-page:not([hidden]) a[rel=next]').getAttribute('href')");
    if let Some(next) = next.as_str() {
        b.eval("document.querySelector('.sf-page:not([hidden]) a[rel=next]').click(), true");
        assert!(b.wait_for(
            &format!("!document.getElementById('{}').hidden", &next[1..]),
            Duration::from_secs(10)
        ));
    }
    // Search finds a chapter by a word of its title and opens it.
    let title = b.eval(&format!(
        "document.getElementById('{}').getAttribute('aria-label')",
        &chapter[1..]
    ));
    let word = title
        .as_str()
        .expect("title")
        .split_whitespace()
        .max_by_key(|w| w.len())
        .expect("a word")
        .to_string();
    b.eval(&format!("var q = document.getElementById('sf-query'); q.value = {}; q.dispatchEvent(new Event('input')); true", json!(word)));
    assert!(b.wait_for(
        "document.querySelectorAll('#sf-results a').length > 0",
        Duration::from_secs(10)
    ));
    let hits = b.eval(
        "Array.from(document.querySelectorAll('#sf-results a')).map(a => a.getAttribute('href'))",
    );
    assert!(
        hits.as_array().is_some_and(|h| h.contains(&json!(chapter))),
        "{word}: {hits}"
    );
    b.eval(&format!(
        "document.querySelector('#sf-results a[href=\"{chapter}\"]').click(), true"
    ));
    assert!(b.wait_for(
        &format!("!document.getElementById('{}').hidden", &chapter[1..]),
        Duration::from_secs(10)
    ));
    // A tick survives a reload.
    let item = b.eval("var box = document.querySelector('input[data-item]'); location.hash = '#' + box.closest('.sf-page').id; box.id");
    let item = item.as_str().expect("a checklist item").to_string();
    assert!(b.wait_for(
        &format!("!document.getElementById('{item}').closest('.sf-page').hidden"),
        Duration::from_secs(10)
    ));
    b.eval(&format!("document.getElementById('{item}').click(), true"));
    assert_eq!(
        b.eval(&format!("document.getElementById('{item}').checked")),
        json!(true)
    );
    b.reload();
    assert!(
        b.wait_for(
            &format!("document.getElementById('{item}').checked"),
            Duration::from_secs(10)
        ),
        "the tick was lost"
    );
    // The theme toggle cycles the colour theme and says which one is on, as on the site.
    b.eval("document.querySelector('.theme-toggle').click(), true");
    assert_eq!(
        b.eval("[!!document.documentElement.getAttribute('data-theme'), document.querySelector('.theme-state').textContent.startsWith('Colour theme: ') && !document.querySelector('.theme-state').textContent.endsWith('system is')]"),
        json!([true, true])
    );
    // It prints: the page shown, without the contents.
    let shown_title =
        b.eval("document.querySelector('.sf-page:not([hidden])').getAttribute('aria-label')");
    let pdf = pdf_text(&b.pdf());
    let first_word = shown_title
        .as_str()
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or("")
        .to_string();
    assert!(
        pdf.contains(&first_word),
        "{first_word} not in the printout"
    );
    // No request but the file itself, and no error in the console.
    b.eval("true");
    for e in b.events() {
        let method = e["method"].as_str().unwrap_or("");
        if method == "Network.requestWillBeSent" {
            let u = e["params"]["request"]["url"].as_str().unwrap_or("");
            assert!(
                u == url || u.starts_with(&format!("{url}#")) || u.starts_with("data:"),
                "request for {u}"
            );
        }
        let error = match method {
            "Runtime.exceptionThrown" => true,
            "Runtime.consoleAPICalled" => e["params"]["type"] == "error",
            "Log.entryAdded" => e["params"]["entry"]["level"] == "error",
            _ => false,
        };
        assert!(!error, "console error: {e}");
    }
}

#[test]
fn the_single_file_of_a_wiki_holds_every_page_and_its_image() {
    let t = SiteTest::from_fixture("wiki");
    let run = t.run(&["build", "--single-file", "wiki.html"]);
    assert!(run.success(), "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(t.path().join("wiki.html")).expect("read");
    for id in [
        "p-home",
        "p-getting-started",
        "p-processes-decision-log",
        "p-processes-decision-log-onboarding-checklist",
        "p-rituals",
    ] {
        assert!(
            html.contains(&format!("<section class=\"sf-page\" id=\"{id}\"")),
            "{id}"
        );
    }
    assert!(html.contains("src=\"data:image/png;base64,"));
    assert!(html.contains("href=\"#p-processes-decision-log--how-we-decide\""));
    let outside = t.run(&["build", "--single-file", "../x.html"]);
    assert!(!outside.success());
    assert!(
        outside.stderr.contains("refusing to write"),
        "{}",
        outside.stderr
    );
}
