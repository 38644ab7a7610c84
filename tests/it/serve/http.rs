//! What the server answers: content types, the injected script, 404s, methods, traversal
//! attempts, the base path, a taken port, Ctrl+C.
use super::{Response, Serve, eventually, small_site};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn serves_pages_with_content_types_and_the_reload_script() {
    let t = small_site("serve-types");
    let s = Serve::start(&t, &[]);
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__playbook/livereload.js\""),
        "{}",
        home.body
    );
    assert!(
        home.body.trim_end().ends_with("</body>\n</html>")
            || home.body.contains("</script></body>"),
        "script goes before </body>"
    );
    let page = s.get("/guide/first/");
    assert!(page.body.contains("The first chapter."));
    assert!(page.body.contains("data-file=\"guide/first/index.html\""));
    assert_eq!(
        s.get("/static/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        s.get("/static/site.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        s.get("/checklists.json").header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        s.get("/__playbook/livereload.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let css = s.get("/static/style.css");
    let etag = css.header("etag").expect("etag").to_string();
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    write!(stream, "GET /static/style.css HTTP/1.1\r\nHost: {}\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n", s.addr).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    assert_eq!(Response::parse(&raw).status, 304);

    let head = s.request("HEAD", "/guide/first/");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(head.body.is_empty());
    assert!(
        head.header("content-length")
            .is_some_and(|n| n.parse::<usize>().unwrap() > 100)
    );

    let dir = s.get("/guide/first");
    assert_eq!(
        dir.status, 302,
        "a folder without its slash redirects, so relative links work"
    );
    assert_eq!(dir.header("location"), Some("/guide/first/"));

    // The script is the server's: the files on disk never have it.
    assert!(!t.read("guide/first/index.html").contains("__playbook"));
}

#[test]
fn only_get_and_head_are_allowed() {
    let t = small_site("serve-methods");
    let s = Serve::start(&t, &[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = s.request(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn requests_never_read_outside_the_output_directory() {
    let t = small_site("serve-traversal").file("secret.txt", "TOP SECRET");
    let outside = t.path().join("secret.txt");
    let s = Serve::start(&t, &[]);
    std::os::unix::fs::symlink(&outside, t.path().join("public/leak.txt")).unwrap();
    std::os::unix::fs::symlink(t.path(), t.path().join("public/up")).unwrap();
    let attempts = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/guide/../../secret.txt",
        "/guide/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        &format!("/{}", outside.display()),
        &format!(
            "/%2f{}",
            outside
                .display()
                .to_string()
                .trim_start_matches('/')
                .replace('/', "%2f")
        ),
        "//etc/passwd",
        "/leak.txt",
        "/up/secret.txt",
        "/.playbook-manifest",
        "/%00/secret.txt",
    ];
    for path in attempts {
        let r = s.get(path);
        assert!(r.status == 403 || r.status == 404, "{path}: {}", r.status);
        assert!(!r.body.contains("TOP SECRET"), "{path} leaked the file");
    }
    let r = s.get("http://127.0.0.1/../secret.txt");
    assert!(
        matches!(r.status, 400 | 403 | 404),
        "absolute-form target: {}",
        r.status
    );
    assert!(!r.body.contains("TOP SECRET"));
}

#[test]
fn misses_get_the_site_404_page() {
    let t = small_site("serve-404");
    let s = Serve::start(&t, &[]);
    let r = s.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Page not found"), "{}", r.body);
    assert!(
        r.body.contains("<base href=\"/\">"),
        "relative links of the 404 page work at any depth"
    );
    assert!(
        r.body.contains("/__playbook/livereload.js"),
        "a 404 page follows rebuilds too"
    );
}

#[test]
fn serves_under_the_base_url_path() {
    let t = small_site("serve-base").file(
        "site.toml",
        "title = \"Serve test\"\nbase_url = \"https://example.org/team-playbook/\"\n",
    );
    let s = Serve::start(&t, &[]);
    assert!(s.url.ends_with("/team-playbook/"), "{}", s.url);
    let root = s.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/team-playbook/"));
    assert_eq!(
        s.get("/team-playbook").header("location"),
        Some("/team-playbook/")
    );
    let home = s.get("/team-playbook/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Welcome."));
    assert_eq!(s.get("/team-playbook/guide/first/").status, 200);
    assert_eq!(
        s.get("/guide/first/").status,
        404,
        "nothing is served outside the base path"
    );
}

#[test]
fn a_taken_port_moves_to_the_next_one_and_says_so() {
    let t = small_site("serve-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let s = Serve::start(&t, &["--port", &port]);
    assert_ne!(s.addr, format!("127.0.0.1:{port}"));
    assert!(
        s.output()
            .contains(&format!("port {port} is in use; serving on port")),
        "{}",
        s.output()
    );
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let t = small_site("serve-stop");
    let mut s = Serve::start(&t, &[]);
    let status = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(code) = s.child.try_wait().unwrap() {
            break code;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(code.success(), "{code:?}");
    eventually("it says it stopped", || s.output().contains("Stopped."));
}
