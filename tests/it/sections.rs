//! Sections at any depth, as a handbook written for GitHub has them: `tests/fixtures/handbook`
//! is four folders deep and mixes `_index.md`, `index.md`, `README.md` and folders with none.
//! Every Markdown file becomes a page; section pages list their children; breadcrumbs,
//! previous/next, links to folders and index files, search, print and URLs follow the tree.
use crate::harness::SiteTest;
use crate::hosting::{broken_links, resolve};
use std::path::Path;

fn built() -> (SiteTest, crate::harness::Run) {
    let t = SiteTest::from_fixture("handbook");
    let run = t.build();
    (t, run)
}

/// Every `.md` file under `dir`, as paths relative to it.
fn markdown_files(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read fixture").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if e.path().is_dir() {
            markdown_files(&e.path(), &rel, out);
        } else if name.ends_with(".md") {
            out.push(rel);
        }
    }
}

/// The text of the first `<h1>` of an output page.
fn h1(t: &SiteTest, page: &str) -> String {
    let html = t.main_html(page);
    let start = html.find("<h1>").map(|i| i + 4).expect("an <h1>");
    html[start..start + html[start..].find("</h1>").expect("</h1>")].to_string()
}

#[test]
fn every_markdown_file_becomes_a_page() {
    let (t, run) = built();
    let mut files = Vec::new();
    markdown_files(&t.path().join("content"), "", &mut files);
    files.sort();
    assert_eq!(files.len(), 19);
    // Each file's title (its first heading, or the front matter's) is the <h1> of one page.
    let mut titles: Vec<String> = t
        .output_files()
        .iter()
        .filter(|p| {
            p.ends_with("index.html")
                && !p.contains("print/")
                && !p.starts_with("search/")
                && !p.starts_with("checklists/")
        })
        .map(|p| h1(&t, p))
        .collect();
    titles.sort();
    let mut want: Vec<String> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(t.path().join("content").join(f)).unwrap();
            let from_heading = text.lines().find_map(|l| l.strip_prefix("# "));
            let from_front_matter = text
                .lines()
                .find_map(|l| l.strip_prefix("title = \"")?.strip_suffix('"'));
            from_heading
                .or(from_front_matter)
                .expect("a title")
                .to_string()
        })
        .collect();
    // Folders without an index file get a page of their own too.
    want.extend(["History", "Onsite", "Releases"].map(String::from));
    want.sort();
    assert_eq!(titles, want);
    for (page, title) in [
        ("index.html", "Acme handbook"),
        ("company/index.html", "Company"),
        ("company/readme/index.html", "Company readme"),
        ("company/history/index.html", "History"),
        (
            "company/history/2019-01-15-founding/index.html",
            "Founding day",
        ),
        (
            "company/history/2024-01-15-ten-people/index.html",
            "Ten people",
        ),
        ("engineering/index.html", "Engineering"),
        ("engineering/hiring/index.html", "Hiring"),
        ("engineering/hiring/interviews/index.html", "Interviews"),
        ("engineering/hiring/interviews/onsite/index.html", "Onsite"),
        (
            "engineering/hiring/interviews/onsite/agenda/index.html",
            "Onsite agenda",
        ),
        ("engineering/onboarding/index.html", "Onboarding"),
        ("releases/1.0/index.html", "Release 1.0"),
        ("releases/2.0/index.html", "Release 2.0"),
        ("releases/4-0-0/index.html", "Release 4-0-0"),
    ] {
        assert_eq!(h1(&t, page), title, "{page}");
    }
    // The README beside `_index.md` is published, and the build says why it is not the
    // section's page.
    assert!(
        run.stderr.contains("warning: published as an ordinary page: `_index.md` beside it is the page of `01-company/`\n --> content/01-company/README.md"),
        "{}",
        run.stderr
    );
    assert_eq!(broken_links(&t), Vec::<String>::new());
}

