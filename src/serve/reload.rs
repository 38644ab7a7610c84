//! Live-reload signalling between the watch loop and open pages: a generation counter bumped
//! when a rebuild has written its pages and again when it has written the rest, with what
//! each changed or why the build failed. Pages long-poll `/__playbook/reload?since=N`; `wait`
//! is a future (on a `tokio::sync::watch` channel, so a waiting page holds no thread) that
//! resolves once the generation passes N, with every change since N. A page asks again once
//! it has swapped in what changed, which is how a rebuild knows that it may take the cores
//! back (`wait_for_pages`). Decides nothing about rebuilding and knows nothing of HTTP.
use crate::lock;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// Above this many changed files, pages are told "everything changed" instead of a list.
const MAX_LISTED: usize = 200;
/// Generations whose changes are kept: a page further behind is told "everything changed".
const HISTORY: usize = 16;

/// One problem of a failed build, as the error overlay shows it (text only).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Path relative to the site root (`content/a.md`), when known.
    pub(crate) file: Option<String>,
    pub(crate) line: Option<usize>,
    pub(crate) col: Option<usize>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

/// What a page is told: the current generation and what happened since its own.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Status {
    pub(crate) generation: u64,
    /// Why the latest build failed; `None` when it succeeded.
    pub(crate) error: Option<Vec<Problem>>,
    /// Only stylesheets changed since the page's generation: swap them, do not reload.
    pub(crate) css_only: bool,
    /// Output paths changed since the page's generation; `None` when unknown (reload).
    pub(crate) changed: Option<Vec<String>>,
    /// The latest build has written its pages and is still writing the rest (print
    /// documents, search index): another generation follows.
    pub(crate) writing: bool,
}

#[derive(Debug)]
struct State {
    generation: u64,
    error: Option<Vec<Problem>>,
    /// What the latest generations changed, oldest first (`None`: too many to list).
    history: VecDeque<(u64, Option<Vec<String>>)>,
    writing: bool,
    stopped: bool,
}

impl State {
    fn bump(&mut self, changed: Vec<String>) {
        self.generation += 1;
        let listed = (changed.len() <= MAX_LISTED).then_some(changed);
        self.history.push_back((self.generation, listed));
        if self.history.len() > HISTORY {
            self.history.pop_front();
        }
    }

    /// Every path changed after generation `since`, or `None` when that is not known.
    fn changed_since(&self, since: u64) -> Option<Vec<String>> {
        let first = self.history.front().map_or(u64::MAX, |(g, _)| *g);
        if since >= self.generation || first > since + 1 {
            return (since == self.generation).then(Vec::new);
        }
        let mut all = Vec::new();
        for (_, changed) in self.history.iter().filter(|(g, _)| *g > since) {
            all.extend(changed.as_ref()?.iter().cloned());
        }
        all.sort_unstable();
        all.dedup();
        (all.len() <= MAX_LISTED).then_some(all)
    }
}

/// The shared generation counter and the last build's outcome.
#[derive(Debug)]
pub(crate) struct Reloader {
    state: watch::Sender<State>,
    /// The pages woken by the last `pages_written`, and how many have asked again since.
    woken: Mutex<Woken>,
    asked: Condvar,
}

/// A page asks again once it has swapped in its new build, so when as many pages as were
/// woken have asked again, the open pages are up to date.
#[derive(Debug, Default)]
struct Woken {
    told: usize,
    back: usize,
}

impl Default for Reloader {
    /// Generations start from the clock, so a page left open across a restart of the server
    /// never mistakes the new server's generations for ones it has seen.
    fn default() -> Self {
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_millis() as u64);
        let (state, _) = watch::channel(State {
            generation: start,
            error: None,
            history: VecDeque::new(),
            writing: false,
            stopped: false,
        });
        Reloader {
            state,
            woken: Mutex::default(),
            asked: Condvar::new(),
        }
    }
}

impl Reloader {
    /// Changes the state when `change` says so (returning true), waking waiting pages.
    fn update(&self, change: impl FnOnce(&mut State) -> bool) {
        self.state.send_if_modified(change);
    }

    /// A build has written its pages, changing these; the rest of its files follow. Nothing
    /// changed and no error to clear: pages are not woken.
    pub(crate) fn pages_written(&self, changed: Vec<String>) {
        let waiting = self.state.receiver_count();
        let mut woken = lock(&self.woken);
        *woken = Woken::default();
        self.update(|s| {
            if changed.is_empty() && s.error.is_none() {
                return false;
            }
            s.bump(changed);
            s.error = None;
            s.writing = true;
            woken.told = waiting;
            true
        });
    }

