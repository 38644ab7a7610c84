//! The `playbook` binary: parse arguments, run, exit. The only place that exits.
fn main() -> std::process::ExitCode {
    playbook::cli::run()
}
