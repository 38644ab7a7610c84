//! Checklists: their pages, the embedded copies in chapters, the exports (`checklists.json`,
//! Markdown task lists), the print pages, and, in headless Chromium, ticks saved in the
//! browser, reset, and printing to PDF.
use crate::browser::{Browser, file_url, pdf_pages, pdf_text};
use crate::harness::SiteTest;
use serde_json::Value;
use std::time::Duration;

const ITEMS: [&str; 7] = [
    "Order a laptop and accounts",
    "Pick an onboarding buddy",
    "Hold a 1:1 on day one",
    "Share the roadmap and the last two retros",
    "Introduce them to",
    "Read the metrics dashboard",
    "Write three lines to your manager",
];

#[test]
fn checklist_page_has_sections_items_details_and_anchors() {
    let t = SiteTest::from_fixture("checklists");
    let run = t.build();
    assert!(
        run.stdout.contains("2 checklists (7 items)"),
        "{}",
        run.stdout
    );
    let page = t.main_html("checklists/onboarding/index.html");
    assert!(page.contains("<h1>Onboarding a new PM</h1>"), "{page}");
    assert!(page.contains("For the <strong>first week</strong>. See the <a href=\"../../team/onboarding/index.html\">chapter</a>."), "description is Markdown with links: {page}");
    for (section, item_id) in [
        ("Before day one", "order-a-laptop-and-accounts"),
        ("First week", "hold-a-1-1-on-day-one"),
    ] {
        assert!(page.contains(&format!("<h3>{section}</h3>")), "{section}");
        assert!(
            page.contains(&format!("<li class=\"checklist-item\" id=\"{item_id}\" ")),
            "permanent anchor for {item_id}: {page}"
        );
        assert!(
            page.contains(&format!(
                "<input type=\"checkbox\" id=\"{item_id}--cb\" data-item=\"{item_id}\">"
            )),
            "{page}"
        );
        assert!(
            page.contains(&format!("<label for=\"{item_id}--cb\">")),
            "each box has a label"
        );
    }
    assert!(page.contains("id=\"buddy\""), "explicit item id");
    assert!(
        page.contains("<span class=\"item-detail\">IT needs <em>five</em> working days.</span>"),
        "{page}"
    );
    assert!(
        page.contains("Introduce them to <code>#product</code> on chat"),
        "item text is inline Markdown"
    );
    assert!(
        page.contains("href=\"../../checklists/onboarding/onboarding.md\" download"),
        "links its Markdown export"
    );
    assert!(page.contains("0 of 5 done"));
    let full = t.read("checklists/onboarding/index.html");
    assert!(
        full.contains("aria-current=\"page\">Checklists</a>"),
        "listed in the navigation"
    );
    let index = t.main_html("checklists/index.html");
    assert!(index.contains("href=\"../checklists/onboarding/index.html\">Onboarding a new PM</a> <span class=\"count\">5 items</span>"), "{index}");
    assert!(
        index.contains("href=\"../checklists/weekly-review/index.html\""),
        "id from the file overrides the stem"
    );
    assert!(
        index.contains("href=\"../checklists/print/index.html\">Print all checklists</a>"),
        "{index}"
    );
}

#[test]
fn chapter_embeds_the_checklist_with_its_own_ids() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let ch = t.main_html("team/onboarding/index.html");
    assert!(!ch.contains("<!--"), "the directive is replaced: {ch}");
    assert!(
        ch.contains(
            "<section class=\"checklist checklist-embedded\" data-checklist=\"onboarding\""
        ),
        "{ch}"
    );
    assert!(
        ch.contains("id=\"onboarding--buddy\""),
        "embedded ids are prefixed so they never clash with the chapter's: {ch}"
    );
    assert!(
        ch.contains("href=\"../../checklists/onboarding/index.html#buddy\""),
        "item links go to the checklist page"
    );
    assert!(ch.contains("href=\"../../checklists/onboarding/index.html\">Onboarding a new PM</a>"));
    assert!(
        ch.find("data-checklist").unwrap() < ch.find("id=\"after-the-first-week\"").unwrap(),
        "embedded where the directive was"
    );
}

