//! Theme edits in `serve`'s incremental pipeline, in process: a stylesheet saved is one file
//! copied and no page rendered; a template saved renders every page again. `serve` hands
//! every change under `themes/` to `Pipeline::rebuild` as `ChangeKind::Theme` (its
//! `classify`, table-tested in `src/serve/watch/tests.rs`), so this is its code path.
use crate::harness::SiteTest;
use playbook::Pipeline;
use playbook::config::{Overrides, Settings};
use playbook::pipeline::{BuildReport, ChangeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A file of the output as the disk has it: its bytes, when it was last written, and (where
/// there are inodes) which file it is, since a rewrite renames a new file into place.
#[derive(Debug, PartialEq)]
struct OnDisk {
    bytes: Vec<u8>,
    modified: SystemTime,
    inode: u64,
}

/// Every file under `dir`, by `/`-separated relative path.
fn on_disk(dir: &Path) -> BTreeMap<String, OnDisk> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().expect("metadata");
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let inode = 0;
            let rel = e.path().strip_prefix(dir).expect("inside");
            let file = OnDisk {
                bytes: std::fs::read(e.path()).expect("read"),
                modified: meta.modified().expect("mtime"),
                inode,
            };
            (rel.to_string_lossy().replace('\\', "/"), file)
        })
        .collect()
}

/// The paths whose file is not the same one, with the same bytes, in `after`.
fn touched(before: &BTreeMap<String, OnDisk>, after: &BTreeMap<String, OnDisk>) -> Vec<String> {
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

fn theme_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A site with what every kind of output needs (sections, chapters, an embedded checklist,
/// tags, search, print documents), the default theme's stylesheet and chapter template
/// copied into the site as an author would before editing them, built by an incremental
/// pipeline.
fn site(name: &str) -> (SiteTest, Pipeline, BuildReport) {
    let t = SiteTest::new(name)
        .file("site.toml", "title = \"Theme edits\"\n")
        .file("content/_index.md", "# Theme edits\n\nWelcome.\n")
        .file("content/01-guide/_index.md", "# Guide\n\nThe guide.\n")
        .file(
            "content/01-guide/01-first.md",
            "+++\ntitle = \"First\"\ntags = [\"hiring\"]\n+++\n\nThe first chapter.\n\n## Steps\n\n<!-- checklist: onboarding -->\n",
        )
        .file(
            "content/01-guide/02-second.md",
            "+++\ntitle = \"Second\"\n+++\n\nSee [first](01-first.md#steps).\n",
        )
        .file(
            "content/checklists/onboarding.toml",
            "title = \"Onboarding\"\n\n[[sections]]\ntitle = \"Week 1\"\n\n[[sections.items]]\nid = \"meet\"\ntext = \"Meet the team\"\n",
        )
        .file(
            "themes/default/static/style.css",
            &theme_file("themes/default/static/style.css"),
        )
        .file(
            "themes/default/templates/chapter.html",
            &theme_file("themes/default/templates/chapter.html"),
        );
    let settings = Settings::resolve(t.path(), Overrides::default())
        .unwrap_or_else(|e| panic!("settings: {e:?}"));
    let mut pipeline = Pipeline::incremental(settings).expect("pipeline");
    let first = pipeline
        .build()
        .unwrap_or_else(|e| panic!("first build: {e}"));
    assert!(
        first.pages_rendered >= 8,
        "the first build renders every page: {}",
        first.pages_rendered
    );
    // Past the file system's timestamp granularity, so a file written again has a new time.
    std::thread::sleep(Duration::from_millis(50));
    (t, pipeline, first)
}

#[test]
fn a_saved_stylesheet_is_one_file_copied_and_no_page_rendered() {
    let (t, mut pipeline, _) = site("theme-css");
    let public = t.path().join("public");
    let before = on_disk(&public);
    let css = theme_file("themes/default/static/style.css");
    t.write(
        "themes/default/static/style.css",
        &format!("{css}\n.site-title {{ letter-spacing: 0.02em; }}\n"),
    );
    let mut told = Vec::new();
    let report = pipeline
        .rebuild(&[ChangeKind::Theme], &mut |changed| {
            told.extend_from_slice(changed)
        })
        .unwrap_or_else(|e| panic!("rebuild: {e}"));
    assert_eq!(
        report.pages_rendered, 0,
        "a stylesheet saved rendered pages"
    );
    assert_eq!(report.sync.changed, ["static/style.css"]);
    assert_eq!(told, ["static/style.css"], "what serve tells open pages");
    assert_eq!(
        touched(&before, &on_disk(&public)),
        ["static/style.css"],
        "files written on disk"
    );
    assert!(
        t.read("static/style.css")
            .contains("letter-spacing: 0.02em")
    );
}

#[test]
fn a_saved_template_renders_every_page_again() {
    let (t, mut pipeline, first) = site("theme-template");
    let public = t.path().join("public");
    let before = on_disk(&public);
    let chapter = theme_file("themes/default/templates/chapter.html");
    t.write(
        "themes/default/templates/chapter.html",
        &chapter.replace(
            "<div class=\"prose\">",
            "<p class=\"edited\">Template edited.</p>\n  <div class=\"prose\">",
        ),
    );
    let report = pipeline
        .rebuild(&[ChangeKind::Theme], &mut |_| {})
        .unwrap_or_else(|e| panic!("rebuild: {e}"));
    assert_eq!(
        report.pages_rendered, first.pages_rendered,
        "every page is rendered again with the new templates"
    );
    let written = touched(&before, &on_disk(&public));
    for page in ["guide/first/index.html", "guide/second/index.html"] {
        assert!(t.read(page).contains("Template edited."), "{page}");
        assert!(
            written.iter().any(|p| p == page),
            "{page} not in {written:?}"
        );
    }
    assert!(
        !written.iter().any(|p| p.starts_with("static/")),
        "a template edit copies no asset: {written:?}"
    );
    assert_eq!(
        report.sync.changed, written,
        "the report says what the disk shows"
    );
}
