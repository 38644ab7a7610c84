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

impl Run {
    /// The compiler-style diagnostic printed for `location` (`path:line:col`, as after `-->`):
    /// from its `error:`/`warning:` line to the blank line that ends it.
    pub fn diagnostic(&self, location: &str) -> String {
        let arrow = format!("--> {location}");
        let block = self
            .stderr
            .split("\n\n")
            .find(|b| b.lines().any(|l| l.trim_start() == arrow));
        block
            .unwrap_or_else(|| panic!("no diagnostic at {location} in:\n{}", self.stderr))
            .to_string()
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

/// A passing test's folder is removed; a failing one's (the thread is panicking) is kept
/// for inspection under `$CARGO_TARGET_DIR/tmp`.
impl Drop for SiteTest {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            remove_dir(&self.dir);
        }
    }
}

/// Removes a test's folder, retrying while a process it started (a server, a browser) may
/// still be writing into it.
pub fn remove_dir(dir: &Path) {
    for _ in 0..20 {
        if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
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

/// A static file server for `dir` mounted under `prefix` (`/` or `/team-playbook/`) on a
/// loopback port, as GitHub Pages or an internal web server would serve `public/`; misses get
/// the site's `404.html`. Every response closes its connection: tiny_http gives each keep-alive
/// connection one of a few pool threads, so a browser's idle connections would stall requests.
/// Stops when dropped.
pub struct StaticServer {
    pub base: String,
    server: std::sync::Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(dir: PathBuf, prefix: &str) -> StaticServer {
        use std::io::Write;
        let server =
            std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let (s, prefix_owned) = (server.clone(), prefix.to_string());
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
                let file = path
                    .strip_prefix(&prefix_owned)
                    .filter(|p| !p.split(['/', '\\']).any(|s| s == ".."))
                    .map(|p| {
                        dir.join(if p.is_empty() || p.ends_with('/') {
                            format!("{p}index.html")
                        } else {
                            p.to_string()
                        })
                    })
                    .and_then(|f| std::fs::read(&f).ok().map(|b| (f, b)));
                let (status, mime, body) = match file {
                    Some((f, bytes)) => {
                        let mime = match f.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            Some("png") => "image/png",
                            Some("json") => "application/json",
                            _ => "application/octet-stream",
                        };
                        ("200 OK", mime, bytes)
                    }
                    None => (
                        "404 Not Found",
                        "text/html; charset=utf-8",
                        std::fs::read(dir.join("404.html")).unwrap_or_default(),
                    ),
                };
                let mut w = req.into_writer();
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = w
                    .write_all(head.as_bytes())
                    .and_then(|()| w.write_all(&body))
                    .and_then(|()| w.flush());
            }
        });
        StaticServer {
            base: format!("http://127.0.0.1:{port}{prefix}"),
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