#[test]
fn checklists_json_follows_the_documented_schema() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let json: Value = serde_json::from_str(&t.read("checklists.json")).expect("valid JSON");
    assert_eq!(json["version"], 1);
    let lists = json["checklists"].as_array().expect("checklists array");
    assert_eq!(lists.len(), 2);
    let c = &lists[0];
    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(keys(&json), "checklists,version");
    assert_eq!(keys(c), "description,id,markdown_url,sections,title,url");
    assert_eq!(c["id"], "onboarding");
    assert_eq!(c["title"], "Onboarding a new PM");
    assert_eq!(
        c["description"],
        "For the **first week**. See the [chapter](../01-team/01-onboarding.md)."
    );
    assert_eq!(c["url"], "checklists/onboarding/");
    assert_eq!(c["markdown_url"], "checklists/onboarding/onboarding.md");
    let s = &c["sections"][0];
    assert_eq!(keys(s), "items,title");
    assert_eq!(s["title"], "Before day one");
    let item = &s["items"][0];
    assert_eq!(keys(item), "detail,id,text,url");
    assert_eq!(item["id"], "order-a-laptop-and-accounts");
    assert_eq!(item["text"], "Order a laptop and accounts");
    assert_eq!(item["detail"], "IT needs *five* working days.");
    assert_eq!(
        item["url"],
        "checklists/onboarding/#order-a-laptop-and-accounts"
    );
    assert_eq!(s["items"][1]["detail"], Value::Null);
    assert_eq!(lists[1]["id"], "weekly-review");
    assert_eq!(lists[1]["description"], Value::Null);
    assert!(
        t.exists(c["markdown_url"].as_str().unwrap()),
        "markdown_url points at a file"
    );
}

#[test]
fn markdown_export_is_a_task_list() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let md = t.read("checklists/onboarding/onboarding.md");
    let expected = "# Onboarding a new PM\n\nFor the **first week**. See the [chapter](../01-team/01-onboarding.md).\n\n## Before day one\n\n- [ ] Order a laptop and accounts\n  - IT needs *five* working days.\n- [ ] Pick an onboarding buddy\n\n## First week\n\n- [ ] Hold a 1:1 on day one\n  - Ask what they want to learn first.\n- [ ] Share the roadmap and the last two retros\n- [ ] Introduce them to `#product` on chat\n";
    assert_eq!(md, expected);
    assert_eq!(
        t.read("checklists/weekly-review/weekly-review.md"),
        "# Weekly review\n\n## Every Friday\n\n- [ ] Read the metrics dashboard\n- [ ] Write three lines to your manager\n"
    );
}

#[test]
fn print_all_page_holds_every_checklist_with_unique_ids() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let page = t.main_html("checklists/print/index.html");
    for item in ITEMS {
        assert!(page.contains(item), "{item} missing");
    }
    assert!(
        page.contains("<section class=\"print-checklist\" id=\"cl-onboarding\">"),
        "{page}"
    );
    assert!(page.contains("<section class=\"print-checklist\" id=\"cl-weekly-review\">"));
    assert!(page.contains("id=\"cl-onboarding--buddy\""), "{page}");
    assert!(
        page.contains("Team playbook · <span class=\"print-url\">checklists/onboarding/</span>"),
        "without base_url the footer names the checklist's path in the site: {page}"
    );
    assert_eq!(
        page.matches("Name: <span class=\"line\">").count(),
        2,
        "a name and date line per checklist"
    );
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");
}

#[test]
fn checklist_footer_uses_base_url_when_set() {
    let t = SiteTest::from_fixture("checklists").file(
        "site.toml",
        "title = \"Team playbook\"\nbase_url = \"https://org.github.io/team-playbook/\"\n",
    );
    t.build();
    let page = t.main_html("checklists/onboarding/index.html");
    assert!(page.contains("Team playbook · <span class=\"print-url\">https://org.github.io/team-playbook/checklists/onboarding/</span>"), "{page}");
    let all = t.main_html("checklists/print/index.html");
    assert!(all.contains("<span class=\"print-url\">https://org.github.io/team-playbook/checklists/weekly-review/</span>"), "{all}");
}

