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
    playbook::cli::run()
}
