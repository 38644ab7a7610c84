//! Search: the index files a build writes (and does not write when search is off), and the
//! search box and page driven in headless Chromium, from `file://` and served under a sub-path.
//! `ranking`: what a query finds, in which order; `ui`: how it looks on a phone and a desktop.
mod ranking;
mod ui;

use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn built() -> SiteTest {
    let t = SiteTest::from_fixture("search");
    t.build();
    t
}

/// The JSON argument list of an index script: `playbookSearch.p(3,[...]);` → `[3,[...]]`.
pub(crate) fn script_args(js: &str) -> Value {
    let open = js.find('(').expect("call");
    let close = js.rfind(')').expect("call");
    serde_json::from_str(&format!("[{}]", &js[open + 1..close]))
        .unwrap_or_else(|e| panic!("bad index script {e}: {js}"))
}

/// Every page of the index's doc bundles, in page order.
pub(crate) fn index_pages(t: &SiteTest) -> Vec<Value> {
    let manifest = &script_args(&t.read("search/index.js"))[0];
    let n = manifest["pages"].as_u64().expect("pages") as usize;
    let mut pages = vec![Value::Null; n];
    for file in t
        .output_files()
        .iter()
        .filter(|f| f.starts_with("search/p/"))
    {
        let args = script_args(&t.read(file));
        let first = args[0].as_u64().expect("first page") as usize;
        for (i, page) in args[1].as_array().expect("pages").iter().enumerate() {
            pages[first + i] = page.clone();
        }
    }
    assert!(
        pages.iter().all(|p| !p.is_null()),
        "every page is in a bundle"
    );
    pages
}

#[test]
fn writes_a_sharded_index_and_the_search_page() {
    let t = built();
    let manifest = &script_args(&t.read("search/index.js"))[0];
    assert_eq!(manifest["v"], 2);
    assert_eq!(
        manifest["shards"]
            .as_str()
            .expect("shards")
            .split(' ')
            .next(),
        Some("0"),
        "the first shard starts at the empty word"
    );
    let stop = manifest["stop"].as_str().expect("stop words");
    assert!(stop.split(' ').any(|w| w == "the"));
    for n in 0..manifest["shards"]
        .as_str()
        .expect("shards")
        .split(' ')
        .count()
    {
        let shard = script_args(&t.read(&format!("search/t/{n}.js")));
        assert_eq!(shard[0], n);
        assert!(
            shard[1]["w"].is_string() && shard[1]["p"].is_string(),
            "{shard}"
        );
    }
    let page = t.read("search/index.html");
    assert!(
        page.contains("id=\"search-page-input\"") && page.contains("../static/search.js"),
        "{page}"
    );
    let home = t.read("index.html");
    assert!(home.contains("id=\"search-input\"") && home.contains("static/search.js"));
    assert!(t.exists("static/porter2.js"));
}

#[test]
fn index_has_a_doc_per_section_and_per_checklist_item() {
    let t = built();
    let pages = index_pages(&t);
    let by_url = |url: &str| {
        pages
            .iter()
            .find(|p| p[0] == url)
            .unwrap_or_else(|| panic!("no page {url} in {pages:?}"))
            .clone()
    };
    let chapter = by_url("people/one-on-ones/index.html");
    assert_eq!(chapter[1], serde_json::json!(["People"]));
    let docs = chapter[2].as_array().expect("docs");
    assert_eq!(docs[0][0], "");
    assert_eq!(docs[0][1], "One-on-ones");
    assert!(
        docs[0][2]
            .as_str()
            .unwrap()
            .starts_with("Meet every report")
    );
    assert_eq!(
        docs[3],
        serde_json::json!([
            "counter-offers",
            "Counter offers",
            "When a report brings a counter offer, thank them and ask for a day.",
            "Salary talks"
        ])
    );
    let checklist = by_url("checklists/hiring/index.html");
    assert_eq!(checklist[1], serde_json::json!(["Checklists"]));
    assert_eq!(
        checklist[2][0],
        serde_json::json!(["", "Hiring loop", "Before you open a role."])
    );
    assert_eq!(
        checklist[2][1],
        serde_json::json!([
            "calibrate-the-interview-panel",
            "Calibrate the interview panel",
            "Run a mock debrief so interviewers score the same way.",
            "Prepare"
        ])
    );
    let part = by_url("planning/index.html");
    assert_eq!(part[2][0][1], "Planning");
}

