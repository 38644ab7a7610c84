//! Editorial consistency of the shipped playbook against the notes in `editorial/`: each named
//! person appears only in the files the cast (`editorial/cast.toml`) lists for them and only in
//! their own role, and each fact in `editorial/canon.toml` has one value across chapters and
//! checklists. Both files document their format at the top.
//!
//! The whole-playbook check runs on every `cargo test`: a name used for a second person or a fact
//! given a second value fails it, naming file and line. The notes themselves are checked too:
//! they parse, names are unique and not near-twins, every regex compiles, and every canon rule
//! flags its own `bad` examples and none of its `good` ones.
//!
//! `notes`: the two files as data; `lines`: the playbook as logical lines; `canon` and `cast`:
//! the rules applied to those lines.
mod canon;
mod cast;
mod lines;
mod notes;

use canon::{Rules, canon_problems};
use cast::{People, cast_problems};
use lines::{content_files, logical_lines};
use notes::{Canon, Cast, compile, load, normalise, normalise_all};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[test]
fn cast_notes_are_well_formed() {
    let cast: Cast = load("editorial/cast.toml");
    let mut problems = Vec::new();

    let people = People::new(&cast);
    for (i, a) in cast.person.iter().enumerate() {
        if a.who.trim().is_empty() || a.company.trim().is_empty() || a.files.is_empty() {
            problems.push(format!("{}: needs who, company and files", a.name));
        }
        for role in &a.roles {
            if !cast.roles.contains_key(role) {
                problems.push(format!("{}: unknown role `{role}`", a.name));
            }
        }
        for f in &a.files {
            if !f.starts_with("content/") {
                problems.push(format!("{}: `{f}` is not under content/", a.name));
            }
        }
        for b in &cast.person[i + 1..] {
            let (x, y) = (a.name.to_lowercase(), b.name.to_lowercase());
            if x == y
                || x.starts_with(&y)
                || y.starts_with(&x)
                || x.ends_with(&y)
                || y.ends_with(&x)
            {
                problems.push(format!(
                    "{} and {} are one name or near-twins",
                    a.name, b.name
                ));
            }
        }
        if cast.not_people.contains(&a.name) {
            problems.push(format!("{} is both a person and in not_people", a.name));
        }
    }
    for r in &cast.rename {
        let lands_in = r.into.as_ref().unwrap_or(&r.file);
        match cast.person.iter().find(|p| p.name == r.to) {
            None => problems.push(format!(
                "rename in {}: `{}` is not in the cast",
                r.file, r.to
            )),
            Some(p) if !p.files.contains(lands_in) => problems.push(format!(
                "rename {} -> {} in {}: the cast does not place {} in {lands_in}",
                r.from, r.to, r.file, r.to
            )),
            Some(_) if r.from == r.to => problems.push(format!("rename {} to itself", r.from)),
            Some(_) => {}
        }
    }
    let given = people.roles_given("Tomás", "the portal PM, Tomás, stopped");
    assert_eq!(
        given.first().map(|g| g.0.as_str()),
        Some("pm"),
        "role patterns"
    );
    assert!(
        problems.is_empty(),
        "editorial/cast.toml:\n{}",
        problems.join("\n")
    );
}

