//! The `playbook` binary: parse arguments, run, exit. The only place that exits.

/// mimalloc: a build allocates and frees many small strings on every thread; it is markedly
/// faster than the system allocator at that (see bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    playbook::cli::run()
}