#[test]
fn duplicate_and_reserved_checklist_ids_are_errors() {
    let t = SiteTest::from_fixture("checklists").file("content/checklists/copy.toml", "title = \"Copy\"\nid = \"onboarding\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"x\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("duplicate checklist id \"onboarding\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/checklists/copy.toml")
            || run.stderr.contains("content/checklists/onboarding.toml"),
        "{}",
        run.stderr
    );
    let t = SiteTest::from_fixture("checklists").file(
        "content/checklists/print.toml",
        "title = \"Print\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"x\"\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: checklist id \"print\" is reserved")
            && run.stderr.contains("--> content/checklists/print.toml:1:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn checklist_errors_name_file_line_and_key() {
    let t = SiteTest::from_fixture("checklists").file("content/checklists/bad.toml", "title = \"Bad\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"x\"\ndetials = \"y\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: unknown key `detials` in a checklist item")
            && run.stderr.contains("--> content/checklists/bad.toml:6:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `detail`?"),
        "{}",
        run.stderr
    );
}

fn count_text(b: &mut Browser, selector: &str) -> String {
    b.eval(&format!("document.querySelector({selector:?}).textContent"))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn ticks_survive_reload_are_shared_with_the_chapter_and_reset() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/onboarding/index.html"),
    ));
    assert!(
        b.wait_for(
            "!document.querySelector('.checklist-progress').hidden",
            Duration::from_secs(5)
        ),
        "progress bar shown with JavaScript"
    );
    assert_eq!(count_text(&mut b, ".checklist-count"), "0 of 5 done");
    b.eval("document.querySelector('label[for=\"buddy--cb\"]').click(); document.querySelector('#hold-a-1-1-on-day-one--cb').click(); true");
    assert_eq!(count_text(&mut b, ".checklist-count"), "2 of 5 done");
    b.reload();
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '2 of 5 done'",
            Duration::from_secs(5)
        ),
        "progress after reload: {}",
        count_text(&mut b, ".checklist-count")
    );
    let ticked = b.eval("Array.from(document.querySelectorAll('input[data-item]:checked')).map(i => i.dataset.item).join(',')");
    assert_eq!(ticked, "buddy,hold-a-1-1-on-day-one");
    assert_eq!(b.eval("document.querySelector('progress').value"), 2);

    b.goto(&file_url(
        &t.path().join("public/team/onboarding/index.html"),
    ));
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '2 of 5 done'",
            Duration::from_secs(5)
        ),
        "the chapter's copy shows the same ticks"
    );
    assert_eq!(
        b.eval("document.querySelector('#onboarding--buddy--cb').checked"),
        true
    );
    b.eval("document.querySelector('#onboarding--order-a-laptop-and-accounts--cb').click(); true");
    b.goto(&file_url(
        &t.path().join("public/checklists/onboarding/index.html"),
    ));
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '3 of 5 done'",
            Duration::from_secs(5)
        ),
        "a tick in the chapter shows on the checklist page"
    );

    b.accept_dialog("document.querySelector('.checklist-reset').click()");
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '0 of 5 done'",
            Duration::from_secs(5)
        ),
        "reset clears every tick"
    );
    b.reload();
    assert_eq!(
        b.eval("document.querySelectorAll('input[data-item]:checked').length"),
        0,
        "reset is saved"
    );
    b.goto(&file_url(
        &t.path().join("public/checklists/weekly-review/index.html"),
    ));
    assert_eq!(
        count_text(&mut b, ".checklist-count"),
        "0 of 2 done",
        "ticks are kept per checklist"
    );
}

