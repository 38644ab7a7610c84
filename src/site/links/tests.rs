use super::*;

fn map() -> LinkMap {
    let mut m = LinkMap::default();
    m.pages.insert(
        "01-the-leap/02-trap.md".into(),
        Target {
            href: "the-leap/trap/index.html".into(),
            draft: false,
        },
    );
    m.pages.insert(
        "01-the-leap".into(),
        Target {
            href: "the-leap/index.html".into(),
            draft: false,
        },
    );
    m.pages.insert(
        "checklists/first.toml".into(),
        Target {
            href: "checklists/first/index.html".into(),
            draft: false,
        },
    );
    m.pages.insert(
        "01-the-leap/wip.md".into(),
        Target {
            href: "the-leap/wip/index.html".into(),
            draft: true,
        },
    );
    m.assets.insert("01-the-leap/img/a b.png".into());
    m
}

#[test]
fn rewrites_relative_md_links_with_fragment() {
    let m = map();
    let links = m.for_page("02-job/01-x.md", "job/x/");
    assert_eq!(
        links.resolve("../01-the-leap/02-trap.md#the-story"),
        LinkTarget::Page("../../the-leap/trap/index.html#the-story".into())
    );
    assert_eq!(
        links.resolve("../checklists/first.toml"),
        LinkTarget::Page("../../checklists/first/index.html".into())
    );
    assert_eq!(
        links.resolve("../01-the-leap/"),
        LinkTarget::Page("../../the-leap/index.html".into())
    );
}

#[test]
fn keeps_external_and_fragment_links() {
    let m = map();
    let links = m.for_page("a.md", "a/");
    for dest in [
        "https://x.org/a.md",
        "mailto:a@b.c",
        "#top",
        "//cdn.example/x.png",
    ] {
        assert_eq!(links.resolve(dest), LinkTarget::Keep, "{dest}");
    }
}

#[test]
fn reports_missing_and_draft_targets() {
    let m = map();
    let links = m.for_page("01-the-leap/01-a.md", "the-leap/a/");
    assert!(
        matches!(links.resolve("nope.md"), LinkTarget::Broken { message, .. } if message.contains("content/01-the-leap/nope.md"))
    );
    assert!(
        matches!(links.resolve("wip.md"), LinkTarget::Broken { message, hint: Some(h), .. } if message.contains("draft") && h.contains("`content/01-the-leap/wip.md`"))
    );
}

#[test]
fn assets_are_copied_next_to_the_page() {
    let m = map();
    let links = m.for_page("01-the-leap/01-a.md", "the-leap/a/");
    assert_eq!(
        links.resolve("img/a%20b.png"),
        LinkTarget::Asset {
            url: "img/a%20b.png".into(),
            source: "01-the-leap/img/a b.png".into(),
            output: "the-leap/a/img/a b.png".into()
        }
    );
    let links = m.for_page("02-x/01-b.md", "x/b/");
    assert_eq!(
        links.resolve("../01-the-leap/img/a%20b.png"),
        LinkTarget::Asset {
            url: "a b.png".into(),
            source: "01-the-leap/img/a b.png".into(),
            output: "x/b/a b.png".into()
        }
    );
}

#[test]
fn a_page_url_works_and_is_told_to_link_the_md_file() {
    let mut m = map();
    m.seal();
    let links = m.for_page("01-the-leap/01-a.md", "the-leap/a/");
    let LinkTarget::Flagged {
        target, instead, ..
    } = links.resolve("../trap/#x")
    else {
        panic!("a warning")
    };
    assert_eq!(
        *target,
        LinkTarget::Page("../../the-leap/trap/index.html#x".into())
    );
    assert_eq!(instead.as_deref(), Some("02-trap.md#x"));
}

#[test]
fn a_link_in_the_wrong_case_or_misspelt_names_the_file() {
    let mut m = map();
    m.seal();
    let links = m.for_page("01-the-leap/01-a.md", "the-leap/a/");
    let LinkTarget::Broken { hint, instead, .. } = links.resolve("02-Trap.md#y") else {
        panic!("broken")
    };
    assert_eq!(instead.as_deref(), Some("02-trap.md#y"));
    assert!(hint.unwrap().contains("the web tells case apart"));
    let LinkTarget::Broken { instead, .. } = links.resolve("02-trpa.md") else {
        panic!("broken")
    };
    assert_eq!(instead.as_deref(), Some("02-trap.md"));
}

#[test]
fn root_prefix_counts_folders() {
    assert_eq!(root_prefix(""), "");
    assert_eq!(root_prefix("a/b/"), "../../");
}
