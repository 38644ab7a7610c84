//! The commands behind the CLI: each takes resolved `Settings`, runs the pipeline and prints
//! what a person needs to see. Returns an exit status; never exits itself.
use crate::config::{ConfigError, Settings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{BuildReport, Failure, Pipeline};
use crate::report::{self, Reporter};
use std::path::Path;
use std::process::ExitCode;

/// `playbook build`: the whole site, atomically replacing the output directory.
pub(crate) fn build(settings: Settings) -> ExitCode {
    let started = std::time::SystemTime::now();
    let root = settings.root.clone();
    let mut pipeline = match Pipeline::new(settings) {
        Ok(p) => p,
        Err(e) => return report_failure(&root, &Failure::from(e)),
    };
    let loaded = std::time::SystemTime::now();
    let code = match pipeline.build() {
        Ok(report) => {
            report_built(&report, pipeline.settings());
            if std::env::var_os("PLAYBOOK_TIMINGS").is_some() {
                let mut marks = vec![("loaded", loaded)];
                marks.extend(report.marks.iter().copied());
                marks.push(("reported", std::time::SystemTime::now()));
                eprintln!("timings: {}", since(started, &marks));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(&root, &failure),
    };
    // The process ends here: freeing the caches piece by piece (hundreds of MB on a big site,
    // about 80 ms at 10,000 pages) would only delay the exit. Nothing in it holds a lock.
    std::mem::forget(pipeline);
    code
}

/// `PLAYBOOK_TIMINGS` for `build` (`bench/README.md`): each stage's end in ms after `started`.
fn since(started: std::time::SystemTime, marks: &[(&str, std::time::SystemTime)]) -> String {
    let ms = |t: std::time::SystemTime| t.duration_since(started).unwrap_or_default().as_millis();
    let marks = marks.iter().map(|(stage, t)| format!("{stage} {}", ms(*t)));
    marks.collect::<Vec<_>>().join(" ")
}

/// What a successful build prints (`build`, and `serve` once it has built the site): its
/// warnings, then (unless quiet) one line saying what was built where.
pub(crate) fn report_built(report: &BuildReport, settings: &Settings) {
    Reporter::new(&settings.root).print_all(&report.warnings);
    if !settings.quiet {
        let out = crate::diagnostics::display_path(&settings.root, &settings.output_dir);
        println!(
            "Built {} in {} ms -> {out}/",
            report.summary(),
            report.elapsed.as_millis()
        );
    }
}

/// `playbook build --single-file FILE`: the whole playbook as one HTML file. The file is
/// written whole or not at all; like the output folder, it must lie inside the site root
/// (unless `--allow-outside-root`) and outside `content/`.
pub(crate) fn build_single_file(settings: Settings, file: &std::path::Path) -> ExitCode {
    let root = settings.root.clone();
    let path = root.join(file);
    let climbs = file
        .components()
        .any(|c| c == std::path::Component::ParentDir);
    let outside = !settings.allow_outside_root && (climbs || !path.starts_with(&root));
    if outside || path.starts_with(settings.content_dir()) || path.is_dir() {
        return fatal(&anyhow::anyhow!(
            "refusing to write `{}`: the single file goes inside the site root (pass --allow-outside-root to write elsewhere), outside the content folder, and not over a folder",
            path.display()
        ));
    }
    let quiet = settings.quiet;
    let mut pipeline = match Pipeline::new(settings) {
        Ok(p) => p,
        Err(e) => return fatal(&e),
    };
    let start = std::time::Instant::now();
    match pipeline.single_file() {
        Ok((html, warnings)) => {
            Reporter::new(&root).print_all(&warnings);
            let tmp = path.with_extension("html.tmp");
            let written = std::fs::write(&tmp, &html)
                .and_then(|()| std::fs::rename(&tmp, &path))
                .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return fatal(&e);
            }
            if !quiet {
                println!(
                    "Built one file of {} KB in {} ms -> {}",
                    html.len().div_ceil(1024),
                    start.elapsed().as_millis(),
                    file.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(&root, &failure),
    }
}

/// `playbook new DIR`: a starter playbook in a new or empty folder.
pub(crate) fn new(dir: &std::path::Path, theme: bool) -> ExitCode {
    let files = crate::starter::files(&crate::starter::title_for(dir), theme);
    if let Err(e) = crate::output::create(dir, &files) {
        return fatal(&e);
    }
    let shown = dir.display();
    println!(
        "Created a new playbook in {shown}/ ({} files{}).",
        files.len(),
        if theme {
            ", with the default theme in themes/default/"
        } else {
            ""
        }
    );
    println!(
        "Next: cd {shown} && playbook build, then open public/index.html (or run playbook serve)."
    );
    ExitCode::SUCCESS
}

/// Prints a failed build's problems and the closing line; exit status 1.
pub(crate) fn report_failure(root: &Path, failure: &Failure) -> ExitCode {
    print_failure(root, failure);
    if let Failure::Content(diags) = failure {
        eprintln!(
            "error: build failed with {}; the previous output was left as it was",
            report::counts_of_errors(diags)
        );
    }
    ExitCode::from(1)
}

/// Prints why a build failed: its diagnostics through the `Reporter`, or the fatal error and
/// its causes.
pub(crate) fn print_failure(root: &Path, failure: &Failure) {
    match failure {
        Failure::Content(diags) => Reporter::new(root).print_all(diags),
        Failure::Fatal(e) => {
            fatal(e);
        }
    }
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Compiler-style messages on stderr and a summary line.
    Text,
    /// One JSON object on stdout.
    Json,
}

/// `playbook check`: loads and renders everything, writes nothing, reports every problem.
/// Exit status 1 when there is an error (warnings alone pass).
pub(crate) fn check(
    settings: Result<Settings, ConfigError>,
    root: &Path,
    format: Format,
    verbose: bool,
) -> ExitCode {
    let result = settings.and_then(|s| {
        let quiet = s.quiet;
        Pipeline::checker(s)
            .and_then(|p| p.check())
            .map(|r| (quiet, r))
            .map_err(|e| match Failure::from(e) {
                // A broken template: a diagnostic with its file and line.
                Failure::Content(d) => match d.iter().next() {
                    Some(d) => ConfigError::Invalid(d.clone()),
                    None => ConfigError::Io(anyhow::anyhow!("the site cannot be rendered")),
                },
                Failure::Fatal(e) => ConfigError::Io(e),
            })
    });
    let (quiet, report) = match (result, format) {
        (Ok(found), _) => found,
        (Err(ConfigError::Invalid(d)), Format::Text) => {
            Reporter::new(root).print_all(&Diagnostics::from(vec![d]));
            return ExitCode::from(1);
        }
        (Err(ConfigError::Io(e)), Format::Text) => return fatal(&e),
        (Err(e), Format::Json) => {
            let d = match e {
                ConfigError::Invalid(d) => d,
                // Not about one position in one file; the message names the file.
                ConfigError::Io(e) => Diagnostic::error(
                    "",
                    0,
                    e.chain()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(": "),
                ),
            };
            println!("{}", report::json(&Diagnostics::from(vec![d]), &[]));
            return ExitCode::from(1);
        }
    };
    let diags = &report.diagnostics;
    match format {
        Format::Json => println!("{}", report::json(diags, &report.external_links)),
        Format::Text => {
            let mut reporter = Reporter::new(root);
            reporter.print_all(diags);
            if verbose {
                for l in &report.external_links {
                    println!(
                        "{}:{}:{}: external link (not checked): {}",
                        reporter.shown_path(&l.path),
                        l.line,
                        l.col,
                        l.url
                    );
                }
            }
            let n = report::plural;
            let summary = format!(
                "Checked {}, {} and {} ({} external, not fetched): {}",
                n(report.chapters, "chapter"),
                n(report.checklists, "checklist"),
                n(report.links, "link"),
                report.external_links.len(),
                report::counts(diags)
            );
            if diags.has_errors() {
                eprintln!("error: {summary}");
            } else if !quiet {
                println!("{summary}");
            }
        }
    }
    if diags.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
