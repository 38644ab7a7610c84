//! The build cache (`.playbook-cache/`): what `build` leaves for the next one, that
//! `--no-cache` neither reads nor writes, that a damaged or foreign cache only costs a warning,
//! and that it stays out of the published site and the content. The property test in
//! `incremental.rs` compares outputs built from warm, cold and damaged caches.
use crate::harness::SiteTest;
use std::collections::BTreeMap;
use std::path::Path;

const CACHE: &str = ".playbook-cache/caches.bin";

/// A small site with something in each cached kind of work: highlighted code, search text,
/// a chapter for print.
fn site(name: &str) -> SiteTest {
    SiteTest::new(name)
        .file("site.toml", "title = \"Cache\"\n")
        .file(
            "content/_index.md",
            "# Home\n\nWelcome to the [first](01-first.md) chapter.\n",
        )
        .file(
            "content/01-first.md",
            "# First\n\nA roadmap review.\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n",
        )
        .file("content/02-second.md", "# Second\n\nHiring the team.\n")
}

/// Every file of the output with its bytes.
fn output(t: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    (t.output_files().into_iter())
        .map(|f| {
            let bytes = std::fs::read(t.path().join("public").join(&f)).expect("read output");
            (f, bytes)
        })
        .collect()
}

fn clean_output(name: &str) -> BTreeMap<String, Vec<u8>> {
    clean_output_with(name, &[])
}

/// The output of a clean build (no cache) of the small site with `edits` (path, text) made.
fn clean_output_with(name: &str, edits: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let t = site(name);
    for (path, text) in edits {
        t.write(path, text);
    }
    let run = t.run(&["build", "--no-cache"]);
    assert!(run.success(), "{}", run.stderr);
    output(&t)
}

#[test]
fn build_writes_the_cache_and_no_cache_writes_nothing() {
    let t = site("cache-none");
    let run = t.run(&["build", "--no-cache"]);
    assert!(run.success() && run.stderr.is_empty(), "{}", run.stderr);
    assert!(
        !t.path().join(".playbook-cache").exists(),
        "--no-cache wrote the cache"
    );
    t.build();
    assert!(t.path().join(CACHE).is_file(), "build keeps its cache");
    assert!(
        t.path().join(".playbook-cache/CACHEDIR.TAG").is_file(),
        "marked for backup tools"
    );
    // `check` reads it and leaves it as it was.
    let before = std::fs::read(t.path().join(CACHE)).unwrap();
    std::fs::write(
        t.path().join("content/02-second.md"),
        "# Second\n\nChanged.\n",
    )
    .unwrap();
    let check = t.run(&["check"]);
    assert!(
        check.success() && check.stderr.is_empty(),
        "{}",
        check.stderr
    );
    assert_eq!(
        std::fs::read(t.path().join(CACHE)).unwrap(),
        before,
        "check wrote it"
    );
}

#[test]
fn a_warm_build_after_an_edit_equals_a_clean_one() {
    let t = site("cache-warm");
    t.build();
    let edited = "# Second\n\nHiring the team, and `code`.\n\n```python\nprint(1)\n```\n";
    t.write("content/02-second.md", edited);
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let clean = clean_output_with("cache-warm-clean", &[("content/02-second.md", edited)]);
    assert!(output(&t) == clean, "warm and clean builds differ");
}