    /// Waits until the pages woken by the last `pages_written` have swapped in their new
    /// build (each asks again when done), or `timeout` has passed. `serve` does the rest of
    /// a build (print documents, search index) only then: on a small machine that work took
    /// the cores the browser needed to patch the open page, which then showed the edit later.
    pub(crate) fn wait_for_pages(&self, timeout: Duration) {
        let woken = lock(&self.woken);
        let _ = self
            .asked
            .wait_timeout_while(woken, timeout, |w| w.back < w.told);
    }

    /// A build succeeded and changed these output paths (besides those of `pages_written`).
    /// Nothing changed, no error to clear and no pages written before: pages are not woken.
    pub(crate) fn succeeded(&self, changed: Vec<String>) {
        self.update(|s| {
            if changed.is_empty() && s.error.is_none() && !s.writing {
                return false;
            }
            s.bump(changed);
            s.error = None;
            s.writing = false;
            true
        });
    }

    /// A build failed: pages show the problems and keep their content.
    pub(crate) fn failed(&self, problems: Vec<Problem>) {
        self.update(|s| {
            s.bump(Vec::new());
            s.error = Some(problems);
            s.writing = false;
            true
        });
    }

    /// The server is stopping: wake every waiting page.
    pub(crate) fn stop(&self) {
        self.update(|s| {
            s.stopped = true;
            true
        });
    }

    pub(crate) fn generation(&self) -> u64 {
        self.state.borrow().generation
    }

    /// The status for a page at generation `since`, once there is a newer one or `timeout`
    /// has passed. A `since` from the future (the server restarted) answers at once.
    pub(crate) async fn wait(&self, since: u64, timeout: Duration) -> Status {
        let mut rx = self.state.subscribe();
        lock(&self.woken).back += 1;
        self.asked.notify_all();
        let newer = rx.wait_for(|s| s.generation != since || s.stopped);
        // Either way the answer is built from the state as it is now.
        let _ = tokio::time::timeout(timeout, newer).await;
        self.status(since)
    }

