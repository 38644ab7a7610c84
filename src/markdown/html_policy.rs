//! The raw-HTML policy (`[markdown] raw_html`), applied to what authors write in Markdown:
//! chapters, checklist text and details. `allow` (the default: authors are trusted) passes
//! their HTML and links through; `escape` shows their HTML as text; `sanitize` keeps the HTML
//! an allow-list accepts (ammonia: no scripts, no event handlers, no `javascript:` URLs) and
//! what the theme needs (ids, classes, heading anchors, task-list boxes, callouts,
//! highlighted code). Both also drop link and image URLs of schemes that run code. Decides
//! nothing else; the Markdown pass calls it where it meets the author's HTML and URLs. (URLs
//! inside raw HTML are resolved by `rawhtml.rs`.)
use super::Pass;
use crate::config::RawHtml;
use pulldown_cmark::{CowStr, Event};
use std::sync::LazyLock;

impl<'a> Pass<'a, '_> {
    /// HTML the author wrote (a block, or inline), starting at byte `offset` of the body, as
    /// the policy has it: under `escape`, text; else, with its URLs resolved like Markdown
    /// links when `offset` is given (`raw_urls`), and the page marked as holding HTML of its
    /// own (sanitized whole under `sanitize`, once written).
    pub(super) fn author_html(&mut self, html: CowStr<'a>, offset: Option<usize>, block: bool) {
        if self.policy == RawHtml::Escape {
            self.out.push(Event::Text(html));
            return;
        }
        self.raw_html = true;
        let html = match offset {
            Some(offset) => self.raw_urls(&html, offset),
            None => html,
        };
        self.out.push(if block {
            Event::Html(html)
        } else {
            Event::InlineHtml(html)
        });
    }
}

/// True when the page's HTML, as written, goes through `sanitize` (`policy` is `sanitize`
/// and the page holds HTML of its author's).
pub(crate) fn needs_sanitizing(policy: RawHtml, has_author_html: bool) -> bool {
    policy == RawHtml::Sanitize && has_author_html
}

/// A link (or, with `image`, an image) URL as written by an author: under `escape` and
/// `sanitize`, one whose scheme can run code (`javascript:`, `vbscript:`, `data:` but for
/// images) becomes `#`.
pub(crate) fn author_url<'a>(policy: RawHtml, url: CowStr<'a>, image: bool) -> CowStr<'a> {
    if policy == RawHtml::Allow || url_is_safe(&url, image) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// Relative URLs and those of `http`, `https`, `mailto` and `tel` (and `data:image/` for
/// images). The scheme is read as browsers read it: tabs and newlines inside it are ignored,
/// and so are leading spaces and control characters.
fn url_is_safe(url: &str, image: bool) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = url.find(':') else {
        return true;
    };
    if url[..colon].contains(['/', '?', '#']) {
        return true; // the colon is in the path, query or fragment: a relative URL
    }
    let scheme = url[..colon].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        || image && url[colon + 1..].to_ascii_lowercase().starts_with("image/") && scheme == "data"
}

