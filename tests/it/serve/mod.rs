//! `playbook serve`: the real binary on a free port of 127.0.0.1, spoken to over raw HTTP (so
//! unnormalized paths reach the server as written), with the real file watcher. `http`: what
//! the server answers; `live`: rebuilds after edits, and an open page in headless Chromium
//! following them by itself; `hardened`: the server under abuse.
mod hardened;
mod http;
mod live;

use crate::harness::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `playbook serve`, killed when dropped.
struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    /// The URL it printed (with the base path).
    url: String,
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(site: &SiteTest, args: &[&str]) -> Serve {
        Serve::start_limited(site, args, None)
    }

    /// `start`, with the process's file limit (soft and hard) set to `max_files`.
    fn start_limited(site: &SiteTest, args: &[&str], max_files: Option<u64>) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_playbook"));
        #[cfg(unix)]
        if let Some(n) = max_files {
            use std::os::unix::process::CommandExt;
            let limit = rustix::process::Rlimit {
                current: Some(n),
                maximum: Some(n),
            };
            // SAFETY: setrlimit is a single system call, safe between fork and exec.
            unsafe {
                command.pre_exec(move || {
                    rustix::process::setrlimit(rustix::process::Resource::Nofile, limit)
                        .map_err(Into::into)
                });
            }
        }
        #[cfg(not(unix))]
        let _ = max_files;
        let mut child = command
            .arg("serve")
            .args(if args.contains(&"--port") {
                &[][..]
            } else {
                &["--port", "0"][..]
            })
            .args(args)
            .current_dir(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start playbook serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let (output, tx) = (output.clone(), tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                    if let Some(url) = line
                        .strip_prefix("Serving ")
                        .and_then(|l| l.split_whitespace().next())
                    {
                        let _ = tx.send(Some(url.to_string()));
                    }
                }
                let _ = tx.send(None); // the process closed its output: it has exited
            });
        }
        let url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(url)) => url,
            _ => {
                let _ = child.kill();
                panic!("serve did not start:\n{}", output.lock().unwrap());
            }
        };
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{url}");
        Serve {
            child,
            addr,
            url,
            output,
        }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Sends a raw request line (`METHOD TARGET`) and returns the response.
    fn request(&self, method: &str, target: &str) -> Response {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        Response::parse(&raw)
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    fn generation(&self) -> u64 {
        let r = self.get("/__playbook/reload?since=0&wait=0");
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("reload json");
        v["generation"].as_u64().expect("generation")
    }

    /// Waits for the build after `since` to finish writing (pages are told twice: once its
    /// pages are written, then once the rest is), returning the long-poll answer for `since`:
    /// every change of that build.
    fn next_build(&self, since: u64) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = |since: u64, wait: &str| -> serde_json::Value {
            let r = self.get(&format!("/__playbook/reload?since={since}{wait}"));
            serde_json::from_str(&r.body).expect("reload json")
        };
        let mut seen = since;
        loop {
            let v = status(seen, "");
            let generation = v["generation"].as_u64().expect("generation");
            if generation != seen {
                if v["writing"] != serde_json::Value::Bool(true) {
                    return if seen == since {
                        v
                    } else {
                        status(since, "&wait=0")
                    };
                }
                seen = generation;
            }
            assert!(Instant::now() < deadline, "no rebuild:\n{}", self.output());
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad response: {text}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn small_site(name: &str) -> SiteTest {
    SiteTest::new(name)
        .file("site.toml", "title = \"Serve test\"\n")
        .file("content/_index.md", "# Serve test\n\nWelcome.\n")
        .file("content/01-guide/_index.md", "# Guide\n")
        .file(
            "content/01-guide/01-first.md",
            "+++\ntitle = \"First\"\n+++\n\nThe first chapter.\n",
        )
        .file(
            "content/01-guide/02-second.md",
            "+++\ntitle = \"Second\"\n+++\n\nThe second chapter. See [first](01-first.md).\n",
        )
}

/// Polls `cond` until it holds.
fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
