//! Accessibility and correctness of the built shipped playbook: the Nu HTML Checker (vnu,
//! from the `vnu-jar` npm package, run with Java) finds no error on any page; axe-core finds
//! no serious or critical violation in light or dark mode; no page scrolls sideways at 360 px;
//! the keyboard alone works the navigation and the checklists. The tools come from
//! `tests/a11y/` (`npm ci --prefix tests/a11y`, which `.ci/run` does).
use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A file installed by `npm ci --prefix tests/a11y`. Missing tools fail the test with the
/// command that installs them, unless `PLAYBOOK_SKIP_A11Y=1` is set by hand (never in CI).
pub(crate) fn tool(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/a11y/node_modules")
        .join(rel);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("PLAYBOOK_SKIP_A11Y").as_deref() == Ok("1") && std::env::var("CI").is_err() {
        eprintln!(
            "skipping accessibility test: {} missing and PLAYBOOK_SKIP_A11Y=1",
            path.display()
        );
        return None;
    }
    panic!(
        "accessibility tests need {}: run `npm ci --prefix tests/a11y` (and install Java for vnu); set PLAYBOOK_SKIP_A11Y=1 to skip locally",
        path.display()
    );
}

/// The shipped playbook, built.
fn shipped() -> SiteTest {
    let t = SiteTest::shipped();
    t.build();
    t
}