#[test]
fn related_links_are_not_indexed() {
    let t = built();
    let page = index_pages(&t)
        .into_iter()
        .find(|p| p[0] == "people/budget-season/index.html")
        .expect("budget season");
    let docs = serde_json::to_string(&page[2]).expect("json");
    assert!(
        !docs.contains("Related") && !docs.contains("Roadmaps") && !docs.contains("One-on-ones"),
        "{docs}"
    );
    assert!(docs.contains("headcount"), "{docs}");
    // The links themselves are on the page.
    assert!(
        t.read("people/budget-season/index.html")
            .contains(">Roadmaps</a>")
    );
}

#[test]
fn disabled_search_leaves_no_box_no_page_and_no_index() {
    let t = SiteTest::from_fixture("search");
    t.write(
        "site.toml",
        "title = \"Search fixture\"\n[search]\nenabled = false\n",
    );
    t.build();
    let files = t.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("search/") || f.contains("search.js") || f.contains("porter2")),
        "{files:?}"
    );
    let home = t.read("index.html");
    assert!(
        !home.contains("search-input") && !home.contains("search.js"),
        "{home}"
    );
}

fn public(t: &SiteTest) -> PathBuf {
    t.path().join("public")
}

/// Types `query` into the focused header box and returns the results once they are shown.
pub(crate) fn header_results(b: &mut Browser, query: &str) -> Vec<Value> {
    b.eval("document.getElementById('search-input').value = ''");
    b.type_text(query);
    let q = serde_json::to_string(query).expect("json");
    assert!(
        b.wait_for(&format!("document.getElementById('search-popup').getAttribute('data-query') === {q} && !document.getElementById('search-popup').hidden"), Duration::from_secs(10)),
        "no results shown for {query}: {}",
        b.eval("document.getElementById('search-popup').textContent")
    );
    let list = b.eval(
        "Array.from(document.querySelectorAll('#search-results [role=option]')).map(a => ({href: a.getAttribute('href'), title: a.querySelector('.r-title').textContent, \
         crumbs: (a.querySelector('.r-crumbs') || {}).textContent || '', snippet: (a.querySelector('.r-snippet') || {}).textContent || '', marks: Array.from(a.querySelectorAll('mark')).map(m => m.textContent)}))",
    );
    list.as_array().expect("results").clone()
}

pub(crate) fn focus_with_slash(b: &mut Browser) {
    b.eval("document.activeElement && document.activeElement.blur()");
    b.key("/", "Slash", 191, 0);
    assert!(
        b.wait_for(
            "document.activeElement && document.activeElement.id === 'search-input'",
            Duration::from_secs(5)
        ),
        "`/` focuses the search box"
    );
}

/// The checks the issue asks for, on a page of the site at `base` (file:// or served).
fn finds_chapter_and_checklist_item(b: &mut Browser, base: &str) {
    b.goto(&format!("{base}people/one-on-ones/index.html"));
    focus_with_slash(b);
    let results = header_results(b, "zanzibar");
    assert_eq!(
        results[0]["href"], "../../planning/roadmaps/index.html#offsite-logistics",
        "{results:?}"
    );
    assert_eq!(results[0]["title"], "Offsite logistics");
    assert_eq!(results[0]["crumbs"], "Planning › Roadmaps");
    assert_eq!(results[0]["marks"], serde_json::json!(["Zanzibar"]));
    assert_eq!(
        results.len(),
        1,
        "the word is in one chapter only: {results:?}"
    );

    let results = header_results(b, "calibrate panel");
    assert_eq!(
        results[0]["href"], "../../checklists/hiring/index.html#calibrate-the-interview-panel",
        "{results:?}"
    );
    assert_eq!(results[0]["crumbs"], "Checklists › Hiring loop › Prepare");
    b.key("ArrowDown", "ArrowDown", 40, 0);
    assert_eq!(
        b.eval("document.getElementById('search-option-0').getAttribute('aria-selected')"),
        "true"
    );
    b.key("Enter", "Enter", 13, 0);
    assert!(
        b.wait_for("location.pathname.endsWith('/checklists/hiring/index.html') && document.readyState === 'complete'", Duration::from_secs(10)),
        "Enter opens the result: {}",
        b.eval("location.href")
    );
    assert_eq!(b.eval("location.hash"), "#calibrate-the-interview-panel");
    assert!(b.wait_for("document.querySelector(':target') && document.querySelector(':target').id === 'calibrate-the-interview-panel'", Duration::from_secs(5)), "the item is the target");
}