/// Ticks are keyed by the site's id, the checklist's id and the item's id: a new site title
/// (which changes the default site id) and a reworded item with an `id` keep them; setting
/// an explicit `id` in `site.toml` later keeps them too.
#[test]
fn ticks_survive_a_new_site_title_and_a_reworded_item() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let page = file_url(&t.path().join("public/checklists/onboarding/index.html"));
    b.goto(&page);
    assert_eq!(b.eval("document.body.dataset.store"), "team-playbook");
    b.eval("document.querySelector('#buddy--cb').click(); document.querySelector('#hold-a-1-1-on-day-one--cb').click(); true");
    assert_eq!(count_text(&mut b, ".checklist-count"), "2 of 5 done");

    t.write("site.toml", "title = \"Product team handbook\"\n");
    let reworded = std::fs::read_to_string(t.path().join("content/checklists/onboarding.toml"))
        .expect("read the checklist")
        .replace(
            "Pick an onboarding buddy",
            "Choose a buddy for the first month",
        );
    t.write("content/checklists/onboarding.toml", &reworded);
    let run = t.build();
    assert!(run.success(), "{}", run.stderr);
    b.goto(&page);
    assert_eq!(
        b.eval("document.body.dataset.store"),
        "product-team-handbook",
        "the default site id follows the title"
    );
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '2 of 5 done'",
            Duration::from_secs(5)
        ),
        "ticks kept after the title changed: {}",
        count_text(&mut b, ".checklist-count")
    );
    assert_eq!(
        b.eval("document.querySelector('label[for=\"buddy--cb\"]').textContent.trim() + '|' + document.querySelector('#buddy--cb').checked"),
        "Choose a buddy for the first month|true",
        "the reworded item keeps its tick"
    );
    // A tick made now, then an explicit id: everything follows.
    b.eval("document.querySelector('#order-a-laptop-and-accounts--cb').click(); true");
    t.write(
        "site.toml",
        "title = \"Product team handbook\"\nid = \"product\"\n",
    );
    t.build();
    b.goto(&page);
    assert_eq!(b.eval("document.body.dataset.store"), "product");
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '3 of 5 done'",
            Duration::from_secs(5)
        ),
        "ticks kept after an id was set: {}",
        count_text(&mut b, ".checklist-count")
    );
}

#[test]
fn keyboard_alone_ticks_an_item() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/weekly-review/index.html"),
    ));
    b.eval("document.querySelector('.checklist-reset').focus(); true");
    b.key("Tab", "Tab", 9, 0);
    assert_eq!(
        b.eval("document.activeElement.dataset.item"),
        "read-the-metrics-dashboard",
        "Tab reaches the first box"
    );
    b.key(" ", "Space", 32, 0);
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '1 of 2 done'",
            Duration::from_secs(5)
        ),
        "Space ticks it"
    );
}

#[test]
fn printed_checklist_has_every_item_and_no_navigation() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let url = file_url(&t.path().join("public/checklists/onboarding/index.html"));
    b.goto(&url);
    b.eval("document.querySelector('#buddy--cb').click(); true");
    let text = pdf_text(&b.pdf());
    for item in &ITEMS[..5] {
        assert!(text.contains(item), "{item} missing from the PDF:\n{text}");
    }
    assert!(
        text.contains("IT needs five working days."),
        "details are printed"
    );
    for chrome in [
        "Skip to content",
        "Start here",
        "Toggle dark mode",
        "Menu",
        "Reset",
        "Markdown task list",
        "Built with playbook",
        "0 of 5 done",
        "The team",
    ] {
        assert!(
            !text.contains(chrome),
            "navigation text {chrome:?} printed:\n{text}"
        );
    }
    assert!(
        text.contains("Name:") && text.contains("Date:"),
        "name and date line:\n{text}"
    );
    assert!(
        text.contains("Team playbook · checklists/onboarding/"),
        "site title and the checklist's path in the site in the footer:\n{text}"
    );
    assert!(
        !text.contains("file://") && !text.contains(&url),
        "never the local address it was opened at:\n{text}"
    );
    assert_eq!(
        text.matches('✓').count(),
        1,
        "the ticked item prints ticked:\n{text}"
    );
}

/// A checklist of 20 items of realistic length, with details.
fn twenty_items() -> String {
    let mut toml = String::from(
        "title = \"Twenty things for the first month\"\ndescription = \"A long list, printed for a planning session. Each item has a note.\"\n",
    );
    for s in 0..4 {
        toml.push_str(&format!(
            "\n[[sections]]\ntitle = \"Week {} of the first month\"\n",
            s + 1
        ));
        for i in 0..5 {
            toml.push_str(&format!(
                "\n[[sections.items]]\ntext = \"Item {s}-{i}: agree with engineering and design on who owns the next decision\"\ndetail = \"Write it down, share it with the team, and check again in a fortnight whether it held.\"\n"
            ));
        }
    }
    toml
}

