//! The shipped playbook read as logical lines, the unit every rule works on.
use super::notes::repo;
use std::collections::BTreeMap;

/// One paragraph, list item, table row or heading (the playbook never hard-wraps), or one
/// checklist item with its detail.
pub struct Line {
    pub path: String,
    pub number: usize,
    pub text: String,
}

pub fn logical_lines(path: &str, text: &str) -> Vec<Line> {
    let toml = path.ends_with(".toml");
    let mut out: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let previous = out.last().map(|l| l.text.trim_start()).unwrap_or("");
        let continues = if toml {
            is_key(trimmed, "detail") && is_key(previous, "text")
        } else {
            raw.starts_with([' ', '\t']) && !trimmed.is_empty() && !previous.is_empty()
        };
        match out.last_mut() {
            Some(last) if continues => {
                last.text.push(' ');
                last.text.push_str(trimmed);
            }
            _ => out.push(Line {
                path: path.to_owned(),
                number: i + 1,
                text: raw.to_owned(),
            }),
        }
    }
    out
}

pub fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// Every Markdown and TOML file under `content/`, by repository-relative path with `/`.
pub fn content_files() -> BTreeMap<String, String> {
    walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .map(|e| e.expect("walk content/"))
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "toml")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(repo()).expect("under the repo");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let text =
                std::fs::read_to_string(e.path()).unwrap_or_else(|err| panic!("{rel}: {err}"));
            (rel, text)
        })
        .collect()
}

/// A checklist named with `.toml` may have been rewritten in Markdown, and the other way round.
pub fn resolve<'a>(files: &'a BTreeMap<String, String>, rel: &str) -> Option<(&'a str, &'a str)> {
    let twin = match rel.strip_prefix("content/checklists/") {
        Some(_) if rel.ends_with(".toml") => Some(rel.replace(".toml", ".md")),
        Some(_) if rel.ends_with(".md") => Some(rel.replace(".md", ".toml")),
        _ => None,
    };
    std::iter::once(rel.to_owned())
        .chain(twin)
        .find_map(|p| files.get_key_value(&p))
        .map(|(k, v)| (k.as_str(), v.as_str()))
}
