//! The preview HTTP server (hyper on a single-threaded tokio runtime; requests are answered on
//! tokio's blocking threads, so a long-poll never holds up other requests): serves the output
//! directory and nothing else, under the `base_url` path when there is one, plus the
//! live-reload script and its long-poll endpoint under `/__playbook/`. HTML responses get the
//! live-reload script injected here, so it is never in `build` output and a theme's own
//! `base.html` cannot lose it.
//!
//! Only GET and HEAD are answered; what a path may read is `files::resolve`'s decision.
use super::files::{Denied, Found, content_type, inject, resolve};
use super::reload::Reloader;
use anyhow::{Context, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The script every served HTML page loads.
const LIVERELOAD_JS: &str = include_str!("livereload.js");
/// How long a long-poll request waits for a new generation.
const LONG_POLL: Duration = Duration::from_secs(25);

/// What request handlers share.
pub(crate) struct Shared {
    /// The canonical output directory.
    pub(crate) out: PathBuf,
    /// `/`, or the path of `base_url` (`/team-playbook/`).
    pub(crate) prefix: RwLock<String>,
    pub(crate) reloader: Reloader,
}

impl Shared {
    /// `out` is created if missing, then canonicalized.
    pub(crate) fn new(out: &Path, prefix: &str) -> Result<Shared> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("failed to create `{}`", out.display()))?;
        let out = out
            .canonicalize()
            .with_context(|| format!("cannot resolve `{}`", out.display()))?;
        Ok(Shared {
            out,
            prefix: RwLock::new(prefix.to_string()),
            reloader: Reloader::default(),
        })
    }

    pub(crate) fn prefix(&self) -> String {
        self.prefix
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    pub(crate) fn set_prefix(&self, prefix: &str) {
        if let Ok(mut p) = self.prefix.write() {
            *p = prefix.to_string();
        }
    }
}

/// Binds `ip:port`; when the port is taken, tries the next ones. Returns the listener and,
/// when it is not the requested port, says so in the second value.
pub(crate) fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<String>)> {
    let tries = if port == 0 { 1 } else { 20 };
    for candidate in (port..=u16::MAX).take(tries) {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(l) => {
                let note = (candidate != port)
                    .then(|| format!("port {port} is in use; serving on port {candidate} instead"));
                return Ok((l, note));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {ip}:{candidate}")),
        }
    }
    anyhow::bail!(
        "ports {port} to {} on {ip} are all in use; choose another with --port",
        port.saturating_add(tries as u16 - 1)
    )
}

/// Serves requests on a thread of its own until the process ends.
pub(crate) fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Result<()> {
    listener
        .set_nonblocking(true)
        .context("cannot configure the listening socket")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the HTTP runtime")?;
    std::thread::Builder::new()
        .name("playbook-http".into())
        .spawn(move || {
            if let Err(e) = runtime.block_on(accept(listener, shared)) {
                eprintln!("error: the HTTP server stopped: {e}");
            }
        })
        .context("cannot start the HTTP thread")?;
    Ok(())
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            Err(e) if is_transient(&e) => continue,
            Err(e) => return Err(e),
        };
        // Responses go out in one piece; no waiting for the browser's delayed ACK.
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request| respond(request, shared.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Errors of one connection attempt, after which accepting goes on.
fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    ) || e.raw_os_error().is_some_and(|c| c == 24 || c == 23)
}

async fn respond(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let allowed = matches!(*request.method(), Method::GET | Method::HEAD);
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let if_none_match = request
        .headers()
        .get(hyper::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let reply = tokio::task::spawn_blocking(move || {
        if allowed {
            answer(&target, if_none_match.as_deref(), &shared)
        } else {
            method_not_allowed()
        }
    })
    .await
    .unwrap_or_else(|_| Reply::text(500, "Internal Server Error"));
    Ok(into_response(reply))
}

/// A response before it is sent.
struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            headers: vec![("Cache-Control", "no-store".into())],
            body: body.into(),
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
    }

    /// Says which build an HTML page comes from, for the live-reload script.
    fn generation(mut self, generation: u64) -> Reply {
        self.headers
            .push(("X-Playbook-Generation", generation.to_string()));
        self
    }

    fn redirect(location: String) -> Reply {
        let mut r = Reply::text(302, "Found");
        r.headers.push(("Location", location));
        r
    }
}