#[test]
fn twenty_items_print_on_two_pages_with_sections_kept_together() {
    let t = SiteTest::new("twenty")
        .file("site.toml", "title = \"Twenty\"\n")
        .file("content/checklists/twenty.toml", &twenty_items());
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/twenty/index.html"),
    ));
    for (paper, w, h) in [("A4", 8.27, 11.69), ("Letter", 8.5, 11.0)] {
        let pdf = b.pdf_sized(w, h);
        assert!(pdf_pages(&pdf) <= 2, "{paper}: {} pages", pdf_pages(&pdf));
        let text = pdf_text(&pdf);
        for s in 0..4 {
            for i in 0..5 {
                assert!(
                    text.contains(&format!("Item {s}-{i}:")),
                    "{paper}: item {s}-{i} missing"
                );
            }
        }
        for page in text.split('\u{c}') {
            let last = page
                .lines()
                .rev()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.contains(" / "))
                .unwrap_or("");
            assert!(
                !last.starts_with("Week "),
                "{paper}: a section heading ends a page: {last:?}"
            );
        }
    }
}

#[test]
fn print_all_checklists_starts_each_on_a_new_page() {
    let t = SiteTest::from_fixture("checklists")
        .file("content/checklists/twenty.toml", &twenty_items());
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/print/index.html"),
    ));
    let text = pdf_text(&b.pdf());
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let first_lines: Vec<&str> = pages
        .iter()
        .filter_map(|p| p.lines().map(str::trim).find(|l| !l.is_empty()))
        .collect();
    for title in [
        "Onboarding a new PM",
        "Twenty things for the first month",
        "Weekly review",
    ] {
        assert!(
            first_lines.contains(&title),
            "{title} does not start a page: {first_lines:?}"
        );
    }
    assert!(
        !text.contains("All checklists"),
        "the screen heading is not printed"
    );
}

/// A checklist's Markdown links are written from its own page; every other page that shows it
/// (the checklists index, chapters at other depths that embed it, the print documents) gets
/// them re-based, so each one resolves.
#[test]
fn checklist_links_resolve_on_every_page_that_shows_it() {
    let t = SiteTest::new("checklist-links")
        .file("site.toml", "title = \"T\"\n")
        .file("content/_index.md", "# Home\n")
        .file(
            "content/notes.md",
            "# Notes\n\n<!-- checklist: c -->\n",
        )
        .file("content/01-part/_index.md", "# Part\n")
        .file(
            "content/01-part/01-embeds.md",
            "# Embeds\n\n<!-- checklist: c -->\n",
        )
        .file("content/01-part/02-target.md", "# Target\n\n## The section\n\nText.\n")
        .file(
            "content/checklists/c.toml",
            "title = \"C\"\ndescription = \"See [the target](../01-part/02-target.md#the-section).\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\nid = \"one\"\ntext = \"Read [the notes](../notes.md)\"\ndetail = \"Then [the target](../01-part/02-target.md).\"\n",
        );
    let run = t.build();
    assert!(run.success(), "{}", run.stderr);
    assert_eq!(crate::hosting::broken_links(&t), Vec::<String>::new());
    let description = "part/target/index.html#the-section";
    let item = "notes/index.html";
    for (page, root, link) in [
        ("checklists/c/index.html", "../../", description),
        ("checklists/index.html", "../", description),
        ("notes/index.html", "../", item),
        ("part/embeds/index.html", "../../", item),
        ("checklists/print/index.html", "../../", description),
        // The book and part documents hold the chapter: the link is its anchor there, as a
        // chapter's own links are; a page the document does not hold is re-based.
        ("print/index.html", "", "#ch-part-target--the-section"),
        ("part/print/index.html", "", "#ch-part-target--the-section"),
        ("part/print/index.html", "../../", item),
    ] {
        assert!(
            t.read(page).contains(&format!("href=\"{root}{link}\"")),
            "{page}: no link to {root}{link}"
        );
    }
}

