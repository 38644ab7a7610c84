//! Rebuilds after edits (what changes in the output and what pages are told), and an open
//! page in headless Chromium following edits, stylesheet changes and errors by itself.
use super::{Serve, eventually, small_site};
use crate::browser::Browser;
use std::time::Duration;

#[test]
fn edits_rebuild_only_what_changed_and_wake_pages() {
    let t = small_site("serve-edit");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nEdited body. See [first](01-first.md).\n",
    );
    let v = s.next_build(g);
    assert_eq!(v["error"], serde_json::Value::Null);
    // The page itself, its search entries and the print pages that contain it; no other page.
    let changed: Vec<&str> = v["changed"]
        .as_array()
        .expect("changed paths")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(changed.contains(&"guide/second/index.html"), "{changed:?}");
    assert!(
        changed.iter().all(|p| *p == "guide/second/index.html"
            || p.ends_with("print/index.html")
            || p.starts_with("search/")),
        "a body edit rewrites only that page, its search entries and print pages: {changed:?}"
    );
    eventually("the page has the edit", || {
        t.read("guide/second/index.html").contains("Edited body.")
    });

    // A new title reaches every page that shows it: the sidebar of the others, the lists.
    let g = v["generation"].as_u64().unwrap();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second, renamed\"\n+++\n\nEdited body. See [first](01-first.md).\n",
    );
    let v = s.next_build(g);
    let changed = v["changed"].to_string();
    for page in ["guide/first/index.html", "guide/index.html", "index.html"] {
        assert!(
            changed.contains(&format!("\"{page}\"")),
            "{page} not in {changed}"
        );
        eventually("the new title shows", || {
            t.read(page).contains("Second, renamed")
        });
    }
}

#[test]
fn a_deleted_output_directory_is_written_again() {
    let t = small_site("serve-rm-output");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    std::fs::remove_dir_all(t.path().join("public")).unwrap();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nEdited.\n",
    );
    s.next_build(g);
    eventually("every page is back", || {
        t.exists("guide/first/index.html") && t.exists("index.html") && t.exists("static/style.css")
    });
}

