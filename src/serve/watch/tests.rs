//! `classify` by table, and how bursts of events become batches.
use super::*;
use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
use std::sync::mpsc::channel;

#[test]
fn classifies_paths() {
    let root = Path::new("/site");
    let out = Path::new("/site/public");
    let cases: &[(&str, Option<ChangeKind>)] = &[
        ("/site/site.toml", Some(ChangeKind::Config)),
        ("/site/content/01-a/02-b.md", Some(ChangeKind::Content)),
        ("/site/content/checklists/x.toml", Some(ChangeKind::Content)),
        ("/site/content/01-a/img/d.png", Some(ChangeKind::Content)),
        ("/site/content", Some(ChangeKind::Content)),
        ("/site/content/new-part", Some(ChangeKind::Content)),
        (
            "/site/themes/default/templates/base.html",
            Some(ChangeKind::Theme),
        ),
        (
            "/site/themes/default/static/style.css",
            Some(ChangeKind::Theme),
        ),
        ("/site/public/index.html", None),
        ("/site/public", None),
        ("/site/content/01-a/.02-b.md.swp", None),
        ("/site/content/01-a/02-b.md~", None),
        ("/site/content/01-a/.#02-b.md", None),
        ("/site/content/01-a/#02-b.md#", None),
        ("/site/content/01-a/02-b.md.tmp", None),
        ("/site/content/.git/index", None),
        ("/site/.site.toml.swp", None),
        ("/site/site.toml~", None),
        ("/site/README.md", None),
        ("/site/target/debug/x", None),
        ("/site/content.md", None),
        ("/site", None),
        ("/elsewhere/content/a.md", None),
    ];
    for (path, want) in cases {
        let content = Path::new("content");
        assert_eq!(
            classify(root, out, content, Path::new(path)),
            *want,
            "{path}"
        );
    }
}

#[test]
fn an_mdbooks_src_and_book_toml_are_watched() {
    let (root, out, src) = (Path::new("/b"), Path::new("/b/public"), Path::new("src"));
    let kind = |p: &str| classify(root, out, src, Path::new(p));
    assert_eq!(kind("/b/src/ch01.md"), Some(ChangeKind::Content));
    assert_eq!(kind("/b/book.toml"), Some(ChangeKind::Config));
    assert_eq!(kind("/b/content/a.md"), None);
    assert_eq!(kind("/b/src"), Some(ChangeKind::Content));
    assert_eq!(kind("/b/srcs/a.md"), None);
}

#[test]
fn output_inside_the_root_under_another_name_is_ignored() {
    let root = Path::new("/site");
    assert_eq!(
        classify(
            root,
            Path::new("/site/docs"),
            Path::new("content"),
            Path::new("/site/docs/index.html")
        ),
        None
    );
}

fn event(kind: EventKind, path: &str) -> Msg {
    Msg::Fs(Ok(notify::Event::new(kind).add_path(PathBuf::from(path))))
}

fn relevant(p: &Path) -> Option<(ChangeKind, String)> {
    classify(
        Path::new("/site"),
        Path::new("/site/public"),
        Path::new("content"),
        p,
    )
    .map(|k| {
        (
            k,
            p.strip_prefix("/site")
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        )
    })
}

#[test]
fn a_burst_becomes_one_batch() {
    let (tx, rx) = channel();
    // An editor saving through a temp file, then a template and site.toml saved together.
    tx.send(event(
        EventKind::Create(CreateKind::File),
        "/site/content/a.md.tmp",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Modify(ModifyKind::Data(DataChange::Any)),
        "/site/content/a.md.tmp",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Modify(ModifyKind::Name(RenameMode::From)),
        "/site/content/a.md",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Modify(ModifyKind::Name(RenameMode::To)),
        "/site/content/a.md",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Modify(ModifyKind::Data(DataChange::Any)),
        "/site/themes/default/templates/base.html",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Remove(RemoveKind::File),
        "/site/site.toml",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Create(CreateKind::File),
        "/site/site.toml",
    ))
    .unwrap();
    let batch = collect(
        &rx,
        Duration::from_millis(20),
        Duration::from_secs(1),
        relevant,
    )
    .unwrap();
    assert_eq!(
        batch.kinds,
        vec![ChangeKind::Content, ChangeKind::Theme, ChangeKind::Config]
    );
    assert_eq!(
        batch.paths,
        vec![
            "content/a.md",
            "site.toml",
            "themes/default/templates/base.html"
        ]
    );
}

#[test]
fn events_apart_make_separate_batches() {
    let (tx, rx) = channel();
    let t = std::thread::spawn(move || {
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            "/site/content/a.md",
        ))
        .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            "/site/content/b.md",
        ))
        .unwrap();
        tx
    });
    let first = collect(
        &rx,
        Duration::from_millis(20),
        Duration::from_secs(1),
        relevant,
    )
    .unwrap();
    let second = collect(
        &rx,
        Duration::from_millis(20),
        Duration::from_secs(1),
        relevant,
    )
    .unwrap();
    assert_eq!(first.paths, vec!["content/a.md"]);
    assert_eq!(second.paths, vec!["content/b.md"]);
    drop(t.join());
}

#[test]
fn a_steady_stream_is_cut_at_the_maximum() {
    let (tx, rx) = channel();
    let t = std::thread::spawn(move || {
        for i in 0..100 {
            if tx
                .send(event(
                    EventKind::Modify(ModifyKind::Any),
                    &format!("/site/content/{i}.md"),
                ))
                .is_err()
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    let start = Instant::now();
    let batch = collect(
        &rx,
        Duration::from_millis(50),
        Duration::from_millis(150),
        relevant,
    )
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_millis(400),
        "{:?}",
        start.elapsed()
    );
    assert!(batch.paths.len() < 100);
    drop(rx);
    drop(t.join());
}

#[test]
fn reads_and_irrelevant_paths_do_not_start_a_batch() {
    let (tx, rx) = channel();
    tx.send(event(
        EventKind::Access(AccessKind::Open(AccessMode::Any)),
        "/site/content/a.md",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Access(AccessKind::Close(AccessMode::Read)),
        "/site/content/a.md",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Modify(ModifyKind::Any),
        "/site/public/index.html",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Create(CreateKind::File),
        "/site/content/.a.md.swp",
    ))
    .unwrap();
    tx.send(event(
        EventKind::Access(AccessKind::Close(AccessMode::Write)),
        "/site/content/a.md",
    ))
    .unwrap();
    let batch = collect(
        &rx,
        Duration::from_millis(20),
        Duration::from_secs(1),
        relevant,
    )
    .unwrap();
    assert_eq!(batch.paths, vec!["content/a.md"]);
}

#[test]
fn stop_ends_the_wait() {
    let (tx, rx) = channel();
    tx.send(event(
        EventKind::Access(AccessKind::Open(AccessMode::Any)),
        "/site/content/a.md",
    ))
    .unwrap();
    tx.send(Msg::Stop).unwrap();
    assert_eq!(
        collect(
            &rx,
            Duration::from_millis(20),
            Duration::from_secs(1),
            relevant
        ),
        None
    );
}
