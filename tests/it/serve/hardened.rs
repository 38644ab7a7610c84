//! The preview server under abuse: a foreign `Host` (DNS rebinding), a `//` path that could
//! redirect to another host, idle connections past the process's file limit, hundreds of
//! held live-reload waits, and error messages that would show the machine's folders.
use super::{Response, Serve, small_site};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Sends `GET target` with the given `Host` and returns the response.
fn get_with_host(s: &Serve, target: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(&s.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    Response::parse(&raw)
}

/// The time a page takes to arrive whole over a new connection.
fn page_time(s: &Serve, target: &str) -> Duration {
    let start = Instant::now();
    let page = s.get(target);
    let took = start.elapsed();
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("</html>"), "whole page");
    took
}

#[test]
fn a_request_for_a_foreign_host_is_refused() {
    let t = small_site("serve-host");
    let s = Serve::start(&t, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    for target in ["/", "/guide/first/", "/__playbook/reload?since=0&wait=0"] {
        for host in [format!("evil.example:{port}"), "evil.example".into()] {
            let r = get_with_host(&s, target, &host);
            assert_eq!(r.status, 403, "{target} for {host}: {}", r.body);
            assert!(!r.body.contains("first chapter"), "{}", r.body);
        }
        for host in [
            s.addr.clone(),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ] {
            assert_eq!(
                get_with_host(&s, target, &host).status,
                200,
                "{target} for {host}"
            );
        }
    }
}

#[test]
fn a_double_slash_never_redirects_to_another_host() {
    let t = small_site("serve-slashes");
    let s = Serve::start(&t, &[]);
    for target in ["//static", "//guide", "///guide", "/guide"] {
        let r = s.get(target);
        assert_eq!(r.status, 302, "{target}");
        let location = r.header("location").expect("location");
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{target} -> {location}"
        );
    }
}

/// Raises this process's own file limit to `n` if it is lower (the test opens many sockets).
#[cfg(unix)]
fn allow_files(n: u64) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|c| c < n) {
        assert!(
            limit.maximum.is_none_or(|m| m >= n),
            "this test needs a file limit of {n} (ulimit -Hn)"
        );
        limit.current = Some(n);
        setrlimit(Resource::Nofile, limit).expect("raise the file limit");
    }
}

/// CPU time (user + system, in clock ticks) a process has used, from /proc.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let after_name = &stat[stat.rfind(')').expect("name") + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[cfg(unix)]
#[test]
fn idle_connections_past_the_file_limit_do_not_stop_requests() {
    allow_files(4096);
    let t = small_site("serve-idle");
    let s = Serve::start_limited(&t, &[], Some(1024));
    let mut idle = Vec::new();
    for _ in 0..1100 {
        let addr = s.addr.parse().unwrap();
        match TcpStream::connect_timeout(&addr, Duration::from_secs(10)) {
            Ok(c) => idle.push(c),
            Err(e) => panic!("connection {} refused: {e}", idle.len()),
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    #[cfg(target_os = "linux")]
    let before = cpu_ticks(s.child.id());
    for i in 0..20 {
        let took = page_time(&s, "/guide/first/");
        assert!(took < Duration::from_secs(2), "request {i} took {took:?}");
    }
    #[cfg(target_os = "linux")]
    {
        // Holding the connections costs no CPU: no spinning on a full file table.
        std::thread::sleep(Duration::from_secs(1));
        let used = cpu_ticks(s.child.id()) - before;
        assert!(used < 100, "serve used {used} ticks of CPU while idle");
    }
    drop(idle);
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn held_reload_waits_do_not_slow_other_requests() {
    let t = small_site("serve-waits");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    let mut waits = Vec::new();
    for _ in 0..600 {
        let mut c = TcpStream::connect(&s.addr).expect("connect");
        write!(
            c,
            "GET /__playbook/reload?since={g} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        )
        .unwrap();
        waits.push(c);
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut times: Vec<Duration> = (0..7).map(|_| page_time(&s, "/guide/first/")).collect();
    times.sort();
    assert!(
        times[times.len() / 2] < Duration::from_millis(100),
        "with 600 reload waits held, a page took {times:?}"
    );
    // The waits are still there, and an edit answers them.
    t.write("content/01-guide/01-first.md", "# First\n\nEdited.\n");
    for c in waits.iter_mut().step_by(100) {
        c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut raw = Vec::new();
        c.read_to_end(&mut raw).expect("the wait is answered");
        let r = Response::parse(&raw);
        assert_eq!(r.status, 200);
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("reload json");
        assert!(v["generation"].as_u64().unwrap() > g, "{v}");
    }
}

#[test]
fn errors_told_to_pages_name_paths_relative_to_the_site() {
    let t = small_site("serve-rel");
    let s = Serve::start(&t, &[]);
    let g = s.generation();
    std::fs::remove_file(t.path().join("site.toml")).unwrap();
    std::fs::create_dir_all(t.path().join("site.toml")).unwrap();
    let v = s.next_build(g);
    let error = v["error"].to_string();
    assert!(error.contains("site.toml"), "{v}");
    let root = t.path().display().to_string();
    let real = t.path().canonicalize().unwrap().display().to_string();
    assert!(
        !error.contains(&root) && !error.contains(&real),
        "absolute path in {error}"
    );
}

#[test]
fn slow_headers_and_idle_connections_are_closed() {
    let t = small_site("serve-slow");
    let s = Serve::start(&t, &[]);
    let mut slow = TcpStream::connect(&s.addr).expect("connect");
    write!(slow, "GET / HTTP/1.1\r\nHost: {}\r\n", s.addr).unwrap();
    let mut idle = TcpStream::connect(&s.addr).expect("connect");
    let start = Instant::now();
    for (what, c) in [
        ("headers never finished", &mut slow),
        ("nothing sent", &mut idle),
    ] {
        c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut buf = Vec::new();
        // The server closes the connection (a 408 may come first); no 200, no hang.
        let _ = c.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf);
        assert!(!text.contains(" 200 "), "{what}: {text}");
        assert!(
            start.elapsed() < Duration::from_secs(25),
            "{what}: closed after {:?}",
            start.elapsed()
        );
    }
    assert!(
        start.elapsed() >= Duration::from_secs(5),
        "not closed before the timeout"
    );
    assert_eq!(s.get("/").status, 200);
}
