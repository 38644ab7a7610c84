//! The shipped playbook in `content/`: it builds with no warnings, and the home page links to
//! every chapter and checklist.
use crate::harness::SiteTest;

#[test]
fn shipped_playbook_builds_cleanly_and_home_links_everything() {
    let t = SiteTest::shipped();
    let run = t.build();
    assert!(run.stderr.is_empty(), "warnings: {}", run.stderr);
    let chapters: Vec<String> = walk_md(&t.path().join("content"));
    assert!(
        chapters.len() >= 15,
        "at least 15 chapters, found {}",
        chapters.len()
    );
    let home = t.read("index.html");
    let checklists = t.read("checklists/index.html");
    let toml: Vec<_> = std::fs::read_dir(t.path().join("content/checklists"))
        .unwrap()
        .flatten()
        .filter(|e| {
            let p = e.path();
            p.extension().is_some_and(|x| x == "toml" || x == "md")
                && p.file_name().is_none_or(|n| n != "_index.md")
        })
        .collect();
    assert!(toml.len() >= 8, "at least 8 checklists");
    assert!(
        toml.iter()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count()
            >= 3,
        "at least three checklists written in Markdown"
    );
    for e in &toml {
        let stem = e.path().file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            home.contains(&format!("href=\"checklists/{stem}/index.html\"")),
            "home links checklist {stem}"
        );
        assert!(
            checklists.contains(&format!("href=\"../checklists/{stem}/index.html\""))
                || checklists.contains(&format!("href=\"{stem}/index.html\""))
                || checklists.contains(&format!("checklists/{stem}/index.html")),
            "{stem}"
        );
    }
    let chapter_links = home.matches("<li><a href=").count();
    assert!(
        chapter_links >= chapters.len(),
        "home lists every chapter ({chapter_links} < {})",
        chapters.len()
    );
}

fn walk_md(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if !p.ends_with("checklists") {
                out.extend(walk_md(&p));
            }
        } else if p.extension().is_some_and(|x| x == "md")
            && !p.file_name().unwrap().to_string_lossy().starts_with('_')
        {
            out.push(p.display().to_string());
        }
    }
    out
}
