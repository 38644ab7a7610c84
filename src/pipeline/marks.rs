//! When each stage of a build ended, for `serve`'s `PLAYBOOK_TIMINGS` lines (which
//! `bench/serve_latency.py` reads): a clock read per stage, nothing else.
use std::sync::Mutex;
use std::time::SystemTime;

/// When each stage of a build ended, for `serve`'s `PLAYBOOK_TIMINGS` lines (which
/// `bench/serve_latency.py` reads). Costs a clock read per stage.
#[derive(Default)]
pub(super) struct Marks(Mutex<Vec<(&'static str, SystemTime)>>);

impl Marks {
    pub(super) fn mark(&self, stage: &'static str) {
        let mut marks = self.0.lock().unwrap_or_else(|e| e.into_inner());
        marks.push((stage, SystemTime::now()));
    }

    pub(super) fn into_inner(self) -> Vec<(&'static str, SystemTime)> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}