#[test]
fn finds_a_chapter_section_and_a_checklist_item_from_file_urls() {
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    finds_chapter_and_checklist_item(&mut b, &file_url(&public(&t).join("")));
    // Index files are loaded with <script> elements (fetch is refused on file://), and only
    // once the box is used.
    b.goto(&file_url(&public(&t).join("index.html")));
    let scripts = "Array.from(document.scripts).map(s => s.getAttribute('src') || '').filter(s => s.includes('search/'))";
    assert_eq!(
        b.eval(scripts),
        serde_json::json!([]),
        "nothing loaded before first use"
    );
    focus_with_slash(&mut b);
    header_results(&mut b, "budget");
    let loaded = b.eval(scripts);
    let loaded: Vec<&str> = loaded
        .as_array()
        .expect("scripts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        loaded[0] == "search/index.js" && loaded.iter().any(|s| s.starts_with("search/t/0.js?h=")),
        "{loaded:?}"
    );
}

#[test]
fn finds_a_chapter_section_and_a_checklist_item_under_a_sub_path() {
    let t = built();
    let served = crate::harness::StaticServer::start(public(&t), "/team-playbook/");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    finds_chapter_and_checklist_item(&mut b, &served.base);
    let others = b.eval(&format!(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith({}))",
        serde_json::to_string(&served.base).expect("json")
    ));
    assert_eq!(
        others,
        serde_json::json!([]),
        "every request stays under the sub-path"
    );
}

#[test]
fn ranks_title_over_heading_over_body_and_exact_over_stemmed_over_prefix() {
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&public(&t).join("index.html")));
    focus_with_slash(&mut b);
    // "budget": the chapter titled "Budget season" first, then body matches.
    let r = header_results(&mut b, "budget");
    assert_eq!(r[0]["href"], "people/budget-season/index.html", "{r:?}");
    assert!(r.len() >= 3, "{r:?}");
    // "agenda": the heading before the body of the same chapter.
    let r = header_results(&mut b, "agenda");
    assert_eq!(
        r[0]["href"], "people/one-on-ones/index.html#agenda",
        "{r:?}"
    );
    assert_eq!(r[1]["href"], "people/one-on-ones/index.html", "{r:?}");
    // An exact word before its stemmed variants: "offer" is in the body, "offers" in a heading.
    let r = header_results(&mut b, "offers ");
    assert_eq!(
        r[0]["href"], "people/one-on-ones/index.html#counter-offers",
        "{r:?}"
    );
    // A word that is not in the site finds its stem's variants (the stemmer loads on demand).
    let r = header_results(&mut b, "negotiating");
    assert_eq!(
        r[0]["href"], "people/one-on-ones/index.html#salary-talks",
        "{r:?}"
    );
    assert_eq!(r[0]["marks"], serde_json::json!(["negotiation"]));
    // The last word matches as a prefix; accents fold both ways.
    let r = header_results(&mut b, "zanz");
    assert_eq!(r[0]["title"], "Offsite logistics");
    let r = header_results(&mut b, "cafe");
    assert_eq!(r[0]["title"], "Café culture", "{r:?}");
    assert!(
        r[0]["marks"]
            .as_array()
            .expect("marks")
            .contains(&Value::from("café")),
        "{r:?}"
    );
    // Several words: every one must match; stop words are ignored.
    let r = header_results(&mut b, "the venue and the view");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["title"], "Offsite logistics");
}

