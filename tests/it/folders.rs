//! Run in the wrong folder, playbook says so loudly: a folder with neither `site.toml` nor
//! `content/` is not a site; a site whose `content/` is missing fails instead of publishing
//! an empty site; an output directory outside the site root needs `--allow-outside-root`.
use crate::harness::SiteTest;

#[test]
fn a_folder_that_is_not_a_site_is_an_error_naming_it_with_a_hint() {
    let t = SiteTest::new("not-a-site").file("notes/readme.txt", "not a playbook");
    for args in [&["build"][..], &["check"], &["serve", "--port", "0"]] {
        let run = t.run(args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            run.stderr.contains("is not a playbook site") && run.stderr.contains(&name),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--root") && run.stderr.contains("playbook new"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!t.path().join("public").exists(), "{args:?}");
    }
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["errors"], 1);
}

#[test]
fn a_missing_content_folder_fails_and_keeps_the_previous_site() {
    let t = SiteTest::new("no-content")
        .file("site.toml", "title = \"T\"\n")
        .file("content/a.md", "# A\n\nThe chapter.\n");
    t.build();
    std::fs::rename(t.path().join("content"), t.path().join("content-moved")).unwrap();
    for args in [&["build"][..], &["check"]] {
        let run = t.run(args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("the content folder `content/` is missing"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(
        t.read("a/index.html").contains("The chapter."),
        "the site is kept"
    );
}

#[test]
fn an_output_outside_the_site_root_needs_a_flag() {
    let t = SiteTest::new("outside-out").file("content/a.md", "# A\n");
    let elsewhere = t.path().with_extension("elsewhere");
    let out = elsewhere.to_string_lossy().into_owned();
    let run = t.run(&["build", "--output", &out]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the site root") && run.stderr.contains("--allow-outside-root"),
        "{}",
        run.stderr
    );
    assert!(!elsewhere.exists());
    let run = t.run(&["build", "--output", "../x/../y"]);
    assert_eq!(
        run.code,
        Some(1),
        "a relative path leaving the root: {}",
        run.stderr
    );
    t.write("site.toml", "output_dir = \"../site-out\"\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "output_dir in site.toml: {}", run.stderr);
    assert!(
        run.stderr.contains("--allow-outside-root"),
        "{}",
        run.stderr
    );
    assert!(t.run(&["check"]).success(), "check writes nothing");
    std::fs::remove_file(t.path().join("site.toml")).unwrap();
    let run = t.run(&["build", "--output", &out, "--allow-outside-root"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(elsewhere.join("a/index.html").is_file());
}
