//! Publishing cannot half-succeed: concurrent builds of one output each end with a complete
//! site or a non-zero exit; a build killed at any moment leaves a complete site; a previous
//! site moved aside by an interrupted swap is restored; a linked output keeps its link; a
//! mount point is a clear error.
use crate::harness::SiteTest;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A site with enough pages that a build takes a moment (so builds overlap).
fn big_site(name: &str, chapters: usize) -> SiteTest {
    let t = SiteTest::new(name).file("content/_index.md", "# Home\n");
    for part in 0..4 {
        t.write(
            &format!("content/p{part}/_index.md"),
            &format!("# Part {part}\n"),
        );
        for c in 0..chapters / 4 {
            t.write(
                &format!("content/p{part}/c{c:03}.md"),
                &format!(
                    "# Chapter {c}\n\n{}\n\n## Details\n\nMore text.\n",
                    "Words here. ".repeat(200)
                ),
            );
        }
    }
    t
}

fn spawn_build(t: &SiteTest) -> Child {
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build", "--quiet"])
        .current_dir(t.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start playbook build")
}

/// Names in the site folder that are not the site's own (leftovers of publishing).
fn leftovers(t: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != ".public.playbook-lock")
        .collect();
    names.sort();
    names
}

#[test]
fn concurrent_builds_each_end_with_a_complete_site_or_fail() {
    let t = big_site("concurrent", 200);
    t.build();
    let expected = t.output_files();
    let deadline = Instant::now() + Duration::from_secs(240);
    let mut children: Vec<Child> = (0..4).map(|_| spawn_build(&t)).collect();
    let mut outcomes = Vec::new();
    while !children.is_empty() {
        assert!(Instant::now() < deadline, "builds did not finish");
        let mut i = 0;
        while i < children.len() {
            match children[i].try_wait().expect("wait") {
                Some(status) => {
                    // Checked the moment the run ends: what it claims must be on disk.
                    let complete = t.output_files() == expected;
                    let child = children.remove(i);
                    let stderr = child
                        .wait_with_output()
                        .map(|o| o.stderr)
                        .unwrap_or_default();
                    let stderr = String::from_utf8_lossy(&stderr).into_owned();
                    assert!(
                        !status.success() || complete,
                        "a build exited 0 but the site is incomplete:\n{stderr}"
                    );
                    outcomes.push((status.success(), stderr));
                }
                None => i += 1,
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for (ok, stderr) in &outcomes {
        assert!(*ok, "a build failed instead of waiting its turn:\n{stderr}");
    }
    assert_eq!(t.output_files(), expected);
    assert_eq!(leftovers(&t), Vec::<String>::new());
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site() {
    let t = big_site("killed", 120);
    t.build();
    let expected = t.output_files();
    for round in 0..8u64 {
        let mut child = spawn_build(&t);
        // From "just started" to "about to swap", spread over the rounds.
        std::thread::sleep(Duration::from_millis(15 + round * 25));
        let _ = child.kill();
        let _ = child.wait();
        // Complete right away, before any other build could repair it.
        assert_eq!(
            t.output_files(),
            expected,
            "round {round}, right after the kill"
        );
        let run = t.run(&["build", "--quiet"]);
        assert!(run.success(), "round {round}: {}", run.stderr);
        assert_eq!(t.output_files(), expected, "round {round}");
        assert_eq!(leftovers(&t), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn a_site_moved_aside_by_a_killed_swap_is_restored_even_when_the_next_build_fails() {
    let t = SiteTest::new("restore").file("content/a.md", "# A\n\nThe good site.\n");
    t.build();
    // Killed between the two renames of a swap: no public/, the previous site beside it.
    std::fs::rename(
        t.path().join("public"),
        t.path().join(".public.playbook-old"),
    )
    .unwrap();
    t.write("content/a.md", "+++\ntitle = \n+++\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(t.read("a/index.html").contains("The good site."));
    assert_eq!(leftovers(&t), Vec::<String>::new());
    t.write("content/a.md", "# A\n\nFixed.\n");
    t.build();
    assert!(t.read("a/index.html").contains("Fixed."));
    assert_eq!(leftovers(&t), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_keeps_pointing_where_it_pointed() {
    let t = SiteTest::new("linked-out").file("content/a.md", "# A\n\nOne.\n");
    let www = t.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::os::unix::fs::symlink("www/site", t.path().join("public")).unwrap();
    t.build();
    t.write("content/a.md", "# A\n\nTwo.\n");
    t.build();
    assert_eq!(
        std::fs::read_link(t.path().join("public"))
            .unwrap()
            .to_string_lossy(),
        "www/site"
    );
    let page = std::fs::read_to_string(www.join("site/a/index.html")).unwrap();
    assert!(page.contains("Two."), "{page}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_mount_point_is_a_clear_error() {
    let t = SiteTest::new("mounted").file("content/a.md", "# A\n");
    std::fs::create_dir_all(t.path().join("public")).unwrap();
    let bin = env!("CARGO_BIN_EXE_playbook");
    // A private mount namespace, so the test needs no privileges beyond user namespaces.
    let probe = Command::new("unshare")
        .args(["-rm", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!(
            "an_output_that_is_a_mount_point_is_a_clear_error: cannot make a mount namespace here (unshare -rm); not checked"
        );
        return;
    }
    let out = Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            &format!("mount -t tmpfs none public && exec '{bin}' build"),
        ])
        .current_dir(t.path())
        .output()
        .expect("run unshare");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is a mount point"), "{stderr}");
}
