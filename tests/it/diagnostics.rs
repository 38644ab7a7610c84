//! Diagnostics as a person and an editor meet them: every mistake of a site in one run of
//! `check` (a fixture with 20, one of each kind with a hint), no knock-on errors, dependent
//! errors said and counted apart, the JSON valid against `src/report.schema.json`, and its
//! `fix` entries, applied, giving a site that passes.
use crate::harness::SiteTest;
use serde_json::Value;
use std::collections::BTreeMap;

/// `check --format json` of `t`, validated against the documented schema.
fn json_report(t: &SiteTest) -> Value {
    let run = t.run(&["check", "--format", "json"]);
    let report: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let schema: Value = serde_json::from_str(include_str!("../../src/report.schema.json"))
        .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
    report
}

/// The byte offset of a fix position (1-based line, character column) in `text`.
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["col"].as_u64().unwrap() as usize;
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = &text[start..];
    start
        + line_text
            .char_indices()
            .nth(col - 1)
            .map_or(line_text.len(), |(i, _)| i)
}

/// Applies every `fix` of `report` to the files of `t`, each file's from its last range to
/// its first; ranges of one file must not overlap. Returns how many were applied.
fn apply_fixes(t: &SiteTest, report: &Value) -> usize {
    let mut by_file: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        if let Some(fix) = d.get("fix") {
            by_file
                .entry(fix["path"].as_str().unwrap().to_string())
                .or_default()
                .push(fix);
        }
    }
    let mut applied = 0;
    for (path, fixes) in by_file {
        let file = t.path().join(&path);
        let mut text = std::fs::read_to_string(&file).unwrap();
        let mut edits: Vec<(usize, usize, &str)> = fixes
            .iter()
            .map(|f| {
                let start = offset(&text, &f["range"]["start"]);
                let end = offset(&text, &f["range"]["end"]);
                (start, end, f["text"].as_str().unwrap())
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for pair in edits.windows(2) {
            assert!(pair[1].1 <= pair[0].0, "fixes of {path} overlap: {pair:?}");
        }
        for (start, end, new) in edits {
            text.replace_range(start..end, new);
            applied += 1;
        }
        std::fs::write(&file, text).unwrap();
    }
    applied
}

/// The mistakes of `tests/fixtures/twenty-mistakes/` (see its README): where each is
/// reported, and how its message starts.
const TWENTY: [(&str, usize, usize, &str); 20] = [
    (
        "content/01-people/01-hiring.md",
        3,
        1,
        "unknown front-matter key `wieght`",
    ),
    (
        "content/01-people/01-hiring.md",
        4,
        8,
        "`tags` is one text with commas",
    ),
    (
        "content/01-people/02-one-on-ones.md",
        3,
        9,
        "`weight` is the text \"2\"",
    ),
    (
        "content/01-people/02-one-on-ones.md",
        4,
        7,
        "`date` is not written YYYY-MM-DD",
    ),
    (
        "content/01-people/03-feedback.md",
        4,
        1,
        "a tab in the indentation",
    ),
    (
        "content/01-people/04-reviews.md",
        3,
        15,
        "this string is never closed",
    ),
    (
        "content/02-practice/01-links.md",
        3,
        6,
        "link to the page URL `../../people/one-on-ones/`",
    ),
    (
        "content/02-practice/01-links.md",
        3,
        54,
        "link to `../01-people/01-Hiring.md`: no chapter",
    ),
    (
        "content/02-practice/01-links.md",
        5,
        5,
        "link to `../01-people/01-hiring.md#the-lop`",
    ),
    (
        "content/02-practice/01-links.md",
        6,
        1,
        "link to `../01-people/05-career.md`, which is a draft",
    ),
    (
        "content/02-practice/01-links.md",
        8,
        17,
        "unknown checklist id \"first_90_days\"",
    ),
    (
        "content/checklists/first-90-days.toml",
        8,
        1,
        "unknown key `checked`",
    ),
    (
        "content/checklists/first-90-days.toml",
        12,
        1,
        "unknown key `txt`",
    ),
    (
        "content/checklists/onboarding.toml",
        6,
        1,
        "this table header is never closed",
    ),
    (
        "content/checklists/team-health.toml",
        2,
        6,
        "invalid `id` \"team_health\"",
    ),
    (
        "content/checklists/team-health.toml",
        4,
        1,
        "`[sections]` is one table",
    ),
    ("site.toml", 2, 1, "unknown key `titel`"),
    ("site.toml", 4, 10, "`author` must be text in quotes"),
    ("site.toml", 8, 1, "`[[search]]` makes a list of tables"),
    ("site.toml", 10, 11, "`enabled` must be true or false"),
];

#[test]
fn twenty_mistakes_are_reported_by_one_run_each_with_a_hint() {
    let t = SiteTest::from_fixture("twenty-mistakes");
    let report = json_report(&t);
    let diags = report["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, usize, usize, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["line"].as_u64().unwrap() as usize,
                d["col"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 20, "{found:#?}");
    for ((path, line, col, message), want) in found.iter().zip(TWENTY) {
        assert_eq!((*path, *line, *col), (want.0, want.1, want.2), "{message}");
        assert!(message.starts_with(want.3), "{path}:{line}: {message}");
    }
    assert!(
        diags.iter().all(|d| d["hint"].is_string()),
        "each has a hint"
    );
    assert_eq!(
        (
            &report["errors"],
            &report["dependent_errors"],
            &report["warnings"]
        ),
        (&Value::from(15), &Value::from(0), &Value::from(5)),
        "no knock-on errors"
    );
    let no_fix: Vec<&str> = diags
        .iter()
        .filter(|d| d.get("fix").is_none())
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        no_fix,
        ["link to `../01-people/05-career.md`, which is a draft and is not published"],
        "every mistake but the draft link has a mechanical fix"
    );
    // The same, for people: each with its place and hint.
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1));
    for (path, line, col, _) in TWENTY {
        assert!(
            run.diagnostic(&format!("{path}:{line}:{col}"))
                .contains("= hint: "),
            "{path}:{line}"
        );
    }
    assert!(
        run.stderr.ends_with(
            "error: Checked 5 chapters, 3 checklists and 6 links (0 external, not fetched): 15 errors, 5 warnings\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_fixes_applied_make_the_site_pass() {
    let t = SiteTest::from_fixture("twenty-mistakes");
    let report = json_report(&t);
    assert_eq!(apply_fixes(&t, &report), 19);
    let report = json_report(&t);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "only the draft link is left: {report:#}");
    assert!(
        diags[0]["hint"]
            .as_str()
            .unwrap()
            .contains("remove `draft = true` from `content/01-people/05-career.md`")
    );
    // Its hint, done by hand.
    let career = t.path().join("content/01-people/05-career.md");
    let text = std::fs::read_to_string(&career).unwrap();
    std::fs::write(&career, text.replace("draft = true\n", "")).unwrap();
    let run = t.run(&["check"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stdout.ends_with(": no problems\n"), "{}", run.stdout);
    assert!(t.run(&["build"]).success());
    assert!(
        t.read("checklists/team-health/index.html")
            .contains("Run the team survey")
    );
}

#[test]
fn an_error_that_follows_from_another_file_says_so_and_is_counted_apart() {
    let t = SiteTest::new("dependent")
        .file(
            "content/checklists/weekly.toml",
            "title = \"Weekly\"\nid = \"staff-review\n[[sections]]\ntitle = \"S\"\n",
        )
        .file(
            "content/a.md",
            "# A\n\nText.\n\n<!-- checklist: staff-meeting -->\n",
        );
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1));
    let blocks: Vec<&str> = run.stderr.split("\n\n").collect();
    assert!(
        blocks[0].starts_with(
            "error: this string is never closed\n --> content/checklists/weekly.toml:2:6"
        ),
        "the root cause first: {}",
        run.stderr
    );
    assert!(
        blocks[1].starts_with("error: unknown checklist id \"staff-meeting\" in embed, because `content/checklists/weekly.toml` has errors (see above)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(": 1 error (and 1 caused by them)\n"),
        "{}",
        run.stderr
    );
    let report = json_report(&t);
    assert_eq!(
        (&report["errors"], &report["dependent_errors"]),
        (&Value::from(1), &Value::from(1))
    );
    assert_eq!(
        report["diagnostics"][1]["caused_by"],
        "content/checklists/weekly.toml"
    );
    let build = t.run(&["build"]);
    assert!(
        build
            .stderr
            .contains("build failed with 1 error (and 1 caused by them)"),
        "{}",
        build.stderr
    );
}

