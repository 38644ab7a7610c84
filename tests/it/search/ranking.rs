//! What a query finds and in which order, run by `search.js` in headless Chromium: chapters
//! above checklist items of equal relevance, results grouped by page, phrases, synonyms from
//! `site.toml`, misspellings; and the shipped playbook's titles found first.
use super::{focus_with_slash, header_results};
use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::{Value, json};
use std::time::Duration;

/// A site with one behaviour per page (see each test).
fn site() -> SiteTest {
    let t = SiteTest::new("search-ranking")
        .file(
            "site.toml",
            "title = \"Ranking\"\n[search.synonyms]\n\"one on one\" = [\"1:1\", \"1-1\"]\n",
        )
        .file(
            "content/01-team/01-meetings.md",
            "# Meetings\n\nThe weekly rhythm of the team, planned at the offsite.\n\n## Agenda\n\nWrite it a day before.\n\n## Weekly talks\n\nHold a one on one with every report each week; read the agenda notes first.\n",
        )
        .file(
            "content/01-team/02-escalations.md",
            "# Escalations\n\nEscalate one to one person only. One strong one beats two weak ones.\n",
        )
        .file(
            "content/01-team/03-managers.md",
            "# Managers\n\nBook a 1:1 with your manager every month.\n",
        )
        .file(
            "content/checklists/offsite.toml",
            "title = \"Offsite planning\"\n[[sections]]\ntitle = \"Before\"\n[[sections.items]]\ntext = \"Share the agenda with the team\"\nid = \"agenda\"\ndetail = \"Send the agenda a day before.\"\n",
        );
    t.build();
    t
}

/// Runs `query` through `playbookSearch.search` in the open page: the results' URLs, grouped
/// by page (best section first), and the spelling fixes.
fn search(b: &mut Browser, query: &str) -> Value {
    let q = serde_json::to_string(query).expect("json");
    b.eval(&format!(
        "playbookSearch.search({q}, 10).then(r => ({{ pages: r.shown.map(g => [g.best.url].concat(g.more.map(v => v.url))), corrected: r.corrected, suggest: r.suggest }}))"
    ))
}

/// The first URL of each page group.
fn firsts(r: &Value) -> Vec<String> {
    r["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|g| g[0].as_str().unwrap_or("").to_string())
        .collect()
}

fn open(t: &SiteTest) -> Option<Browser> {
    let mut b = Browser::launch()?;
    b.goto(&file_url(&t.path().join("public/index.html")));
    Some(b)
}

#[test]
fn chapters_rank_above_checklist_items_of_equal_relevance() {
    let t = site();
    let Some(mut b) = open(&t) else { return };
    // A heading of a chapter against a checklist item (which has the word twice, in a shorter
    // text): the chapter.
    let r = search(&mut b, "agenda ");
    assert_eq!(
        firsts(&r),
        [
            "team/meetings/index.html#agenda",
            "checklists/offsite/index.html#agenda"
        ],
        "{r}"
    );
    // A checklist's title against a word in a chapter's text: the checklist, clearly better.
    let r = search(&mut b, "offsite ");
    assert_eq!(
        firsts(&r),
        ["checklists/offsite/index.html", "team/meetings/index.html"],
        "{r}"
    );
}

#[test]
fn results_are_grouped_by_page_with_the_best_section_first() {
    let t = site();
    let Some(mut b) = open(&t) else { return };
    let r = search(&mut b, "agenda ");
    assert_eq!(
        r["pages"][0],
        json!([
            "team/meetings/index.html#agenda",
            "team/meetings/index.html#weekly-talks"
        ]),
        "{r}"
    );
    // In the dropdown the page's other section follows it as an option of its own.
    focus_with_slash(&mut b);
    let options = header_results(&mut b, "agenda ");
    let hrefs: Vec<&str> = options.iter().filter_map(|o| o["href"].as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "team/meetings/index.html#agenda",
            "team/meetings/index.html#weekly-talks",
            "checklists/offsite/index.html#agenda"
        ]
    );
    assert_eq!(
        b.eval("[...document.querySelectorAll('#search-results [role=option]')].map(o => o.classList.contains('r-sub'))"),
        json!([false, true, false])
    );
}

#[test]
fn a_quoted_phrase_matches_the_phrase_only() {
    let t = site();
    let Some(mut b) = open(&t) else { return };
    // "one" is in three chapters; "one on one" in one ("one to one" and "one strong one" are
    // not it), and "1:1" means the same (synonyms).
    let mut r = firsts(&search(&mut b, "\"one on one\""));
    r.sort();
    assert_eq!(
        r,
        [
            "team/managers/index.html",
            "team/meetings/index.html#weekly-talks"
        ]
    );
    let r = search(&mut b, "\"one to one\"");
    assert_eq!(firsts(&r), ["team/escalations/index.html"], "{r}");
    let r = search(&mut b, "\"two weak\"");
    assert_eq!(firsts(&r), ["team/escalations/index.html"], "{r}");
    let r = search(&mut b, "\"weak two\"");
    assert_eq!(firsts(&r), Vec::<String>::new(), "{r}");
    // Unquoted, the words are enough.
    let r = search(&mut b, "weak two");
    assert_eq!(firsts(&r), ["team/escalations/index.html"], "{r}");
}

