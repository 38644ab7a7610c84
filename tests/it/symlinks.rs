//! Nothing outside the site root is read: symbolic links in `content/` and `themes/` that
//! lead out of the site (to a secret file, to `/`, into `/proc`) are skipped with a warning
//! naming the link and its target; links that stay inside the site work as before.
#![cfg(unix)]
use crate::harness::{Run, SiteTest};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SECRET: &str = "TOP-SECRET-0c6f1e";

/// A folder beside the site (outside its root) holding a secret file and a folder of chapters.
fn outside(t: &SiteTest) -> PathBuf {
    let dir = t.path().with_extension("outside");
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    std::fs::write(dir.join("secret.md"), format!("# Secret\n\n{SECRET}\n")).unwrap();
    std::fs::write(dir.join("secret.css"), format!("/* {SECRET} */\n")).unwrap();
    std::fs::write(
        dir.join("chapters/more.md"),
        format!("# More\n\n{SECRET}\n"),
    )
    .unwrap();
    dir
}

/// Runs `playbook build`, killing it (and failing) when it takes more than a minute.
fn build_with_timeout(t: &SiteTest) -> Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("build")
        .current_dir(t.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start playbook");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output").into()
}

fn output_contains(t: &SiteTest, needle: &str) -> Vec<String> {
    t.output_files()
        .into_iter()
        .filter(|f| {
            std::fs::read(t.path().join("public").join(f))
                .is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
        .collect()
}

fn warned(run: &Run, link: &str, target: &Path) -> bool {
    let target = target.canonicalize().unwrap();
    run.stderr.lines().any(|l| {
        l.starts_with("warning: symbolic link to `")
            && l.contains(&format!("`{}`", target.display()))
            && l.contains("outside the site root")
    }) && run.stderr.contains(&format!("--> {link}"))
}

#[test]
fn links_out_of_the_site_are_skipped_with_a_warning_naming_link_and_target() {
    let t = SiteTest::new("symlink-leak")
        .file("content/_index.md", "# Home\n")
        .file("content/a.md", "# A\n\nInside.\n");
    let out = outside(&t);
    let c = t.path().join("content");
    symlink(out.join("secret.md"), c.join("leak.md")).unwrap();
    symlink(out.join("chapters"), c.join("linked-part")).unwrap();
    std::fs::create_dir_all(t.path().join("themes/default/static")).unwrap();
    symlink(
        out.join("secret.css"),
        t.path().join("themes/default/static/extra.css"),
    )
    .unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        warned(&run, "content/leak.md", &out.join("secret.md")),
        "{}",
        run.stderr
    );
    assert!(
        warned(&run, "content/linked-part", &out.join("chapters")),
        "{}",
        run.stderr
    );
    assert!(
        warned(
            &run,
            "themes/default/static/extra.css",
            &out.join("secret.css")
        ),
        "{}",
        run.stderr
    );
    assert_eq!(output_contains(&t, SECRET), Vec::<String>::new());
    assert!(t.exists("a/index.html"));
    assert!(!t.exists("static/extra.css"));
}

#[test]
fn a_page_linking_a_file_outside_the_site_fails_instead_of_publishing_it() {
    let t =
        SiteTest::new("symlink-asset").file("content/a.md", "# A\n\nSee [the notes](notes.txt).\n");
    let out = outside(&t);
    symlink(out.join("secret.md"), t.path().join("content/notes.txt")).unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        warned(&run, "content/notes.txt", &out.join("secret.md")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/a.md:3"), "{}", run.stderr);
    assert!(!t.path().join("public").exists());
}

#[test]
fn links_into_the_system_folders_are_never_followed() {
    if !Path::new("/proc/self/environ").exists() {
        eprintln!("no /proc on this system: nothing to check");
        return;
    }
    let t = SiteTest::new("symlink-proc").file("content/a.md", "# A\n");
    symlink("/proc/self/environ", t.path().join("content/env.txt")).unwrap();
    symlink("/proc/self/environ", t.path().join("content/env.md")).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/env.md"), "{}", run.stderr);
    assert!(!t.exists("env/index.html"));
    // The process's environment holds PATH; no page may carry it.
    let path = std::env::var("PATH").unwrap_or_default();
    assert!(output_contains(&t, &format!("PATH={path}")).is_empty());
}

#[test]
fn a_link_to_the_root_of_the_disk_does_not_hang() {
    let t = SiteTest::new("symlink-slash").file("content/a.md", "# A\n");
    symlink("/", t.path().join("content/everything")).unwrap();
    symlink("/", t.path().join("content/everything.md")).unwrap();
    let run = build_with_timeout(&t);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        warned(&run, "content/everything", Path::new("/")),
        "{}",
        run.stderr
    );
    assert!(t.output_files().len() < 50, "{:?}", t.output_files());
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let t = SiteTest::new("symlink-inside")
        .file("content/a.md", "# A\n\nSee [the diagram](img/d.txt).\n")
        .file("shared/b.md", "# B\n\nShared chapter.\n")
        .file("shared/part/c.md", "# C\n\nShared part.\n")
        .file("shared/d.txt", "diagram");
    let c = t.path().join("content");
    symlink(t.path().join("shared/b.md"), c.join("b.md")).unwrap();
    symlink("../shared/part", c.join("part")).unwrap();
    std::fs::create_dir_all(c.join("img")).unwrap();
    symlink("../../shared/d.txt", c.join("img/d.txt")).unwrap();
    let run = t.run(&["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(!run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(t.read("b/index.html").contains("Shared chapter."));
    assert!(t.read("part/c/index.html").contains("Shared part."));
    assert_eq!(t.read("a/img/d.txt"), "diagram");
}

#[test]
fn a_site_toml_linked_from_outside_the_site_is_not_read() {
    let t = SiteTest::new("symlink-config").file("content/a.md", "# A\n");
    let out = outside(&t);
    symlink(out.join("secret.md"), t.path().join("site.toml")).unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the site root"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(SECRET),
        "the file was read: {}",
        run.stderr
    );
}
