//! A minimal Chrome DevTools Protocol client over one WebSocket, driving Debian's headless
//! Chromium. Tests that need a browser call `Browser::launch()`: when Chromium is missing the
//! test fails, unless `PLAYBOOK_SKIP_BROWSER=1` is set by hand (never in CI).
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    profile: PathBuf,
    /// Events received while `record` is set (`record_events`).
    events: Vec<Value>,
    record: bool,
}

fn chromium_path() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

impl Browser {
    /// Starts headless Chromium with a fresh profile and opens one blank tab. Returns `None`
    /// only when the browser is missing and `PLAYBOOK_SKIP_BROWSER=1` is set.
    pub fn launch() -> Option<Browser> {
        let Some(exe) = chromium_path() else {
            if std::env::var("PLAYBOOK_SKIP_BROWSER").as_deref() == Ok("1")
                && std::env::var("CI").is_err()
            {
                eprintln!("skipping browser test: chromium not found and PLAYBOOK_SKIP_BROWSER=1");
                return None;
            }
            panic!(
                "browser tests need Chromium (apt-get install chromium); set PLAYBOOK_SKIP_BROWSER=1 to skip locally"
            );
        };
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let profile = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("chromium-profile-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
                "--allow-file-access-from-files",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium did not print its DevTools URL");
        let (ws, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        let mut b = Browser {
            child,
            ws,
            next_id: 0,
            session: String::new(),
            profile,
            events: Vec::new(),
            record: false,
        };
        let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = b.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        b.send("Page.enable", json!({}));
        b.send("Runtime.enable", json!({}));
        Some(b)
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.call_result(session, method, params)
            .unwrap_or_else(|err| panic!("CDP {method} failed: {err}"))
    }

    fn call_result(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .expect("send CDP message");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "no CDP answer to {method}");
            let reply = self.ws.read().expect("read CDP message");
            let Message::Text(text) = reply else { continue };
            let v: Value = serde_json::from_str(&text).expect("CDP json");
            if self.record && v.get("method").is_some() {
                self.events.push(v.clone());
            }
            if v["id"].as_u64() == Some(id) {
                return match v.get("error") {
                    Some(err) => Err(err.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    /// Keeps every event from now on (network requests, console messages), for `events`.
    pub fn record_events(&mut self) {
        self.record = true;
    }

    /// The events received since `record_events` (read while commands are answered).
    pub fn events(&self) -> &[Value] {
        &self.events
    }

    /// Sends a command to the page's session and returns its result.
    pub fn send(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    /// Like `send`, but a CDP error is returned instead of failing the test.
    pub fn try_send(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let session = self.session.clone();
        self.call_result(Some(&session), method, params)
    }

    /// Reloads the page and waits until the new document has loaded.
    pub fn reload(&mut self) {
        self.eval("window.__before_reload = 1");
        self.send("Page.reload", json!({}));
        assert!(
            self.wait_for(
                "!window.__before_reload && document.readyState === 'complete'",
                Duration::from_secs(20)
            ),
            "page did not reload"
        );
    }

    /// Accepts the `confirm()`/`alert()` dialog that `open` (a script started with
    /// `setTimeout`, so that evaluating it returns) opens.
    pub fn accept_dialog(&mut self, open: &str) {
        self.eval(&format!("setTimeout(function () {{ {open} }}, 0), true"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while self
            .try_send("Page.handleJavaScriptDialog", json!({"accept": true}))
            .is_err()
        {
            assert!(Instant::now() < deadline, "no dialog opened by `{open}`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Navigates and waits until the document has loaded.
    pub fn goto(&mut self, url: &str) {
        self.send("Page.navigate", json!({"url": url}));
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            self.wait_for(
                "document.readyState === 'complete' && location.href !== 'about:blank'",
                Duration::from_secs(60)
            ),
            "page did not load: {url}"
        );
    }

    /// Evaluates an expression (promises awaited) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.send(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("JavaScript error in `{expression}`: {ex}");
        }
        r["result"]["value"].clone()
    }

    /// Polls a boolean expression until it is true or the timeout passes.
    pub fn wait_for(&mut self, condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            // While a navigation commits, evaluating fails ("Inspected target navigated"): retry.
            let r = self.try_send(
                "Runtime.evaluate",
                json!({"expression": format!("!!({condition})"), "returnByValue": true}),
            );
            if r.is_ok_and(|r| r["result"]["value"].as_bool() == Some(true)) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types a key (for shortcuts such as `/` or Escape) into the focused element.
    pub fn key(&mut self, key: &str, code: &str, key_code: u32, modifiers: u32) {
        for kind in ["keyDown", "keyUp"] {
            let text = if key.chars().count() == 1 && kind == "keyDown" && modifiers == 0 {
                key
            } else {
                ""
            };
            self.send("Input.dispatchKeyEvent", json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code, "modifiers": modifiers, "text": text}));
        }
    }

    /// Types text into the focused element.
    pub fn type_text(&mut self, text: &str) {
        self.send("Input.insertText", json!({"text": text}));
    }

    /// Emulates a screen of `width` × `height` CSS pixels (`mobile`: a phone, with touch) in
    /// light or dark mode.
    pub fn screen(&mut self, width: u32, height: u32, mobile: bool, dark: bool) {
        self.send(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        let scheme = if dark { "dark" } else { "light" };
        self.send(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Saves a PNG of what the page shows to `path`, creating its folder.
    pub fn screenshot(&mut self, path: &Path) {
        use base64::Engine;
        let r = self.send("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().expect("screenshot data"))
            .expect("base64 png");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create screenshot folder");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    /// Prints the page to PDF (A4) and returns the bytes.
    pub fn pdf(&mut self) -> Vec<u8> {
        self.pdf_sized(8.27, 11.69)
    }

    /// Prints the page to PDF on paper of the given size in inches (Letter: 8.5 × 11).
    pub fn pdf_sized(&mut self, width: f64, height: f64) -> Vec<u8> {
        use base64::Engine;
        let r = self.send(
            "Page.printToPDF",
            json!({"paperWidth": width, "paperHeight": height, "printBackground": false}),
        );
        base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().expect("pdf data"))
            .expect("base64 pdf")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Text of a PDF, through poppler's `pdftotext` (Debian package poppler-utils).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let path = dir.join(format!("print-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Number of pages of a PDF, through poppler's `pdfinfo`.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let path = dir.join(format!("info-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (apt-get install poppler-utils)");
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// `file://` URL of a path.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}
