//! Issue 18: checklists written in Markdown, page task lists, worksheets, dated plans, progress
//! that travels and what changed since the last visit. Browser tests run from `file://` and
//! over HTTP under a sub-path, with the clock injected (`window.playbookToday`).
use crate::browser::{Browser, file_url};
use crate::harness::{SiteTest, StaticServer};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

const TWIN_TOML: &str = r#"title = "Twin"
description = "Both forms give the same page."

[[sections]]
title = "First week"
due = "week 1"

[[sections.items]]
id = "alpha"
text = "Do *alpha* before anything"
detail = "Why: `code` and **bold**."

[[sections.items]]
text = "An item without an id"
due = "day 3"

[[sections]]
title = "Questions"

[[sections.items]]
id = "outcomes"
text = "Which three outcomes matter at day 90?"
answer = { lines = 2 }
"#;

const TWIN_MD: &str = "# Twin {#twin-md}

Both forms give the same page.

## First week {due=week 1}

- [ ] Do *alpha* before anything {#alpha}
  Why: `code` and **bold**.
- [ ] An item without an id {due=day 3}

## Questions

- [?] Which three outcomes matter at day 90? {#outcomes lines=2}
";

const PLAN: &str = "# Ninety days {#plan}

Start it on your first day.

## Week 1 {due=week 1}

- [ ] Meet every PM {#meet}
- [ ] Read the roadmap {#read due=day 3}

## Weeks 2-4 {due=weeks 2-4}

- [?] Which three outcomes matter at day 90? {#outcomes lines=4}
- [ ] Share back what you heard {#share due=day 12}
- [ ] Agree the outcomes in writing {#agree due=day 30}

## Later

- [ ] An undated item {#undated}
";

const CHAPTER: &str = "# Getting started\n\nBefore the first meeting:\n\n- [ ] Call the team {#call}\n- [ ] Read the notes\n\nThe end.\n";

fn site() -> SiteTest {
    let t = SiteTest::new("plans")
        .file("site.toml", "title = \"Plans\"\n")
        .file("content/_index.md", "# Plans\n\nA test playbook.\n")
        .file("content/01-start.md", CHAPTER)
        .file("content/checklists/twin.toml", TWIN_TOML)
        .file("content/checklists/twin-md.md", TWIN_MD)
        .file("content/checklists/plan.md", PLAN)
        .file(
            "content/team/twin-page.md",
            &format!(
                "+++\nchecklist = true\n+++\n\n{}",
                TWIN_MD.replace("{#twin-md}", "{#twin-page}")
            ),
        );
    t.build();
    t
}

/// The items of a checklist page: its sections, without the element that names the checklist.
fn items_html(t: &SiteTest, page: &str) -> String {
    let html = t.main_html(page);
    let start = html
        .find("<div class=\"checklist-section\"")
        .expect("a section");
    let end = html[start..]
        .find("</section>")
        .expect("end of the checklist")
        + start;
    html[start..end].to_string()
}

#[test]
fn a_markdown_checklist_and_its_toml_twin_render_the_same_items() {
    let t = site();
    let toml = items_html(&t, "checklists/twin/index.html");
    let md = items_html(&t, "checklists/twin-md/index.html");
    assert_eq!(toml, md);
    // Any page with `checklist = true` in its front matter is one too.
    let page = items_html(&t, "checklists/twin-page/index.html");
    assert_eq!(toml, page);
    // And the items are what both files say.
    for want in [
        "id=\"alpha\"",
        "<em>alpha</em>",
        "<code>code</code>",
        "id=\"an-item-without-an-id\"",
        "<span class=\"item-due\">Day 3</span>",
        "<span class=\"item-due\">Week 1</span>",
        "<textarea id=\"outcomes--answer\" data-answer=\"outcomes\" rows=\"2\">",
    ] {
        assert!(toml.contains(want), "{want}: {toml}");
    }
    let checklists = t.read("checklists.json");
    let json: Value = serde_json::from_str(&checklists).expect("checklists.json");
    let by_id = |id: &str| {
        json["checklists"]
            .as_array()
            .expect("checklists")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["sections"].clone())
            .expect(id)
    };
    let strip = |v: Value| v.to_string().replace("twin-md/", "twin/");
    assert_eq!(
        strip(by_id("twin")),
        strip(by_id("twin-md")),
        "exports agree"
    );
}

#[test]
fn check_reports_bad_due_offsets_and_worksheet_attributes_at_their_lines() {
    let t = SiteTest::new("plans-check")
        .file("site.toml", "title = \"Plans\"\n")
        .file("content/_index.md", "# Plans\n")
        .file(
            "content/checklists/bad.md",
            "# Bad\n\n## One {due=wek 2}\n\n- [ ] Fine\n- [?] Question {lines=many}\n- [ ] Not a question {lines=3}\n- [ ] Late {due=days 60-31}\n",
        )
        .file(
            "content/checklists/worse.toml",
            "title = \"Worse\"\n\n[[sections]]\ntitle = \"S\"\n\n[[sections.items]]\ntext = \"x\"\ndue = \"day 0\"\n\n[[sections.items]]\ntext = \"y\"\nanswer = { lines = 99 }\n",
        );
    let run = t.run(&["check"]);
    assert!(!run.success(), "check fails");
    for (at, says) in [
        ("content/checklists/bad.md:3:", "unknown unit `wek`"),
        (
            "content/checklists/bad.md:6:",
            "`lines=many` is not a number of lines",
        ),
        (
            "content/checklists/bad.md:7:",
            "`lines=` belongs to a worksheet question",
        ),
        ("content/checklists/bad.md:8:", "ends before it starts"),
        ("content/checklists/worse.toml:8:", "counts from 0"),
        ("content/checklists/worse.toml:12:", "taller than a page"),
    ] {
        let d = run
            .stderr
            .split("\n\n")
            .find(|b| {
                b.lines()
                    .any(|l| l.trim_start().starts_with(&format!("--> {at}")))
            })
            .unwrap_or_else(|| panic!("no diagnostic at {at}:\n{}", run.stderr));
        assert!(d.contains(says), "{at} {says}:\n{d}\n--\n{}", run.stderr);
    }
}

/// The two places a built site is opened: from disk, and over HTTP under a sub-path.
fn places(t: &SiteTest) -> (StaticServer, Vec<String>) {
    let server = StaticServer::start(t.path().join("public"), "/team/playbook/");
    let disk = file_url(&t.path().join("public")) + "/";
    let urls = vec![disk, server.base.clone()];
    (server, urls)
}

fn launch_at(today: &str) -> Option<Browser> {
    let mut b = Browser::launch()?;
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": format!("window.playbookToday = '{today}';") }),
    );
    Some(b)
}

#[test]
fn inline_task_lists_and_worksheet_answers_survive_a_reload() {
    let t = site();
    let (_server, urls) = places(&t);
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    for root in &urls {
        open_afresh(&mut b, &format!("{root}start/index.html"));
        assert_eq!(
            b.eval(
                "document.querySelectorAll('ul.task-list input[data-item]:not([disabled])').length"
            ),
            2,
            "{root}: the chapter's task list is a checklist"
        );
        b.eval("document.querySelector('label[for=\"call--cb\"]').click(); true");
        b.reload();
        assert!(
            b.wait_for("document.querySelector('#call--cb').checked", WAIT),
            "{root}: the tick survives a reload"
        );
        assert_eq!(
            b.eval("document.querySelector('#read-the-notes--cb').checked"),
            false
        );

        b.goto(&format!("{root}checklists/plan/index.html"));
        assert!(b.wait_for("!!window.playbookStore", WAIT));
        b.eval("const a = document.querySelector('#outcomes--answer'); a.value = 'Ship the launch process\\nHire two PMs'; a.dispatchEvent(new Event('change', {bubbles: true})); true");
        b.reload();
        assert!(
            b.wait_for(
                "document.querySelector('#outcomes--answer').value === 'Ship the launch process\\nHire two PMs'",
                WAIT
            ),
            "{root}: the answer survives a reload"
        );
        assert_eq!(
            b.eval("document.querySelector('.checklist-count').textContent"),
            "1 of 6 done",
            "an answer counts in progress"
        );
    }
    // Printed filled in, then blank with ruled lines only.
    let filled = crate::browser::pdf_text(&b.pdf());
    assert!(filled.contains("Ship the launch process"), "{filled}");
    b.eval("window.print = () => {}; document.querySelector('.print-blank-button').click(); true");
    assert_eq!(
        b.eval("document.body.classList.contains('print-blank')"),
        true
    );
    let blank = crate::browser::pdf_text(&b.pdf());
    assert!(!blank.contains("Ship the launch process"), "{blank}");
    assert!(
        blank.contains("Which three outcomes matter at day 90?"),
        "{blank}"
    );
    assert_eq!(
        b.eval("document.querySelectorAll('#outcomes .answer-rule').length"),
        4,
        "four ruled lines"
    );
}

/// Opens `url` with nothing stored for the site: a reader's first visit.
fn open_afresh(b: &mut Browser, url: &str) {
    b.goto(url);
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    b.eval("localStorage.clear(); true");
    b.reload();
    assert!(b.wait_for("!!window.playbookStore", WAIT));
}

/// Starts the plan on `date` through its form.
fn start_plan(b: &mut Browser, date: &str) {
    assert!(b.wait_for("!document.querySelector('.plan-bar').hidden", WAIT));
    b.eval(&format!("document.querySelector('.plan-date').value = '{date}'; document.querySelector('.plan-start button[type=submit]').click(); true"));
    assert!(b.wait_for("!document.querySelector('.plan-status').hidden", WAIT));
}

#[test]
fn a_started_plan_shows_dates_due_this_week_overdue_and_exports_a_calendar() {
    let t = site();
    let (_server, urls) = places(&t);
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    for root in &urls {
        open_afresh(&mut b, &format!("{root}checklists/plan/index.html"));
        start_plan(&mut b, "2026-03-02");
        let dates = b.eval("JSON.stringify([...document.querySelectorAll('li[data-due]')].map(li => [li.id, li.querySelector('time').getAttribute('datetime'), li.className.includes('is-overdue') ? 'overdue' : li.className.includes('is-due-soon') ? 'soon' : '']))");
        let dates: Vec<(String, String, String)> =
            serde_json::from_str(dates.as_str().expect("json")).expect("dates");
        let want = [
            ("meet", "2026-03-08", "overdue"),
            ("read", "2026-03-04", "overdue"),
            ("outcomes", "2026-03-29", ""),
            ("share", "2026-03-13", "soon"),
            ("agree", "2026-03-31", ""),
        ];
        let got: Vec<(&str, &str, &str)> = dates
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        assert_eq!(got, want, "{root}");
        let summary = b.eval("document.querySelector('.plan-summary').textContent");
        let summary = summary.as_str().unwrap_or_default();
        assert!(
            summary.contains("today is day 9")
                && summary.contains("1 due this week")
                && summary.contains("2 overdue"),
            "{summary}"
        );
        // Printed with real dates.
        let printed = crate::browser::pdf_text(&b.pdf());
        let date = b.eval("document.querySelector('#share time').textContent");
        let date = date.as_str().expect("a date");
        assert!(printed.contains(date), "{date} in:\n{printed}");
        b.eval("window.playbookStore.download = (name, type, text) => { window.saved = [name, type, text]; }; document.querySelector('.plan-ics').click(); true");
        let ics = b.eval("window.saved[2]");
        let ics = ics.as_str().expect("an .ics file");
        assert!(ics.contains("\r\n"), "CRLF line endings");
        use icalendar::Component as _;
        let cal: icalendar::Calendar = ics.parse().expect("RFC 5545");
        let mut events: Vec<(String, String)> = cal
            .events()
            .map(|e| {
                let start = match e.get_start() {
                    Some(icalendar::DatePerhapsTime::Date(d)) => d.to_string(),
                    other => panic!("an all-day event, not {other:?}"),
                };
                (start, e.get_summary().unwrap_or_default().to_string())
            })
            .collect();
        events.sort();
        assert_eq!(
            events,
            [
                ("2026-03-04", "Read the roadmap"),
                ("2026-03-08", "Meet every PM"),
                ("2026-03-13", "Share back what you heard"),
                ("2026-03-29", "Which three outcomes matter at day 90?"),
                ("2026-03-31", "Agree the outcomes in writing"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string())),
            "one event per dated item"
        );
        // "This week" across started plans, on My progress.
        b.goto(&format!("{root}progress/index.html"));
        assert!(
            b.wait_for(
                "document.querySelectorAll('.this-week-list li').length === 3",
                WAIT
            ),
            "{}",
            b.eval("document.querySelector('.this-week').innerText")
        );
        let week = b.eval("document.querySelector('.this-week').innerText");
        assert!(
            week.as_str()
                .unwrap_or_default()
                .contains("Share back what you heard")
        );
    }
}

#[test]
fn export_clear_and_import_restore_everything() {
    let t = site();
    let (_server, urls) = places(&t);
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    for root in &urls {
        open_afresh(&mut b, &format!("{root}checklists/plan/index.html"));
        start_plan(&mut b, "2026-03-02");
        b.eval("document.querySelector('label[for=\"meet--cb\"]').click(); const a = document.querySelector('#outcomes--answer'); a.value = 'Three outcomes'; a.dispatchEvent(new Event('change', {bubbles: true})); true");
        b.goto(&format!("{root}start/index.html"));
        assert!(b.wait_for("!!window.playbookStore", WAIT));
        b.eval("document.querySelector('label[for=\"call--cb\"]').click(); true");

        b.goto(&format!("{root}progress/index.html"));
        assert!(b.wait_for("!!window.playbookProgress", WAIT));
        assert_eq!(
            b.eval("document.querySelector('tr[data-list=\"plan\"] .progress-done').textContent"),
            "2 of 6 done"
        );
        b.eval("window.playbookStore.download = (name, type, text) => { window.saved = text; }; document.querySelector('.progress-export').click(); true");
        let exported = b
            .eval("window.saved")
            .as_str()
            .expect("exported")
            .to_string();
        b.eval("localStorage.clear(); true");
        b.reload();
        assert!(b.wait_for("!!window.playbookProgress", WAIT));
        assert_eq!(
            b.eval("document.querySelector('tr[data-list=\"plan\"] .progress-done').textContent"),
            "0 of 6 done",
            "cleared"
        );
        b.eval(&format!("const dt = new DataTransfer(); dt.items.add(new File([{}], 'p.json', {{type: 'application/json'}})); const i = document.querySelector('.progress-import'); i.files = dt.files; i.dispatchEvent(new Event('change')); true", serde_json::to_string(&exported).expect("json")));
        assert!(
            b.wait_for("!document.querySelector('.import-preview').hidden", WAIT),
            "a preview"
        );
        let preview = b.eval("document.querySelector('.import-changes').innerText");
        let preview = preview.as_str().unwrap_or_default();
        assert!(
            preview.contains("Ninety days: 1 ticked, 1 answer, start date 2026-03-02")
                && preview.contains("Getting started: 1 ticked"),
            "{preview}"
        );
        b.eval("document.querySelector('.import-apply').click(); true");
        assert_eq!(
            b.eval("document.querySelector('tr[data-list=\"plan\"] .progress-done').textContent"),
            "2 of 6 done",
            "restored"
        );
        b.goto(&format!("{root}checklists/plan/index.html"));
        assert!(b.wait_for("document.querySelector('#meet--cb').checked && document.querySelector('#outcomes--answer').value === 'Three outcomes' && !document.querySelector('.plan-status').hidden", WAIT), "{root}: ticks, answers and the plan are back");
        b.goto(&format!("{root}start/index.html"));
        assert!(b.wait_for("document.querySelector('#call--cb').checked", WAIT));
    }
}

#[test]
fn a_changed_page_is_marked_after_a_rebuild_and_not_before() {
    let t = site();
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    let page = file_url(&t.path().join("public/start/index.html"));
    let badge = "document.querySelector('main h1 .change-badge')";
    open_afresh(&mut b, &page);
    assert_eq!(
        b.eval(&format!("{badge} === null")),
        true,
        "a first visit marks nothing"
    );
    b.reload();
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    assert_eq!(
        b.eval(&format!("{badge} === null")),
        true,
        "unchanged, not marked"
    );

    t.write(
        "content/01-start.md",
        &CHAPTER.replace("The end.", "The end, rewritten."),
    );
    t.build();
    let whats_new = file_url(&t.path().join("public/whats-new/index.html"));
    b.goto(&whats_new);
    assert!(b.wait_for("!document.querySelector('.since').hidden", WAIT));
    assert_eq!(
        b.eval("[...document.querySelectorAll('.since-list li a')].map(a => a.textContent).join()"),
        "Getting started",
        "What's new lists the changed page"
    );
    b.goto(&page);
    assert!(
        b.wait_for(
            &format!("{badge} && {badge}.textContent === 'Changed since your last visit'"),
            WAIT
        ),
        "marked after the rebuild"
    );
    b.reload();
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    assert_eq!(b.eval(&format!("{badge} === null")), true, "seen now");

    // A checklist's changed and new items are marked; the others are not.
    let plan = file_url(&t.path().join("public/checklists/plan/index.html"));
    b.goto(&plan);
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    let marked = "[...document.querySelectorAll('li .change-badge')].map(s => s.closest('li').id + ':' + s.textContent).join()";
    assert_eq!(b.eval(marked), "", "nothing marked on a first look");
    t.write(
        "content/checklists/plan.md",
        &PLAN
            .replace("Meet every PM", "Meet every PM and designer")
            .replace(
                "- [ ] An undated item",
                "- [ ] A new item {#fresh}\n- [ ] An undated item",
            ),
    );
    t.build();
    b.reload();
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    assert_eq!(b.eval(marked), "meet:changed,fresh:new");
}

#[test]
fn an_import_keeps_what_this_browser_changed_more_recently() {
    let t = site();
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    open_afresh(
        &mut b,
        &file_url(&t.path().join("public/progress/index.html")),
    );
    // This browser ticked `meet` after the file's untick; the file's `read` tick is new here.
    b.eval("const s = window.playbookStore; localStorage.setItem(s.key('checklist', 'plan'), JSON.stringify({meet: 1})); localStorage.setItem(s.key('changed', 'plan'), JSON.stringify({'tick:meet': 2000})); true");
    b.eval("window.playbookProgress.preview(JSON.stringify({format: 'playbook-progress', version: 1, lists: {plan: {ticks: {meet: 0, read: 1}, changed: {'tick:meet': 1000, 'tick:read': 1500}}, gone: {ticks: {x: 1}, changed: {'tick:x': 1}}}})); true");
    assert!(b.wait_for("!document.querySelector('.import-preview').hidden", WAIT));
    let preview = b.eval("document.querySelector('.import-changes').innerText");
    let preview = preview.as_str().unwrap_or_default();
    assert!(
        preview.contains("Ninety days: 1 ticked")
            && preview.contains("gone (not in this version of the playbook): 1 ticked")
            && preview.contains("1 item is newer in this browser and stays as it is"),
        "{preview}"
    );
    b.eval("document.querySelector('.import-apply').click(); true");
    assert_eq!(
        b.eval("JSON.stringify(window.playbookStore.ticks('plan'))"),
        "{\"meet\":1,\"read\":1}",
        "the newer tick kept, the new one added"
    );
    assert_eq!(
        b.eval("JSON.stringify(window.playbookStore.ticks('gone'))"),
        "{\"x\":1}",
        "a checklist this build lacks is kept, not dropped"
    );
    b.eval("document.querySelector('.progress-undo').click(); true");
    assert_eq!(
        b.eval("JSON.stringify([window.playbookStore.ticks('plan'), window.playbookStore.ticks('gone')])"),
        "[{\"meet\":1},{}]",
        "undo puts back what was there"
    );
}

#[test]
fn new_interactive_states_pass_axe() {
    let Some(axe) = crate::a11y::tool("axe-core/axe.min.js") else {
        return;
    };
    let source = std::fs::read_to_string(axe).expect("read axe.min.js");
    let t = site();
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    );
    let root = file_url(&t.path().join("public")) + "/";
    let mut problems = Vec::new();
    let mut check = |b: &mut Browser, state: &str| {
        for v in crate::a11y::axe_violations(b, &[]) {
            problems.push(format!("{state}: {v}"));
        }
    };
    open_afresh(&mut b, &format!("{root}checklists/plan/index.html"));
    check(&mut b, "plan, not started");
    start_plan(&mut b, "2026-03-02");
    b.eval("const a = document.querySelector('#outcomes--answer'); a.value = 'x'; a.dispatchEvent(new Event('change', {bubbles: true})); document.querySelector('.checklist-share').click(); true");
    check(&mut b, "plan started, answered, share box open");
    let link = b.eval("document.querySelector('.share-link').value");
    b.goto(link.as_str().expect("a share link"));
    b.reload();
    assert!(b.wait_for("!!document.querySelector('.shared-view')", WAIT));
    check(&mut b, "a shared view");
    b.goto(&format!("{root}start/index.html"));
    check(&mut b, "a chapter's task list");
    b.goto(&format!("{root}progress/index.html"));
    assert!(b.wait_for("!!window.playbookProgress", WAIT));
    b.eval("window.playbookProgress.preview(JSON.stringify({format: 'playbook-progress', version: 1, lists: {plan: {ticks: {agree: 1}, changed: {'tick:agree': Date.now()}}}})); true");
    assert!(b.wait_for("!document.querySelector('.import-preview').hidden", WAIT));
    check(&mut b, "progress with an import preview");
    b.goto(&format!("{root}whats-new/index.html"));
    check(&mut b, "what's new");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn storage_that_fails_is_said_on_the_page() {
    let t = site();
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    b.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };" }),
    );
    b.goto(&file_url(
        &t.path().join("public/checklists/plan/index.html"),
    ));
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    assert!(
        b.wait_for("!document.querySelector('.storage-problem').hidden", WAIT),
        "the problem is shown"
    );
    let said = b.eval("document.querySelector('.storage-problem').textContent");
    assert!(
        said.as_str()
            .unwrap_or_default()
            .contains("storage for this site is full"),
        "{said}"
    );
}

#[test]
fn reading_marks_are_off_by_default_and_mark_read_chapters_when_on() {
    let t = site();
    let Some(mut b) = launch_at("2026-03-10") else {
        return;
    };
    let mark = "document.querySelector('.sidebar a[href$=\"start/index.html\"] .read-mark')";
    open_afresh(&mut b, &file_url(&t.path().join("public/start/index.html")));
    b.goto(&file_url(&t.path().join("public/index.html")));
    assert!(b.wait_for("!!window.playbookStore", WAIT));
    assert_eq!(b.eval(&format!("{mark} === null")), true, "off by default");

    t.write(
        "site.toml",
        "title = \"Plans\"\n\n[progress]\nreading_marks = true\n",
    );
    t.build();
    // The chapter is short: its end is on screen at once, so it is read.
    b.goto(&file_url(&t.path().join("public/start/index.html")));
    assert!(
        b.wait_for(&format!("{mark} !== null"), WAIT),
        "marked in its own sidebar"
    );
    b.goto(&file_url(&t.path().join("public/index.html")));
    assert!(
        b.wait_for(&format!("{mark} !== null"), WAIT),
        "and on every page"
    );
    assert_eq!(b.eval(&format!("{mark}.textContent")), " (read)");
}
