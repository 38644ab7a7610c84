//! Cast rules applied to the playbook: a name only in the files listed for that person, only
//! with that person's roles, and no person introduced who is not in the cast.
use super::lines::{logical_lines, resolve};
use super::notes::{Cast, Person, compile};
use regex::Regex;
use std::collections::BTreeMap;

pub struct People<'a> {
    pub cast: &'a Cast,
    pub roles: Vec<(String, Regex)>,
    pub any_role: String,
}

impl<'a> People<'a> {
    pub fn new(cast: &'a Cast) -> People<'a> {
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
        People {
            cast,
            roles,
            any_role,
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

    /// The places in a line where the text attaches a role to `name`.
    pub fn roles_given(&self, name: &str, text: &str) -> Vec<(String, String)> {
        let n = regex::escape(name);
        let article = "(?:a|an|the|our|my|his|her|their)";
        let patterns = [
            format!(r"({})(?:,|\s+(?:named|called))?\s+{n}\b", self.any_role),
            format!(r"\b{n},\s+{article}\s+([^,.;:()]{{1,80}})"),
            format!(r"\b{n}\s+(?:was|is|became|had been)\s+{article}\s+([^,.;:()]{{1,80}})"),
        ];
        let mut out = Vec::new();
        for p in &patterns {
            for caps in compile("cast role phrase", p).captures_iter(text) {
                let phrase = caps.get(1).map_or("", |m| m.as_str());
                if let Some(role) = self.role_in(phrase) {
                    let whole = caps.get(0).map_or("", |m| m.as_str()).to_owned();
                    out.push((role.to_owned(), whole));
                }
            }
        }
        out
    }

    /// Capitalised words the text introduces as people ("named Jo", "the portal PM, Jo").
    pub fn introduced_names(&self, text: &str) -> Vec<String> {
        let patterns = [
            r"\b(?:named|call|called)\s+(\p{Lu}\p{Ll}+)\b".to_owned(),
            format!(r"(?:{}),\s+(\p{{Lu}}\p{{Ll}}+)\b", self.any_role),
        ];
        patterns
            .iter()
            .flat_map(|p| {
                compile("cast name phrase", p)
                    .captures_iter(text)
                    .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
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
