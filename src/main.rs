//! The `playbook` binary: parse arguments, run, exit. The only place that exits.

/// mimalloc: a build allocates and frees many small strings on every thread; it is markedly
/// faster than the system allocator at that (see bench/README.md). Its `override` feature
/// makes it C's `malloc` too: Oniguruma, under syntect, allocates and frees a match stack for
/// every regex search, which glibc's allocator did slowly. `no_thp` keeps it from asking for
/// transparent huge pages: each one is zeroed whole when first touched, which raised the peak
/// memory by half (1,000 pages: 118 -> 78 MB) for no gain in time.
#[cfg(not(feature = "dhat-heap"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `--features dhat-heap`: every Rust allocation recorded, and what was live at the peak
/// written to `dhat-heap.json` when the program ends (C's `malloc` is still mimalloc's).
#[cfg(feature = "dhat-heap")]
#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "dhat-heap")]
    let _profiler = dhat::Profiler::new_heap();
    let code = playbook::cli::run();
    #[cfg(all(unix, not(feature = "dhat-heap")))]
    end_now(code);
    code
}

/// Ends the process at once, once what it printed is flushed: without the exit handlers,
/// the main one of which is mimalloc's, which frees every page of the main thread's heap
/// one by one, memory the system takes back whole a moment later anyway (24 ms of a 500 ms
/// warm build at 10,000 pages: `bench/README.md`). Returns, for the usual exit, only when
/// the output could not be flushed. Files are all written and closed by then: nothing the
/// commands write waits for an exit handler.
#[cfg(all(unix, not(feature = "dhat-heap")))]
fn end_now(code: std::process::ExitCode) {
    use std::io::Write;
    let status = if code == std::process::ExitCode::SUCCESS {
        0
    } else {
        1
    };
    if std::io::stdout().flush().is_ok() && std::io::stderr().flush().is_ok() {
        // SAFETY: `_exit` ends the process without running anything else; no thread is in
        // the middle of anything this process still needs (every command has returned).
        unsafe { libc::_exit(status) }
    }
}
