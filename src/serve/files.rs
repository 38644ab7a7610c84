//! What a request may read, and the HTML it gets: maps a decoded request path to a file inside
//! the output directory (no `..`, backslashes, NULs, drive letters or hidden names; the file is
//! canonicalized and must lie inside the canonical output directory, which defeats symbolic
//! links pointing out; folders give their `index.html`, never a listing), picks the content
//! type, and injects the live-reload script into HTML. No IO beyond looking at the files.
use std::path::{Path, PathBuf};

/// What a path names inside the output directory.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// A file (for a folder: its `index.html`), canonical.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect, so relative links work.
    Dir,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Denied {
    Forbidden,
    NotFound,
}

/// Maps a decoded, prefix-relative request path to a file inside `out` (canonical).
pub(super) fn resolve(out: &Path, decoded: &str) -> Result<Found, Denied> {
    if decoded.contains(['\\', '\0']) {
        return Err(Denied::Forbidden);
    }
    let mut file = out.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." || segment.contains(':') {
            return Err(Denied::Forbidden);
        }
        if segment.starts_with('.') {
            return Err(Denied::NotFound);
        }
        file.push(segment);
    }
    if file.is_dir() {
        if !decoded.is_empty() && !decoded.ends_with('/') {
            return Ok(Found::Dir);
        }
        file.push("index.html");
    }
    let real = file.canonicalize().map_err(|_| Denied::NotFound)?;
    if !real.starts_with(out) {
        return Err(Denied::Forbidden);
    }
    if !real.is_file() {
        return Err(Denied::NotFound);
    }
    Ok(Found::File(real))
}

/// Inserts the live-reload script before the last `</body>` (or at the end), and a
/// `<base href>` after `<head>` when asked and the page has none.
pub(super) fn inject(html: &[u8], generation: u64, file: &str, base: Option<&str>) -> Vec<u8> {
    let esc = crate::html::escape;
    let script = format!(
        "<script src=\"/__playbook/livereload.js\" data-generation=\"{generation}\" data-file=\"{}\" async></script>",
        esc(file)
    );
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::with_capacity(html.len() + script.len() + 64);
    let mut start = 0;
    if let Some(base) = base
        && find(&lower, b"<base ").is_none()
        && let Some(head) = find(&lower, b"<head>")
    {
        out.extend_from_slice(&html[..head + 6]);
        out.extend_from_slice(format!("<base href=\"{}\">", esc(base)).as_bytes());
        start = head + 6;
    }
    let at = rfind(&lower, b"</body>")
        .filter(|&i| i >= start)
        .unwrap_or(html.len());
    out.extend_from_slice(&html[start..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `Content-Type` by extension, with a charset for text.
pub(super) fn content_type(file: &Path) -> &'static str {
    let mime = mime_guess::from_path(file)
        .first_raw()
        .unwrap_or("application/octet-stream");
    match mime {
        "text/html" => "text/html; charset=utf-8",
        "text/css" => "text/css; charset=utf-8",
        "text/javascript" | "application/javascript" => "text/javascript; charset=utf-8",
        "application/json" => "application/json; charset=utf-8",
        "text/markdown" => "text/markdown; charset=utf-8",
        "text/plain" => "text/plain; charset=utf-8",
        "text/xml" | "application/xml" => "application/xml; charset=utf-8",
        "image/svg+xml" => "image/svg+xml; charset=utf-8",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("playbook-http-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("out/a")).unwrap();
        std::fs::write(dir.join("out/index.html"), "home").unwrap();
        std::fs::write(dir.join("out/a/index.html"), "a").unwrap();
        std::fs::write(dir.join("out/.playbook-manifest"), "index.html").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn resolves_only_inside_the_output_directory() {
        let dir = site();
        let out = dir.join("out");
        assert_eq!(resolve(&out, ""), Ok(Found::File(out.join("index.html"))));
        assert_eq!(
            resolve(&out, "a/"),
            Ok(Found::File(out.join("a/index.html")))
        );
        assert_eq!(resolve(&out, "a"), Ok(Found::Dir));
        assert_eq!(
            resolve(&out, "./a/./index.html"),
            Ok(Found::File(out.join("a/index.html")))
        );
        assert_eq!(resolve(&out, "../secret.txt"), Err(Denied::Forbidden));
        assert_eq!(resolve(&out, "a/../../secret.txt"), Err(Denied::Forbidden));
        assert_eq!(resolve(&out, "..\\secret.txt"), Err(Denied::Forbidden));
        assert_eq!(resolve(&out, "C:/x"), Err(Denied::Forbidden));
        assert_eq!(resolve(&out, "a\0"), Err(Denied::Forbidden));
        assert_eq!(
            resolve(&out, "/etc/passwd"),
            Err(Denied::NotFound),
            "absolute paths stay inside"
        );
        assert_eq!(resolve(&out, ".playbook-manifest"), Err(Denied::NotFound));
        assert_eq!(resolve(&out, "missing.html"), Err(Denied::NotFound));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), out.join("leak.txt")).unwrap();
            assert_eq!(resolve(&out, "leak.txt"), Err(Denied::Forbidden));
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn injects_the_script_before_the_last_body_end() {
        let html = b"<html><head></head><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7, "a/index.html", None)).unwrap();
        assert_eq!(
            out,
            "<html><head></head><body><p>x</p><script src=\"/__playbook/livereload.js\" data-generation=\"7\" data-file=\"a/index.html\" async></script></BODY></html>"
        );
        let out = String::from_utf8(inject(b"<p>no body</p>", 1, "", Some("/pb/"))).unwrap();
        assert!(out.starts_with("<p>no body</p><script "), "{out}");
        let out = String::from_utf8(inject(
            b"<html><head><title>x</title></head><body></body></html>",
            1,
            "",
            Some("/pb/"),
        ))
        .unwrap();
        assert!(
            out.starts_with("<html><head><base href=\"/pb/\"><title>"),
            "{out}"
        );
    }

    #[test]
    fn content_types_have_charsets_for_text() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("static/site.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("checklists.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.png")), "image/png");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