#[test]
fn keyboard_moves_opens_and_closes_results() {
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&public(&t).join("index.html")));
    b.key("k", "KeyK", 75, 2); // Ctrl+K
    assert!(
        b.wait_for(
            "document.activeElement.id === 'search-input'",
            Duration::from_secs(5)
        ),
        "Ctrl+K focuses the search box"
    );
    let r = header_results(&mut b, "report");
    assert!(r.len() >= 2, "{r:?}");
    b.key("ArrowDown", "ArrowDown", 40, 0);
    b.key("ArrowDown", "ArrowDown", 40, 0);
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-activedescendant')"),
        "search-option-1"
    );
    b.key("ArrowUp", "ArrowUp", 38, 0);
    assert_eq!(
        b.eval("document.querySelector('#search-results [aria-selected=true]').id"),
        "search-option-0"
    );
    b.key("Escape", "Escape", 27, 0);
    assert_eq!(
        b.eval("document.getElementById('search-popup').hidden"),
        true,
        "Esc closes the results"
    );
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        "false"
    );
    // Enter without a selected result opens the search page for the query.
    b.key("Enter", "Enter", 13, 0);
    assert!(b.wait_for("location.pathname.endsWith('/search/index.html') && document.querySelectorAll('.search-page-results li').length > 0", Duration::from_secs(10)), "{}", b.eval("location.href"));
    assert_eq!(
        b.eval("new URLSearchParams(location.search).get('q')"),
        "report"
    );
}

#[test]
fn snippets_show_markup_in_content_as_text() {
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&public(&t).join("index.html")));
    focus_with_slash(&mut b);
    let r = header_results(&mut b, "onerror");
    assert_eq!(r[0]["title"], "Escaping");
    let snippet = r[0]["snippet"].as_str().expect("snippet");
    assert!(
        snippet.contains("<img src=x onerror=\"window.__xss=1\">") && snippet.contains("<script>"),
        "{snippet}"
    );
    assert_eq!(
        b.eval("document.querySelectorAll('#search-results img, #search-results script').length"),
        0
    );
    assert_eq!(b.eval("typeof window.__xss"), "undefined");
}

#[test]
fn search_page_shows_results_for_the_query_in_its_url() {
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&format!(
        "{}?q=budget",
        file_url(&public(&t).join("search/index.html"))
    ));
    assert!(
        b.wait_for(
            "document.querySelectorAll('.search-page-results li').length >= 3",
            Duration::from_secs(10)
        ),
        "{}",
        b.eval("document.querySelector('main').textContent")
    );
    assert_eq!(
        b.eval("document.getElementById('search-page-input').value"),
        "budget"
    );
    assert_eq!(
        b.eval("document.querySelector('.search-page-results a').getAttribute('href')"),
        "../people/budget-season/index.html"
    );
    assert!(
        b.eval("document.querySelector('.search-status').textContent")
            .as_str()
            .unwrap_or("")
            .contains("results for")
    );
}

/// `static/porter2.js` (used for query words not in the index) must stem like rust-stemmers.
#[test]
fn browser_stemmer_agrees_with_the_index_stemmer() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(entry.path())
            .unwrap_or_default()
            .to_lowercase();
        words.extend(
            text.split(|c: char| !c.is_ascii_lowercase())
                .filter(|w| w.len() >= 3)
                .map(str::to_string),
        );
    }
    assert!(words.len() > 2000, "{} words", words.len());
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let expected: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
    let t = built();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&public(&t).join("index.html")));
    b.eval("new Promise(r => { playbookSearch.s = f => { window.__stem = f; r(); }; const s = document.createElement('script'); s.src = 'static/porter2.js'; document.head.appendChild(s); })");
    let list = serde_json::to_string(&words).expect("json");
    let got = b.eval(&format!("{list}.map(w => window.__stem(w))"));
    let got: Vec<String> = serde_json::from_value(got).expect("stems");
    let differ: Vec<(&String, &String, &String)> = words
        .iter()
        .zip(&expected)
        .zip(&got)
        .filter(|((_, e), g)| e != g)
        .map(|((w, e), g)| (w, e, g))
        .collect();
    assert!(
        differ.is_empty(),
        "word, rust-stemmers, porter2.js: {differ:?}"
    );
}

