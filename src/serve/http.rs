//! What the preview server answers (its connections are `server`'s): the output directory and
//! nothing else, under the `base_url` path when there is one, plus the live-reload script and
//! its long-poll endpoint under `/__playbook/`. HTML responses get the live-reload script
//! injected here, so it is never in `build` output and a theme's own `base.html` cannot lose
//! it. Files are read on tokio's blocking threads; a long-poll is a future and holds none.
//!
//! Only GET and HEAD are answered, and only for a `Host` this machine answers to (the bound
//! address, `localhost` or a loopback address; any when bound to another address), so a web
//! page whose DNS name is rebound to 127.0.0.1 cannot read the site. What a path may read is
//! `files::resolve`'s decision.
use super::files::{Denied, Found, content_type, inject, resolve};
use super::reload::Reloader;
use super::server::Activity;
use anyhow::{Context, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response};
use std::net::IpAddr;
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
    /// The address the server listens on, which decides the `Host` names it answers.
    bind: IpAddr,
}

impl Shared {
    /// `out` is created if missing, then canonicalized.
    pub(crate) fn new(out: &Path, prefix: &str, bind: IpAddr) -> Result<Shared> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("failed to create `{}`", out.display()))?;
        let out = out
            .canonicalize()
            .with_context(|| format!("cannot resolve `{}`", out.display()))?;
        Ok(Shared {
            out,
            prefix: RwLock::new(prefix.to_string()),
            reloader: Reloader::default(),
            bind,
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

/// Answers one request. The connection counts as busy (not to be closed to make room) until
/// the reply is ready.
pub(super) async fn respond(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    activity: Activity,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let _busy = activity.busy();
    let reply = if !matches!(*request.method(), Method::GET | Method::HEAD) {
        method_not_allowed()
    } else if !host_allowed(shared.bind, request.headers().get(hyper::header::HOST)) {
        Reply::text(
            403,
            "Forbidden: this preview server answers requests for localhost only (see --bind)",
        )
    } else {
        answer(&request, shared).await
    };
    Ok(into_response(reply))
}

/// True when a request for `host` may be answered by a server bound to `bind`: always when
/// it is bound to an address other than a loopback one (reachable under any name then);
/// else for `localhost` (and `*.localhost`), loopback addresses and the bound address. A
/// request without `Host` (HTTP/1.0) cannot come from a browser page and is answered.
fn host_allowed(bind: IpAddr, host: Option<&hyper::header::HeaderValue>) -> bool {
    if !bind.is_loopback() {
        return true;
    }
    let Some(host) = host else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    // `name:port`, `[v6]:port`, `name`, `[v6]`.
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(v6, |(a, _)| a),
        None => host.rsplit_once(':').map_or(host, |(a, _)| a),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == bind)
}

/// The reply to a GET or HEAD: a `/__playbook/` resource, or a file of the site (read on a
/// blocking thread).
async fn answer(request: &Request<Incoming>, shared: Arc<Shared>) -> Reply {
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    match path {
        "/__playbook/livereload.js" => {
            return Reply::new(200, "text/javascript; charset=utf-8", LIVERELOAD_JS);
        }
        "/__playbook/reload" => return reload_status(query, &shared).await,
        _ => {}
    }
    let if_none_match = request
        .headers()
        .get(hyper::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (path, query) = (path.to_string(), query.to_string());
    tokio::task::spawn_blocking(move || site_file(&path, &query, if_none_match.as_deref(), &shared))
        .await
        .unwrap_or_else(|_| Reply::text(500, "Internal Server Error"))
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

    /// A redirect within this server: the location is a path, never `//host/…` (which a
    /// browser would read as another host), whatever the request looked like.
    fn redirect(location: String) -> Reply {
        let path = location.trim_start_matches(['/', '\\']);
        let mut r = Reply::text(302, "Found");
        r.headers.push(("Location", format!("/{path}")));
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
        .header("X-Content-Type-Options", "nosniff")
        // No other origin may load anything of the site (the browser enforces it).
        .header("Cross-Origin-Resource-Policy", "same-origin");
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// The reply for a file of the site at `path` (with the request's `query`, kept on redirects).
fn site_file(path: &str, query: &str, if_none_match: Option<&str>, shared: &Shared) -> Reply {
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
async fn reload_status(query: &str, shared: &Shared) -> Reply {
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
    let status = shared.reloader.wait(since, timeout).await;
    let json = serde_json::to_string(&status).unwrap_or_else(|_| "{}".into());
    Reply::new(200, "application/json; charset=utf-8", json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn allowed(bind: &str, host: &str) -> bool {
        host_allowed(
            bind.parse().unwrap(),
            Some(&HeaderValue::from_str(host).unwrap()),
        )
    }

    #[test]
    fn answers_only_hosts_this_machine_answers_to_when_bound_to_loopback() {
        for host in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST.",
            "docs.localhost:1111",
            "127.1.2.3:80",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(allowed("127.0.0.1", host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "10.0.0.5:1111",
            "[::2]:1111",
            "",
        ] {
            assert!(!allowed("127.0.0.1", host), "{host}");
        }
        assert!(allowed("::1", "[::1]:8080"));
        assert!(host_allowed("127.0.0.1".parse().unwrap(), None), "HTTP/1.0");
    }

    #[test]
    fn any_host_when_bound_to_another_address() {
        assert!(allowed("0.0.0.0", "my-laptop.lan:1111"));
        assert!(allowed("192.168.1.20", "192.168.1.20:1111"));
    }

    #[test]
    fn redirects_stay_on_this_server() {
        let location = |to: &str| {
            let r = Reply::redirect(to.to_string());
            r.headers
                .iter()
                .find(|(k, _)| *k == "Location")
                .map(|(_, v)| v.clone())
        };
        assert_eq!(location("//static/").as_deref(), Some("/static/"));
        assert_eq!(
            location("/\\evil.example/").as_deref(),
            Some("/evil.example/")
        );
        assert_eq!(location("/team/a/").as_deref(), Some("/team/a/"));
    }
}
