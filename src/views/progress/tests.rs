use super::*;
use crate::views::View;
use crate::views::testing::{edited_site, site_of};

const FILES: [(&str, &str); 5] = [
    (
        "01-first/_index.md",
        "# First part\n\n- [ ] Read the intro\n",
    ),
    (
        "01-first/01-tasks.md",
        "# Tasks\n\nSome words.\n\n- [ ] Book the room\n- [ ] Send the agenda\n",
    ),
    ("01-first/02-plain.md", "# Plain\n\nNo tasks here.\n"),
    ("02-second/01-other.md", "# Other\n\n- [ ] Call back\n"),
    (
        "checklists/launch.toml",
        "title = \"Launch\"\n[[sections]]\ntitle = \"Before\"\n[[sections.items]]\ntext = \"Plan it\"\ndue = \"week 2\"\n[[sections.items]]\ntext = \"Check it\"\n",
    ),
];

/// "My progress": its key, and what it shows once unfolded.
fn progress(site: &Site) -> (u64, u64) {
    let mut page = progress_page(site);
    let key = crate::hash::serial::of(&page).expect("key");
    page.unfold(false).expect("unfold");
    let view = page.view().expect("unfolded");
    (
        key,
        crate::hash::serial::of(&(view, &view.data)).expect("view"),
    )
}

fn edited(path: &str, from: &str, to: &str) -> Site {
    edited_site(&FILES, path, from, to)
}

#[test]
fn an_edit_to_what_my_progress_shows_changes_its_key_and_others_leave_it() {
    let (key, shown) = progress(&site_of(&FILES));
    let edits = [
        (
            "a task",
            "01-first/01-tasks.md",
            "Book the room",
            "Find a room",
        ),
        (
            "a task removed",
            "01-first/01-tasks.md",
            "- [ ] Send the agenda\n",
            "",
        ),
        (
            "a task added",
            "01-first/02-plain.md",
            "here.\n",
            "here.\n\n- [ ] One\n",
        ),
        (
            "a section's task added",
            "01-first/_index.md",
            "intro\n",
            "intro\n- [ ] Two\n",
        ),
        (
            "a page's title",
            "02-second/01-other.md",
            "# Other",
            "# Else",
        ),
        (
            "a checklist's title",
            "checklists/launch.toml",
            "Launch",
            "Go",
        ),
        (
            "an item's id",
            "checklists/launch.toml",
            "Check it",
            "Test it",
        ),
        (
            "a dated item's text",
            "checklists/launch.toml",
            "Plan it",
            "Draft it",
        ),
        ("a due date", "checklists/launch.toml", "week 2", "week 3"),
        (
            "a question",
            "checklists/launch.toml",
            "\"Check it\"\n",
            "\"Check it\"\nanswer = { lines = 2 }\n",
        ),
    ];
    for (what, path, from, to) in edits {
        let (k, s) = progress(&edited(path, from, to));
        assert_ne!(s, shown, "{what}: the edit shows on the page");
        assert_ne!(k, key, "{what}: the key is the same, the page is not");
    }
    let (k, s) = progress(&edited(
        "01-first/01-tasks.md",
        "Some words.",
        "Other words.",
    ));
    assert_eq!(
        (k, s),
        (key, shown),
        "words outside the tasks leave the page"
    );
}

#[test]
fn the_rows_of_whats_new_are_those_the_template_loop_wrote() {
    let loop_html = "{% for p in page.pages %}<li data-page=\"{{ p.url }}\" data-hash=\"{{ p.hash }}\"><a href=\"{{ root }}{{ p.href }}\">{{ p.title }}</a> <span class=\"count\">{{ p.kind }}{% if p.date %} · updated <time datetime=\"{{ p.date }}\">{{ p.date }}</time>{% endif %}</span></li>\n      {% endfor %}";
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(crate::html::escape);
    tera.add_raw_template("rows.html", loop_html)
        .expect("template");
    let row = |title, url: &'static str, date, kind| ChangeRow {
        title,
        href: href(url),
        mark: PageMark {
            url,
            hash: "0a1b\"2c",
        },
        date,
        kind,
    };
    let pages = vec![
        row("Q&A <draft>", "q-a/", Some("2024-01-02"), "Chapter"),
        row("It's \"new\"", "a/b/", None, "Section"),
        row("Empty date", "c/", Some(""), "Chapter"),
        row("Odd <date>", "d/", Some("2024 & <b>"), "Checklist"),
    ];
    let mut context = tera::Context::new();
    context.insert("page", &serde_json::json!({ "pages": pages }));
    context.insert("root", "../");
    let want = tera.render("rows.html", &context).expect("render");
    assert_eq!(rows_html(&pages, "../"), want);
}