/// Titles and hrefs of the links of a page's `.chapter-list`.
fn listed(t: &SiteTest, page: &str) -> Vec<String> {
    let html = t.main_html(page);
    let list = &html[html.find("class=\"chapter-list\"").expect("a list")..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li")
        .skip(1)
        .map(|li| {
            let section = if li.starts_with(" class=\"is-section\"") {
                "/"
            } else {
                ""
            };
            let a = &li[li.find("<a href=\"").unwrap()..];
            let title = &a[a.find("\">").unwrap() + 2..a.find("</a>").unwrap()];
            format!("{title}{section}")
        })
        .collect()
}

#[test]
fn section_pages_list_their_subsections_and_chapters_in_order() {
    let (t, _) = built();
    assert_eq!(
        listed(&t, "engineering/hiring/index.html"),
        ["Interviews/", "Sourcing"],
        "weight 1 puts Interviews first"
    );
    assert_eq!(
        listed(&t, "engineering/hiring/interviews/index.html"),
        ["Onsite/", "Phone screen"]
    );
    assert_eq!(
        listed(&t, "engineering/hiring/interviews/onsite/index.html"),
        ["Onsite agenda", "Debrief"]
    );
    assert_eq!(
        listed(&t, "engineering/index.html"),
        ["Hiring/", "Onboarding/"]
    );
    assert_eq!(
        listed(&t, "releases/index.html"),
        ["Release 1.0", "Release 2.0", "Release 4-0-0"]
    );
    let intro = t.main_html("engineering/hiring/interviews/index.html");
    assert!(
        intro.contains("Interviews come first in this section"),
        "{intro}"
    );
    // The home page lists the top-level sections with their children.
    let home = t.main_html("index.html");
    for want in [
        "<a href=\"engineering/index.html\">Engineering</a>",
        "<li class=\"is-section\"><a href=\"engineering/hiring/index.html\">Hiring</a></li>",
        "<a href=\"about/index.html\">About this handbook</a>",
    ] {
        assert!(home.contains(want), "{want} in {home}");
    }
}

#[test]
fn breadcrumbs_follow_the_whole_path() {
    let (t, _) = built();
    let page = t.read("engineering/hiring/interviews/onsite/agenda/index.html");
    let crumbs = &page[page.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let up = "../../../../../";
    let want = format!(
        "<li><a href=\"{up}index.html\">Handbook</a></li><li><a href=\"{up}engineering/index.html\">Engineering</a></li><li><a href=\"{up}engineering/hiring/index.html\">Hiring</a></li><li><a href=\"{up}engineering/hiring/interviews/index.html\">Interviews</a></li><li><a href=\"{up}engineering/hiring/interviews/onsite/index.html\">Onsite</a></li><li aria-current=\"page\">Onsite agenda</li>"
    );
    assert!(crumbs.contains(&want), "{crumbs}");
    let section = t.read("engineering/hiring/interviews/index.html");
    assert!(
        section.contains("<li><a href=\"../../../engineering/hiring/index.html\">Hiring</a></li><li aria-current=\"page\">Interviews</li>"),
        "a section's page has the way to it too"
    );
    assert!(
        t.main_html("engineering/hiring/interviews/onsite/agenda/index.html").contains(
            "<p class=\"kicker\"><a href=\"../../../../../engineering/hiring/interviews/onsite/index.html\">Onsite</a></p>"
        ),
        "the kicker names the nearest section"
    );
}

#[test]
fn previous_and_next_follow_reading_order_through_the_tree() {
    let (t, _) = built();
    // From the first page of the tree, follow every "next" link to the end.
    let mut page = "company/index.html".to_string();
    let mut order = vec![h1(&t, &page)];
    while let Some(at) = t.main_html(&page).find("rel=\"next\" href=\"") {
        let html = t.main_html(&page);
        let href = &html[at + 17..];
        let href = &href[..href.find('"').unwrap()];
        let root = t.path().join("public");
        let target = resolve(&root, Path::new(&page).parent().unwrap(), href);
        page = target
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        order.push(h1(&t, &page));
        assert!(order.len() < 40, "a cycle: {order:?}");
    }
    assert_eq!(
        order,
        [
            "Company",
            "Values",
            "History",
            "Founding day",
            "Ten people",
            "Company readme",
            "About this handbook",
            "Engineering",
            "Hiring",
            "Interviews",
            "Onsite",
            "Onsite agenda",
            "Debrief",
            "Phone screen",
            "Sourcing",
            "Onboarding",
            "First week",
            "Releases",
            "Release 1.0",
            "Release 2.0",
            "Release 4-0-0",
        ]
    );
    let first = t.main_html("company/index.html");
    assert!(!first.contains("rel=\"prev\""), "{first}");
    let agenda = t.main_html("engineering/hiring/interviews/onsite/agenda/index.html");
    assert!(
        agenda.contains("rel=\"prev\" href=\"../../../../../engineering/hiring/interviews/onsite/index.html\"><span>Previous</span>Onsite</a>"),
        "{agenda}"
    );
}

#[test]
fn links_to_folders_index_files_and_readmes_reach_the_section_page() {
    let (t, _) = built();
    let agenda = t.main_html("engineering/hiring/interviews/onsite/agenda/index.html");
    let up = "../../../../../";
    for (text, href) in [
        ("hiring", "engineering/hiring/index.html"),
        ("hiring’s README", "engineering/hiring/index.html"),
        ("engineering", "engineering/index.html"),
        ("interviews", "engineering/hiring/interviews/index.html"),
        (
            "the folder",
            "engineering/hiring/interviews/onsite/index.html",
        ),
        (
            "the debrief",
            "engineering/hiring/interviews/onsite/debrief/index.html",
        ),
    ] {
        let want = format!("<a href=\"{up}{href}\">{text}</a>");
        assert!(agenda.contains(&want), "{want} in {agenda}");
    }
    let home = t.main_html("index.html");
    assert!(
        home.contains("<a href=\"company/index.html\">the company</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"engineering/index.html\">engineering</a>"),
        "{home}"
    );
    let values = t.main_html("company/values/index.html");
    assert!(
        values.contains("<a href=\"../../index.html\">handbook</a>"),
        "the home README: {values}"
    );
    let eng = t.main_html("engineering/index.html");
    assert!(
        eng.contains("<a href=\"../index.html\">the handbook</a>"),
        "the content folder: {eng}"
    );
}

#[test]
fn checklists_in_section_folders_search_and_print_follow_the_tree() {
    let (t, _) = built();
    // A checklist beside a section's pages gets its page, and a page deep down embeds it.
    assert!(t.exists("checklists/interview-loop/index.html"));
    let debrief = t.main_html("engineering/hiring/interviews/onsite/debrief/index.html");
    assert!(
        debrief.contains("data-checklist=\"interview-loop\""),
        "{debrief}"
    );
    let hiring = t.main_html("engineering/hiring/index.html");
    assert!(
        hiring.contains("<h2>Checklists</h2>\n  <ul class=\"chapter-list\">\n    <li><a href=\"../../checklists/interview-loop/index.html\">Interview loop</a></li>"),
        "the section's page lists the checklist in its folder: {hiring}"
    );
    assert!(
        !t.main_html("engineering/index.html")
            .contains("<h2>Checklists</h2>")
    );
    assert!(
        hiring.contains(
            "href=\"../../checklists/interview-loop/index.html\">interview loop checklist</a>"
        ),
        "{hiring}"
    );

    // Search results carry the whole path.
    let pages = crate::search::index_pages(&t);
    let crumbs = |url: &str| {
        pages
            .iter()
            .find(|p| p[0] == url)
            .unwrap_or_else(|| panic!("{url} not indexed"))[1]
            .clone()
    };
    assert_eq!(
        crumbs("engineering/hiring/interviews/onsite/agenda/index.html"),
        serde_json::json!(["Engineering", "Hiring", "Interviews", "Onsite"])
    );
    assert_eq!(
        crumbs("engineering/hiring/interviews/index.html"),
        serde_json::json!(["Engineering", "Hiring"])
    );
    assert_eq!(crumbs("engineering/index.html"), serde_json::json!([]));

    // A top-level section prints with every page under it, nested sections with their intros.
    let print = t.read("engineering/print/index.html");
    let at = |s: &str| {
        print
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing from the print page"))
    };
    let order = [
        "<section class=\"print-section\" id=\"part-engineering-hiring\">",
        "<section class=\"print-section\" id=\"part-engineering-hiring-interviews\">",
        "Interviews come first in this section",
        "<section class=\"print-section\" id=\"part-engineering-hiring-interviews-onsite\">",
        "<section class=\"print-chapter\" id=\"ch-engineering-hiring-interviews-onsite-agenda\">",
        "<section class=\"print-chapter\" id=\"ch-engineering-hiring-interviews-onsite-debrief\">",
        "<section class=\"print-chapter\" id=\"ch-engineering-hiring-sourcing\">",
        "<section class=\"print-chapter\" id=\"ch-engineering-onboarding-first-week\">",
        "<section class=\"print-checklists-part\" id=\"checklists\">",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Links between its pages stay inside the document.
    assert!(
        print.contains("<a href=\"#part-engineering-hiring\">hiring</a>")
            && print.contains("<a href=\"#top\">engineering</a>"),
        "links to sections in the document are anchors"
    );
    // The contents nest as the tree does.
    assert!(
        print.contains("<li><a href=\"#part-engineering-hiring-interviews\"><span class=\"number\">1.1</span> Interviews</a><ol><li><a href=\"#part-engineering-hiring-interviews-onsite\"><span class=\"number\">1.1.1</span> Onsite</a><ol><li><a href=\"#ch-engineering-hiring-interviews-onsite-agenda\"><span class=\"number\">1.1.1.1</span> Onsite agenda</a></li>"),
        "{}",
        &print[print.find("print-contents").unwrap()..][..3000.min(print.len() - print.find("print-contents").unwrap())]
    );
    let book = t.read("print/index.html");
    assert!(book.contains("<section class=\"print-part\" id=\"part-engineering\">"));
    assert!(book.contains(
        "<section class=\"print-section\" id=\"part-engineering-hiring-interviews-onsite\">"
    ));
    assert!(
        !t.exists("engineering/hiring/print/index.html"),
        "only top-level sections print"
    );
}

#[test]
fn pages_at_one_url_by_accident_both_get_published() {
    let t = SiteTest::new("url-collisions")
        .file("content/guide/01-setup.md", "# Setup one\n")
        .file("content/guide/02-setup.md", "# Setup two\n")
        .file("content/team.md", "# The team page\n")
        .file("content/team/hiring.md", "# Hiring\n");
    let run = t.build();
    assert_eq!(h1(&t, "guide/setup/index.html"), "Setup one");
    assert_eq!(h1(&t, "guide/02-setup/index.html"), "Setup two");
    assert_eq!(
        h1(&t, "team/index.html"),
        "Team",
        "the folder keeps its URL"
    );
    assert_eq!(h1(&t, "team-2/index.html"), "The team page");
    for want in [
        "warning: the URL `guide/setup/` is taken by content/guide/01-setup.md: this page is published at `guide/02-setup/`\n --> content/guide/02-setup.md",
        "warning: the URL `team/` is taken by content/team/: this page is published at `team-2/`\n --> content/team.md",
    ] {
        assert!(run.stderr.contains(want), "{want} in {}", run.stderr);
    }
}

#[test]
fn the_sidebar_shows_navigation_titles_of_sections_and_chapters() {
    let t = SiteTest::new("nav-titles")
        .file(
            "content/team/_index.md",
            "---\ntitle: Everything about the team\nlinkTitle: Team\n---\nIntro.\n",
        )
        .file(
            "content/team/hiring/onsite.md",
            "---\ntitle: The onsite interview, hour by hour\nsidebar_label: Onsite\n---\nText.\n",
        );
    t.build();
    let page = t.read("team/hiring/onsite/index.html");
    let sidebar = &page[page.find("id=\"sidebar\"").unwrap()..page.find("</nav>").unwrap()];
    assert!(sidebar.contains(">Team</a>"), "{sidebar}");
    assert!(
        sidebar.contains("aria-current=\"page\">Onsite</a>"),
        "{sidebar}"
    );
    assert!(!sidebar.contains("Everything about"), "{sidebar}");
    assert_eq!(h1(&t, "team/index.html"), "Everything about the team");
    assert!(
        page.contains(
            "<li><a href=\"../../../team/index.html\">Everything about the team</a></li>"
        ),
        "breadcrumbs keep the full title"
    );
}