#[test]
fn created_renamed_and_deleted_chapters_update_the_navigation() {
    let t = small_site("serve-nav");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    t.write(
        "content/01-guide/03-third.md",
        "+++\ntitle = \"Third\"\n+++\n\nNew.\n",
    );
    let g = s.next_build(g)["generation"].as_u64().unwrap();
    assert!(t.read("guide/third/index.html").contains("New."));
    assert!(
        t.read("guide/first/index.html")
            .contains("guide/third/index.html"),
        "the nav of other pages lists it"
    );

    std::fs::rename(
        t.path().join("content/01-guide/03-third.md"),
        t.path().join("content/01-guide/03-renamed.md"),
    )
    .unwrap();
    let g = s.next_build(g)["generation"].as_u64().unwrap();
    assert!(t.exists("guide/renamed/index.html"));
    assert!(!t.exists("guide/third/index.html"), "the old page is gone");
    assert!(!t.read("guide/first/index.html").contains("guide/third/"));

    std::fs::remove_file(t.path().join("content/01-guide/03-renamed.md")).unwrap();
    s.next_build(g);
    assert!(!t.exists("guide/renamed/index.html"));
    assert!(!t.read("guide/first/index.html").contains("guide/renamed/"));
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.file_name() != ".playbook-manifest" {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// Edits deep in a tree of sections (titles of sections, new folders, an index file gone, a
/// URL taken) reach every page they touch: after them, what `serve` wrote is byte for byte
/// what a fresh build writes.
#[test]
fn edits_deep_in_the_tree_leave_what_a_fresh_build_writes() {
    let t = crate::harness::SiteTest::from_fixture("handbook");
    let s = Serve::start(&t, &[]);
    let mut g = s.generation();
    let edits: [(&str, Option<&str>); 6] = [
        (
            "content/engineering/hiring/interviews/_index.md",
            Some("+++\ntitle = \"Interview loops\"\nweight = 1\n+++\nRenamed.\n"),
        ),
        (
            "content/engineering/hiring/interviews/onsite/lunch.md",
            Some("# Lunch\n\nWith the team.\n"),
        ),
        (
            "content/engineering/index.md",
            Some("# Engineering\n\nSee [hiring](hiring/) and [onboarding](onboarding/).\n"),
        ),
        ("content/engineering/onboarding/README.md", None),
        (
            "content/engineering/hiring/sourcing/index.md",
            Some("# Sourcing, a section now\n"),
        ),
        ("content/01-about.md", Some("# About us, first\n")),
    ];
    for (n, (path, text)) in edits.into_iter().enumerate() {
        match text {
            Some(text) => t.write(path, text),
            None => std::fs::remove_file(t.path().join(path)).unwrap(),
        }
        let v = s.next_build(g);
        assert_eq!(v["error"], serde_json::Value::Null, "after {path}");
        g = v["generation"].as_u64().unwrap();
        // What serve wrote (the late print documents and search index too) is what a clean
        // build writes.
        let fresh = format!("fresh-{n}");
        let run = t.run(&["build", "--output", &fresh]);
        assert!(run.success(), "{}", run.stderr);
        let (served, built) = (
            files(&t.path().join("public")),
            files(&t.path().join(&fresh)),
        );
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            built.keys().collect::<Vec<_>>(),
            "after {path}"
        );
        let differ: Vec<&String> = served
            .iter()
            .filter(|(k, v)| built.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            differ.is_empty(),
            "after {path}, serve and build differ in {differ:?}"
        );
    }
    let agenda = t.read("engineering/hiring/interviews/onsite/agenda/index.html");
    assert!(
        agenda.contains(">Interview loops</a></li>"),
        "breadcrumbs follow a section's new title"
    );
    assert!(
        agenda.contains(">Lunch</a>"),
        "the sidebar lists the new page"
    );
    assert!(
        t.exists("engineering/hiring/sourcing-2/index.html"),
        "the file gives way to the new folder"
    );
    assert!(t.exists("engineering/hiring/sourcing/index.html"));
    assert!(
        t.read("about-2/index.html").contains("About this handbook"),
        "an earlier file takes `about/`"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_file_and_line() {
    let t = small_site("serve-error");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    t.write(
        "content/01-guide/01-first.md",
        "+++\ntitle = \"First\"\nweight = \"third\"\n+++\n\nBroken.\n",
    );
    let v = s.next_build(g);
    let problem = &v["error"][0];
    assert_eq!(problem["file"], "content/01-guide/01-first.md", "{v}");
    assert_eq!(problem["line"], 3, "{v}");
    assert!(
        problem["message"].as_str().unwrap().contains("weight"),
        "{v}"
    );
    assert!(
        t.read("guide/first/index.html")
            .contains("The first chapter."),
        "the last good page stays"
    );
    assert_eq!(s.get("/guide/first/").status, 200);

    t.write("themes/default/templates/chapter.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.html | safe }\n{% endblock main %}\n");
    let v = s.next_build(v["generation"].as_u64().unwrap());
    assert!(v["error"].is_array(), "{v}");

    std::fs::remove_dir_all(t.path().join("themes")).unwrap();
    t.write(
        "content/01-guide/01-first.md",
        "+++\ntitle = \"First\"\n+++\n\nFixed.\n",
    );
    eventually("the site recovers", || {
        t.read("guide/first/index.html").contains("Fixed.") && s.next_build(0)["error"].is_null()
    });
    assert!(s.output().contains("Build failed"), "{}", s.output());
}

#[test]
fn site_toml_and_theme_changes_rebuild_every_page() {
    let t = small_site("serve-config");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    t.write("site.toml", "title = \"Renamed site\"\n");
    let g = s.next_build(g)["generation"].as_u64().unwrap();
    for page in [
        "index.html",
        "guide/first/index.html",
        "guide/second/index.html",
    ] {
        assert!(t.read(page).contains("Renamed site"), "{page}");
    }
    t.write(
        "themes/default/templates/partials/nav.html",
        "<p>custom nav</p>\n",
    );
    s.next_build(g);
    for page in [
        "index.html",
        "guide/first/index.html",
        "guide/second/index.html",
    ] {
        assert!(t.read(page).contains("<p>custom nav</p>"), "{page}");
    }
}

// --- in the browser -----------------------------------------------------------------------

#[test]
fn an_open_page_follows_edits_by_itself_and_shows_errors() {
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/style.css"
    ))
    .unwrap();
    let long: String = (1..=80)
        .map(|i| format!("Paragraph {i} of a long chapter.\n\n"))
        .collect();
    let t = small_site("serve-browser")
        .file("themes/default/static/style.css", &css)
        .file(
            "content/01-guide/01-first.md",
            &format!("+++\ntitle = \"First\"\n+++\n\n{long}"),
        );
    let s = Serve::start(&t, &[]);
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&format!("{}guide/first/", s.url));
    let wait = Duration::from_secs(30);
    assert!(b.wait_for(
        "window.playbookLiveReload && document.body.innerText.includes('Paragraph 80')",
        wait
    ));
    // Where paragraph 40 is on screen: what the reader sees must not move.
    let top = "Math.round([...document.querySelectorAll('main p')].find(p => p.textContent.startsWith('Paragraph 40 ')).getBoundingClientRect().top)";
    b.eval("window.scrollTo(0, 1200); window.sameDocument = true");
    let before = b.eval(top).as_i64().unwrap();

    // A save shows up without touching the browser: swapped in place, the view kept.
    t.write(
        "content/01-guide/01-first.md",
        &format!("+++\ntitle = \"First\"\n+++\n\nA live edit.\n\n{long}"),
    );
    assert!(
        b.wait_for("document.body.innerText.includes('A live edit.')", wait),
        "the edit did not reach the page"
    );
    assert_eq!(
        b.eval("window.sameDocument === true && window.playbookLiveReload.updates"),
        serde_json::json!(1),
        "updated in place"
    );
    let after = b.eval(top).as_i64().unwrap();
    assert!(
        (after - before).abs() <= 2,
        "the view moved from {before} to {after}"
    );

    // A change that cannot be swapped in place (an interactive element) reloads the page and
    // scrolls back to where the reader was.
    let y = b.eval("Math.round(window.scrollY)").as_i64().unwrap();
    t.write(
        "content/01-guide/01-first.md",
        &format!("+++\ntitle = \"First\"\n+++\n\nA live edit.\n\n{long}<details><summary>More</summary>Hidden.</details>\n"),
    );
    assert!(
        b.wait_for(
            "!!document.querySelector('main details') && document.readyState === 'complete'",
            wait
        ),
        "the reload did not happen"
    );
    assert_eq!(
        b.eval("window.sameDocument === undefined"),
        serde_json::json!(true),
        "reloaded"
    );
    assert!(
        b.wait_for(&format!("Math.abs(window.scrollY - {y}) < 3"), wait),
        "scroll position lost: {} instead of {y}",
        b.eval("window.scrollY")
    );

    // Another chapter's edit does not reload this page.
    b.eval("window.sameDocument = true");
    let g = b
        .eval("window.playbookLiveReload.generation")
        .as_u64()
        .unwrap();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nOther page edited.\n",
    );
    assert!(b.wait_for(
        &format!("window.playbookLiveReload.generation !== {g}"),
        wait
    ));
    assert_eq!(
        b.eval("window.sameDocument === true"),
        serde_json::json!(true),
        "an unrelated edit reloaded the page"
    );

    // A stylesheet change is swapped in place.
    t.write(
        "themes/default/static/style.css",
        &format!("{css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    );
    assert!(
        b.wait_for(
            "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
            wait
        ),
        "the new stylesheet was not applied"
    );
    assert_eq!(
        b.eval("window.sameDocument === true"),
        serde_json::json!(true),
        "a CSS change reloaded the page"
    );

    // Invalid front matter: an overlay names the file and line; the page keeps its content.
    t.write(
        "content/01-guide/01-first.md",
        "+++\ntitle = \"First\"\ndraft = maybe\n+++\n\nBroken.\n",
    );
    assert!(
        b.wait_for("!!document.getElementById('playbook-build-error')", wait),
        "no error overlay"
    );
    let overlay = b
        .eval("document.getElementById('playbook-build-error').innerText")
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        overlay.contains("content/01-guide/01-first.md:3"),
        "{overlay}"
    );
    assert!(
        b.eval("document.body.innerText.includes('A live edit.')")
            .as_bool()
            .unwrap(),
        "the last good content stays"
    );

    // Fixing it removes the overlay and shows the fix.
    t.write(
        "content/01-guide/01-first.md",
        "+++\ntitle = \"First\"\n+++\n\nRecovered.\n",
    );
    assert!(b.wait_for("document.body.innerText.includes('Recovered.') && !document.getElementById('playbook-build-error')", wait), "the page did not recover");
}

