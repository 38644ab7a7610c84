//! The keys of `site.toml` that shape what readers see around the content: the site's `id`
//! (which their saved ticks are kept under), its `logo`, and where "Edit this page" leads
//! (`repo_url`, `edit_path`). Each wrong one is reported and read as unset.
use super::SiteConfig;
use crate::diagnostics::{Diagnostic, Fix};
use std::ops::Range;
use std::path::{Component, Path};

/// Where a key's value is in the file: line, column and byte range (empty when absent).
pub(super) type At<'a> = dyn Fn(&str) -> (usize, usize, Range<usize>) + 'a;

/// Image types a browser shows as a logo and a favicon.
const LOGO_TYPES: [&str; 6] = ["svg", "png", "jpg", "jpeg", "webp", "ico"];

/// Checks the keys; `root` is the site's root, when known, to find the logo.
pub(super) fn check(
    config: &mut SiteConfig,
    at: &At<'_>,
    (text, path): (&str, &str),
    root: Option<&Path>,
    problems: &mut Vec<Diagnostic>,
) {
    let error = |key: &str, message: String, hint: String| {
        let (line, col, _) = at(key);
        Diagnostic::error(path, line, message)
            .at_col(col)
            .with_hint(Some(hint))
    };
    if let Some(id) = &config.id {
        let slug = crate::content::chapter::slugify(id);
        if slug != *id {
            let (_, _, span) = at("id");
            let quoted = crate::schema::quote(&slug);
            let fix = (!slug.is_empty() && !span.is_empty())
                .then(|| Fix::in_text(path, text, 1, span, quoted.clone()));
            let hint = match slug.is_empty() {
                true => "remove it to use the slug of the title".into(),
                false => format!("try `id = {quoted}`"),
            };
            let message =
                format!("invalid `id` \"{id}\": use lowercase letters, digits and dashes");
            problems.push(error("id", message, hint).with_fix(fix));
            config.id = None;
        }
    }
    if let Some(logo) = &config.logo {
        if let Some((message, hint)) = logo_problem(logo, root) {
            problems.push(error("logo", message, hint));
            config.logo = None;
        }
    }
    if let Some(url) = &config.repo_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let message =
            format!("invalid `repo_url` \"{url}\": expected the repository's web address");
        let hint = "for example `repo_url = \"https://github.com/org/playbook\"`".to_string();
        problems.push(error("repo_url", message, hint));
        config.repo_url = None;
    }
    // A `repo_url` written but wrong was reported above.
    if config.edit_path.is_some() && config.repo_url.is_none() && at("repo_url").2.is_empty() {
        let message = "`edit_path` needs `repo_url`: the repository it is a path in".to_string();
        let hint = "add `repo_url = \"https://github.com/org/playbook\"`, or remove `edit_path`"
            .to_string();
        problems.push(error("edit_path", message, hint));
    }
}

/// What is wrong with `logo`, a path in `content/`: the message and a hint.
fn logo_problem(logo: &str, root: Option<&Path>) -> Option<(String, String)> {
    let rel = Path::new(logo);
    let inside = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || logo.is_empty() {
        return Some((
            format!("`logo` \"{logo}\" is not a path inside `content/`"),
            "put the image in `content/` and give its path from there: `logo = \"img/logo.svg\"`"
                .into(),
        ));
    }
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !LOGO_TYPES.contains(&ext.as_str()) {
        return Some((
            format!("`logo` \"{logo}\" is not an image a browser shows as a logo"),
            format!("use one of: {}", LOGO_TYPES.join(", ")),
        ));
    }
    let file = root?.join("content").join(rel);
    (!file.is_file()).then(|| {
        (
            format!("`logo`: there is no file `content/{logo}`"),
            "give its path from `content/`: `logo = \"img/logo.svg\"` is `content/img/logo.svg`"
                .into(),
        )
    })
}

/// The output path of the logo: `static/logo.<ext>`.
pub(crate) fn logo_output(logo: &str) -> String {
    let ext = Path::new(logo)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    format!("static/logo.{ext}")
}

/// The address that edits the file at `source` (relative to `content/`), when `repo_url`
/// and `edit_path` are both set.
pub(crate) fn edit_url(config: &SiteConfig, source: &str) -> Option<String> {
    let repo = config.repo_url.as_deref()?.trim_end_matches('/');
    let path = config.edit_path.as_deref()?.trim_matches('/');
    let file: Vec<String> = source
        .split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
        .collect();
    Some(match path.is_empty() {
        true => format!("{repo}/{}", file.join("/")),
        false => format!("{repo}/{path}/{}", file.join("/")),
    })
}

/// What a path segment of a URL cannot hold as it is.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
