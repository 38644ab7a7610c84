use super::*;
use crate::content::frontmatter;
use crate::content::{SourceEntry, checklist};

fn page(rel: &str, text: &str) -> PageSource {
    let kind = if rel.ends_with("_index.md") {
        EntryKind::Index
    } else {
        EntryKind::Chapter
    };
    let split = frontmatter::split(text, rel);
    assert!(split.problems.is_empty(), "{:?}", split.problems);
    PageSource {
        entry: SourceEntry {
            rel: rel.into(),
            abs: rel.into(),
            kind,
        },
        meta: split.meta,
        body: split.body.into(),
        body_line: split.body_line,
        problems: split.problems,
    }
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
            assert!(c.problems.is_empty(), "{:?}", c.problems);
            (entry, c)
        })
        .collect();
    let loaded = Loaded {
        pages,
        checklists,
        assets: vec![],
    };
    let opts = BuildOptions {
        drafts: false,
        md: markdown::Options {
            smart_punctuation: false,
        },
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
    let titles: Vec<&str> = site
        .reading_order()
        .iter()
        .map(|&i| site.chapters[i].title.as_str())
        .collect();
    assert_eq!(titles, ["B", "A", "C", "Sources"]);
    assert_eq!(site.parts[1].title, "Second part");
    assert_eq!(site.parts[0].title, "First");
    let b = site.chapters.iter().find(|c| c.title == "B").unwrap();
    assert_eq!(b.out_dir, "first/b/");
    assert!(b.prev.is_none());
    let c = site.chapters.iter().find(|c| c.title == "C").unwrap();
    assert_eq!(site.chapters[c.next.unwrap()].title, "Sources");
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

#[test]
fn url_collisions_are_errors() {
    let (_, diags) = build_site(vec![page("01-a.md", "x"), page("02-a.md", "y")], &[]);
    assert!(
        diags.iter().any(|d| d
            .message
            .contains("the URL `a/` is also produced by content/01-a.md")),
        "{diags}"
    );
    let (_, diags) = build_site(vec![page("checklists.md", "x")], &[]);
    assert!(
        diags.iter().any(|d| d.message.contains("reserved")),
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
        ],
        &[],
    );
    assert_eq!(site.tags["hiring"].chapters.len(), 2);
    assert_eq!(site.tags["1-1s"].out_dir, "tags/1-1s/");
}
