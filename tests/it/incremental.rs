//! The incremental pipeline (`serve`'s) and the build cache against clean builds, in process:
//! random sequences of edits (chapters, checklists and sections added, changed, renamed and
//! deleted at any depth, templates, a stylesheet, `site.toml`), and after each edit the
//! incremental rebuild's output, and that of a new one-shot pipeline starting from the build
//! cache on disk (warm, deleted, or corrupted in some way), must equal, byte for byte, that
//! of a one-shot `--no-cache` build of the same sources; when one fails, all must, with the
//! same problems (and, from a corrupted cache, one warning more). `PROPTEST_CASES` sets the
//! number of sequences (default 200).
use playbook::Pipeline;
use playbook::config::{Overrides, Settings};
use playbook::pipeline::{BuildReport, ChangeKind, Failure};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folders chapters and sections go in, at every depth (`""` is the top of `content/`).
const DIRS: &[&str] = &[
    "",
    "01-alpha",
    "01-alpha/01-inner",
    "01-alpha/01-inner/02-deep",
    "02-beta",
    "02-beta/notes",
];
/// Chapter file names (`README.md` makes a folder's index when there is none).
const NAMES: &[&str] = &[
    "01-start.md",
    "02-middle.md",
    "end.md",
    "10-later.md",
    "README.md",
];
const CHECKLISTS: &[&str] = &["first", "second", "third"];
const WORDS: &[&str] = &[
    "roadmap", "team", "quarter", "hire", "review", "budget", "ship",
];

/// One edit of the site's sources. Indexes pick among what exists when it is applied.
#[derive(Debug, Clone)]
enum Edit {
    AddChapter {
        dir: usize,
        name: usize,
        body: Body,
    },
    ChangeChapter {
        which: usize,
        body: Body,
    },
    MoveChapter {
        which: usize,
        dir: usize,
        name: usize,
    },
    DeleteChapter {
        which: usize,
    },
    SectionIntro {
        dir: usize,
        body: Body,
    },
    DeleteSection {
        dir: usize,
    },
    Checklist {
        name: usize,
        items: usize,
        link: Option<usize>,
    },
    RenameChecklist {
        which: usize,
        name: usize,
    },
    DeleteChecklist {
        which: usize,
    },
    Template(Option<usize>),
    Stylesheet(Option<usize>),
    Config(usize),
}

/// A page's Markdown, described.
#[derive(Debug, Clone)]
struct Body {
    title: Option<usize>,
    weight: Option<i8>,
    words: usize,
    headings: usize,
    /// A link to another chapter (with a fragment when `fragment`), a checklist embed.
    link: Option<usize>,
    fragment: bool,
    embed: Option<usize>,
}

fn body() -> impl Strategy<Value = Body> {
    (
        proptest::option::of(0..WORDS.len()),
        proptest::option::weighted(0.3, -3i8..4),
        1usize..40,
        0usize..3,
        proptest::option::of(0usize..8),
        any::<bool>(),
        proptest::option::weighted(0.3, 0..CHECKLISTS.len()),
    )
        .prop_map(
            |(title, weight, words, headings, link, fragment, embed)| Body {
                title,
                weight,
                words,
                headings,
                link,
                fragment,
                embed,
            },
        )
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0usize..8;
    prop_oneof![
        4 => (0..DIRS.len(), 0..NAMES.len(), body())
            .prop_map(|(dir, name, body)| Edit::AddChapter { dir, name, body }),
        4 => (n.clone(), body()).prop_map(|(which, body)| Edit::ChangeChapter { which, body }),
        2 => (n.clone(), 0..DIRS.len(), 0..NAMES.len())
            .prop_map(|(which, dir, name)| Edit::MoveChapter { which, dir, name }),
        2 => n.clone().prop_map(|which| Edit::DeleteChapter { which }),
        2 => (1..DIRS.len(), body()).prop_map(|(dir, body)| Edit::SectionIntro { dir, body }),
        1 => (1..DIRS.len()).prop_map(|dir| Edit::DeleteSection { dir }),
        2 => (0..CHECKLISTS.len(), 1usize..5, proptest::option::of(n.clone()))
            .prop_map(|(name, items, link)| Edit::Checklist { name, items, link }),
        1 => (n.clone(), 0..CHECKLISTS.len())
            .prop_map(|(which, name)| Edit::RenameChecklist { which, name }),
        1 => n.clone().prop_map(|which| Edit::DeleteChecklist { which }),
        1 => proptest::option::of(0usize..3).prop_map(Edit::Template),
        1 => proptest::option::of(0usize..3).prop_map(Edit::Stylesheet),
        1 => (0usize..5).prop_map(Edit::Config),
    ]
}