fn method_not_allowed() -> Reply {
    let mut r = Reply::text(
        405,
        "Method Not Allowed: this preview server answers GET and HEAD only",
    );
    r.headers.push(("Allow", "GET, HEAD".into()));
    r
}

fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(reply.status)
        .header("Content-Type", reply.content_type)
        .header("X-Content-Type-Options", "nosniff");
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// The reply to a GET (or HEAD) of `url`.
fn answer(url: &str, if_none_match: Option<&str>, shared: &Shared) -> Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match path {
        "/__playbook/livereload.js" => {
            return Reply::new(200, "text/javascript; charset=utf-8", LIVERELOAD_JS);
        }
        "/__playbook/reload" => return reload_status(query, shared),
        _ => {}
    }
    if !path.starts_with('/') {
        return Reply::text(400, "Bad Request");
    }
    let prefix = shared.prefix();
    let Some(rest) = path.strip_prefix(prefix.as_str()) else {
        if path == "/" || format!("{path}/") == prefix {
            return Reply::redirect(prefix);
        }
        return not_found(shared, &prefix);
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Reply::text(400, "Bad Request: the path is not valid UTF-8");
    };
    match resolve(&shared.out, &decoded) {
        Ok(Found::File(file)) => serve_file(&file, &shared.out, if_none_match, shared),
        Ok(Found::Dir) => Reply::redirect(format!(
            "{path}/{}",
            if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            }
        )),
        Err(Denied::Forbidden) => Reply::text(403, "Forbidden"),
        Err(Denied::NotFound) => not_found(shared, &prefix),
    }
}

fn serve_file(file: &Path, out: &Path, if_none_match: Option<&str>, shared: &Shared) -> Reply {
    let content_type = content_type(file);
    if content_type.starts_with("text/html") {
        // Generation first, then the file: the page is never older than what it claims.
        let generation = shared.reloader.generation();
        let rel = crate::fs::slash_path(file.strip_prefix(out).unwrap_or(file));
        return match std::fs::read(file) {
            Ok(html) => Reply::new(200, content_type, inject(&html, generation, &rel, None))
                .generation(generation),
            Err(_) => Reply::text(404, "Not Found"),
        };
    }
    let Ok(meta) = std::fs::metadata(file) else {
        return Reply::text(404, "Not Found");
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let etag = format!("\"{:x}-{mtime:x}\"", meta.len());
    let mut reply = if if_none_match == Some(etag.as_str()) {
        Reply {
            status: 304,
            content_type,
            headers: Vec::new(),
            body: Vec::new(),
        }
    } else {
        let Ok(bytes) = std::fs::read(file) else {
            return Reply::text(404, "Not Found");
        };
        Reply {
            status: 200,
            content_type,
            headers: Vec::new(),
            body: bytes,
        }
    };
    reply.headers.push(("Cache-Control", "no-cache".into()));
    reply.headers.push(("ETag", etag));
    reply
}

/// The site's `404.html` (with a `<base>` so its relative links work at any depth), or a
/// plain page when there is none yet; both carry the live-reload script.
fn not_found(shared: &Shared, prefix: &str) -> Reply {
    let generation = shared.reloader.generation();
    let page = std::fs::read(shared.out.join("404.html")).unwrap_or_else(|_| b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>There is no page at this address.</p></body></html>".to_vec());
    Reply::new(
        404,
        "text/html; charset=utf-8",
        inject(&page, generation, "", Some(prefix)),
    )
    .generation(generation)
}

/// `/__playbook/reload?since=N[&wait=0]`: the live-reload status as JSON, after waiting for
/// a generation newer than N (unless `wait=0`).
fn reload_status(query: &str, shared: &Shared) -> Reply {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
    };
    let since = param("since")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let timeout = if param("wait") == Some("0") {
        Duration::ZERO
    } else {
        LONG_POLL
    };
    let status = shared.reloader.wait(since, timeout);
    let json = serde_json::to_string(&status).unwrap_or_else(|_| "{}".into());
    Reply::new(200, "application/json; charset=utf-8", json)
}