/// What a damage is called, and what it does to the cache file.
type Damage = (&'static str, fn(&Path));

#[test]
fn a_corrupt_cache_warns_once_and_the_build_is_the_same() {
    let clean = clean_output("cache-corrupt-clean");
    let damages: [Damage; 4] = [
        ("bad bytes", |p| {
            std::fs::write(p, b"not a cache at all").unwrap()
        }),
        ("truncated", |p| {
            let bytes = std::fs::read(p).unwrap();
            std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("one byte changed", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            let at = bytes.len() - 40;
            bytes[at] ^= 1;
            std::fs::write(p, bytes).unwrap();
        }),
        ("a directory", |p| {
            std::fs::remove_file(p).unwrap();
            std::fs::create_dir_all(p.join("x")).unwrap();
        }),
    ];
    let shard = |t: &crate::harness::SiteTest| -> String {
        let dir = t.path().join(".playbook-cache/shards");
        let mut names: Vec<String> = (std::fs::read_dir(dir).expect("the shards").flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        format!(".playbook-cache/shards/{}", names.first().expect("a shard"))
    };
    for ((what, damage), head) in damages.iter().flat_map(|d| [(d, true), (d, false)]) {
        let t = site("cache-corrupt");
        t.build();
        let file = if head { CACHE.to_string() } else { shard(&t) };
        damage(&t.path().join(&file));
        let run = t.run(&["build"]);
        assert!(run.success(), "{what}: {}", run.stderr);
        assert_eq!(
            run.stderr.matches("warning:").count(),
            1,
            "{what}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("build cache `{file}`")),
            "{what}: the warning names `{file}`: {}",
            run.stderr
        );
        assert!(
            output(&t) == clean,
            "{what}: the output differs from a clean build"
        );
        let again = t.build();
        assert!(
            again.stderr.is_empty(),
            "{what}: rebuilt, no warning: {}",
            again.stderr
        );
        assert!(output(&t) == clean, "{what}: from the rebuilt cache");
    }
}

#[test]
fn a_cache_from_another_build_of_playbook_is_not_read() {
    let t = site("cache-version");
    t.build();
    // The fingerprint of the binary follows the 16-byte magic: another build's differs.
    let path = t.path().join(CACHE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[16] ^= 0xff;
    std::fs::write(&path, bytes).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stderr.contains("written by another build of playbook"),
        "{}",
        run.stderr
    );
    assert!(output(&t) == clean_output("cache-version-clean"));
}

#[test]
fn the_cache_is_neither_published_nor_read_as_content() {
    let t = site("cache-apart");
    t.build();
    t.build();
    assert!(
        t.output_files()
            .iter()
            .all(|f| !f.contains("caches") && !f.contains("CACHEDIR")),
        "{:?}",
        t.output_files()
    );
    for (dir, why) in [
        ("content/.cache", "overlaps the content"),
        ("public/cache", "overlaps the output directory"),
        (".", "is (or contains) the site root"),
        ("../elsewhere", "outside the site root"),
    ] {
        t.write("site.toml", &format!("[build]\ncache_dir = {dir:?}\n"));
        let run = t.run(&["build"]);
        assert!(!run.success(), "{dir}: built");
        assert!(run.stderr.contains(why), "{dir}: {}", run.stderr);
    }
    t.write(
        "site.toml",
        "[build]\ncache_dir = \"build/cache\"\nunknown = 1\n",
    );
    let run = t.run(&["build"]);
    assert!(
        run.stderr.contains("unknown = 1") || run.stderr.contains("`unknown`"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_cache_folder_linked_out_of_the_root_is_not_used() {
    let t = site("cache-link");
    let outside = t.path().join("../cache-link-outside");
    let _ = std::fs::remove_dir_all(&outside);
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, t.path().join(".playbook-cache")).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(
        !outside.join("caches.bin").exists(),
        "wrote outside the root"
    );
    std::fs::remove_dir_all(&outside).unwrap();
}

/// A warm build links the pages no edit touched from the previous site (the same file, not
/// written again), and renders again a page someone changed by hand in the output.
#[cfg(unix)]
#[test]
fn a_warm_build_links_unchanged_pages_and_renders_pages_edited_by_hand() {
    use std::os::unix::fs::MetadataExt;
    let t = site("cache-link");
    t.build();
    let public = t.path().join("public");
    let page_with = |text: &str| -> String {
        let found = output(&t).into_iter().find(|(path, bytes)| {
            path.ends_with(".html") && String::from_utf8_lossy(bytes).contains(text)
        });
        found.expect("a page with the text").0
    };
    let first = page_with("A roadmap review.");
    let inode = |path: &str| std::fs::metadata(public.join(path)).expect("a page").ino();
    let kept = inode(&first);
    let mut home = std::fs::read(public.join("index.html")).expect("the home page");
    home.extend_from_slice(b"<!-- edited by hand -->");
    std::fs::write(public.join("index.html"), home).expect("edit the home page");
    let edited = "# Second\n\nHiring the team well.\n";
    t.write("content/02-second.md", edited);
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(inode(&first), kept, "the unchanged page was written again");
    let clean = clean_output_with("cache-link-clean", &[("content/02-second.md", edited)]);
    assert!(
        output(&t) == clean,
        "the warm build differs from a clean one (the page edited by hand was kept?)"
    );
}

/// Files made otherwise than from a template (the search index, scripts, exports) are kept
/// by their bytes: a warm build leaves those it made identically (the same file, not read
/// or written again), and writes again one someone changed or removed by hand.
#[cfg(unix)]
#[test]
fn a_warm_build_keeps_unchanged_index_files_and_rewrites_those_changed_by_hand() {
    use std::os::unix::fs::MetadataExt;
    let t = site("cache-files");
    t.build();
    let public = t.path().join("public");
    let inode = |path: &str| std::fs::metadata(public.join(path)).map(|m| m.ino()).ok();
    let files = t.output_files();
    let index: Vec<&String> = (files.iter())
        .filter(|f| f.starts_with("search/") && !f.ends_with(".html"))
        .collect();
    let [changed, removed] = [0, 1].map(|i| index.get(i).expect("index files").to_string());
    // A theme script: no edit of the content changes it.
    let kept = "static/site.js".to_string();
    let kept_inode = inode(&kept);
    let mut bytes = std::fs::read(public.join(&changed)).expect("read");
    bytes.extend_from_slice(b" ");
    std::fs::write(public.join(&changed), bytes).expect("change by hand");
    std::fs::remove_file(public.join(&removed)).expect("remove by hand");
    let edited = "# Second\n\nHiring the team well.\n";
    t.write("content/02-second.md", edited);
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(inode(&kept), kept_inode, "`{kept}` was written again");
    let clean = clean_output_with("cache-files-clean", &[("content/02-second.md", edited)]);
    let warm = output(&t);
    for f in [&changed, &removed] {
        assert!(warm.get(f) == clean.get(f), "`{f}` was not written again");
    }
    assert!(warm == clean, "the warm build differs from a clean one");
}

/// A warm build updates the output in place, as `serve` does: the folder is not replaced and
/// only files whose bytes changed are written; a warm build that fails on a content error
/// leaves every file as it was.
#[cfg(unix)]
#[test]
fn a_warm_build_updates_the_site_in_place_and_a_failed_one_leaves_it() {
    use std::os::unix::fs::MetadataExt;
    let t = site("cache-in-place");
    t.build();
    let public = t.path().join("public");
    let stamp = |path: &Path| {
        let m = std::fs::metadata(path).expect("in the output");
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let folder = stamp(&public);
    let before = output(&t);
    let stamps: BTreeMap<String, _> = before
        .keys()
        .map(|f| (f.clone(), stamp(&public.join(f))))
        .collect();
    t.write(
        "content/02-second.md",
        "# Second\n\nHiring the team well.\n",
    );
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(stamp(&public).0, folder.0, "the output folder was replaced");
    let after = output(&t);
    // The manifest is playbook's own list, rewritten whenever files are written.
    let rewritten: Vec<&String> = (after.keys())
        .filter(|f| f.as_str() != ".playbook-manifest")
        .filter(|f| stamps.get(*f) != Some(&stamp(&public.join(f))))
        .collect();
    for f in &rewritten {
        assert_ne!(
            before.get(*f),
            after.get(*f),
            "`{f}` was written with the same bytes"
        );
    }
    assert!(
        rewritten
            .iter()
            .any(|f| after[*f].windows(9).any(|w| w == b"team well")),
        "the edited page was not written: {rewritten:?}"
    );
    t.write(
        "content/02-second.md",
        "# Second\n\nSee [nowhere](missing.md).\n",
    );
    let run = t.run(&["build"]);
    assert!(!run.success(), "a broken link fails the build");
    assert!(run.stderr.contains("missing.md"), "{}", run.stderr);
    assert!(
        output(&t) == after,
        "a failed warm build changed the output"
    );
}

/// The cache is spread over shard files named by their content: an edit to one chapter
/// writes only the few shards that hold its entries (its Markdown; its print form, search
/// chunk and search row, each moving from the shard of its old key to that of its new one),
/// and leaves the others as they are.
#[cfg(unix)]
#[test]
fn an_edit_rewrites_only_the_shards_it_touches() {
    let t = built_with_chapters("cache-shards", 40);
    let before = shards(&t);
    t.write(
        "content/07-topic-7.md",
        "# Chapter 7\n\nNotes on topic 7, revised.\n",
    );
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let after = shards(&t);
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let kept = (after.iter())
        .filter(|(k, ino)| before.get(*k) == Some(ino))
        .count();
    assert!(
        before.len() >= 12,
        "{} of 16 shards for 43 pages",
        before.len()
    );
    assert!(
        !new.is_empty() && new.len() <= 7,
        "{} shards written: {new:?}",
        new.len()
    );
    assert_eq!(
        kept + new.len(),
        after.len(),
        "a kept shard was written again"
    );
}

/// A fresh checkout (the CI of every push) restores the cache of the last commit beside
/// sources that are all new files with their old text, and no output: every source is read
/// again, but as the cache files a page under its text, not under how it was read, no shard
/// is written again; the build is the same as a clean one.
#[cfg(unix)]
#[test]
fn sources_read_again_with_the_same_text_rewrite_no_shard() {
    let t = built_with_chapters("cache-checkout", 30);
    let before = shards(&t);
    let content = t.path().join("content");
    for entry in std::fs::read_dir(&content).expect("content").flatten() {
        let text = std::fs::read(entry.path()).expect("a source");
        std::fs::remove_file(entry.path()).expect("removed");
        std::fs::write(entry.path(), text).expect("written again");
    }
    std::fs::remove_dir_all(t.path().join("public")).expect("the output");
    settle();
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(shards(&t), before, "a shard was written again");
    let warm = output(&t);
    assert_eq!(
        warm,
        rebuilt_clean(&t),
        "the warm build differs from a clean one"
    );
}

/// The output of `t` built again from nothing: the output deleted, no cache.
fn rebuilt_clean(t: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    std::fs::remove_dir_all(t.path().join("public")).expect("the output");
    let clean = t.run(&["build", "--no-cache"]);
    assert!(clean.success(), "{}", clean.stderr);
    output(t)
}

/// The small site with `n` more chapters, settled and built once.
fn built_with_chapters(name: &str, n: usize) -> SiteTest {
    let mut t = site(name);
    for i in 0..n {
        let text = format!("# Chapter {i}\n\nNotes on topic {i} for the team.\n");
        t = t.file(&format!("content/{i:02}-topic-{i}.md"), &text);
    }
    settle();
    t.build();
    t
}

/// The shard files of the cache, each with its inode: a shard written again has a new one.
#[cfg(unix)]
fn shards(t: &SiteTest) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let dir = t.path().join(".playbook-cache/shards");
    (std::fs::read_dir(dir).expect("the shards").flatten())
        .map(|e| {
            let inode = e.metadata().expect("a shard").ino();
            (e.file_name().to_string_lossy().into_owned(), inode)
        })
        .collect()
}

/// A source's kind can change with its siblings (a `README.md` is a folder's index until an
/// `_index.md` comes beside it, and then a chapter, which `checklist = true` makes a
/// checklist): a kept source is reused only as the kind it was read as.
#[test]
fn a_source_whose_kind_changed_is_read_again() {
    let t = site("cache-kind").file(
        "content/guide/README.md",
        "+++\ntitle = \"Launch list\"\nchecklist = true\n+++\n\n## Before\n\n- [ ] Write the brief\n",
    );
    settle();
    t.build();
    let index = t.path().join("content/guide/_index.md");
    // The README becomes a chapter (a checklist), then the folder's index again.
    for add in [true, false] {
        match add {
            true => std::fs::write(&index, "# Guide\n\nHow we launch.\n").expect("written"),
            false => std::fs::remove_file(&index).expect("removed"),
        }
        settle();
        let run = t.build();
        assert!(run.success(), "{}", run.stderr);
        let warm = output(&t);
        let clean = rebuilt_clean(&t);
        let names = |o: &BTreeMap<String, Vec<u8>>| o.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&warm), names(&clean), "_index.md added: {add}");
        assert!(warm == clean, "the warm build differs from a clean one");
    }
}

/// Lets the files just written settle: the build cache does not keep a source changed just
/// before a build read it (the next build reads it again whatever its stamp says, "racy git").
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// The text of every file in the cache folder, bytes that are not UTF-8 replaced.
fn cache_text(t: &SiteTest) -> String {
    let dir = t.path().join(".playbook-cache/shards");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("the shards folder").flatten() {
        let bytes = std::fs::read(entry.path()).expect("a shard");
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    text
}

/// The cache keeps the sources it read, so a warm build need not open them again; it trusts
/// one only while the file's size, inode and change time are those it had when read. A file
/// rewritten with its old size and modification time (as `rsync -t` or `touch -r` leave it)
/// still has a new change time, which no program can set back, so it is read again.
#[cfg(unix)]
#[test]
fn sources_are_kept_and_one_rewritten_with_its_old_size_and_time_is_read_again() {
    let t = site("cache-sources").file(
        "content/03-third.md",
        "# Third\n\nThe old plan.\n\n[unused]: https://kept-source.example\n",
    );
    settle();
    t.build();
    assert!(
        cache_text(&t).contains("kept-source.example"),
        "the source (with a definition no page shows) is not in the cache"
    );
    settle();
    let path = t.path().join("content/03-third.md");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap();
    let edited = "# Third\n\nThe new plan.\n\n[unused]: https://kept-source.example\n";
    std::fs::write(&path, edited).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let run = t.build();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let page = (t.output_files().into_iter())
        .map(|f| std::fs::read_to_string(t.path().join("public").join(f)).unwrap_or_default())
        .find(|html| html.contains("plan.</p>"))
        .expect("the third page");
    assert!(page.contains("The new plan."), "the old source was reused");
}

/// A page whose front matter has a problem is not kept: its warning is reported by every
/// build, warm or not.
#[test]
fn a_warm_build_still_warns_about_front_matter() {
    let t = site("cache-warns").file(
        "content/03-third.md",
        "+++\ntitle = \"Third\"\ncolour = \"blue\"\n+++\n\nText.\n",
    );
    settle();
    let first = t.build();
    assert!(first.stderr.contains("colour"), "{}", first.stderr);
    settle();
    let second = t.build();
    assert_eq!(second.stderr, first.stderr);
}

/// Checklists are kept like pages: a warm build does not parse them again, reads again one
/// rewritten with its old size and time, and still warns about one with a problem (which is
/// not kept).
#[cfg(unix)]
#[test]
fn checklists_are_kept_and_one_with_a_warning_warns_on_every_build() {
    let list = |detail: &str| {
        format!(
            "title = \"Launch\"\n\n[[sections]]\ntitle = \"Before\"\n\n[[sections.items]]\nid = \"brief\"\ntext = \"Write the brief\"\ndetail = \"{detail}\"\n"
        )
    };
    let t = site("cache-checklists")
        .file("content/checklists/launch.toml", &list("kept-checklist marker"))
        .file(
            "content/checklists/loose.toml",
            "title = \"Loose\"\n\n[[sections]]\ntitle = \"Any\"\n\n[[sections.items]]\ntext = \"No id here\"\n",
        );
    settle();
    let first = t.build();
    assert!(first.stderr.contains("without an `id`"), "{}", first.stderr);
    assert!(
        cache_text(&t).contains("kept-checklist marker"),
        "the checklist is not in the cache"
    );
    settle();
    let second = t.build();
    assert_eq!(second.stderr, first.stderr, "the warning, once more");
    let path = t.path().join("content/checklists/launch.toml");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap();
    std::fs::write(&path, list("edit-checklist marker")).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    t.build();
    let page = std::fs::read_to_string(t.path().join("public/checklists/launch/index.html"))
        .expect("the checklist's page");
    assert!(
        page.contains("edit-checklist"),
        "the old checklist was reused"
    );
    assert!(
        output(&t) == rebuilt_clean(&t),
        "warm and clean builds differ"
    );
}

/// A page's key takes some of what its template sees by a digest or hash that stands for it:
/// the rendered Markdown, and a chapter's headings (its table of contents), by the digest of
/// the Markdown, the site's values by their hash, taken once per build. A warm build after an
/// edit that changes only such a value renders the pages that show it again, and equals a
/// clean build. (The home page has no fingerprint of its words besides the digest; the site's
/// title is the home page's heading when `site.toml` gives none, and shows on every page.)
#[test]
fn a_warm_build_renders_again_the_pages_whose_markdown_or_site_title_changed() {
    use playbook::Pipeline;
    use playbook::config::{Overrides, Settings};
    let files = |home: &str, welcome: &str, heading: &str| {
        [
            ("site.toml".to_string(), String::new()),
            (
                "content/_index.md".into(),
                format!("# {home}\n\n{welcome}\n"),
            ),
            (
                "content/01-first.md".into(),
                format!("# First\n\n## {heading}\n\nA review.\n\n## Budget\n\nThe quarter.\n"),
            ),
            (
                "content/02-second.md".into(),
                "# Second\n\nHiring.\n".into(),
            ),
        ]
    };
    let t = SiteTest::new("cache-keys");
    let warm_build = |t: &SiteTest| {
        settle();
        let settings = Settings::resolve(t.path(), Overrides::default())
            .unwrap_or_else(|e| panic!("settings: {e:?}"));
        let mut pipeline = Pipeline::new(settings).expect("pipeline");
        let report = pipeline.build().unwrap_or_else(|e| panic!("build: {e}"));
        report.pages_rendered
    };
    let same_as_clean = |t: &SiteTest, files: &[(String, String)], edit: &str| {
        let clean = SiteTest::new("cache-keys-clean");
        for (path, text) in files {
            clean.write(path, text);
        }
        let run = clean.run(&["build", "--no-cache"]);
        assert!(run.success(), "{}", run.stderr);
        assert!(
            output(t) == output(&clean),
            "{edit}: the warm build differs from a clean one"
        );
    };
    for (path, text) in files("Team handbook", "Welcome.", "Roadmap") {
        t.write(&path, &text);
    }
    let all = warm_build(&t);
    assert_eq!(warm_build(&t), 0, "nothing changed, nothing rendered");

    let edited = files("Team handbook", "Welcome.", "Road map");
    t.write(&edited[2].0, &edited[2].1);
    let rendered = warm_build(&t);
    assert!(
        t.read("first/index.html").contains(">Road map</a>"),
        "the table of contents shows the new heading"
    );
    same_as_clean(&t, &edited, "a heading");
    assert!(
        rendered < all,
        "an unchanged page was rendered again ({rendered} of {all})"
    );

    let edited = files("Team handbook", "Welcome aboard.", "Road map");
    t.write(&edited[1].0, &edited[1].1);
    warm_build(&t);
    assert!(t.read("index.html").contains("Welcome aboard."));
    same_as_clean(&t, &edited, "the home page's words");

    let edited = files("Ops handbook", "Welcome aboard.", "Road map");
    t.write(&edited[1].0, &edited[1].1);
    assert_eq!(
        warm_build(&t),
        all,
        "the site's title changed: every page is rendered again"
    );
    assert!(t.read("404.html").contains("Ops handbook"));
    same_as_clean(&t, &edited, "the site's title");
}
