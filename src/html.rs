//! Escaping for HTML, in one place: `escape` for element text and attribute values (the
//! templates' autoescape, every bit of markup written in Rust, and the same bytes
//! pulldown-cmark writes, which the relocatable HTML of the print documents relies on);
//! `escape_href` for URLs, as pulldown-cmark writes them (links rewritten after the Markdown
//! pass must match its output); `unescape` reads an attribute value back.

/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// `escape`, appending to `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

/// A URL as pulldown-cmark writes it in an `href` or `src` (percent-encoding what a URL must
/// not hold, escaping `&` and `'`).
pub(crate) fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

/// An attribute value as written, with the entities a URL or an id may hold decoded.
pub(crate) fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reads_back() {
        let text = "a & <b> \"c\" 'd'";
        assert_eq!(escape(text), "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;");
        assert_eq!(unescape(&escape(text)), text);
        assert_eq!(unescape("plain.png"), "plain.png");
        assert_eq!(escape_href("a b.md?x=1&y=2"), "a%20b.md?x=1&amp;y=2");
    }

    #[test]
    fn escapes_text_as_pulldown_cmark_does() {
        let all: String = (0u8..128).map(char::from).chain("é語".chars()).collect();
        let mut cmark = String::new();
        pulldown_cmark_escape::escape_html(&mut cmark, &all).unwrap();
        assert_eq!(cmark, escape(&all));
    }
}