#[test]
fn synonyms_from_site_toml_find_each_other() {
    let t = site();
    let Some(mut b) = open(&t) else { return };
    for query in ["1:1", "1-1", "one on one", "One-on-one"] {
        let mut got = firsts(&search(&mut b, query));
        got.sort();
        assert_eq!(
            got,
            [
                "team/managers/index.html",
                "team/meetings/index.html#weekly-talks"
            ],
            "{query}"
        );
    }
    // The words marked in the snippets are the synonym's.
    focus_with_slash(&mut b);
    let r = header_results(&mut b, "1:1 ");
    let marks: Vec<&Value> = r
        .iter()
        .flat_map(|o| o["marks"].as_array().expect("marks"))
        .collect();
    assert!(
        marks.contains(&&json!("one")) && marks.contains(&&json!("1")),
        "{r:?}"
    );
}

#[test]
fn misspelt_words_find_the_words_they_meant_or_a_suggestion() {
    let t = site();
    let Some(mut b) = open(&t) else { return };
    // One edit for words of 5 letters or more, two from 9.
    for (query, meant) in [
        ("escalatoins ", "escalations"),
        ("meetngs ", "meetings"),
        ("esclatons ", "escalations"),
    ] {
        let r = search(&mut b, query);
        assert_eq!(r["corrected"], meant, "{query}: {r}");
        assert!(!firsts(&r).is_empty(), "{query}: {r}");
    }
    assert_eq!(
        firsts(&search(&mut b, "meetngs "))[0],
        "team/meetings/index.html"
    );
    // Further away, nothing is found but the nearest word is suggested.
    let r = search(&mut b, "agnd ");
    assert_eq!(
        (firsts(&r).len(), &r["suggest"]),
        (0, &json!("agenda")),
        "{r}"
    );
    let r = search(&mut b, "zzzzzz ");
    assert_eq!((firsts(&r).len(), &r["suggest"]), (0, &Value::Null), "{r}");
    // The box says what it did, and the suggestion is a link that runs it.
    focus_with_slash(&mut b);
    header_results(&mut b, "meetngs ");
    assert_eq!(
        b.eval("document.getElementById('search-note').textContent"),
        "Showing results for meetings"
    );
    b.eval("document.getElementById('search-input').value = ''");
    b.type_text("agnd ");
    assert!(
        b.wait_for(
            "document.getElementById('search-note').textContent === 'No results for “agnd”. Did you mean agenda?'",
            Duration::from_secs(10)
        ),
        "{}",
        b.eval("document.getElementById('search-popup').textContent")
    );
    b.eval("document.querySelector('#search-note a').click()");
    assert!(
        b.wait_for(
            "document.getElementById('search-input').value === 'agenda' && document.querySelectorAll('#search-results [role=option]').length > 0",
            Duration::from_secs(10)
        ),
        "the suggestion runs"
    );
}

/// The bar of the issue, on the shipped playbook: every word of a chapter's (or section's)
/// title finds a page with that word in its title first; "roadmap" finds the chapter about
/// roadmaps before any checklist item; a misspelling finds what was meant.
#[test]
fn shipped_titles_come_first_for_their_words() {
    let t = SiteTest::shipped();
    t.build();
    let pages = super::index_pages(&t);
    let Some(mut b) = open(&t) else { return };
    let manifest = super::script_args(&t.read("search/index.js"));
    let stop: Vec<&str> = manifest[0]["stop"]
        .as_str()
        .expect("stop")
        .split(' ')
        .collect();
    let fold = |w: &str| -> String {
        w.to_lowercase()
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let words_of = |title: &str| -> Vec<String> {
        title
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map(fold)
            .filter(|w| w.len() >= 3 && !stop.contains(&w.as_str()))
            .collect()
    };
    let titles: Vec<(String, String)> = pages
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or("").to_string(),
                p[2][0][1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut words: Vec<String> = titles
        .iter()
        .filter(|(url, _)| !url.starts_with("checklists/"))
        .flat_map(|(_, title)| words_of(title))
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() > 50, "{words:?}");
    let list = serde_json::to_string(&words).expect("json");
    let got = b.eval(&format!(
        "(async () => {{ const out = {{}}; for (const w of {list}) {{ const r = await playbookSearch.search(w + ' ', 1); out[w] = r.shown.length ? r.shown[0].best.url : ''; }} return out; }})()"
    ));
    let mut wrong = Vec::new();
    for w in &words {
        let url = got[w].as_str().unwrap_or("");
        let title = titles
            .iter()
            .find(|(page, _)| url.split('#').next() == Some(page.as_str()))
            .map_or("(no result)", |(_, title)| title.as_str());
        if !words_of(title).contains(w) {
            wrong.push(format!("{w}: first is {url} \"{title}\""));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let r = search(&mut b, "roadmap ");
    assert!(
        firsts(&r)[0].starts_with("the-directors-job/building-the-product-process/index.html"),
        "{r}"
    );
    let r = search(&mut b, "stakeholder ");
    let first = firsts(&r)[0].clone();
    assert!(!first.starts_with("checklists/"), "{r}");
    // A phrase whose words sit in different term shards.
    let r = search(&mut b, "\"one accountable owner\"");
    assert_eq!(
        firsts(&r)[0],
        "the-directors-job/one-accountable-owner/index.html",
        "{r}"
    );
    assert_eq!(
        firsts(&search(&mut b, "\"owner accountable one\"")).len(),
        0
    );
    let r = search(&mut b, "stakeholdr ");
    assert_eq!(r["corrected"], "stakeholder", "{r}");
    assert_eq!(firsts(&r)[0], first, "{r}");
}
