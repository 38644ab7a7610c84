//! The raw-HTML policy, `[markdown] raw_html`: authors are trusted by default (their HTML,
//! scripts and `javascript:` links pass through); `escape` shows their HTML as text;
//! `sanitize` keeps what an allow-list accepts and what the theme needs. Chapters, checklist
//! text and details follow it; the checklists' Markdown exports escape what they copy.
use crate::harness::SiteTest;

const CHAPTER: &str = "# Guide\n\n## Plan {#plan}\n\nKeep <b>this</b> and <span onclick=\"alert('handler')\">that</span>.\n\n<script>alert('block')</script>\n\n[bad](javascript:alert('link')) [good](https://example.org/) [mail](mailto:a@b.c)\n\n> [!NOTE]\n> A callout.\n\n- [x] done\n- [ ] to do\n\n```rust\nfn main() {}\n```\n\n<div class=\"wide\" id=\"raw-div\"><img src=\"x.png\" onerror=\"alert('img')\"></div>\n";

const CHECKLIST: &str = "title = \"Launch <b>plan</b>\"\n[[sections]]\ntitle = \"Week <i>1</i>\"\n[[sections.items]]\ntext = \"Call <img src=x.png onerror=alert(1)> the team\"\ndetail = \"See [docs](javascript:alert('detail')) <script>alert('detail')</script>\"\n";

fn site(name: &str, policy: Option<&str>) -> SiteTest {
    let config = policy.map_or_else(String::new, |p| format!("[markdown]\nraw_html = \"{p}\"\n"));
    SiteTest::new(name)
        .file("site.toml", &config)
        .file("content/guide.md", CHAPTER)
        .file("content/checklists/launch.toml", CHECKLIST)
        .file("content/x.png", "png")
        .file("content/checklists/x.png", "png")
}

#[test]
fn authors_are_trusted_by_default() {
    let t = site("raw-allow", None);
    t.build();
    let page = t.main_html("guide/index.html");
    for kept in [
        "<script>alert('block')</script>",
        "onclick=\"alert('handler')\"",
        "href=\"javascript:alert(",
        "onerror=\"alert('img')\"",
    ] {
        assert!(page.contains(kept), "{kept} not in {page}");
    }
    let list = t.main_html("checklists/launch/index.html");
    assert!(list.contains("<img src=x.png onerror=alert(1)>"), "{list}");
}

#[test]
fn escape_shows_the_authors_html_as_text() {
    let t = site("raw-escape", Some("escape"));
    t.build();
    let page = t.main_html("guide/index.html");
    assert!(
        page.contains("&lt;script&gt;alert('block')&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;b&gt;this&lt;/b&gt;"), "{page}");
    assert!(
        !page.contains("<script") && !page.contains("<span onclick"),
        "{page}"
    );
    assert!(!page.contains("javascript:alert"), "{page}");
    assert!(
        page.contains("href=\"https://example.org/\"") && page.contains("href=\"mailto:a@b.c\"")
    );
    // What playbook writes itself is untouched.
    assert!(page.contains("<h2 id=\"plan\">"), "{page}");
    assert!(page.contains("callout callout-note"), "{page}");
    let list = t.main_html("checklists/launch/index.html");
    assert!(
        !list.contains("<img") && !list.contains("<script"),
        "{list}"
    );
    assert!(list.contains("&lt;img"), "{list}");
}

#[test]
fn sanitize_keeps_the_theme_markup_and_drops_what_runs() {
    let t = site("raw-sanitize", Some("sanitize"));
    t.build();
    let page = t.main_html("guide/index.html");
    for gone in [
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "alert('block')",
    ] {
        assert!(!page.contains(gone), "{gone} in {page}");
    }
    for kept in [
        "<b>this</b>",
        "<h2 id=\"plan\">",
        "class=\"anchor\" href=\"#plan\"",
        "class=\"callout callout-note\"",
        "type=\"checkbox\"",
        "class=\"code\"",
        "id=\"raw-div\"",
        "href=\"https://example.org/\"",
    ] {
        assert!(page.contains(kept), "{kept} not in {page}");
    }
    let list = t.main_html("checklists/launch/index.html");
    for gone in ["onerror=", "<script", "javascript:"] {
        assert!(!list.contains(gone), "{gone} in {list}");
    }
    assert!(list.contains("the team"), "{list}");
    // The print documents hold the same chapter, sanitized too.
    let print = t.read("print/index.html");
    assert!(
        !print.contains("alert('block')") && !print.contains("onclick"),
        "print"
    );
}

#[test]
fn markdown_exports_escape_what_they_copy() {
    let t = site("raw-export", Some("sanitize"));
    t.build();
    let md = t.read("checklists/launch/launch.md");
    assert!(md.starts_with("# Launch \\<b\\>plan\\</b\\>\n"), "{md}");
    assert!(md.contains("## Week \\<i\\>1\\</i\\>"), "{md}");
    assert!(
        md.contains("Call &lt;img src=x.png onerror=alert(1)> the team"),
        "{md}"
    );
    assert!(!md.contains("<script"), "{md}");
    // Trusted authors get their Markdown copied as written; titles are still text.
    let t = site("raw-export-allow", None);
    t.build();
    let md = t.read("checklists/launch/launch.md");
    assert!(md.starts_with("# Launch \\<b\\>plan\\</b\\>\n"), "{md}");
    assert!(
        md.contains("Call <img src=x.png onerror=alert(1)> the team"),
        "{md}"
    );
}

#[test]
fn an_unknown_policy_is_an_error_naming_the_line() {
    let t = SiteTest::new("raw-bad")
        .file(
            "site.toml",
            "title = \"T\"\n\n[markdown]\nraw_html = \"strip\"\n",
        )
        .file("content/a.md", "# A\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("site.toml:4"), "{}", run.stderr);
    assert!(
        run.stderr.contains("allow") && run.stderr.contains("sanitize"),
        "{}",
        run.stderr
    );
}