#[test]
fn anchors_into_pages_the_rebuild_did_not_render_are_checked() {
    let t = small_site("serve-anchors").file(
        "content/01-guide/01-first.md",
        "+++\ntitle = \"First\"\n+++\n\n## Details\n\nThe first chapter.\n",
    );
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    // No link pointed into the first page before: its ids are read from what is on disk.
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nSee [first](01-first.md#detials).\n",
    );
    let v = s.next_build(g);
    let error = v["error"].to_string();
    assert!(
        error.contains("#detials") && error.contains("did you mean `#details`?"),
        "{v}"
    );
    let g = v["generation"].as_u64().unwrap();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nSee [first](01-first.md#details).\n",
    );
    let v = s.next_build(g);
    assert_eq!(v["error"], serde_json::Value::Null, "{v}");
    let changed = v["changed"].to_string();
    assert!(
        !changed.contains("\"guide/first/index.html\""),
        "the first page was not rendered again: {changed}"
    );
}

#[test]
fn an_open_page_searches_the_rebuilt_index() {
    let t = small_site("serve-search");
    let s = Serve::start(&t, &[]);
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&format!("{}guide/first/", s.url));
    let wait = Duration::from_secs(30);
    assert!(b.wait_for(
        "window.playbookLiveReload && !!document.getElementById('search-input')",
        wait
    ));
    b.eval("document.getElementById('search-input').focus()");
    // A first search reads the index into the page.
    let hits = crate::search::header_results(&mut b, "chapter");
    assert!(!hits.is_empty(), "the index answers");

    let g = s.generation();
    t.write(
        "content/01-guide/02-second.md",
        "+++\ntitle = \"Second\"\n+++\n\nThe second chapter, now about zanzibarian tides.\n",
    );
    let done = s.next_build(g)["generation"].as_u64().unwrap();
    assert!(
        b.wait_for(
            &format!("window.playbookLiveReload.generation === {done}"),
            wait
        ),
        "the page followed the build"
    );
    b.eval("document.getElementById('search-input').focus()");
    let hits = crate::search::header_results(&mut b, "zanzibarian");
    assert!(
        hits.iter().any(|h| h["href"]
            .as_str()
            .is_some_and(|u| u.contains("guide/second/"))),
        "the new word is found in the rebuilt index: {hits:?}"
    );
}

#[test]
fn a_missing_content_folder_is_an_error_and_the_last_good_site_stays() {
    let t = small_site("serve-no-content");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    std::fs::rename(t.path().join("content"), t.path().join("content-away")).unwrap();
    let v = s.next_build(g);
    let error = v["error"].to_string();
    assert!(error.contains("content folder"), "{v}");
    let page = s.get(&format!(
        "{}guide/first/",
        s.url.trim_start_matches(&format!("http://{}", s.addr))
    ));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The first chapter."),
        "the last good site is served"
    );
    let g = v["generation"].as_u64().unwrap();
    std::fs::rename(t.path().join("content-away"), t.path().join("content")).unwrap();
    let v = s.next_build(g);
    assert_eq!(v["error"], serde_json::Value::Null, "{v}");
}
