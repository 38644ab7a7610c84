use super::*;
use crate::site::{Chapter, Section};
use std::sync::Arc;

fn chapter(title: &str, out_dir: &str, section: Option<usize>) -> Chapter {
    Chapter {
        title: title.into(),
        nav_title: None,
        updated: None,
        description: None,
        tags: Vec::new(),
        section,
        out_dir: out_dir.into(),
        source: format!("{out_dir}x.md"),
        rendered: Arc::new(crate::markdown::Rendered::default()),
        prev: None,
        next: None,
        hash: String::new(),
    }
}

fn section(title: &str, out_dir: &str, parent: Option<usize>, children: Vec<NavEntry>) -> Section {
    Section {
        title: title.into(),
        nav_title: None,
        description: None,
        out_dir: out_dir.into(),
        parent,
        intro: None,
        intro_source: None,
        hash: String::new(),
        children,
        checklists: Vec::new(),
        prev: None,
        next: None,
    }
}

/// `parts` top-level sections `p<i>/`, each with a subsection `p<i>/s/` holding `per`
/// chapters, and one loose chapter.
fn site(parts: usize, per: usize) -> Site {
    let mut sections = Vec::new();
    let mut chapters = Vec::new();
    let mut nav = Vec::new();
    for p in 0..parts {
        let top = sections.len();
        sections.push(section(
            &format!("Part {p}"),
            &format!("p{p}/"),
            None,
            vec![NavEntry::Section(top + 1)],
        ));
        let sub: Vec<NavEntry> = (0..per)
            .map(|c| {
                chapters.push(chapter(
                    &format!("Chapter {p}.{c}"),
                    &format!("p{p}/s/c{c}/"),
                    Some(top + 1),
                ));
                NavEntry::Chapter(chapters.len() - 1)
            })
            .collect();
        sections.push(section(
            &format!("Sub {p}"),
            &format!("p{p}/s/"),
            Some(top),
            sub,
        ));
        nav.push(NavEntry::Section(top));
    }
    chapters.push(chapter("Loose & <odd>", "loose/", None));
    nav.push(NavEntry::Chapter(chapters.len() - 1));
    Site {
        home: None,
        sections,
        chapters,
        checklists: Vec::new(),
        checklists_intro: None,
        footer: None,
        nav,
        tags: Default::default(),
        assets: Vec::new(),
        redirects: Vec::new(),
        embedded_by: Default::default(),
    }
}

