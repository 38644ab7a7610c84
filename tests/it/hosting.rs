//! One `public/` that works everywhere without rebuilding: at a domain root, under a sub-path
//! (a GitHub Pages project site) and opened from disk (`file://`). Every link of the output
//! resolves to a file of the output, and headless Chromium follows links, loads assets and
//! ticks a checklist in all three places. (Search is tested with the search feature.)
use crate::browser::{Browser, file_url};
use crate::harness::StaticServer;
use crate::harness::{SiteTest, hrefs};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every relative `href`/`src` of every page of `public/` that does not resolve to a file of
/// the output, or whose `#fragment` names no id of its target; as `page: link` strings.
pub fn broken_links(t: &SiteTest) -> Vec<String> {
    let root = t.path().join("public");
    let mut broken = Vec::new();
    for page in t
        .output_files()
        .into_iter()
        .filter(|p| p.ends_with(".html") && p != "404.html")
    {
        let html = t.read(&page);
        let dir = Path::new(&page)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let srcs = html
            .split(" src=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_string);
        for link in hrefs(&html).into_iter().chain(srcs) {
            let external =
                link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:");
            if external {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                root.join(&page)
            } else {
                resolve(&root, &dir, path)
            };
            if path.starts_with('/') || !target.starts_with(&root) || !target.is_file() {
                broken.push(format!("{page}: {link}"));
            } else if !fragment.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                if !text.contains(&format!(" id=\"{fragment}\"")) {
                    broken.push(format!("{page}: {link} (no such id)"));
                }
            }
        }
    }
    broken
}

/// The file a relative link from a page in `dir` (under `root`) points to.
pub(crate) fn resolve(root: &Path, dir: &Path, path: &str) -> PathBuf {
    let path = percent_encoding::percent_decode_str(path.split('?').next().unwrap_or(path))
        .decode_utf8_lossy()
        .into_owned();
    let mut out = root.join(dir);
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    if out.is_dir() {
        out.join("index.html")
    } else {
        out
    }
}

#[test]
fn every_link_of_the_shipped_playbook_resolves() {
    let t = SiteTest::shipped();
    t.build();
    assert_eq!(broken_links(&t), Vec::<String>::new());
}

/// Clicks the link and waits for the page it points to, whose address must end with `expect`.
fn follow(b: &mut Browser, selector: &str, expect: &str) {
    let target = b.eval(&format!("(() => {{ const a = document.querySelector({selector:?}); if (!a) return null; const h = a.href; a.click(); return h; }})()"));
    let Some(target) = target.as_str().map(str::to_string) else {
        panic!("no {selector} on {}", b.eval("location.href"))
    };
    assert!(
        target.ends_with(expect),
        "{selector} points to {target}, not …{expect}"
    );
    let ok = b.wait_for(
        &format!("location.href === {target:?} && document.readyState === 'complete'"),
        Duration::from_secs(30),
    );
    assert!(
        ok,
        "clicking {selector} did not open {target}: at {}",
        b.eval("location.href")
    );
}

/// Walks the site from the home page at `start`: assets load, links lead where they should,
/// a checklist box ticks.
fn walk_site(b: &mut Browser, start: &str) {
    b.goto(start);
    let styled = "getComputedStyle(document.querySelector('.site-header')).position === 'sticky'";
    assert!(
        b.wait_for(styled, Duration::from_secs(5)),
        "style.css loaded at {start}"
    );
    follow(b, ".contents-part h3 a", "basics/index.html");
    assert_eq!(
        b.eval("document.querySelector('main h1').textContent"),
        "Basics"
    );
    follow(b, ".chapter-list a", "basics/first/index.html");
    assert!(b.wait_for("document.querySelector('.prose img').complete && document.querySelector('.prose img').naturalWidth === 1", Duration::from_secs(5)), "image copied next to the chapter loads");
    assert!(b.eval("getComputedStyle(document.querySelector('pre.code .hl-string') || document.body).color !== getComputedStyle(document.body).color").as_bool().unwrap_or(false), "highlight.css loaded");
    follow(b, ".pager-next", "basics/second/index.html");
    follow(
        b,
        ".checklist-embedded .checklist-title a",
        "checklists/kickoff/index.html",
    );
    assert!(
        b.wait_for(
            "!document.querySelector('.checklist-progress').hidden",
            Duration::from_secs(5)
        ),
        "site.js ran"
    );
    b.eval("document.querySelector('input[data-item=agenda]').click(); true");
    assert_eq!(
        b.eval("document.querySelector('.checklist-count').textContent"),
        "1 of 2 done"
    );
    follow(b, ".nav-home a", "index.html");
    follow(b, ".print-link a", "print/index.html");
    assert!(
        b.wait_for(
            "document.querySelector('#cl-kickoff--agenda--cb').checked",
            Duration::from_secs(5)
        ),
        "the print page shows the tick"
    );
    follow(b, ".site-title", "index.html");
}

#[test]
fn the_same_output_works_at_a_root_under_a_sub_path_and_from_disk() {
    let t = SiteTest::from_fixture("print");
    t.build();
    let public = t.path().join("public");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    walk_site(&mut b, &file_url(&public.join("index.html")));
    let root = StaticServer::start(public.clone(), "/");
    walk_site(&mut b, &format!("{}index.html", root.base));
    let sub = StaticServer::start(public.clone(), "/team-playbook/");
    walk_site(&mut b, &sub.base);
    assert_eq!(
        b.eval("location.pathname"),
        "/team-playbook/index.html",
        "links stayed under the sub-path"
    );
}

#[test]
fn not_found_page_loads_its_assets_under_the_base_url_path() {
    let t = SiteTest::from_fixture("print");
    let run = t.run(&["build", "--base-url", "https://example.org/team-playbook/"]);
    assert!(run.success(), "{}", run.stderr);
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let sub = StaticServer::start(t.path().join("public"), "/team-playbook/");
    b.goto(&format!("{}no/such/page/", sub.base));
    assert_eq!(
        b.eval("document.querySelector('main h1').textContent"),
        "Page not found"
    );
    assert!(
        b.wait_for(
            "getComputedStyle(document.querySelector('.site-header')).position === 'sticky'",
            Duration::from_secs(5)
        ),
        "style.css loaded from a deep missing URL"
    );
    follow(&mut b, "main a", "/team-playbook/index.html");
}