/// A word in more docs than a shard keeps (64) has the rest of its postings in a rest file:
/// several-word queries and "more results" load it.
#[test]
fn multi_word_queries_and_more_results_reach_every_doc() {
    let mut t = SiteTest::new("search-many").file("site.toml", "title = \"Many\"\n");
    for i in 1..=90 {
        let extra = if i == 85 {
            " The quokka lives here."
        } else {
            ""
        };
        t = t.file(
            &format!("content/part/{i:03}-chapter-{i}.md"),
            &format!("# Chapter {i}\n\nA common word.{extra}\n"),
        );
    }
    t.build();
    assert!(
        t.output_files().iter().any(|f| f.starts_with("search/r/")),
        "a rest file"
    );
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&file_url(&public(&t).join("index.html")));
    focus_with_slash(&mut b);
    let r = header_results(&mut b, "common quokka");
    assert_eq!(r[0]["href"], "part/chapter-85/index.html", "{r:?}");
    b.goto(&format!(
        "{}?q=common",
        file_url(&public(&t).join("search/index.html"))
    ));
    assert!(b.wait_for(
        "document.querySelectorAll('.search-page-results li').length === 20",
        Duration::from_secs(10)
    ));
    assert_eq!(
        b.eval("document.querySelector('.search-status').textContent"),
        "64+ results for “common”"
    );
    for shown in [40, 60, 80, 90] {
        b.eval("document.querySelector('.search-more').click()");
        assert!(
            b.wait_for(
                &format!("document.querySelectorAll('.search-page-results li').length === {shown}"),
                Duration::from_secs(10)
            ),
            "{shown} results after More"
        );
    }
    assert_eq!(
        b.eval("document.querySelector('.search-status').textContent"),
        "90 results for “common”"
    );
    assert_eq!(
        b.eval("document.querySelector('.search-more').hidden"),
        true
    );
}

/// A page of another origin (another loopback port) tries to read the index of a served site:
/// it includes the index files as scripts (with a `playbookSearch` of its own to receive the
/// data) and fetches them. Both get nothing; the site's own pages still search (see
/// `finds_a_chapter_section_and_a_checklist_item_under_a_sub_path`).
#[test]
fn another_origin_can_neither_include_nor_fetch_the_index() {
    let t = built();
    let site = crate::harness::StaticServer::start(public(&t), "/");
    let evil_dir = t.path().join("evil");
    std::fs::create_dir_all(&evil_dir).unwrap();
    let files: Vec<String> = t
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("search/") && f.ends_with(".js"))
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    let urls = serde_json::to_string(
        &files
            .iter()
            .map(|f| format!("{}{f}", site.base))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(
        evil_dir.join("index.html"),
        format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>evil</title><script>
window.stolen = [];
window.playbookSearch = new Proxy({{}}, {{ get: (_, method) => (...args) => stolen.push(["script", method, JSON.stringify(args)]) }});
</script></head><body><script>
window.done = Promise.all({urls}.map(url => Promise.all([
  new Promise(resolve => {{ const s = document.createElement("script"); s.src = url; s.onload = s.onerror = resolve; document.head.appendChild(s); }}),
  fetch(url).then(r => r.text()).then(text => stolen.push(["fetch", url, text]), () => {{}}),
  fetch(url, {{ mode: "no-cors" }}).then(r => r.text()).then(text => {{ if (text) stolen.push(["no-cors", url, text]); }}, () => {{}}),
]))).then(() => true);
</script></body></html>"#
        ),
    )
    .unwrap();
    let evil = crate::harness::StaticServer::start(evil_dir, "/");
    assert_ne!(evil.base, site.base, "two origins");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    b.goto(&evil.base);
    assert_eq!(b.eval("window.done"), serde_json::json!(true));
    assert_eq!(b.eval("JSON.stringify(window.stolen)"), "[]");
    // The same files, read by a page of the site's own origin, do hold the text.
    b.goto(&site.base);
    let text = b.eval(&format!(
        "fetch({}).then(r => r.text())",
        serde_json::to_string(&format!("{}search/index.js", site.base)).unwrap()
    ));
    assert!(
        text.as_str().is_some_and(|t| t.contains("\"v\":2")),
        "{text}"
    );
}