/// What happens to the build cache on disk before a step's build from it. A damaged file is
/// one of the cache's files (the head or a shard), picked by the number.
#[derive(Debug, Clone, Copy)]
enum Disk {
    /// Left as the last build wrote it.
    Warm,
    /// The head deleted.
    Cold,
    /// One byte of a file changed.
    Flip(usize),
    /// A file cut short.
    Truncate(usize),
    /// A directory where a file goes.
    Directory(usize),
    /// A shard file deleted.
    Missing(usize),
    /// A page of the last cached build's output edited by hand.
    EditPage(usize),
    /// A page of the last cached build's output deleted by hand.
    DeletePage(usize),
}

fn disk() -> impl Strategy<Value = Disk> {
    prop_oneof![
        4 => Just(Disk::Warm),
        1 => Just(Disk::Cold),
        1 => any::<usize>().prop_map(Disk::Flip),
        1 => any::<usize>().prop_map(Disk::Truncate),
        1 => any::<usize>().prop_map(Disk::Directory),
        1 => any::<usize>().prop_map(Disk::Missing),
        1 => any::<usize>().prop_map(Disk::EditPage),
        1 => any::<usize>().prop_map(Disk::DeletePage),
    ]
}

/// The build cache folder of the site at `root`, as warnings name its files.
const CACHE_DIR: &str = ".playbook-cache/";
/// Its head file.
const CACHE_FILE: &str = ".playbook-cache/caches.bin";

/// The cache's files: the head, then the shards (by name).
fn cache_files(root: &Path) -> Vec<std::path::PathBuf> {
    let shards = listing(&root.join(CACHE_DIR).join("shards"));
    let shards = shards
        .keys()
        .map(|s| root.join(CACHE_DIR).join("shards").join(s));
    let head = root.join(CACHE_FILE);
    std::iter::once(head)
        .filter(|h| h.is_file())
        .chain(shards)
        .collect()
}

/// What damage did to the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Damaged {
    Nothing,
    /// The head: one warning, unless a flipped byte happens not to matter.
    Head,
    /// A shard: one warning when the head lists it (it may be for other settings: a miss).
    Shard,
}