/// Every HTML page of the output.
fn pages(t: &SiteTest) -> Vec<String> {
    t.output_files()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let Some(vnu) = tool("vnu-jar/build/dist/vnu.jar") else {
        return;
    };
    let t = shipped();
    let fixture = SiteTest::from_fixture("print");
    fixture.build();
    // Nested sections, folders without an index file, a demoted README.
    let handbook = SiteTest::from_fixture("handbook");
    handbook.build();
    let run = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--skip-non-html"])
        .arg(t.path().join("public"))
        .arg(fixture.path().join("public"))
        .arg(handbook.path().join("public"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run java ({e}): install a Java runtime (apt-get install default-jre-headless)"));
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

/// Runs axe-core on the loaded page (only `rules`, when given); returns its serious and
/// critical violations.
pub(crate) fn axe_violations(b: &mut Browser, rules: &[&str]) -> Vec<String> {
    let options = if rules.is_empty() {
        json!({"resultTypes": ["violations"]})
    } else {
        json!({"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}})
    };
    let result = b.eval(&format!("axe.run(document, {options}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({{ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }}))))"));
    let list: Vec<Value> =
        serde_json::from_str(result.as_str().unwrap_or("[]")).expect("axe result");
    list.iter()
        .map(|v| format!("{} ({}): {}", v["id"], v["help"], v["nodes"]))
        .collect()
}

/// The axe rules whose outcome depends on colours, which is all that dark mode changes.
const COLOUR_RULES: [&str; 2] = ["color-contrast", "link-in-text-block"];

#[test]
fn every_page_passes_axe_in_light_and_dark_mode() {
    let Some(axe) = tool("axe-core/axe.min.js") else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    let t = shipped();
    // Plus a chapter with what the shipped ones lack: an image, footnotes, a long code line.
    let fixture = SiteTest::from_fixture("print");
    fixture.build();
    let mut urls: Vec<(String, String)> = pages(&t)
        .into_iter()
        .map(|p| (file_url(&t.path().join("public").join(&p)), p))
        .collect();
    urls.push((
        file_url(&fixture.path().join("public/basics/first/index.html")),
        "(fixture) basics/first/index.html".into(),
    ));
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let mut problems = Vec::new();
    let scheme = |b: &mut Browser, value: &str| {
        b.send(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": value}]}),
        );
    };
    for (url, page) in &urls {
        scheme(&mut b, "light");
        b.goto(url);
        assert!(
            b.wait_for("typeof axe === 'object'", Duration::from_secs(10)),
            "axe-core did not load on {page}"
        );
        for v in axe_violations(&mut b, &[]) {
            problems.push(format!("{page} [light]: {v}"));
        }
        scheme(&mut b, "dark");
        assert!(
            b.wait_for(
                "getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'",
                Duration::from_secs(5)
            ),
            "dark mode on {page}"
        );
        for v in axe_violations(&mut b, &COLOUR_RULES) {
            problems.push(format!("{page} [dark]: {v}"));
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The navigation tree with every section open and every one closed, on a wide screen and in
/// the phone drawer; and a big site's tree, built by `site.js` from `nav-tree.js`.
#[test]
fn the_navigation_tree_passes_axe_open_and_closed() {
    let Some(axe) = tool("axe-core/axe.min.js") else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    let handbook = SiteTest::from_fixture("handbook");
    handbook.build();
    let mut big = SiteTest::new("a11y-big-tree");
    for p in 0..25 {
        for c in 0..10 {
            big = big.file(
                &format!("content/p{p}/s/c{c}.md"),
                &format!("# Page {p}.{c}\n\nText.\n"),
            );
        }
    }
    big.build();
    assert!(big.exists("static/nav-tree.js"));
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let pages = [
        handbook
            .path()
            .join("public/engineering/hiring/interviews/onsite/agenda/index.html"),
        handbook.path().join("public/index.html"),
        handbook.path().join("public/company/history/index.html"),
        big.path().join("public/p3/s/c4/index.html"),
    ];
    let mut problems = Vec::new();
    for phone in [false, true] {
        if phone {
            b.send(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
            );
        }
        for page in &pages {
            b.goto(&file_url(page));
            assert!(b.wait_for(
                "typeof axe === 'object' && !document.querySelector('.nav-list[data-partial]')",
                Duration::from_secs(10)
            ));
            if phone {
                b.eval("document.querySelector('.nav-toggle').click(), true");
            }
            for (state, open) in [("closed", false), ("open", true)] {
                // Opening a section of a big site builds its pages, subsections among them:
                // open until none is left closed.
                b.eval(&format!("(async () => {{ for (let i = 0; i < 20; i++) {{ document.querySelectorAll('#sidebar details').forEach(d => d.open = {open}); await new Promise(r => setTimeout(r, 30)); }} return true; }})()"));
                assert!(b.wait_for(&format!("[...document.querySelectorAll('#sidebar details')].every(d => d.open === {open})"), Duration::from_secs(5)));
                let width = if phone { "phone" } else { "desktop" };
                for v in axe_violations(&mut b, &[]) {
                    problems.push(format!(
                        "{} [{width}, sections {state}]: {v}",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_page_scrolls_sideways_at_360_px() {
    let t = shipped();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
    );
    let mut wide = Vec::new();
    for page in pages(&t) {
        b.goto(&file_url(&t.path().join("public").join(&page)));
        let width = b
            .eval("document.documentElement.scrollWidth")
            .as_u64()
            .unwrap_or(0);
        if width > 360 {
            let culprit = b.eval("(() => { const w = document.documentElement.clientWidth; const e = Array.from(document.querySelectorAll('body *')).find(e => e.getBoundingClientRect().right > w + 1); return e ? e.outerHTML.slice(0, 160) : ''; })()");
            wide.push(format!("{page}: {width}px wide, e.g. {culprit}"));
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than a 360 px screen:\n{}",
        wide.join("\n")
    );
}

/// Presses a key that activates things (Enter, Space, Escape) in the focused element.
pub(crate) fn press(b: &mut Browser, key: &str) {
    let (code, key_code, text) = match key {
        "Enter" => ("Enter", 13, "\r"),
        "Escape" => ("Escape", 27, ""),
        "Tab" => ("Tab", 9, ""),
        _ => panic!("unknown key {key}"),
    };
    for kind in ["keyDown", "keyUp"] {
        let text = if kind == "keyDown" { text } else { "" };
        b.send("Input.dispatchKeyEvent", json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code, "text": text}));
    }
}

/// Tabs until the focused element matches `selector`; fails after `limit` presses.
pub(crate) fn tab_to(b: &mut Browser, selector: &str, limit: usize) {
    for _ in 0..limit {
        press(b, "Tab");
        if b.eval(&format!("document.activeElement.matches({selector:?})")) == true {
            let outline = b.eval("getComputedStyle(document.activeElement).outlineStyle");
            assert_ne!(outline, "none", "focus on {selector} is visible");
            return;
        }
    }
    panic!(
        "{limit} presses of Tab did not reach {selector}; at {}",
        b.eval("document.activeElement.outerHTML.slice(0, 120)")
    );
}

#[test]
fn keyboard_alone_works_the_navigation_and_checklists() {
    let t = shipped();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let home = file_url(&t.path().join("public/index.html"));
    b.goto(&home);
    tab_to(&mut b, ".skip-link", 1);
    assert!(
        b.eval("document.activeElement.getBoundingClientRect().top >= 0")
            .as_bool()
            .unwrap_or(false),
        "the skip link shows when focused"
    );
    press(&mut b, "Enter");
    assert!(
        b.wait_for(
            "document.activeElement.id === 'main'",
            Duration::from_secs(5)
        ),
        "the skip link moves focus to the content"
    );
    b.goto(&home);
    tab_to(&mut b, "#sidebar a[href$='the-leap/index.html']", 12);
    press(&mut b, "Enter");
    assert!(
        b.wait_for(
            "location.href.endsWith('the-leap/index.html') && document.readyState === 'complete'",
            Duration::from_secs(10)
        ),
        "Enter follows a navigation link"
    );

    // On a phone the navigation is a drawer behind the menu button.
    b.send(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
    );
    b.goto(&file_url(
        &t.path().join("public/checklists/first-90-days/index.html"),
    ));
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('#sidebar')).display"),
        "none",
        "drawer closed"
    );
    tab_to(&mut b, ".nav-toggle", 3);
    press(&mut b, "Enter");
    assert_eq!(
        b.eval("document.querySelector('.nav-toggle').getAttribute('aria-expanded')"),
        "true"
    );
    assert_ne!(
        b.eval("getComputedStyle(document.querySelector('#sidebar')).display"),
        "none",
        "Enter opens the drawer"
    );
    assert_eq!(
        b.eval("document.activeElement.closest('#sidebar') !== null"),
        true,
        "focus moves into the drawer"
    );
    tab_to(&mut b, "#sidebar li + li a", 3);
    press(&mut b, "Escape");
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('#sidebar')).display"),
        "none",
        "Escape closes the drawer"
    );
    assert_eq!(
        b.eval("document.activeElement.classList.contains('nav-toggle')"),
        true,
        "focus returns to the menu button"
    );

    tab_to(&mut b, ".checklist-reset", 20);
    // A dated plan's start form (a date field of three parts and its button) comes first.
    tab_to(&mut b, "input[data-item]", 8);
    b.key(" ", "Space", 32, 0);
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent.startsWith('1 of')",
            Duration::from_secs(5)
        ),
        "Space ticks the focused item"
    );
}
/// Search in each of its states, on a phone and a desktop, in light and dark mode: the
/// dropdown open with results, with an option active, and with "Did you mean"; the results
/// page with results and with a suggestion. The combobox pattern is checked as well as axe's
/// rules: the listbox holds options only, has a name, and is what the box controls.
#[test]
fn search_passes_axe_in_every_state() {
    let Some(axe) = tool("axe-core/axe.min.js") else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    let t = shipped();
    let public = t.path().join("public");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let combobox = "(() => { const i = document.getElementById('search-input'), list = document.getElementById(i.getAttribute('aria-controls')); \
        return { role: i.getAttribute('role'), expanded: i.getAttribute('aria-expanded'), listRole: list && list.getAttribute('role'), name: list && list.getAttribute('aria-label'), \
        children: list ? [...list.children].map(c => c.getAttribute('role')).filter(r => r !== 'option') : ['no listbox'], \
        active: i.getAttribute('aria-activedescendant') ? !!list.querySelector('#' + i.getAttribute('aria-activedescendant')) : null, \
        allInside: !!list.querySelector('.search-all') }; })()";
    let mut problems = Vec::new();
    for (width, height) in [(390, 844), (1280, 800)] {
        for dark in [false, true] {
            b.screen(width, height, width < 600, dark);
            let mode = format!("{width}px, {}", if dark { "dark" } else { "light" });
            let mut check = |b: &mut Browser, state: &str| {
                for v in axe_violations(b, &[]) {
                    problems.push(format!("{state} [{mode}]: {v}"));
                }
            };
            b.goto(&file_url(
                &public.join("the-leap/a-different-job/index.html"),
            ));
            assert!(b.wait_for("typeof axe === 'object'", Duration::from_secs(10)));
            b.eval("document.getElementById('search-input').focus()");
            crate::search::header_results(&mut b, "roadmap");
            let aria = b.eval(combobox);
            assert_eq!(
                (&aria["role"], &aria["expanded"], &aria["listRole"]),
                (&json!("combobox"), &json!("true"), &json!("listbox")),
                "{aria}"
            );
            assert!(
                aria["name"].as_str().is_some_and(|n| !n.is_empty())
                    && aria["children"] == json!([])
                    && aria["allInside"] == false,
                "{aria}"
            );
            check(&mut b, "dropdown open");
            b.key("ArrowDown", "ArrowDown", 40, 0);
            b.key("ArrowDown", "ArrowDown", 40, 0);
            assert_eq!(b.eval(combobox)["active"], true);
            check(&mut b, "dropdown, second option active");
            b.eval("document.getElementById('search-input').value = ''");
            b.type_text("tem ");
            assert!(
                b.wait_for(
                    "/Did you mean/.test(document.getElementById('search-note').textContent)",
                    Duration::from_secs(10)
                ),
                "{}",
                b.eval("document.getElementById('search-popup').textContent")
            );
            check(&mut b, "dropdown, did you mean");
            b.key("Escape", "Escape", 27, 0);
            assert_eq!(b.eval(combobox)["expanded"], "false");
            for (query, state) in [
                ("roadmap", "results page"),
                ("tem", "results page, did you mean"),
            ] {
                b.goto(&format!(
                    "{}?q={query}",
                    file_url(&public.join("search/index.html"))
                ));
                assert!(
                    b.wait_for(
                        "typeof axe === 'object' && /results|Did you mean/.test(document.querySelector('.search-page').textContent)",
                        Duration::from_secs(10)
                    ),
                    "{state}"
                );
                check(&mut b, state);
            }
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// axe in the states a reader brings about, in light and dark mode: a checklist half ticked,
/// the phone menu open, "On this page" open on a phone, and each colour theme chosen with
/// the button.
#[test]
fn interactive_states_pass_axe_in_light_and_dark_mode() {
    let Some(axe) = tool("axe-core/axe.min.js") else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    let t = shipped();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let checklist = file_url(&t.path().join("public/checklists/first-90-days/index.html"));
    let chapter = file_url(
        &t.path()
            .join("public/templates/director-competency-rubric/index.html"),
    );
    let states: [(&str, &str, bool, &str); 4] = [
        (
            "checklist half ticked",
            &checklist,
            false,
            "(() => { const boxes = [...document.querySelectorAll('input[data-item]')]; boxes.slice(0, boxes.length / 2).forEach(b => b.click()); return document.querySelectorAll('input[data-item]:checked').length > 0; })()",
        ),
        (
            "phone menu open",
            &chapter,
            true,
            "(() => { document.querySelector('.nav-toggle').click(); return document.body.classList.contains('nav-open'); })()",
        ),
        (
            "'On this page' open on a phone",
            &chapter,
            true,
            "(() => { document.querySelector('.toc summary').click(); return document.querySelector('.toc details').open; })()",
        ),
        (
            "theme chosen with the button",
            &chapter,
            false,
            "(() => { document.querySelector('.theme-toggle').click(); return document.documentElement.hasAttribute('data-theme'); })()",
        ),
    ];
    let mut problems = Vec::new();
    for (state, url, phone, action) in states {
        for dark in [false, true] {
            let (w, h) = if phone { (390, 844) } else { (1280, 800) };
            b.screen(w, h, phone, dark);
            b.goto(url);
            b.eval("localStorage.clear(), true");
            b.reload();
            assert!(
                b.wait_for("typeof axe === 'object'", Duration::from_secs(10)),
                "axe-core did not load"
            );
            assert_eq!(b.eval(action), true, "{state}");
            let mode = if dark { "dark" } else { "light" };
            for v in axe_violations(&mut b, &[]) {
                problems.push(format!("{state} [{mode}]: {v}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The single-file playbook (`build --single-file`): valid HTML, and no serious axe violation
/// on the first page, on a chapter, and with search results open.
#[test]
fn the_single_file_passes_the_nu_html_checker_and_axe() {
    let (Some(vnu), Some(axe)) = (
        tool("vnu-jar/build/dist/vnu.jar"),
        tool("axe-core/axe.min.js"),
    ) else {
        return;
    };
    let t = SiteTest::shipped();
    let run = t.run(&["build", "--single-file", "playbook.html"]);
    assert!(run.success(), "{}", run.stderr);
    let file = t.path().join("playbook.html");
    let checked = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        // The theme's stylesheet is inlined here; the site's pages link it, and vnu checks
        // no linked CSS, so its CSS is judged no more strictly here than there.
        .args(["--errors-only", "--filterpattern", ".*CSS: .*"])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java ({e})"));
    let report = String::from_utf8_lossy(&checked.stderr);
    assert!(
        checked.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let url = file_url(&file);
    let mut problems = Vec::new();
    let chapter = {
        b.goto(&url);
        let href = b.eval("document.querySelectorAll('.sf-toc a')[3].getAttribute('href')");
        href.as_str().expect("a chapter").to_string()
    };
    let shown = format!("!document.getElementById('{}').hidden", &chapter[1..]);
    for (state, setup, ready) in [
        ("first page", String::new(), "true".to_string()),
        ("a chapter", format!("location.hash = '{chapter}'"), shown),
        ("search results", "var q = document.getElementById('sf-query'); q.value = 'the'; q.dispatchEvent(new Event('input'))".to_string(), "document.querySelectorAll('#sf-results a').length > 0".to_string()),
    ] {
        b.goto(&url);
        assert!(b.wait_for("typeof axe === 'object'", Duration::from_secs(10)));
        if !setup.is_empty() {
            b.eval(&format!("{setup}; true"));
        }
        assert!(b.wait_for(&ready, Duration::from_secs(10)), "{state}");
        problems.extend(axe_violations(&mut b, &[]).into_iter().map(|v| format!("{state}: {v}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
