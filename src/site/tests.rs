use super::*;
use crate::content::{EntryKind, SourceEntry, checklist};

fn page(rel: &str, text: &str) -> PageSource {
    PageSource::parsed(rel, text)
}

fn build_site(pages: Vec<PageSource>, checklists: &[(&str, &str)]) -> (Site, Diagnostics) {
    let checklists = checklists
        .iter()
        .map(|(rel, text)| {
            let entry = SourceEntry {
                rel: rel.to_string(),
                abs: rel.into(),
                kind: EntryKind::Checklist,
            };
            let stem = crate::content::chapter::stem(entry.file_name()).to_string();
            let c = checklist::parse(text, rel, &stem);
            assert!(!c.problems.iter().any(|p| p.is_error()), "{:?}", c.problems);
            (entry, c)
        })
        .collect();
    let loaded = Loaded {
        pages,
        checklists,
        assets: vec![],
        fragments: Default::default(),
    };
    let opts = BuildOptions {
        drafts: false,
        md: markdown::Options::default(),
    };
    let render = |p: &PageSource, map: &LinkMap, out: &str| {
        Arc::new(markdown::render(
            &p.body,
            p.body_line,
            &opts.md,
            &map.for_page(&p.entry.rel, out),
            p.meta.title.is_some(),
        ))
    };
    let mut diags = Diagnostics::default();
    let site = build(&loaded, &opts, &render, &mut diags);
    (site, diags)
}

/// The titles of the reading order.
fn titles(site: &Site) -> Vec<&str> {
    site.reading_order()
        .into_iter()
        .map(|e| site.title_of(e))
        .collect()
}

#[test]
fn parts_and_chapters_in_order_with_prev_next() {
    let (site, diags) = build_site(
        vec![
            page("02-second/_index.md", "+++\ntitle = \"Second part\"\n+++\n"),
            page("02-second/01-c.md", "# C\n"),
            page("01-first/b.md", "+++\nweight = 1\n+++\n# B\n"),
            page("01-first/02-a.md", "# A\n"),
            page("sources.md", "# Sources\n"),
        ],
        &[],
    );
    assert!(diags.is_empty(), "{diags}");
    assert_eq!(
        titles(&site),
        ["First", "B", "A", "Second part", "C", "Sources"]
    );
    assert_eq!(site.sections[1].title, "Second part");
    assert_eq!(site.sections[0].title, "First");
    let b = site.chapters.iter().find(|c| c.title == "B").unwrap();
    assert_eq!(b.out_dir, "first/b/");
    assert_eq!(
        b.prev,
        Some(NavEntry::Section(0)),
        "a section's page comes before its pages"
    );
    let c = site.chapters.iter().find(|c| c.title == "C").unwrap();
    assert_eq!(site.title_of(c.next.unwrap()), "Sources");
    assert_eq!(site.sections[1].prev.map(|e| site.title_of(e)), Some("A"));
}

#[test]
fn folders_nest_as_sections_at_any_depth() {
    let (site, diags) = build_site(
        vec![
            page("team/_index.md", "# The team\n"),
            page("team/hiring/index.md", "# Hiring\n"),
            page("team/hiring/loops/README.md", "# Loops\n"),
            page("team/hiring/loops/onsite/01-agenda.md", "# Agenda\n"),
            page("team/hiring/01-sourcing.md", "# Sourcing\n"),
            page("team/zz-last.md", "# Last\n"),
            page("a.md", "# A\n"),
        ],
        &[],
    );
    assert!(diags.is_empty(), "{diags}");
    assert_eq!(
        titles(&site),
        [
            "A", "The team", "Hiring", "Sourcing", "Loops", "Onsite", "Agenda", "Last"
        ]
    );
    let dirs: Vec<&str> = site.sections.iter().map(|s| s.out_dir.as_str()).collect();
    assert_eq!(
        dirs,
        [
            "team/",
            "team/hiring/",
            "team/hiring/loops/",
            "team/hiring/loops/onsite/"
        ]
    );
    let parents: Vec<Option<usize>> = site.sections.iter().map(|s| s.parent).collect();
    assert_eq!(parents, [None, Some(0), Some(1), Some(2)]);
    let agenda = &site.chapters[site.chapters.len() - 2];
    assert_eq!(agenda.out_dir, "team/hiring/loops/onsite/agenda/");
    assert_eq!(
        agenda.section,
        Some(3),
        "a chapter belongs to its nearest section"
    );
    assert_eq!(site.path_to(agenda.section), [0, 1, 2, 3]);
    assert_eq!(
        site.sections[1].children,
        [NavEntry::Chapter(1), NavEntry::Section(2)],
        "a section lists its chapters and subsections in order"
    );
    assert_eq!(site.nav, [NavEntry::Chapter(0), NavEntry::Section(0)]);
}

#[test]
fn folders_index_files_and_the_content_root_are_link_targets() {
    let (site, diags) = build_site(
        vec![
            page("team/README.md", "# Team\n"),
            page(
                "team/hiring/01-loop.md",
                "[team](../) [readme](../README.md) [folder](../../team/) [root](../../) [no slash](..)\n",
            ),
        ],
        &[],
    );
    assert!(diags.is_empty(), "{diags}");
    let html = &site.chapters[0].rendered.html;
    for want in [
        "href=\"../../../team/index.html\">team",
        "href=\"../../../team/index.html\">readme",
        "href=\"../../../team/index.html\">folder",
        "href=\"../../../index.html\">root",
        "href=\"../../../team/index.html\">no slash",
    ] {
        assert!(html.contains(want), "{want} in {html}");
    }
}

