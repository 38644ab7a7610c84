//! The pages that keep old URLs working (`site::redirects`): each sends the reader on with a
//! meta refresh, names the page as canonical, and shows a plain link for when refreshing is
//! off. Every URL is relative, so they work under a sub-path and opened from disk.
use crate::config::Settings;
use crate::markdown::highlight::escape;
use crate::output::OutputFile;
use crate::site::{Site, root_prefix};

/// One HTML page per redirect of the site.
pub(super) fn pages(site: &Site, settings: &Settings) -> Vec<OutputFile> {
    let lang = escape(&settings.config.language);
    site.redirects
        .iter()
        .map(|r| {
            let folder = r.path.rsplit_once('/').map_or("", |(d, _)| d);
            let back = root_prefix(&if folder.is_empty() { String::new() } else { format!("{folder}/") });
            let url = escape(&format!("{back}{}", r.to));
            let canonical = match settings.base.as_ref().filter(|b| b.is_absolute()) {
                Some(base) => escape(&format!("{}{}", base.url, r.to.trim_end_matches("index.html"))),
                None => url.clone(),
            };
            let title = escape(&r.title);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n"
            );
            OutputFile::new(r.path.clone(), html)
        })
        .collect()
}