    /// The status for a page at generation `since`, now.
    pub(crate) fn status(&self, since: u64) -> Status {
        let s = self.state.borrow();
        let changed = s.changed_since(since);
        let css_only = changed
            .as_ref()
            .is_some_and(|c| !c.is_empty() && c.iter().all(|p| p.ends_with(".css")));
        Status {
            generation: s.generation,
            error: s.error.clone(),
            css_only,
            changed,
            writing: s.writing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Instant;

    /// Runs a future to completion on a runtime of its own (as the server's is).
    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn problem(message: &str) -> Problem {
        Problem {
            file: Some("content/a.md".into()),
            line: Some(3),
            col: None,
            message: message.into(),
            hint: None,
        }
    }

    #[test]
    fn wait_returns_when_a_build_finishes() {
        let r = Arc::new(Reloader::default());
        let since = r.generation();
        let r2 = r.clone();
        let t = std::thread::spawn(move || block_on(r2.wait(since, Duration::from_secs(10))));
        std::thread::sleep(Duration::from_millis(50));
        r.succeeded(vec!["a/index.html".into()]);
        let s = t.join().unwrap();
        assert_eq!(s.generation, since + 1);
        assert_eq!(s.changed, Some(vec!["a/index.html".to_string()]));
        assert!(!s.css_only);
    }

    #[test]
    fn a_thousand_waiting_pages_share_one_thread() {
        let r = Arc::new(Reloader::default());
        let g = r.generation();
        let answered = block_on(async {
            let waits: Vec<_> = (0..1000)
                .map(|_| {
                    let r = r.clone();
                    tokio::spawn(async move { r.wait(g, Duration::from_secs(10)).await })
                })
                .collect();
            tokio::task::yield_now().await;
            r.succeeded(vec!["a/index.html".into()]);
            let mut answered = 0;
            for w in waits {
                answered += usize::from(w.await.unwrap().generation == g + 1);
            }
            answered
        });
        assert_eq!(answered, 1000);
    }

    #[test]
    fn wait_times_out_with_the_same_generation() {
        let r = Reloader::default();
        let g = r.generation();
        let start = Instant::now();
        let s = block_on(r.wait(g, Duration::from_millis(30)));
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert_eq!(s.generation, g);
        assert_eq!(s.changed, Some(Vec::new()));
    }

    #[test]
    fn a_build_that_changed_nothing_wakes_no_one() {
        let r = Reloader::default();
        let g = r.generation();
        r.succeeded(Vec::new());
        assert_eq!(r.generation(), g);
    }

    #[test]
    fn only_stylesheets_changed_is_css_only() {
        let r = Reloader::default();
        let g = r.generation();
        r.succeeded(vec!["static/style.css".into()]);
        assert!(r.status(g).css_only);
        r.succeeded(vec!["static/style.css".into(), "a/index.html".into()]);
        assert!(!r.status(g + 1).css_only);
    }

    #[test]
    fn a_page_that_missed_generations_is_told_all_they_changed() {
        let r = Reloader::default();
        let g = r.generation();
        r.succeeded(vec!["b/index.html".into()]);
        r.succeeded(vec!["a/index.html".into(), "b/index.html".into()]);
        let s = r.status(g);
        assert_eq!(
            s.changed,
            Some(vec!["a/index.html".to_string(), "b/index.html".to_string()])
        );
        assert!(!s.css_only);
        for _ in 0..HISTORY {
            r.succeeded(vec!["c/index.html".into()]);
        }
        assert_eq!(r.status(g).changed, None, "too far behind");
        assert!(r.status(r.generation() - 1).changed.is_some());
    }

    #[test]
    fn pages_are_told_of_written_pages_then_of_the_rest() {
        let r = Reloader::default();
        let g = r.generation();
        r.pages_written(vec!["a/index.html".into()]);
        let s = r.status(g);
        assert_eq!(s.changed, Some(vec!["a/index.html".to_string()]));
        assert!(s.writing);
        // Nothing more changed: still one more generation, saying the build is done.
        r.succeeded(Vec::new());
        let s = r.status(g);
        assert_eq!((s.generation, s.writing), (g + 2, false));
        assert_eq!(s.changed, Some(vec!["a/index.html".to_string()]));
        assert_eq!(r.status(g + 1).changed, Some(Vec::new()));
        // A build whose pages changed nothing wakes no one until the rest changes something.
        r.pages_written(Vec::new());
        assert_eq!(r.generation(), g + 2);
        r.succeeded(vec!["print/index.html".into()]);
        assert_eq!(
            r.status(g + 2).changed,
            Some(vec!["print/index.html".to_string()])
        );
    }

    #[test]
    fn the_rest_of_a_build_waits_for_the_woken_pages_to_ask_again() {
        let r = Arc::new(Reloader::default());
        let g = r.generation();
        // No page waiting: nothing to wait for.
        r.pages_written(vec!["a/index.html".into()]);
        let start = Instant::now();
        r.wait_for_pages(Duration::from_secs(20));
        assert!(start.elapsed() < Duration::from_secs(10));
        // A page waits, is woken, patches itself (50 ms) and asks again.
        let page = r.clone();
        let t = std::thread::spawn(move || {
            let status = block_on(page.wait(g + 1, Duration::from_secs(20)));
            std::thread::sleep(Duration::from_millis(50));
            block_on(page.wait(status.generation, Duration::from_millis(10)))
        });
        while r.state.receiver_count() == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        r.pages_written(vec!["a/index.html".into()]);
        let start = Instant::now();
        r.wait_for_pages(Duration::from_secs(20));
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(40),
            "returned before the page asked again"
        );
        assert!(
            waited < Duration::from_secs(10),
            "the page asked again: no need to wait on"
        );
        t.join().unwrap();
        // A woken page that does not ask again is waited for until the timeout only.
        let page = r.clone();
        let since = r.generation();
        let t = std::thread::spawn(move || block_on(page.wait(since, Duration::from_secs(20))));
        while r.state.receiver_count() == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        r.pages_written(vec!["a/index.html".into()]);
        let start = Instant::now();
        r.wait_for_pages(Duration::from_millis(200));
        assert!(start.elapsed() >= Duration::from_millis(200));
        t.join().unwrap();
    }

    #[test]
    fn errors_are_reported_then_cleared_by_a_good_build() {
        let r = Reloader::default();
        let g = r.generation();
        r.failed(vec![problem("bad front matter")]);
        let s = r.status(g);
        assert_eq!(
            s.error.as_deref().map(|p| p[0].message.as_str()),
            Some("bad front matter")
        );
        r.succeeded(Vec::new());
        let s = r.status(g + 1);
        assert_eq!(
            s.generation,
            g + 2,
            "a good build after a failure wakes pages even if no file changed"
        );
        assert_eq!(s.error, None);
    }

    #[test]
    fn a_generation_from_a_previous_server_answers_at_once() {
        let r = Reloader::default();
        let start = Instant::now();
        let s = block_on(r.wait(r.generation() + 42, Duration::from_secs(10)));
        assert!(start.elapsed() < Duration::from_secs(1));
        assert_eq!(s.changed, None);
    }

    #[test]
    fn stop_wakes_waiting_pages() {
        let r = Arc::new(Reloader::default());
        let (r2, g) = (r.clone(), r.generation());
        let t = std::thread::spawn(move || block_on(r2.wait(g, Duration::from_secs(10))));
        std::thread::sleep(Duration::from_millis(50));
        r.stop();
        assert_eq!(t.join().unwrap().generation, g);
    }
}