/// Every item of `items` and below, as `title` (`*` when current, `+` when open).
fn flatten(items: &[NavItem<'_>], depth: usize, out: &mut Vec<String>) {
    for i in items {
        let mark = match (i.current, i.open) {
            (true, _) => "*",
            (_, true) => "+",
            _ => "",
        };
        out.push(format!("{}{}{mark}", "  ".repeat(depth), i.title));
        flatten(&i.children, depth + 1, out);
    }
}

#[test]
fn a_small_site_gets_the_whole_tree_with_the_path_open() {
    let site = site(2, 2);
    assert!(Tree::of(&site).whole_fits());
    let mut got = Vec::new();
    flatten(&nav(&Tree::of(&site), Here::Chapter(1)), 0, &mut got);
    assert_eq!(
        got,
        [
            "Part 0+",
            "  Sub 0+",
            "    Chapter 0.0",
            "    Chapter 0.1*",
            "Part 1",
            "  Sub 1",
            "    Chapter 1.0",
            "    Chapter 1.1",
            "Loose & <odd>",
        ]
    );
    let html = html(
        &nav(&Tree::of(&site), Here::Chapter(1)),
        "../../../",
        "chapter",
        "p0/s/c1/index.html",
        None,
    );
    assert!(
        html.starts_with("<ol class=\"nav-list\" data-here=\"p0/s/c1/index.html\">"),
        "{html}"
    );
    assert!(html.contains("<li class=\"nav-section\"><a href=\"../../../p0/index.html\">Part 0</a><details data-section=\"p0/index.html\" open data-path><summary><span class=\"visually-hidden\">Pages in Part 0</span></summary><ol>"), "{html}");
    assert!(
        html.contains("<details data-section=\"p1/index.html\"><summary>"),
        "closed but there: {html}"
    );
    assert!(
        html.contains(
            "<a href=\"../../../p0/s/c1/index.html\" aria-current=\"page\">Chapter 0.1</a>"
        )
    );
    assert!(
        html.contains("<li><a href=\"../../../loose/index.html\">Loose &amp; &lt;odd&gt;</a></li>")
    );
    assert!(!html.contains("<script"), "no tree file on a small site");
    assert_eq!(html.matches("aria-current").count(), 1);
}

#[test]
fn a_big_site_lists_the_open_path_and_loads_the_rest() {
    // 60 parts of 4 chapters: 361 entries, more than a page holds.
    let site = site(60, 4);
    assert!(!Tree::of(&site).whole_fits());
    let mut got = Vec::new();
    flatten(&nav(&Tree::of(&site), Here::Chapter(9)), 0, &mut got);
    // Every top-level entry (61) and the siblings of the page (4) fit the budget.
    assert_eq!(got.len(), 61 + 1 + 4, "{got:?}");
    assert!(
        got.contains(&"Part 2+".to_string()) && got.contains(&"    Chapter 2.1*".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&"Part 3".to_string()) && !got.iter().any(|t| t.contains("Sub 3")),
        "{got:?}"
    );
    let html = html(
        &nav(&Tree::of(&site), Here::Chapter(9)),
        "../../../",
        "chapter",
        "p2/s/c1/index.html",
        Some(0xab),
    );
    assert!(html.contains(" data-partial>"), "{html}");
    assert!(
        html.ends_with("<script src=\"../../../static/nav-tree.js?v=ab\" defer></script>"),
        "{html}"
    );
    // A section whose pages are not listed is a plain link: no toggle that opens nothing.
    assert!(
        html.contains(
            "<li class=\"nav-section\"><a href=\"../../../p3/index.html\">Part 3</a></li>"
        ),
        "{html}"
    );

    // 400 parts: the top level no longer fits; the way to the page still shows.
    let site = super::tests::site(400, 2);
    let mut got = Vec::new();
    flatten(&nav(&Tree::of(&site), Here::Chapter(5)), 0, &mut got);
    assert_eq!(
        got,
        ["Part 2+", "  Sub 2+", "    Chapter 2.0", "    Chapter 2.1*"]
    );
    let items = nav(&Tree::of(&site), Here::Elsewhere);
    assert!(
        items.is_empty(),
        "the home page of a huge site leaves the tree to nav-tree.js"
    );
}

#[test]
fn a_section_page_is_current_and_open() {
    let site = site(2, 2);
    let mut got = Vec::new();
    flatten(&nav(&Tree::of(&site), Here::Section(1)), 0, &mut got);
    assert_eq!(
        &got[..4],
        ["Part 0+", "  Sub 0*", "    Chapter 0.0", "    Chapter 0.1"]
    );
    let items = nav(&Tree::of(&site), Here::Section(1));
    assert!(items[0].children[0].open, "the current section is open");
}

#[test]
fn the_tree_file_holds_every_entry_by_segment() {
    let site = site(1, 2);
    let file = tree_file(&Tree::of(&site));
    assert_eq!(file.path, html::TREE_FILE);
    let text = String::from_utf8(file.body.bytes().unwrap().to_vec()).unwrap();
    assert_eq!(
        text,
        "// The navigation tree, written by playbook for site.js.\nwindow.playbookNavTree=[[\"Part 0\",\"p0/\",[[\"Sub 0\",\"s/\",[[\"Chapter 0.0\",\"c0/\"],[\"Chapter 0.1\",\"c1/\"]]]]],[\"Loose & <odd>\",\"loose/\"]];\n"
    );
}

#[test]
fn the_key_follows_titles_and_places() {
    let key = |site: &Site| Tree::of(site).key();
    let a = site(2, 2);
    let mut b = site(2, 2);
    assert_eq!(key(&a), key(&b));
    b.chapters[0].title = "Renamed".into();
    assert_ne!(key(&a), key(&b));
    let mut c = site(2, 2);
    c.sections[1].children.reverse();
    assert_ne!(key(&a), key(&c));
    let mut d = site(2, 2);
    d.chapters[0].nav_title = Some("Short".into());
    assert_ne!(key(&a), key(&d), "the sidebar shows navigation titles");
    let mut e = site(2, 2);
    e.chapters[0].description = Some("Not in the sidebar".into());
    assert_eq!(
        key(&a),
        key(&e),
        "what the sidebar does not show does not count"
    );
}
