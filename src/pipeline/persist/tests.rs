//! The cache's contract where it reaches into the files: what a shard holds apart.
use super::shard::{Blob, Stored};
use super::*;
use crate::config::Overrides;
use crate::pipeline::Pipeline;
use std::collections::BTreeMap;

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            all.extend(files(&path));
        } else {
            all.insert(path.clone(), std::fs::read(&path).expect("a file"));
        }
    }
    all
}

/// Memos that only the output needs are decoded while the model is built: when they turn
/// out corrupt, the cache is still ignored whole, with one warning naming the shard, and
/// the site is built as without it.
#[test]
fn late_memos_that_do_not_decode_are_reported_and_ignored() {
    let root = std::env::temp_dir().join(format!("playbook-late-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"Late\"\n").unwrap();
    std::fs::write(
        content.join("_index.md"),
        "# Home\n\nSee [one](01-one.md).\n",
    )
    .unwrap();
    std::fs::write(
        content.join("01-one.md"),
        "# One\n\nA roadmap.\n\n```rust\nfn main() {}\n```\n",
    )
    .unwrap();
    std::fs::write(content.join("02-two.md"), "# Two\n\nHiring.\n").unwrap();
    let settings = || Settings::resolve(&root, Overrides::default()).expect("settings");
    let build = || {
        let mut pipeline = Pipeline::new(settings()).expect("a pipeline");
        let report = pipeline
            .build()
            .map_err(|e| e.to_string())
            .expect("a build");
        report
            .warnings
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(build(), Vec::<String>::new());
    let clean = files(&root.join("public"));

    // Every shard keeps its name and the memos the model reads, but its late memos no
    // longer decode, under a good checksum.
    let key = settings_key(&settings());
    let shards = root.join(".playbook-cache").join(SHARD_DIR);
    for entry in std::fs::read_dir(&shards).unwrap().flatten() {
        let mut stored: Stored = format::read(&entry.path(), key).unwrap().unwrap();
        stored.late = Blob(bytes::Bytes::from_static(&[0xff; 16]));
        format::write(&entry.path(), key, &stored).unwrap();
    }
    let warnings = build();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("build cache `.playbook-cache/shards/")
            && warnings[0].contains("is corrupt"),
        "{warnings:?}"
    );
    assert!(files(&root.join("public")) == clean, "the output differs");
    assert_eq!(build(), Vec::<String>::new(), "rebuilt, without a warning");
    assert!(files(&root.join("public")) == clean, "the output differs");
    std::fs::remove_dir_all(&root).unwrap();
}

/// A shard holds about 40 pages' memos, within bounds: a big site's edit rewrites little, a
/// small site's build opens few files.
#[test]
fn shards_are_counted_by_the_size_of_the_site() {
    assert_eq!(shard_count(0), 16);
    assert_eq!(shard_count(60), 16);
    assert_eq!(shard_count(1_000), 32);
    assert_eq!(shard_count(10_000), 256);
    assert_eq!(shard_count(1_000_000), 256);
}