/// Does `what` to the build cache, and says what it damaged.
fn damage(root: &Path, what: Disk) -> Damaged {
    if let Disk::EditPage(n) | Disk::DeletePage(n) = what {
        let pages: Vec<String> = listing(&root.join("cached"))
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect();
        if let Some(page) = pages.get(n % pages.len().max(1)) {
            let path = root.join("cached").join(page);
            if matches!(what, Disk::DeletePage(_)) {
                std::fs::remove_file(&path).expect("delete a page");
            } else {
                let mut text = std::fs::read(&path).expect("read a page");
                text.extend_from_slice(b"<p>edited by hand</p>");
                std::fs::write(&path, text).expect("edit a page");
            }
        }
        return Damaged::Nothing;
    }
    let files = cache_files(root);
    let pick = |n: usize, from: &[std::path::PathBuf]| from.get(n % from.len().max(1)).cloned();
    let path = match what {
        Disk::Flip(n) | Disk::Truncate(n) | Disk::Directory(n) => pick(n, &files),
        Disk::Missing(n) => pick(n, files.get(1..).unwrap_or_default()),
        _ => Some(root.join(CACHE_FILE)),
    };
    let Some(path) = path else {
        return Damaged::Nothing;
    };
    let Ok(mut bytes) = std::fs::read(&path) else {
        return Damaged::Nothing;
    };
    match what {
        Disk::Warm | Disk::EditPage(_) | Disk::DeletePage(_) => return Damaged::Nothing,
        Disk::Cold | Disk::Missing(_) => std::fs::remove_file(&path).expect("remove the file"),
        Disk::Flip(at) => {
            let at = at % bytes.len();
            bytes[at] ^= 0x5a;
            std::fs::write(&path, bytes).expect("write the cache");
        }
        Disk::Truncate(len) => {
            bytes.truncate(len % bytes.len());
            std::fs::write(&path, bytes).expect("write the cache");
        }
        Disk::Directory(_) => {
            std::fs::remove_file(&path).expect("remove the file");
            std::fs::create_dir_all(path.join("inside")).expect("a directory");
        }
    }
    match what {
        Disk::Cold => Damaged::Nothing,
        _ if path == root.join(CACHE_FILE) => Damaged::Head,
        _ => Damaged::Shard,
    }
}

/// The sources of a test site, as written to its folder (removed when the test passes).
struct Sources {
    root: PathBuf,
    files: BTreeMap<String, String>,
}

impl Drop for Sources {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            crate::harness::remove_dir(&self.root);
        }
    }
}