/// "Print blank copy" prints every box empty, while the reader's ticks stay on screen and
/// saved; "Print" afterwards prints them again.
#[test]
fn a_blank_copy_prints_without_ticks_and_keeps_them() {
    let t = SiteTest::from_fixture("checklists");
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/onboarding/index.html"),
    ));
    b.eval("document.querySelector('#buddy--cb').click(); document.querySelector('#hold-a-1-1-on-day-one--cb').click(); true");
    assert_eq!(text_of_pdf(&mut b).matches('✓').count(), 2, "ticks print");
    // The browser's print dialog cannot open headless: record what the buttons ask for.
    b.eval("window.print = () => { window.printed = (window.printed || []).concat(document.body.classList.contains('print-blank')); }; true");
    b.eval("[...document.querySelectorAll('.print-button')].find(e => e.textContent === 'Print blank copy').click(); true");
    assert_eq!(b.eval("window.printed"), serde_json::json!([true]));
    let blank = text_of_pdf(&mut b);
    assert_eq!(blank.matches('✓').count(), 0, "a blank copy:\n{blank}");
    assert!(blank.contains("Pick an onboarding buddy"), "{blank}");
    assert_eq!(
        b.eval("document.querySelectorAll('input[data-item]:checked').length"),
        2,
        "the ticks are still there"
    );
    b.eval("window.dispatchEvent(new Event('afterprint')); true");
    assert_eq!(
        text_of_pdf(&mut b).matches('✓').count(),
        2,
        "after printing, ticks print again"
    );
    b.eval("document.body.classList.add('print-blank'); document.querySelector('.print-button').click(); true");
    assert_eq!(
        b.eval("window.printed"),
        serde_json::json!([true, false]),
        "Print prints the ticks"
    );
    b.reload();
    assert!(
        b.wait_for(
            "document.querySelector('.checklist-count').textContent === '2 of 5 done'",
            Duration::from_secs(5)
        ),
        "the ticks are saved"
    );
    let all = t.main_html("checklists/print/index.html");
    assert!(all.contains(">Print blank copy</button>"), "{all}");
}

fn text_of_pdf(b: &mut Browser) -> String {
    pdf_text(&b.pdf())
}

/// One section of 19 items, as a checklist that printed one item alone on its second page:
/// its last page holds three items or more, on A4 and Letter.
#[test]
fn a_long_checklist_never_leaves_fewer_than_three_items_on_its_last_page() {
    let mut toml = String::from("title = \"Nineteen\"\n[[sections]]\ntitle = \"All of them\"\n");
    for i in 0..19 {
        toml.push_str(&format!(
            "[[sections.items]]\nid = \"i{i}\"\ntext = \"Item {i}: agree with engineering and design on who owns the next decision\"\ndetail = \"Write it down, share it with the team, and check again in a fortnight whether it held, then adjust.\"\n"
        ));
    }
    let t = SiteTest::new("nineteen")
        .file("site.toml", "title = \"Nineteen\"\n")
        .file("content/checklists/nineteen.toml", &toml);
    t.build();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(
        &t.path().join("public/checklists/nineteen/index.html"),
    ));
    for (paper, size) in crate::print::PAPER {
        let counts = crate::print::items_per_page(&mut b, size);
        assert_eq!(counts.iter().sum::<usize>(), 19, "{paper}: {counts:?}");
        assert!(
            counts.len() == 1 || counts.iter().all(|&n| n >= 3),
            "{paper}: items on each page: {counts:?}"
        );
    }
}

/// A playbook without checklists still has a checklists page (the footer links it), but it
/// offers no "print all" link to a document that is never written and says there are none;
/// a checklist of one item says "1 item".
#[test]
fn a_playbook_without_checklists_links_nothing_that_is_not_there() {
    let t = SiteTest::new("no-checklists")
        .file("site.toml", "title = \"T\"\n")
        .file("content/a.md", "# A\n\nText.\n");
    let run = t.build();
    assert!(run.success(), "{}", run.stderr);
    assert!(!t.exists("checklists/print/index.html"));
    assert_eq!(crate::hosting::broken_links(&t), Vec::<String>::new());
    assert!(
        t.main_html("checklists/index.html")
            .contains("no checklists yet")
    );

    let t = SiteTest::new("one-item-checklist")
        .file("site.toml", "title = \"T\"\n")
        .file("content/a.md", "# A\n\nText.\n")
        .file(
            "content/checklists/c.toml",
            "title = \"C\"\n[[sections]]\ntitle = \"S\"\n[[sections.items]]\nid = \"one\"\ntext = \"Do it\"\n",
        );
    let run = t.build();
    assert!(run.success(), "{}", run.stderr);
    let index = t.main_html("checklists/index.html");
    assert!(index.contains(">1 item</span>"), "{index}");
    assert!(index.contains("checklists/print/index.html"), "{index}");
    assert_eq!(crate::hosting::broken_links(&t), Vec::<String>::new());
}
