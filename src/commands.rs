//! The commands behind the CLI: each takes resolved `Settings`, runs the pipeline and prints
//! what a person needs to see. Returns an exit status; never exits itself.
use crate::config::Settings;
use crate::pipeline::{Failure, Pipeline};
use std::process::ExitCode;

/// `playbook build`: the whole site, atomically replacing the output directory.
pub(crate) fn build(settings: Settings) -> ExitCode {
    let quiet = settings.quiet;
    let mut pipeline = match Pipeline::new(settings) {
        Ok(p) => p,
        Err(e) => return fatal(&e),
    };
    match pipeline.build() {
        Ok(report) => {
            for w in report.warnings.iter() {
                eprintln!("{w}");
            }
            if !quiet {
                let out = pipeline
                    .settings()
                    .output_dir
                    .strip_prefix(&pipeline.settings().root)
                    .unwrap_or(&pipeline.settings().output_dir)
                    .display()
                    .to_string();
                println!(
                    "Built {} chapters, {} checklists ({} items) in {} ms -> {out}/",
                    report.chapters,
                    report.checklists,
                    report.checklist_items,
                    report.elapsed.as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(&failure),
    }
}

/// Prints a failed build's problems and the closing line; exit status 1.
pub(crate) fn report_failure(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Content(diags) => {
            for d in diags.iter() {
                eprintln!("{d}");
            }
            let n = diags.error_count();
            eprintln!(
                "error: build failed with {n} error{}; the previous output was left as it was",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Failure::Fatal(e) => fatal(e),
    }
}

/// Prints an error and its causes once: `error: …` then indented `caused by: …` lines.
pub(crate) fn fatal(e: &anyhow::Error) -> ExitCode {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(1)
}