impl Sources {
    fn new() -> Sources {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("incremental-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut s = Sources {
            root,
            files: BTreeMap::new(),
        };
        s.write("site.toml", &config(0));
        s.write("content/_index.md", "# Home\n\nThe start.\n");
        s.write("content/01-alpha/_index.md", "# Alpha\n\nThe first part.\n");
        s.write(
            "content/01-alpha/01-start.md",
            "# Start\n\nSee [the end](../02-beta/end.md).\n",
        );
        s.write("content/02-beta/end.md", "# End\n\n## Wrap up\n\nDone.\n");
        s.write(
            "content/checklists/first.toml",
            &checklist("first", 2, None),
        );
        s
    }

    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        self.files.insert(rel.to_string(), text.to_string());
    }

    fn remove(&mut self, rel: &str) {
        let _ = std::fs::remove_file(self.root.join(rel));
        self.files.remove(rel);
    }

    /// Chapter sources (`content/…/x.md` but the home page), in path order.
    fn chapters(&self) -> Vec<String> {
        (self.files.keys())
            .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
            .filter(|p| !p.ends_with("/_index.md") && !p.starts_with("content/checklists/"))
            .cloned()
            .collect()
    }

    fn checklists(&self) -> Vec<String> {
        (self.files.keys())
            .filter(|p| p.starts_with("content/checklists/") && p.ends_with(".toml"))
            .cloned()
            .collect()
    }

    /// Applies `edit`; returns what changed, as `serve` would classify it.
    fn apply(&mut self, edit: &Edit) -> Vec<ChangeKind> {
        let before = self.files.clone();
        let pick =
            |list: Vec<String>, i: usize| (!list.is_empty()).then(|| list[i % list.len()].clone());
        match edit {
            Edit::AddChapter { dir, name, body } => {
                let rel = chapter_path(DIRS[*dir], NAMES[*name]);
                let text = self.markdown(&rel, body);
                self.write(&rel, &text);
            }
            Edit::ChangeChapter { which, body } => {
                if let Some(rel) = pick(self.chapters(), *which) {
                    let text = self.markdown(&rel, body);
                    self.write(&rel, &text);
                }
            }
            Edit::MoveChapter { which, dir, name } => {
                if let Some(rel) = pick(self.chapters(), *which) {
                    let text = self.files[&rel].clone();
                    self.remove(&rel);
                    self.write(&chapter_path(DIRS[*dir], NAMES[*name]), &text);
                }
            }
            Edit::DeleteChapter { which } => {
                if let Some(rel) = pick(self.chapters(), *which) {
                    self.remove(&rel);
                }
            }
            Edit::SectionIntro { dir, body } => {
                let rel = format!("content/{}/_index.md", DIRS[*dir]);
                let text = self.markdown(&rel, body);
                self.write(&rel, &text);
            }
            Edit::DeleteSection { dir } => {
                let prefix = format!("content/{}/", DIRS[*dir]);
                let gone: Vec<String> = (self.files.keys())
                    .filter(|p| p.starts_with(&prefix))
                    .cloned()
                    .collect();
                for rel in gone {
                    self.remove(&rel);
                }
                let _ = std::fs::remove_dir_all(self.root.join(&prefix));
            }
            Edit::Checklist { name, items, link } => {
                let target = link.and_then(|l| pick(self.chapters(), l));
                let link = target.map(|t| relative("content/checklists", &t));
                let id = CHECKLISTS[*name];
                self.write(
                    &format!("content/checklists/{id}.toml"),
                    &checklist(id, *items, link),
                );
            }
            Edit::RenameChecklist { which, name } => {
                if let Some(rel) = pick(self.checklists(), *which) {
                    let text = self.files[&rel].clone();
                    self.remove(&rel);
                    let id = CHECKLISTS[*name];
                    self.write(&format!("content/checklists/{id}.toml"), &text);
                }
            }
            Edit::DeleteChecklist { which } => {
                if let Some(rel) = pick(self.checklists(), *which) {
                    self.remove(&rel);
                }
            }
            Edit::Template(variant) => {
                let rel = "themes/default/templates/chapter.html";
                match variant {
                    Some(v) => self.write(rel, &format!("{{% extends \"base.html\" %}}\n{{% block main %}}<article class=\"v{v}\"><h1>{{{{ title }}}}</h1>{{% for item in nav %}}<i>{{{{ item.title }}}}</i>{{% endfor %}}{{{{ page.html | safe }}}}</article>{{% endblock main %}}\n")),
                    None => self.remove(rel),
                }
            }
            Edit::Stylesheet(variant) => {
                let rel = "themes/default/static/style.css";
                match variant {
                    Some(v) => self.write(rel, &format!("body {{ margin: {v}em; }}\n")),
                    None => self.remove(rel),
                }
            }
            Edit::Config(variant) => self.write("site.toml", &config(*variant)),
        }
        let mut kinds: Vec<ChangeKind> = (self.files.keys().chain(before.keys()))
            .filter(|p| self.files.get(*p) != before.get(*p))
            .map(|p| match p.split('/').next() {
                Some("site.toml") => ChangeKind::Config,
                Some("themes") => ChangeKind::Theme,
                _ => ChangeKind::Content,
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// The Markdown of the page at `rel` described by `body`, linking what exists now.
    fn markdown(&self, rel: &str, body: &Body) -> String {
        let mut md = String::new();
        if body.title.is_some() || body.weight.is_some() {
            md.push_str("+++\n");
            if let Some(t) = body.title {
                md.push_str(&format!("title = \"The {}\"\n", WORDS[t]));
            }
            if let Some(w) = body.weight {
                md.push_str(&format!("weight = {w}\n"));
            }
            md.push_str("+++\n");
        }
        md.push_str(&format!("# Page {}\n\n", body.words));
        let words: Vec<&str> = (0..body.words)
            .map(|i| WORDS[(i * 7 + body.words) % WORDS.len()])
            .collect();
        md.push_str(&words.join(" "));
        md.push_str(".\n\n");
        for (h, word) in WORDS.iter().enumerate().take(body.headings) {
            md.push_str(&format!("## Part {h}\n\nMore about the {word}.\n\n"));
        }
        let chapters = self.chapters();
        if let Some(l) = body.link.filter(|_| !chapters.is_empty()) {
            let target = &chapters[l % chapters.len()];
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let fragment = if body.fragment { "#part-0" } else { "" };
            md.push_str(&format!(
                "See [there]({}{fragment}).\n\n",
                relative(dir, target)
            ));
        }
        let checklists = self.checklists();
        if let Some(e) = body.embed.filter(|_| !checklists.is_empty()) {
            let id = checklists[e % checklists.len()]
                .trim_start_matches("content/checklists/")
                .trim_end_matches(".toml")
                .to_string();
            md.push_str(&format!("<!-- checklist: {id} -->\n"));
        }
        md
    }
}

fn chapter_path(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        format!("content/{name}")
    } else {
        format!("content/{dir}/{name}")
    }
}

/// The path from the folder `from` to the file `to`, both relative to the site root.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

fn config(variant: usize) -> String {
    let mut toml = String::from("[check]\nbroken_links = \"warn\"\n");
    match variant {
        1 => toml.insert_str(0, "title = \"Beta\"\ndescription = \"About beta.\"\n"),
        2 => toml.push_str("[search]\nenabled = false\n"),
        3 => toml.push_str("[markdown]\nsmart_punctuation = false\n"),
        4 => toml.insert_str(0, "base_url = \"https://example.org/pb/\"\n"),
        _ => toml.insert_str(0, "title = \"Alpha\"\n"),
    }
    toml
}

fn checklist(id: &str, items: usize, link: Option<String>) -> String {
    let mut toml = format!("title = \"Checklist {id}\"\n");
    if let Some(link) = link {
        toml.push_str(&format!("description = \"Read [this]({link}) first.\"\n"));
    }
    toml.push_str("\n[[sections]]\ntitle = \"Now\"\n");
    for i in 0..items {
        toml.push_str(&format!(
            "\n[[sections.items]]\ntext = \"Do the {} thing {i}\"\n",
            WORDS[i % WORDS.len()]
        ));
    }
    toml
}

fn settings(root: &Path, output: &str) -> Settings {
    with_cache(root, output, true)
}

fn with_cache(root: &Path, output: &str, cache: bool) -> Settings {
    let overrides = Overrides {
        output_dir: Some(output.into()),
        no_cache: !cache,
        ..Overrides::default()
    };
    Settings::resolve(root, overrides).unwrap_or_else(|e| panic!("settings: {e:?}"))
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// What a build did, comparable between an incremental and a clean build.
fn outcome(result: &Result<BuildReport, Failure>) -> Result<Vec<String>, Vec<String>> {
    let lines = |d: &playbook::Diagnostics| d.iter().map(ToString::to_string).collect();
    match result {
        Ok(report) => Ok(lines(&report.warnings)),
        Err(Failure::Content(d)) => Err(lines(d)),
        Err(Failure::Fatal(e)) => Err(vec![format!("{e:#}")]),
    }
}

/// `outcome` without the warnings about the build cache, and those warnings.
fn without_cache_warnings(
    outcome: Result<Vec<String>, Vec<String>>,
) -> (Result<Vec<String>, Vec<String>>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut keep = |lines: Vec<String>| -> Vec<String> {
        let (cache, rest): (Vec<String>, Vec<String>) =
            lines.into_iter().partition(|l| l.contains(CACHE_DIR));
        warnings.extend(cache);
        rest
    };
    let outcome = match outcome {
        Ok(lines) => Ok(keep(lines)),
        Err(lines) => Err(keep(lines)),
    };
    (outcome, warnings)
}

fn equal_outputs(a: &Path, b: &Path) -> Result<(), String> {
    let (a, b) = (listing(a), listing(b));
    let only = |x: &BTreeMap<String, Vec<u8>>, y: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        x.keys().filter(|k| !y.contains_key(*k)).cloned().collect()
    };
    let differ: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    if a == b {
        return Ok(());
    }
    Err(format!(
        "incremental only: {:?}\nclean only: {:?}\ndiffer: {differ:?}",
        only(&a, &b),
        only(&b, &a)
    ))
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_and_cached_builds_equal_clean_builds(
        edits in proptest::collection::vec((edit(), disk()), 1..6)
    ) {
        builds_agree(&edits)?;
    }
}

/// Found by CI: a shard for other settings, damaged while they were not in use, is reported
/// when they come back, a build later than the damage.
#[test]
fn a_shard_damaged_while_unused_is_reported_when_its_settings_return() {
    let embed = Body {
        title: None,
        weight: None,
        words: 1,
        headings: 0,
        link: None,
        fragment: false,
        embed: Some(0),
    };
    let edits = [
        (
            Edit::SectionIntro {
                dir: 1,
                body: embed,
            },
            Disk::Warm,
        ),
        (Edit::RenameChecklist { which: 0, name: 1 }, Disk::Warm),
        (Edit::Config(1), Disk::Flip(686_131_006_193)),
        (Edit::Config(0), Disk::EditPage(0)),
    ];
    builds_agree(&edits).unwrap_or_else(|e| panic!("{e}"));
}

/// Applies `edits` one by one; after each, the incremental, clean and cached builds must agree.
fn builds_agree(edits: &[(Edit, Disk)]) -> Result<(), TestCaseError> {
    let mut sources = Sources::new();
    let root = sources.root.clone();
    let mut pipeline = Pipeline::incremental(settings(&root, "public")).expect("pipeline");
    let first = pipeline.build();
    prop_assert!(
        first.is_ok(),
        "the first build failed: {:?}",
        outcome(&first)
    );
    let mut clean: Option<Pipeline> = None;
    // Damaged shards no build has read yet: ones for other settings are read, and reported,
    // only when those settings come back.
    let mut unread = 0;
    for (step, (edit, disk)) in edits.iter().enumerate() {
        let kinds = sources.apply(edit);
        let incremental = pipeline.rebuild(&kinds, &mut |_| {});
        // A one-shot pipeline keeps nothing between builds but its settings and templates:
        // it is made again when those change.
        if kinds.iter().any(|k| *k != ChangeKind::Content) {
            clean = None;
        }
        let result = match &mut clean {
            Some(p) => p.build(),
            None => match Pipeline::new(with_cache(&root, "clean", false)) {
                Ok(mut p) => {
                    let result = p.build();
                    clean = Some(p);
                    result
                }
                Err(e) => Err(Failure::Fatal(e)),
            },
        };
        // A new process, reading what the last one left in the build cache.
        let damaged = damage(&root, *disk);
        let cached = Pipeline::new(settings(&root, "cached"))
            .map_err(Failure::Fatal)
            .and_then(|mut p| p.build());
        let (a, b) = (outcome(&incremental), outcome(&result));
        prop_assert_eq!(
            &a,
            &b,
            "step {} ({:?}): the builds went differently",
            step,
            edit
        );
        let (c, warnings) = without_cache_warnings(outcome(&cached));
        let warned = warnings.len();
        prop_assert_eq!(
            &c,
            &b,
            "step {} ({:?}, {:?}): the cached build went differently",
            step,
            edit,
            disk
        );
        let allowed = unread + usize::from(damaged != Damaged::Nothing);
        prop_assert!(
            warned <= allowed,
            "step {step} ({disk:?}): {warned} cache warnings: {warnings:?}"
        );
        let head = usize::from(damaged == Damaged::Head);
        unread = (unread + usize::from(damaged == Damaged::Shard))
            .saturating_sub(warned.saturating_sub(head));
        if damaged == Damaged::Head
            && !matches!(disk, Disk::Flip(_))
            && !matches!(cached, Err(Failure::Fatal(_)))
        {
            prop_assert_eq!(warned, 1, "step {} ({:?}): no warning", step, disk);
        }
        if a.is_ok() {
            let same = equal_outputs(&root.join("public"), &root.join("clean"));
            prop_assert!(
                same.is_ok(),
                "step {} ({:?}): {}",
                step,
                edit,
                same.unwrap_err()
            );
            let same = equal_outputs(&root.join("cached"), &root.join("clean"));
            prop_assert!(
                same.is_ok(),
                "step {} ({:?}, {:?}) cached: {}",
                step,
                edit,
                disk,
                same.unwrap_err()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}
