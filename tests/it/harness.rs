//! `SiteTest`: a throwaway site folder, the real binary run in it, and helpers to read output.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct SiteTest {
    dir: PathBuf,
}

/// What a run of the binary did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl SiteTest {
    /// An empty site folder.
    pub fn new(name: &str) -> SiteTest {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("it-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create test dir");
        SiteTest { dir }
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn from_fixture(name: &str) -> SiteTest {
        let t = SiteTest::new(name);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &t.dir,
        );
        t
    }

    /// A copy of the shipped playbook (`site.toml` + `content/`).
    pub fn shipped() -> SiteTest {
        let t = SiteTest::new("shipped");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &t.dir.join("content"));
        std::fs::copy(repo.join("site.toml"), t.dir.join("site.toml")).expect("copy site.toml");
        t
    }

    /// Writes a file (creating folders).
    pub fn file(self, rel: &str, contents: &str) -> SiteTest {
        self.write(rel, contents);
        self
    }

    pub fn write(&self, rel: &str, contents: &str) {
        let p = self.dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, contents).expect("write");
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Runs `playbook ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(args)
            .current_dir(&self.dir)
            .output()
            .expect("run playbook")
            .into()
    }

    /// `playbook build`, which must succeed.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert!(run.success(), "build failed:\n{}{}", run.stdout, run.stderr);
        run
    }

    /// A file of the output (`public/`).
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join("public").join(rel))
            .unwrap_or_else(|e| panic!("read public/{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.dir.join("public").join(rel).exists()
    }

    /// Only the `<main>` element of an output page, so theme chrome does not matter.
    pub fn main_html(&self, rel: &str) -> String {
        let html = self.read(rel);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("no <main> in {rel}"));
        let end = html.find("</main>").expect("</main>") + "</main>".len();
        html[start..end].to_string()
    }

    /// Every file of the output, sorted, as `/`-separated relative paths.
    pub fn output_files(&self) -> Vec<String> {
        let root = self.dir.join("public");
        let mut files: Vec<String> = walk(&root)
            .into_iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
        .flatten()
    {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

/// Extracts every `href="..."` value of a page.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}