#[test]
fn canon_notes_are_well_formed_and_each_rule_catches_its_examples() {
    let canon: Canon = load("editorial/canon.toml");
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for fact in &canon.fact {
        if ids.contains(&fact.id) {
            problems.push(format!("canon `{}` twice", fact.id));
        }
        ids.push(fact.id.clone());
        let rules = Rules::new(fact);
        let has_rule = !(fact.forbid.is_empty()
            && fact.check.is_empty()
            && fact.require.is_empty()
            && fact.count.is_empty()
            && fact.absent.is_empty());
        if fact.value.trim().is_empty() || fact.say.trim().is_empty() || !has_rule {
            problems.push(format!("canon `{}`: needs value, say and a rule", fact.id));
        }
        for c in &fact.check {
            if c.allow.is_empty() || compile(&fact.id, &c.find).captures_len() < 2 {
                problems.push(format!(
                    "canon `{}`: `{}` needs a capture and allow",
                    fact.id, c.find
                ));
            }
        }
        for c in &fact.count {
            compile(&fact.id, &c.pattern);
            if c.min.is_none() && c.max.is_none() && c.max_per_file.is_none() {
                problems.push(format!(
                    "canon `{}`: a count needs min, max or max_per_file",
                    fact.id
                ));
            }
        }
        for r in &fact.require {
            compile(&fact.id, &r.pattern);
        }
        for bad in &fact.bad {
            if rules.problems(bad).is_empty() {
                problems.push(format!(
                    "canon `{}`: its rules miss the bad example {bad:?}",
                    fact.id
                ));
            }
        }
        for good in &fact.good {
            let found = rules.problems(good);
            if !found.is_empty() {
                problems.push(format!(
                    "canon `{}`: flags the good example {good:?}: {found:?}",
                    fact.id
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "editorial/canon.toml:\n{}",
        problems.join("\n")
    );
}

#[test]
fn logical_lines_join_details_and_indented_continuations() {
    let toml = logical_lines(
        "c.toml",
        "[[sections.items]]\ntext = \"Start a staff meeting\"\ndetail = \"45 minutes\"\n",
    );
    assert_eq!(toml.len(), 2);
    assert_eq!(
        (toml[1].number, toml[1].text.as_str()),
        (
            2,
            "text = \"Start a staff meeting\" detail = \"45 minutes\""
        )
    );
    let md = logical_lines(
        "c.md",
        "- [ ] Start a staff meeting\n  45 minutes\n\n    code\n",
    );
    let texts: Vec<_> = md.iter().map(|l| (l.number, l.text.as_str())).collect();
    assert_eq!(
        texts,
        [
            (1, "- [ ] Start a staff meeting 45 minutes"),
            (3, ""),
            (4, "    code")
        ]
    );
    assert_eq!(normalise("Forty-one"), "41");
    assert_eq!(normalise("thirty"), "30");
    assert_eq!(normalise("1.7"), "1.7");
    assert_eq!(normalise_all("four-eight"), "4-8");
    assert_eq!(normalise_all("forty-one"), "41");
}

#[test]
fn cast_check_reports_names_out_of_place_out_of_role_and_uncast() {
    let cast: Cast = load("editorial/cast.toml");
    let priya = "content/04-the-directors-toolkit/04-coaching-a-pm-through-a-failed-launch.md";
    let elsewhere = "content/01-the-leap/01-a-different-job.md";
    let files: BTreeMap<String, String> = [
        (
            priya,
            "Priya, a director I coached, ran the review.\nPriya was a PM.",
        ),
        (
            elsewhere,
            "Ask Priya first.\nThe portal PM, Jo, stopped.\nFarah, a director, wrote it.",
        ),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_owned(), t.to_owned()))
    .collect();
    let problems = cast_problems(&cast, &files);
    let has = |prefix: &str, needle: &str| {
        problems
            .iter()
            .any(|p| p.starts_with(prefix) && p.contains(needle))
    };
    assert!(
        has(&format!("{priya}:1:"), "makes Priya a director"),
        "{problems:#?}"
    );
    assert!(!has(&format!("{priya}:2:"), "makes Priya"), "{problems:#?}");
    assert!(
        has(
            &format!("{elsewhere}:1:"),
            "`Priya` is not cast in this file"
        ),
        "{problems:#?}"
    );
    assert!(
        has(&format!("{elsewhere}:2:"), "`Jo` reads as a person"),
        "{problems:#?}"
    );
    assert!(
        !has(&format!("{elsewhere}:3:"), "makes Farah"),
        "Farah may be a director: {problems:#?}"
    );
}

#[test]
fn the_playbook_agrees_with_its_cast_and_canon() {
    let cast: Cast = load("editorial/cast.toml");
    let canon: Canon = load("editorial/canon.toml");
    let files = content_files();
    let mut problems = cast_problems(&cast, &files);
    problems.extend(canon_problems(&canon, &files));
    let mut report = String::new();
    for p in &problems {
        let _ = writeln!(report, "{p}");
    }
    let broken: Vec<_> = canon
        .fact
        .iter()
        .filter(|f| report.contains(&format!("[{}]", f.id)))
        .collect();
    let _ = writeln!(report, "\nThe canon values these lines break:");
    for fact in broken {
        let _ = writeln!(report, "[{}] {}", fact.id, fact.value);
    }
    assert!(
        problems.is_empty(),
        "{} problems against editorial/cast.toml and editorial/canon.toml:\n{report}",
        problems.len()
    );
}
