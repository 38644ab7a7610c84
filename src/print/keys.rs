//! Tests of the print documents' keys in the page cache (`book::Plan::key`): an edit that
//! changes what a part's document shows changes its key, and one elsewhere leaves it.
use super::book::book_page;
use super::{Scope, fragment};
use crate::site::{NavEntry, Site};
use crate::views::View;
use crate::views::testing::{edited_site, site_of};

const FILES: [(&str, &str); 7] = [
    (
        "01-first/_index.md",
        "+++\ntitle = \"First part\"\n+++\nThe first part. See [the loop](02-sub/01-loop.md).\n",
    ),
    (
        "01-first/01-intro.md",
        "+++\ndescription = \"Why\"\n+++\n# Intro\n\nRead [the loop](02-sub/01-loop.md).\n\n<!-- checklist: launch -->\n",
    ),
    (
        "01-first/02-sub/_index.md",
        "+++\ntitle = \"Sub\"\ndescription = \"Below\"\n+++\nSub intro.\n",
    ),
    ("01-first/02-sub/01-loop.md", "# Loop\n\nThe loop.\n"),
    ("01-first/02-sub/02-end.md", "# End\n\nThe end.\n"),
    ("02-second/01-other.md", "# Other\n\nElsewhere.\n"),
    (
        "checklists/launch.toml",
        "title = \"Launch\"\n[[sections]]\ntitle = \"Before\"\n[[sections.items]]\ntext = \"Read [the loop](../01-first/02-sub/01-loop.md)\"\n",
    ),
];

/// The first part's print document: its key, and what it shows (its view, and its chapters
/// as the document writes them).
fn first_part(site: &Site, base: Option<&str>) -> (u64, (u64, Vec<u8>)) {
    let Some(&NavEntry::Section(s)) = site.nav.first() else {
        panic!("the first part is missing")
    };
    let prepared = fragment::all(site, None).expect("fragments");
    let mut page = book_page(site, Scope::Part(s), base, &prepared, 1000).expect("page");
    let key = crate::hash::serial::of(&page).expect("key");
    page.unfold(false).expect("unfold");
    let view = crate::hash::serial::of(&page).expect("view");
    let markers: String = (0..site.chapters.len())
        .map(|n| format!("{}{n}-->", super::book::MARKER))
        .collect();
    let mut chapters = Vec::new();
    crate::output::Stream::write_to(&page.into_body(markers), &mut chapters).expect("write");
    (key, (view, chapters))
}

fn edited(path: &str, from: &str, to: &str) -> Site {
    edited_site(&FILES, path, from, to)
}

#[test]
fn an_edit_to_what_a_part_document_shows_changes_its_key() {
    let (key, shown) = first_part(&site_of(&FILES), None);
    let edits = [
        (
            "the part's intro",
            "01-first/_index.md",
            "The first",
            "This",
        ),
        (
            "a chapter's words",
            "01-first/02-sub/02-end.md",
            "The end.",
            "Fin.",
        ),
        (
            "a chapter's title",
            "01-first/02-sub/02-end.md",
            "# End",
            "# Close",
        ),
        (
            "a chapter's description",
            "01-first/01-intro.md",
            "Why",
            "How",
        ),
        (
            "a section's title",
            "01-first/02-sub/_index.md",
            "\"Sub\"",
            "\"Deep\"",
        ),
        (
            "a section's description",
            "01-first/02-sub/_index.md",
            "Below",
            "Under",
        ),
        (
            "a section's intro",
            "01-first/02-sub/_index.md",
            "Sub intro.",
            "Inside.",
        ),
        (
            "an embedded checklist's item",
            "checklists/launch.toml",
            "Read",
            "Skim",
        ),
        (
            "an embedded checklist's title",
            "checklists/launch.toml",
            "Launch",
            "Go",
        ),
        (
            "a chapter moved up",
            "01-first/02-sub/02-end.md",
            "#",
            "+++\nweight = 0\n+++\n#",
        ),
    ];
    for (what, path, from, to) in edits {
        let (k, s) = first_part(&edited(path, from, to), None);
        assert_ne!(s, shown, "{what}: the edit shows in the document");
        assert_ne!(k, key, "{what}: the key is the same, the document is not");
    }
    let (k, s) = first_part(&site_of(&FILES), Some("https://example.org/"));
    assert_ne!((k == key, s == shown), (true, false), "the site's URL");
    let (k, s) = first_part(&edited("02-second/01-other.md", "# Other", "# Else"), None);
    assert_eq!(
        (k, s),
        (key, shown),
        "an edit to another part leaves the document"
    );
}
