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

fn close_write(path: &str) -> Msg {
    event(
        EventKind::Access(AccessKind::Close(AccessMode::Write)),
        path,
    )
}

fn write(path: &str) -> Msg {
    event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), path)
}

#[test]
fn a_finished_save_ends_the_burst_without_waiting_the_quiet_time() {
    let (tx, rx) = channel();
    tx.send(write("/site/content/a.md")).unwrap();
    tx.send(close_write("/site/content/a.md")).unwrap();
    let start = Instant::now();
    let batch = collect(
        &rx,
        Duration::from_secs(2),
        Duration::from_secs(5),
        relevant,
    )
    .unwrap();
    assert_eq!(batch.paths, vec!["content/a.md"]);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_file_half_written_or_deleted_holds_the_burst_until_it_is_complete() {
    // An editor that moves the old file aside, then writes the new one (vim's default), and
    // one that writes a file in two parts: each pause is far above `SETTLE`.
    let (tx, rx) = channel();
    let t = std::thread::spawn(move || {
        let pause = || std::thread::sleep(Duration::from_millis(40));
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "/site/content/a.md",
        ))
        .unwrap();
        // The whole rename, as inotify reports it after its two halves: the old path first.
        tx.send(Msg::Fs(Ok(notify::Event::new(EventKind::Modify(
            ModifyKind::Name(RenameMode::Both),
        ))
        .add_path(PathBuf::from("/site/content/a.md"))
        .add_path(PathBuf::from("/site/content/a.md~")))))
            .unwrap();
        pause();
        tx.send(event(
            EventKind::Create(CreateKind::File),
            "/site/content/a.md",
        ))
        .unwrap();
        tx.send(write("/site/content/b.md")).unwrap();
        pause();
        tx.send(close_write("/site/content/a.md")).unwrap();
        tx.send(write("/site/content/b.md")).unwrap();
        pause();
        tx.send(close_write("/site/content/b.md")).unwrap();
        pause();
        tx.send(Msg::Stop).unwrap();
    });
    let batch = collect(
        &rx,
        Duration::from_secs(2),
        Duration::from_secs(5),
        relevant,
    )
    .unwrap();
    assert_eq!(batch.paths, vec!["content/a.md", "content/b.md"]);
    let next = collect(
        &rx,
        Duration::from_secs(2),
        Duration::from_secs(5),
        relevant,
    );
    assert_eq!(next, None, "the burst was cut in two");
    t.join().unwrap();
}

/// Real saves seen through the platform's watcher: each is one batch, however the editor
/// writes.
#[test]
fn each_save_through_the_file_system_is_one_batch() {
    use std::io::Write as _;
    let root = std::env::temp_dir().join(format!(
        "playbook-watch-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let file = content.join("a.md");
    std::fs::write(&file, "# A\n").unwrap();
    let (tx, rx) = channel();
    let stop = tx.clone();
    let mut watch = Watch::start(
        &root,
        &root.join("public"),
        Path::new("content"),
        false,
        tx,
        rx,
    )
    .unwrap();
    let saves: [(&str, &dyn Fn()); 4] = [
        ("in place", &|| {
            std::fs::write(&file, "# A\n\nin place\n").unwrap()
        }),
        ("in two writes", &|| {
            let mut f = std::fs::File::create(&file).unwrap();
            f.write_all(b"# A\n\n").unwrap();
            f.sync_all().unwrap();
            std::thread::sleep(Duration::from_millis(5));
            f.write_all(b"two writes\n").unwrap();
        }),
        ("through a temp file", &|| {
            let tmp = content.join(".a.md.swp");
            std::fs::write(&tmp, "# A\n\nrenamed\n").unwrap();
            std::fs::rename(&tmp, &file).unwrap();
        }),
        ("moving the old file aside (vim)", &|| {
            let old = content.join("a.md~");
            std::fs::rename(&file, &old).unwrap();
            std::fs::write(&file, "# A\n\nmoved aside\n").unwrap();
            std::fs::remove_file(&old).unwrap();
        }),
    ];
    for (how, save) in saves {
        save();
        let batch = watch.next_batch().unwrap();
        assert_eq!(batch.paths, vec!["content/a.md"], "{how}");
        // Nothing more follows from the same save.
        let stop = stop.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            stop.send(Msg::Stop).unwrap();
        });
        assert_eq!(watch.next_batch(), None, "{how}: a second batch");
        t.join().unwrap();
    }
    std::fs::remove_dir_all(&root).unwrap();
}
