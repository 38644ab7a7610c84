//! The two notes in `editorial/` as data (each file documents its own format at the top), and
//! the small helpers their rules share: `{n}` in a regex, and number words read as digits.
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cast {
    #[serde(default)]
    pub not_people: Vec<String>,
    pub roles: BTreeMap<String, String>,
    pub person: Vec<Person>,
    #[serde(default)]
    pub rename: Vec<Rename>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub roles: Vec<String>,
    pub company: String,
    pub who: String,
    pub files: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub file: String,
    pub from: String,
    pub to: String,
    pub into: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canon {
    pub fact: Vec<Fact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub value: String,
    pub say: String,
    #[serde(default)]
    pub disagree: Vec<String>,
    #[serde(default)]
    pub forbid: Vec<String>,
    #[serde(default)]
    pub check: Vec<CheckRule>,
    #[serde(default)]
    pub require: Vec<Require>,
    #[serde(default)]
    pub count: Vec<Count>,
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub only: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRule {
    pub find: String,
    pub allow: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Require {
    pub file: String,
    pub pattern: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub pattern: String,
    pub file: Option<String>,
    pub under: Option<String>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    pub max_per_file: Option<usize>,
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn load<T: for<'de> Deserialize<'de>>(rel: &str) -> T {
    let path = repo().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `{n}` in a canon regex: one captured number, in digits or in words.
pub const NUMBER: &str = r"(\d+(?:\.\d+)?|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten))";

pub fn compile(what: &str, pattern: &str) -> Regex {
    Regex::new(&pattern.replace("{n}", NUMBER))
        .unwrap_or_else(|e| panic!("{what}: bad regex `{pattern}`: {e}"))
}

/// "forty-one" -> "41", "Thirty" -> "30", "1.7" stays; other words are lower-cased.
pub fn normalise(value: &str) -> String {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let word = value.trim().to_lowercase();
    if let Some(n) = UNITS.iter().position(|u| *u == word) {
        return n.to_string();
    }
    let (tens, unit) = word.split_once('-').unwrap_or((word.as_str(), ""));
    if let Some(t) = TENS.iter().position(|t| *t == tens) {
        let u = match unit {
            "" => Some(0),
            u => UNITS[1..10].iter().position(|x| *x == u).map(|i| i + 1),
        };
        if let Some(u) = u {
            return (20 + 10 * t + u).to_string();
        }
    }
    word
}

/// An allow value: a number ("forty-one" is 41) or several joined with "-" ("four-eight" is 4-8).
pub fn normalise_all(value: &str) -> String {
    let whole = normalise(value);
    if whole != value.to_lowercase() || !value.contains('-') {
        return whole;
    }
    value
        .split('-')
        .map(normalise)
        .collect::<Vec<_>>()
        .join("-")
}
