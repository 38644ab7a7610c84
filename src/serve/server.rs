//! The preview server's connections, on one tokio thread: each connection is a task running
//! hyper's HTTP/1 protocol, and every wait in it is a future (reading a request, a live-reload
//! long-poll), so no connection holds a thread. Protects itself the way a public server must:
//!
//! - a request's headers must arrive within `HEADER_TIMEOUT`, which also closes connections
//!   that sit idle (new, or kept alive between requests) for that long;
//! - at most `cap()` connections are open, well under the process's file limit: at the cap,
//!   the connection idle the longest is closed to let a new one in (a connection waiting on
//!   a live-reload long-poll is not idle), and when every one is busy, accepting waits;
//! - should the process run out of file descriptors all the same (`EMFILE`), accepting backs
//!   off (10 ms, doubling up to a second) instead of spinning.
//!
//! What a request gets is `http`'s decision.
use super::http::{Shared, respond};
use anyhow::{Context, Result};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Time for a request's headers to arrive, and the longest a connection may sit idle.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a connection asked to close has to finish the response it is writing.
const GRACE: Duration = Duration::from_secs(1);
/// File descriptors kept for everything but connections (files read, the watcher, builds).
const RESERVED_FDS: u64 = 128;
/// The most connections open at once when the file limit allows more.
const MAX_CONNECTIONS: u64 = 16_384;

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
        .enable_time()
        // Files are read on blocking threads; a few are enough for one person's browser.
        .max_blocking_threads(8)
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

