//! Code highlighting with syntect: syntaxes and themes loaded once from syntect's bundled dumps.
//! Each token gets at most one short class naming its kind (`hl-keyword`, `hl-string`, …,
//! like Pygments or Chroma) instead of one nested span per syntect scope: a highlighted block
//! is a few times smaller, and one stylesheet, generated from the configured themes, colours
//! every page. An unknown language is escaped plain text.
use std::sync::LazyLock;
use syntect::highlighting::{FontStyle, Highlighter, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Token kinds: (syntect scope prefix, class, scope the stylesheet takes the theme's style
/// from). A token takes the class of its innermost scope that starts with a prefix; the
/// first matching row wins, so specific prefixes come before general ones.
const KINDS: &[(&str, &str, &str)] = &[
    ("comment", "comment", "comment.line"),
    ("punctuation.definition.comment", "comment", "comment.line"),
    ("string.regexp", "regexp", "string.regexp"),
    (
        "constant.character.escape",
        "escape",
        "constant.character.escape",
    ),
    ("string", "string", "string.quoted.double"),
    (
        "punctuation.definition.string",
        "string",
        "string.quoted.double",
    ),
    ("constant.numeric", "number", "constant.numeric"),
    ("constant.language", "constant", "constant.language"),
    ("constant", "constant", "constant.other"),
    ("support.constant", "constant", "support.constant"),
    ("keyword.operator", "operator", "keyword.operator"),
    ("keyword", "keyword", "keyword.control"),
    ("storage.type", "storage-type", "storage.type"),
    ("storage", "storage", "storage.modifier"),
    ("entity.name.function", "function", "entity.name.function"),
    ("variable.function", "function", "entity.name.function"),
    ("support.function", "builtin", "support.function"),
    ("entity.name.tag", "tag", "entity.name.tag"),
    (
        "entity.other.attribute-name",
        "attribute",
        "entity.other.attribute-name",
    ),
    (
        "entity.other.inherited-class",
        "type",
        "entity.other.inherited-class",
    ),
    ("entity.name", "type", "entity.name.class"),
    ("support.type", "type", "support.type"),
    ("support.class", "type", "support.class"),
    ("variable.parameter", "parameter", "variable.parameter"),
    ("variable.language", "self", "variable.language"),
    ("markup.heading", "heading", "markup.heading"),
    ("markup.bold", "bold", "markup.bold"),
    ("markup.italic", "italic", "markup.italic"),
    ("markup.inserted", "inserted", "markup.inserted"),
    ("markup.deleted", "deleted", "markup.deleted"),
    ("invalid", "invalid", "invalid.illegal"),
];

/// `KINDS` with its prefixes parsed once.
static PREFIXES: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    KINDS
        .iter()
        .filter_map(|(prefix, class, _)| Scope::new(prefix).ok().map(|s| (s, *class)))
        .collect()
});

/// The class of tokens whose innermost scope is `scope` (before looking at outer scopes).
fn kind_of(scope: Scope) -> Option<&'static str> {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<Scope, Option<&'static str>>> = Default::default();
    }
    MEMO.with_borrow_mut(|memo| {
        *memo.entry(scope).or_insert_with(|| {
            PREFIXES
                .iter()
                .find(|(prefix, _)| prefix.is_prefix_of(scope))
                .map(|(_, class)| *class)
        })
    })
}

/// A syntect scope stack with the token class at each depth: the innermost scope's kind,
/// else the kind of the scopes around it.
#[derive(Default)]
struct Classes {
    scopes: ScopeStack,
    classes: Vec<Option<&'static str>>,
}

impl Classes {
    fn apply(&mut self, op: &ScopeStackOp) -> Result<(), syntect::parsing::ScopeError> {
        self.scopes.apply(op)?;
        match op {
            ScopeStackOp::Push(scope) => self.classes.push(kind_of(*scope).or(self.current())),
            ScopeStackOp::Pop(n) => self.classes.truncate(self.classes.len().saturating_sub(*n)),
            ScopeStackOp::Noop => {}
            ScopeStackOp::Clear(_) | ScopeStackOp::Restore => {
                self.classes.clear();
                for scope in self.scopes.as_slice() {
                    self.classes.push(kind_of(*scope).or(self.current()));
                }
            }
        }
        Ok(())
    }

    fn current(&self) -> Option<&'static str> {
        self.classes.last().copied().flatten()
    }
}

/// Renders a code block as `<pre><code>` with highlighted spans, or escaped plain text when
/// the language is missing or unknown.
pub(crate) fn code_block(code: &str, lang: &str) -> String {
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return plain(code, lang);
    };
    let mut out = String::with_capacity(code.len() * 3 + 64);
    out.push_str("<pre class=\"code\" data-lang=\"");
    escape_into(&mut out, lang);
    out.push_str("\"><code>");
    let mut state = ParseState::new(syntax);
    let mut stack = Classes::default();
    for line in LinesWithEndings::from(code) {
        let Ok(ops) = state.parse_line(line, &SYNTAXES) else {
            return plain(code, lang);
        };
        let mut from = 0;
        let mut open: Option<&str> = None;
        for (at, op) in ops
            .iter()
            .map(|(at, op)| (*at, op))
            .chain(std::iter::once((line.len(), &ScopeStackOp::Noop)))
        {
            if at > from {
                span(&mut out, &mut open, stack.current(), &line[from..at]);
                from = at;
            }
            if stack.apply(op).is_err() {
                return plain(code, lang);
            }
        }
        if open.take().is_some() {
            out.push_str("</span>");
        }
    }
    out.push_str("</code></pre>\n");
    out
}

