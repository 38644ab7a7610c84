//! Canon rules applied to the playbook: forbidden values, checked captures, required and
//! counted patterns, absent files.
use super::lines::{Line, logical_lines, resolve};
use super::notes::{Canon, Count, Fact, compile, normalise, normalise_all, repo};
use regex::Regex;
use std::collections::BTreeMap;

pub struct Rules<'a> {
    pub fact: &'a Fact,
    pub forbid: Vec<Regex>,
    pub check: Vec<(Regex, Vec<String>)>,
}

impl<'a> Rules<'a> {
    pub fn new(fact: &'a Fact) -> Rules<'a> {
        let what = format!("canon `{}`", fact.id);
        Rules {
            fact,
            forbid: fact.forbid.iter().map(|p| compile(&what, p)).collect(),
            check: fact
                .check
                .iter()
                .map(|c| {
                    let allow = c.allow.iter().map(|a| normalise_all(a)).collect();
                    (compile(&what, &c.find), allow)
                })
                .collect(),
        }
    }

    pub fn applies_to(&self, path: &str) -> bool {
        (self.fact.only.is_empty() || self.fact.only.iter().any(|p| path.starts_with(p)))
            && !self.fact.except.iter().any(|p| path.starts_with(p))
    }

    /// What is wrong with one line, in words.
    pub fn problems(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for re in &self.forbid {
            if let Some(m) = re.find(text) {
                out.push(format!("found `{}`", m.as_str()));
            }
        }
        for (re, allow) in &self.check {
            for caps in re.captures_iter(text) {
                let got = caps
                    .iter()
                    .skip(1)
                    .flatten()
                    .map(|m| normalise(m.as_str()))
                    .collect::<Vec<_>>()
                    .join("-");
                if !allow.contains(&got) {
                    let whole = caps.get(0).map_or("", |m| m.as_str());
                    out.push(format!("`{whole}` says {got}, not {}", allow.join(" or ")));
                }
            }
        }
        out
    }
}

pub fn canon_problems(canon: &Canon, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let lines: Vec<Line> = files
        .iter()
        .flat_map(|(path, text)| logical_lines(path, text))
        .collect();
    for fact in &canon.fact {
        let rules = Rules::new(fact);
        let tag = format!("[{}] canon: {}", fact.id, fact.say);
        for line in lines.iter().filter(|l| rules.applies_to(&l.path)) {
            for p in rules.problems(&line.text) {
                out.push(format!("{}:{}: {p}  {tag}", line.path, line.number));
            }
        }
        for r in &fact.require {
            let re = compile(&fact.id, &r.pattern);
            match resolve(files, &r.file) {
                None => out.push(format!("{}: missing  {tag}", r.file)),
                Some((path, text)) if !re.is_match(text) => {
                    out.push(format!("{path}: nothing matches `{}`  {tag}", r.pattern))
                }
                Some(_) => {}
            }
        }
        for c in &fact.count {
            out.extend(count_problems(c, files, &tag, &fact.id));
        }
        for rel in &fact.absent {
            if resolve(files, rel).is_some() || repo().join(rel).exists() {
                out.push(format!("{rel}: should not exist  {tag}"));
            }
        }
    }
    out
}

pub fn count_problems(
    c: &Count,
    files: &BTreeMap<String, String>,
    tag: &str,
    id: &str,
) -> Vec<String> {
    let re = compile(id, &c.pattern);
    let mut out = Vec::new();
    let scope: Vec<(&str, &str)> = match (&c.file, &c.under) {
        (Some(file), _) => match resolve(files, file) {
            Some(found) => vec![found],
            None => return vec![format!("{file}: missing  {tag}")],
        },
        (None, under) => {
            let under = under.as_deref().unwrap_or("content/");
            files
                .iter()
                .filter(|(p, _)| p.starts_with(under))
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect()
        }
    };
    let where_ = c
        .file
        .as_deref()
        .or(c.under.as_deref())
        .unwrap_or("content/");
    let mut total = 0;
    for (path, text) in &scope {
        let n = re.find_iter(text).count();
        total += n;
        if let Some(max) = c.max_per_file.filter(|max| n > *max) {
            out.push(format!(
                "{path}: {n} matches of `{}`, at most {max}  {tag}",
                c.pattern
            ));
        }
    }
    if let Some(min) = c.min.filter(|min| total < *min) {
        out.push(format!(
            "{where_}: {total} matches of `{}`, at least {min}  {tag}",
            c.pattern
        ));
    }
    if let Some(max) = c.max.filter(|max| total > *max) {
        out.push(format!(
            "{where_}: {total} matches of `{}`, at most {max}  {tag}",
            c.pattern
        ));
    }
    out
}