/// Plain text (a checklist or section title) written into a Markdown file so that it reads
/// as the same text: the characters Markdown would take for markup (HTML, links, emphasis,
/// code, entities) are escaped with a backslash, and line breaks become spaces.
pub(crate) fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markdown (checklist text, details, descriptions) copied into a Markdown export: under
/// `escape` and `sanitize`, the author's HTML in it is escaped (`<` as `&lt;`), so that the
/// export, rendered elsewhere, runs none of it.
pub(crate) fn markdown_copy(policy: RawHtml, md: &str) -> std::borrow::Cow<'_, str> {
    if policy == RawHtml::Allow || !md.contains('<') {
        return std::borrow::Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len() + 16);
    let mut copied = 0;
    for (event, range) in pulldown_cmark::Parser::new(md).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) && range.start >= copied {
            out.push_str(&md[copied..range.start]);
            out.push_str(&md[range.clone()].replace('<', "&lt;"));
            copied = range.end;
        }
    }
    out.push_str(&md[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The page's HTML with everything the allow-list does not accept removed.
pub(crate) fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The allow-list: ammonia's defaults (which drop `<script>`, `<style>`, event handlers and
/// `javascript:` URLs), plus what playbook's Markdown and theme write.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["section", "input", "figure", "figcaption"])
        .add_generic_attributes(["id", "class", "role", "aria-label", "aria-hidden"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        // Task lists: a disabled tick box, ticked or not, and nothing else.
        .add_tag_attributes("input", ["checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .set_tag_attribute_value("input", "disabled", "")
        .add_tag_attributes("pre", ["data-lang"])
        // Links keep the `rel` they had (none), and embedded checklists their markers.
        .link_rel(None)
        .strip_comments(false);
    b
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_exports_escape_what_they_copy() {
        assert_eq!(
            markdown_text("Weeks 1-2: <b>listen</b> & [learn]"),
            "Weeks 1-2: \\<b\\>listen\\</b\\> \\& \\[learn\\]"
        );
        let md = "Ask <img src=x onerror=alert(1)> and keep `a <b> c` as code.";
        assert_eq!(markdown_copy(RawHtml::Allow, md), md);
        assert_eq!(
            markdown_copy(RawHtml::Sanitize, md),
            "Ask &lt;img src=x onerror=alert(1)> and keep `a <b> c` as code."
        );
        let block = "<div>\n<script>alert(1)</script>\n</div>\n\nText.";
        assert!(!markdown_copy(RawHtml::Escape, block).contains("<script"));
    }

    #[test]
    fn urls_of_schemes_that_run_code_are_unsafe() {
        for safe in [
            "https://example.org/",
            "http://x",
            "mailto:a@b.c",
            "tel:+1",
            "../a.md",
            "a.md#x:y",
            "#top",
            "/abs/path",
            "?q=a:b",
            "img/a:b.png",
        ] {
            assert!(url_is_safe(safe, false), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "file:///etc/passwd",
        ] {
            assert!(!url_is_safe(unsafe_url, false), "{unsafe_url:?}");
        }
        assert!(url_is_safe("data:image/png;base64,AAAA", true));
        assert!(!url_is_safe("data:image/png;base64,AAAA", false));
        assert!(!url_is_safe("data:text/html,x", true));
    }

    #[test]
    fn sanitizing_drops_scripts_handlers_and_script_urls_and_keeps_the_theme_markup() {
        let out = sanitize(concat!(
            "<h2 id=\"a\" class=\"x\">A<a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>",
            "<script>alert(1)</script><p onclick=\"alert(2)\">text</p>",
            "<a href=\"javascript:alert(3)\">bad</a><img src=x onerror=\"alert(4)\">",
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p></div>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\"> done</li></ul>",
            "<input type=\"text\" name=\"password\">",
            "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"kw\">fn</span></code></pre>",
            "<table><tr><th style=\"text-align: center; background: url(x)\">h</th></tr></table>",
            "<!--playbook:checklist:first-90-days-->",
            "<iframe src=\"https://evil.example/\"></iframe><form action=\"x\"><button>go</button></form>"
        ));
        for gone in [
            "<script",
            "alert(",
            "onclick",
            "onerror",
            "javascript:",
            "<iframe",
            "<form",
            "password",
            "type=\"text\"",
            "background",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        for kept in [
            "<h2 id=\"a\" class=\"x\">",
            "<a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a>",
            "<div class=\"callout callout-note\" role=\"note\">",
            "type=\"checkbox\"",
            "checked=\"\"",
            "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"kw\">fn</span>",
            "text-align:center",
            "<!--playbook:checklist:first-90-days-->",
        ] {
            assert!(out.contains(kept), "{kept} not in {out}");
        }
    }
}