#[test]
fn chapters_in_the_checklists_folder_are_reported_not_dropped() {
    let (site, diags) = build_site(
        vec![
            page("checklists/_index.md", "# Lists\n"),
            page("checklists/onboarding.md", "# Onboarding\n"),
        ],
        &[],
    );
    assert!(site.chapters.is_empty());
    assert!(site.checklists_intro.is_some());
    let d: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("content/checklists/onboarding.md: warning: not published"),
        "{d:?}"
    );
}

#[test]
fn drafts_are_left_out_and_links_to_them_reported() {
    let (site, diags) = build_site(
        vec![
            page("a.md", "See [wip](wip.md).\n"),
            page("wip.md", "+++\ndraft = true\n+++\n"),
        ],
        &[],
    );
    assert_eq!(site.chapters.len(), 1);
    let d: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        d,
        ["a.md:1:5: error: link to `wip.md`, which is a draft and is not published\n  hint: publish it (remove `draft = true` from `content/wip.md`), link another page, or preview with `--drafts`"]
            .map(|s| format!("content/{s}"))
    );
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

#[test]
fn the_later_of_two_pages_at_one_url_keeps_its_whole_name() {
    let (site, diags) = build_site(vec![page("01-a.md", "x"), page("02-a.md", "y")], &[]);
    let dirs: Vec<&str> = site.chapters.iter().map(|c| c.out_dir.as_str()).collect();
    assert_eq!(dirs, ["a/", "02-a/"]);
    assert_eq!(
        messages(&diags),
        [
            "content/02-a.md: warning: the URL `a/` is taken by content/01-a.md: this page is published at `02-a/`\n  hint: rename the file or folder, or set `slug` in its front matter"
        ]
    );
    // A folder keeps its URL (its pages are under it); the file gives way, numbered when its
    // whole name is the same.
    let (site, diags) = build_site(
        vec![
            page("team.md", "x"),
            page("team/a.md", "y"),
            page("Team.markdown", "z"),
        ],
        &[],
    );
    let mut dirs: Vec<&str> = site.chapters.iter().map(|c| c.out_dir.as_str()).collect();
    dirs.sort();
    assert_eq!(dirs, ["team-2/", "team-3/", "team/a/"]);
    assert_eq!(diags.iter().filter(|d| !d.is_error()).count(), 2, "{diags}");
}

#[test]
fn dates_and_versions_get_urls_of_their_own() {
    let (site, diags) = build_site(
        vec![
            page("notes/2023-01-15-notes.md", "x"),
            page("notes/2024-01-15-notes.md", "x"),
            page("releases/1.0.md", "x"),
            page("releases/2.0.md", "x"),
            page("releases/4-0-0.md", "x"),
        ],
        &[],
    );
    assert!(diags.is_empty(), "{diags}");
    let dirs: Vec<&str> = site.chapters.iter().map(|c| c.out_dir.as_str()).collect();
    assert_eq!(
        dirs,
        [
            "notes/2023-01-15-notes/",
            "notes/2024-01-15-notes/",
            "releases/1.0/",
            "releases/2.0/",
            "releases/4-0-0/",
        ]
    );
}

#[test]
fn explicit_slugs_that_collide_or_take_a_reserved_url_are_errors() {
    let (_, diags) = build_site(
        vec![
            page("a.md", "+++\nslug = \"same\"\n+++\n"),
            page("b.md", "+++\nslug = \"same\"\n+++\n"),
            page("same.md", "x"),
        ],
        &[],
    );
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "content/b.md: error: the URL `same/` is also produced by content/a.md\n  hint: set a different `slug` in the front matter of one of them"
        ]
    );
    assert!(
        messages(&diags)
            .iter()
            .any(|m| m
                .starts_with("content/same.md: warning: the URL `same/` is taken by content/a.md")),
        "{diags}"
    );
    let (_, diags) = build_site(vec![page("x.md", "+++\nslug = \"tags\"\n+++\n")], &[]);
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.message.contains("`tags/` is reserved")),
        "{diags}"
    );
    // A name that happens to be reserved gives way instead.
    let (site, diags) = build_site(
        vec![page("search.md", "x"), page("part/print.md", "y")],
        &[],
    );
    let dirs: Vec<&str> = site.chapters.iter().map(|c| c.out_dir.as_str()).collect();
    assert_eq!(dirs, ["part/print-2/", "search-2/"]);
    assert!(!diags.has_errors(), "{diags}");
    assert!(
        messages(&diags).iter().any(|m| m.contains(
            "the URL `search/` is reserved by playbook: this page is published at `search-2/`"
        )),
        "{diags}"
    );
}

#[test]
fn unknown_embed_names_chapter_and_line() {
    let list = "title = \"L\"\n[[sections]]\ntitle = \"s\"\n[[sections.items]]\ntext = \"t\"\n";
    let (_, diags) = build_site(
        vec![page(
            "a.md",
            "+++\ntitle = \"A\"\n+++\nText\n\n<!-- checklist: firts -->\n",
        )],
        &[("checklists/first.toml", list)],
    );
    let d: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        d,
        [
            "content/a.md:6:17: error: unknown checklist id \"firts\" in embed\n  hint: did you mean \"first\"?"
        ]
    );
}

#[test]
fn tags_collect_chapters() {
    let (site, _) = build_site(
        vec![
            page("a.md", "+++\ntags = [\"Hiring\"]\n+++\n"),
            page("b.md", "+++\ntags = [\"hiring\", \"1:1s\"]\n+++\n"),
            page("c.md", "+++\ntags = [\"Hiring\", \"HIRING\"]\n+++\n"),
        ],
        &[],
    );
    // Listed once per chapter, even when a chapter names the tag twice.
    assert_eq!(site.tags["hiring"].chapters, [0, 1, 2]);
    assert_eq!(site.tags["1-1s"].out_dir, "tags/1-1s/");
}