/// Appends `text` with `class`, continuing the open span when the class is the same.
fn span<'a>(out: &mut String, open: &mut Option<&'a str>, class: Option<&'a str>, text: &str) {
    if *open != class {
        if open.is_some() {
            out.push_str("</span>");
        }
        if let Some(c) = class {
            out.push_str("<span class=\"hl-");
            out.push_str(c);
            out.push_str("\">");
        }
        *open = class;
    }
    escape_into(out, text);
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

/// Starts loading syntect's syntax definitions, then its themes, on a thread of their own, so
/// the tens of milliseconds this takes overlap reading the content instead of stalling the
/// first code block (the themes are needed only for `highlight.css`, written last).
pub(crate) fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("syntaxes".into())
        .spawn(|| {
            LazyLock::force(&SYNTAXES);
            LazyLock::force(&THEMES);
        });
}

/// The names of the themes in syntect's dump, in its order: checking `site.toml` against
/// them must not wait for the dump to load.
pub(crate) const THEME_NAMES: [&str; 7] = [
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// Whether syntect knows a theme by this name.
pub(crate) fn has_theme(name: &str) -> bool {
    THEME_NAMES.contains(&name)
}

/// Theme names, for error messages.
pub(crate) fn theme_names() -> &'static [&'static str] {
    &THEME_NAMES
}

/// The stylesheet for code blocks: `light` by default, `dark` under `prefers-color-scheme: dark`
/// unless the reader chose light, and under `[data-theme=dark]`. One rule per token class,
/// with the style the theme gives that kind of token.
pub(crate) fn stylesheet(light: &str, dark: &str) -> String {
    let dark_css = rules(dark);
    format!(
        "/* Generated from the syntect themes \"{light}\" and \"{dark}\". */\n{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        rules(light),
        scope(&dark_css, ":root:not([data-theme=light])"),
        scope(&dark_css, ":root[data-theme=dark]")
    )
}

/// `.hl-<class> { … }` for every token class, from the theme `name` (empty if unknown).
fn rules(name: &str) -> String {
    use std::fmt::Write as _;
    let Some(theme) = THEMES.themes.get(name) else {
        return String::new();
    };
    let highlighter = Highlighter::new(theme);
    let source = Scope::new("source").ok();
    let mut css = String::new();
    let mut done: Vec<&str> = Vec::new();
    for (_, class, example) in KINDS {
        if done.contains(class) {
            continue;
        }
        done.push(class);
        let stack: Vec<Scope> = source.into_iter().chain(Scope::new(example).ok()).collect();
        let style = highlighter.style_for_stack(&stack);
        let c = style.foreground;
        let _ = write!(
            css,
            ".hl-{class} {{ color: #{:02x}{:02x}{:02x};",
            c.r, c.g, c.b
        );
        for (flag, rule) in [
            (FontStyle::BOLD, " font-weight: bold;"),
            (FontStyle::ITALIC, " font-style: italic;"),
            (FontStyle::UNDERLINE, " text-decoration: underline;"),
        ] {
            if style.font_style.contains(flag) {
                css.push_str(rule);
            }
        }
        css.push_str(" }\n");
    }
    css
}

/// Prefixes every selector of a flat stylesheet with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        match line.split_once(" {") {
            Some((selectors, rest)) if line.starts_with('.') => {
                let scoped: Vec<String> = selectors
                    .split(',')
                    .map(|s| format!("{prefix} {}", s.trim()))
                    .collect();
                out.push_str(&scoped.join(", "));
                out.push_str(" {");
                out.push_str(rest);
                out.push('\n');
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_those_of_the_dump() {
        let dump: Vec<&str> = THEMES.themes.keys().map(String::as_str).collect();
        assert_eq!(dump, THEME_NAMES);
    }

    #[test]
    fn highlights_known_language_with_classes() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("data-lang=\"rust\""));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn one_flat_span_per_token_kind() {
        let html = code_block("let s = \"a<b\"; // note\nlet n = 42;\n", "rust");
        assert!(
            html.contains("<span class=\"hl-string\">&quot;a&lt;b&quot;</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-comment\">// note\n</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-number\">42</span>"),
            "{html}"
        );
        assert!(!html.contains("\"><span"), "spans are never nested: {html}");
        let text: String = html
            .trim_end_matches("</pre>\n")
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
            .collect();
        assert_eq!(
            text, "let s = &quot;a&lt;b&quot;; // note\nlet n = 42;\n",
            "every byte of the code is kept"
        );
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
        assert!(css.contains("\n.hl-keyword { color: #"), "{css}");
        assert!(
            css.contains(":root[data-theme=dark] .hl-string { color: #"),
            "{css}"
        );
        assert!(
            css.contains(":root:not([data-theme=light]) .hl-comment { color: #"),
            "{css}"
        );
    }
}