/// How many connections may be open: the file limit less what the rest of the process needs.
fn cap() -> usize {
    #[cfg(unix)]
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    #[cfg(not(unix))]
    let limit = Some(1024);
    let open = limit.map_or(MAX_CONNECTIONS, |l| l.saturating_sub(RESERVED_FDS));
    open.clamp(16, MAX_CONNECTIONS) as usize
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let conns = Arc::new(Conns::new(cap()));
    let mut backoff = Duration::ZERO;
    loop {
        conns.make_room().await;
        match listener.accept().await {
            Ok((stream, _)) => {
                backoff = Duration::ZERO;
                serve_connection(stream, shared.clone(), conns.clone());
            }
            Err(e) if out_of_files(&e) => {
                conns.close_idlest();
                backoff = (backoff * 2).clamp(Duration::from_millis(10), Duration::from_secs(1));
                tokio::time::sleep(backoff).await;
            }
            Err(e) if is_transient(&e) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Runs one connection as a task until the client leaves, a timeout closes it, or it is
/// asked to close to make room.
fn serve_connection(stream: tokio::net::TcpStream, shared: Arc<Shared>, conns: Arc<Conns>) {
    // Responses go out in one piece; no waiting for the browser's delayed ACK.
    let _ = stream.set_nodelay(true);
    let (id, close) = conns.open();
    let activity = Activity {
        id,
        conns: conns.clone(),
    };
    tokio::spawn(async move {
        let service = hyper::service::service_fn(move |request| {
            respond(request, shared.clone(), activity.clone())
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        tokio::pin!(conn);
        tokio::select! {
            _ = conn.as_mut() => {}
            () = close.notified() => {
                // Closes at once when idle; else after the response, or at the end of GRACE.
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(GRACE, conn.as_mut()).await;
            }
        }
        conns.closed(id);
    });
}

/// Failures to accept for want of file descriptors.
fn out_of_files(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    let codes = [
        rustix::io::Errno::MFILE.raw_os_error(),
        rustix::io::Errno::NFILE.raw_os_error(),
    ];
    #[cfg(not(unix))]
    let codes = [10024]; // WSAEMFILE
    e.raw_os_error().is_some_and(|c| codes.contains(&c))
}

/// Errors of one connection attempt, after which accepting goes on.
fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    )
}

/// The open connections: which are between requests and since when, and how to close each.
struct Conns {
    cap: usize,
    inner: Mutex<Inner>,
    /// Told when a connection ends.
    room: Notify,
}

#[derive(Default)]
struct Inner {
    next: u64,
    live: HashMap<u64, Conn>,
    /// Connections asked to close that have not ended yet.
    closing: usize,
}

struct Conn {
    /// When its last request ended (or it opened); `None` while a request is answered.
    idle_since: Option<Instant>,
    closing: bool,
    close: Arc<Notify>,
}

impl Conns {
    fn new(cap: usize) -> Conns {
        Conns {
            cap,
            inner: Mutex::default(),
            room: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self) -> (u64, Arc<Notify>) {
        let mut inner = self.lock();
        let id = inner.next;
        inner.next += 1;
        let close = Arc::new(Notify::new());
        let conn = Conn {
            idle_since: Some(Instant::now()),
            closing: false,
            close: close.clone(),
        };
        inner.live.insert(id, conn);
        (id, close)
    }

    fn closed(&self, id: u64) {
        let mut inner = self.lock();
        if inner.live.remove(&id).is_some_and(|c| c.closing) {
            inner.closing -= 1;
        }
        drop(inner);
        self.room.notify_waiters();
    }

    fn set_busy(&self, id: u64, busy: bool) {
        if let Some(c) = self.lock().live.get_mut(&id) {
            c.idle_since = (!busy).then(Instant::now);
        }
    }

    /// Asks the connection idle the longest to close; false when every one is busy.
    fn close_idlest(&self) -> bool {
        let mut inner = self.lock();
        let idlest = inner
            .live
            .iter_mut()
            .filter(|(_, c)| !c.closing)
            .filter_map(|(_, c)| c.idle_since.map(|t| (t, c)))
            .min_by_key(|(t, _)| *t)
            .map(|(_, c)| {
                c.closing = true;
                c.close.notify_one();
            });
        if idlest.is_some() {
            inner.closing += 1;
        }
        idlest.is_some()
    }

    /// Returns once fewer than `cap` connections are open (not counting those closing),
    /// closing idle ones to get there.
    async fn make_room(&self) {
        loop {
            let waiting = self.room.notified();
            let open = {
                let inner = self.lock();
                inner.live.len() - inner.closing
            };
            if open < self.cap || self.close_idlest() {
                return;
            }
            // Every connection is busy: wait for one to end (or look again shortly).
            let _ = tokio::time::timeout(Duration::from_millis(100), waiting).await;
        }
    }
}

/// A connection's handle on the registry: its requests mark it busy while they are answered.
#[derive(Clone)]
pub(crate) struct Activity {
    id: u64,
    conns: Arc<Conns>,
}

impl Activity {
    /// Marks the connection busy until the returned guard is dropped.
    pub(crate) fn busy(&self) -> Busy {
        self.conns.set_busy(self.id, true);
        Busy(self.clone())
    }
}

/// Marks its connection idle again when dropped (also when the request is abandoned).
pub(crate) struct Busy(Activity);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.conns.set_busy(self.0.id, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_idle_longest_is_closed_first_and_busy_ones_never() {
        let conns = Conns::new(2);
        let (a, close_a) = conns.open();
        let (b, close_b) = conns.open();
        conns.set_busy(a, true);
        assert!(conns.close_idlest(), "b is idle");
        assert!(conns.lock().live[&b].closing);
        assert!(!conns.close_idlest(), "a is busy and b already closing");
        conns.set_busy(a, false);
        assert!(conns.close_idlest());
        conns.closed(a);
        conns.closed(b);
        let inner = conns.lock();
        assert_eq!((inner.live.len(), inner.closing), (0, 0));
        drop(inner);
        // Both were told (a permit is stored for a task not yet waiting).
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            close_a.notified().await;
            close_b.notified().await;
        });
    }

    #[test]
    fn the_cap_leaves_room_for_the_rest_of_the_process() {
        let cap = cap();
        assert!((16..=MAX_CONNECTIONS as usize).contains(&cap), "{cap}");
        #[cfg(unix)]
        if let Some(limit) = rustix::process::getrlimit(rustix::process::Resource::Nofile).current
            && limit > RESERVED_FDS + 16
        {
            assert!(cap as u64 + RESERVED_FDS <= limit);
        }
    }
}