#[test]
fn control_characters_in_messages_are_escaped() {
    // TOML writes them as escapes in a quoted key; the message must not print them raw.
    let t = SiteTest::new("controls").file(
        "content/a.md",
        "+++\n\"ti\\u001b[31mtle\" = 1\n\"x\\u202ey\" = 2\n+++\n# A\n\nText.\n",
    );
    let run = t.run(&["check"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: unknown front-matter key `ti\\u{1b}[31mtle`; ignored"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`x\\u{202e}y`"), "{}", run.stderr);
    assert!(
        !run.stderr.contains(['\u{1b}', '\u{202e}']),
        "{}",
        run.stderr
    );
}

#[test]
fn site_toml_mistakes_do_not_stop_the_content_check() {
    let t = SiteTest::new("config-and-content")
        .file(
            "site.toml",
            "title = \"T\"\n[markdown]\nhighlight_theme = \"InspiredGithub\"\n",
        )
        .file("content/a.md", "# A\n\n[gone](gone.md)\n");
    let run = t.run(&["check"]);
    assert_eq!(run.code, Some(1));
    let d = run.diagnostic("site.toml:3:19");
    assert!(
        d.contains("= hint: did you mean \"InspiredGitHub\"?"),
        "{d}"
    );
    assert!(
        run.diagnostic("content/a.md:3:1").contains("no chapter"),
        "{}",
        run.stderr
    );
}
