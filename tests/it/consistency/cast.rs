//! Cast rules applied to the playbook: a name only in the files listed for that person, only
//! with that person's roles, and no person introduced who is not in the cast.
use super::lines::{logical_lines, resolve};
use super::notes::{Cast, Person, compile};
use regex::Regex;
use std::cell::OnceCell;
use std::collections::BTreeMap;

/// The cast's roles and names, with every pattern compiled once (a debug build spends seconds
/// compiling a pattern per line).
pub struct People {
    roles: Vec<(String, Regex)>,
    any_role: String,
    /// Per name, compiled when the name is first met: the three ways a text attaches a role.
    attach: BTreeMap<String, OnceCell<Vec<Regex>>>,
    /// "named Jo", "the portal PM, Jo".
    introduce: Vec<Regex>,
}

impl People {
    pub fn new(cast: &Cast) -> People {
        let roles: Vec<(String, Regex)> = cast
            .roles
            .iter()
            .map(|(k, p)| (k.clone(), compile(&format!("cast role `{k}`"), p)))
            .collect();
        let any_role = cast
            .roles
            .values()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|");
        let attach = cast
            .person
            .iter()
            .map(|p| (p.name.clone(), OnceCell::new()))
            .collect();
        let introduce = [
            r"\b(?:named|call|called)\s+(\p{Lu}\p{Ll}+)\b".to_owned(),
            format!(r"(?:{any_role}),\s+(\p{{Lu}}\p{{Ll}}+)\b"),
        ]
        .iter()
        .map(|p| compile("cast name phrase", p))
        .collect();
        People {
            roles,
            any_role,
            attach,
            introduce,
        }
    }

    /// The role named first in `phrase` (the longest, when two start together).
    pub fn role_in(&self, phrase: &str) -> Option<&str> {
        self.roles
            .iter()
            .filter_map(|(k, re)| {
                re.find(phrase)
                    .map(|m| (m.start(), usize::MAX - m.len(), k))
            })
            .min()
            .map(|(_, _, k)| k.as_str())
    }

    /// The places in a line where the text attaches a role to `name`, a cast name.
    pub fn roles_given(&self, name: &str, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let patterns = self
            .attach
            .get(name)
            .map(|cell| cell.get_or_init(|| attach_patterns(&self.any_role, name)));
        for re in patterns.into_iter().flatten() {
            for caps in re.captures_iter(text) {
                let phrase = caps.get(1).map_or("", |m| m.as_str());
                let phrase: String = phrase.chars().take(80).collect();
                if let Some(role) = self.role_in(&phrase) {
                    let whole = caps.get(0).map_or("", |m| m.as_str()).to_owned();
                    out.push((role.to_owned(), whole));
                }
            }
        }
        out
    }

    /// Capitalised words the text introduces as people.
    pub fn introduced_names(&self, text: &str) -> Vec<String> {
        self.introduce
            .iter()
            .flat_map(|re| re.captures_iter(text))
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
            .collect()
    }
}

/// "<role>, Name" or "<role> named Name"; "Name, a <...role...>"; "Name was a <...role...>".
fn attach_patterns(any_role: &str, name: &str) -> Vec<Regex> {
    let n = regex::escape(name);
    let article = "(?:a|an|the|our|my|his|her|their)";
    [
        format!(r"({any_role})(?:,|\s+(?:named|called))?\s+{n}\b"),
        format!(r"\b{n},\s+{article}\s+([^,.;:()]+)"),
        format!(r"\b{n}\s+(?:was|is|became|had been)\s+{article}\s+([^,.;:()]+)"),
    ]
    .iter()
    .map(|p| compile("cast role phrase", p))
    .collect()
}

pub fn cast_problems(cast: &Cast, files: &BTreeMap<String, String>) -> Vec<String> {
    let people = People::new(cast);
    let mut out = Vec::new();
    let known: Vec<&str> = cast
        .person
        .iter()
        .map(|p| p.name.as_str())
        .chain(cast.not_people.iter().map(String::as_str))
        .collect();
    let names: Vec<(&Person, Regex)> = cast
        .person
        .iter()
        .map(|p| {
            (
                p,
                compile(&p.name, &format!(r"\b{}\b", regex::escape(&p.name))),
            )
        })
        .collect();
    for (path, text) in files {
        for line in logical_lines(path, text) {
            let at = format!("{}:{}", line.path, line.number);
            for (person, re) in &names {
                if !re.is_match(&line.text) {
                    continue;
                }
                let listed = person
                    .files
                    .iter()
                    .any(|f| resolve(files, f).is_some_and(|(p, _)| p == path));
                if !listed {
                    out.push(format!(
                        "{at}: `{}` is not cast in this file ({}: {}; cast in {})",
                        person.name,
                        person.name,
                        person.who,
                        person.files.join(", ")
                    ));
                }
                for (role, phrase) in people.roles_given(&person.name, &line.text) {
                    if !person.roles.contains(&role) {
                        out.push(format!(
                            "{at}: `{phrase}` makes {} a {role}; the cast has {} as {}",
                            person.name,
                            person.name,
                            person.roles.join(" or ")
                        ));
                    }
                }
            }
            for name in people.introduced_names(&line.text) {
                if !known.contains(&name.as_str()) {
                    out.push(format!(
                        "{at}: `{name}` reads as a person but is not in the cast"
                    ));
                }
            }
        }
    }
    for person in &cast.person {
        let re = compile(
            &person.name,
            &format!(r"\b{}\b", regex::escape(&person.name)),
        );
        for f in &person.files {
            match resolve(files, f) {
                None => out.push(format!(
                    "{f}: missing, but the cast places {} here",
                    person.name
                )),
                Some((path, text)) if !re.is_match(text) => out.push(format!(
                    "{path}: the cast places {} here, but the name is not used",
                    person.name
                )),
                Some(_) => {}
            }
        }
    }
    out
}
