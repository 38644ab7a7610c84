//! Code highlighting with syntect: syntaxes and themes loaded once from syntect's bundled dumps,
//! output as CSS classes (`hl-*`) so one stylesheet, generated from the configured themes,
//! colours every page. An unknown language is escaped plain text.
use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Renders a code block as `<pre><code>` with highlighted spans, or escaped plain text when
/// the language is missing or unknown.
pub(crate) fn code_block(code: &str, lang: &str) -> String {
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let mut out = String::with_capacity(code.len() * 2);
    match syntax {
        Some(syntax) => {
            out.push_str(&format!(
                "<pre class=\"code\" data-lang=\"{}\"><code>",
                escape(lang)
            ));
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
            for line in LinesWithEndings::from(code) {
                if generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    return plain(code, lang);
                }
            }
            out.push_str(&generator.finalize());
            out.push_str("</code></pre>\n");
            out
        }
        None => plain(code, lang),
    }
}

fn plain(code: &str, lang: &str) -> String {
    let attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\"{attr}><code>{}</code></pre>\n",
        escape(code)
    )
}

/// Whether syntect knows a theme by this name.
pub(crate) fn has_theme(name: &str) -> bool {
    THEMES.themes.contains_key(name)
}

/// Theme names, for error messages.
pub(crate) fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

/// The stylesheet for code blocks: `light` by default, `dark` under `prefers-color-scheme: dark`
/// unless the reader chose light, and under `[data-theme=dark]`.
pub(crate) fn stylesheet(light: &str, dark: &str) -> String {
    let css = |name: &str| {
        THEMES
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    let dark_css = css(dark);
    format!(
        "/* Generated from the syntect themes \"{light}\" and \"{dark}\". */\n{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        css(light),
        scope(&dark_css, ":root:not([data-theme=light])"),
        scope(&dark_css, ":root[data-theme=dark]")
    )
}

/// Prefixes every selector of a flat stylesheet with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('.') && trimmed.trim_end().ends_with('{') {
            let selectors = trimmed.trim_end().trim_end_matches('{');
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|s| format!("{prefix} {}", s.trim()))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_language_with_classes() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("data-lang=\"rust\""));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = code_block("<b>x</b>\n", "nosuchlang");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn stylesheet_scopes_dark_theme() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark");
        assert!(
            css.contains(":root[data-theme=dark] .hl-"),
            "{}",
            &css[..200.min(css.len())]
        );
    }
}
