//! `playbook serve`: build once, serve the output directory over HTTP, watch the sources and
//! rebuild on every change, then tell open pages (live reload) what changed or what broke.
//! A failed rebuild leaves the last good site on disk and in the browser, with the errors in
//! an overlay. How much to rebuild is `pipeline`'s decision; this module only says what
//! changed. Ctrl+C stops it cleanly.
mod files;
mod http;
mod reload;
mod server;
mod watch;

use crate::config::Settings;
use crate::pipeline::{BuildReport, Failure, Pipeline};
use anyhow::{Context, Result};
use reload::Problem;
use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long a rebuild waits for the open pages to swap in its pages before it makes the
/// print documents and the search index (`Reloader::wait_for_pages`): a patch takes a few
/// milliseconds; a page that takes longer (a tab in the background) is not waited for.
const PATCH_WAIT: Duration = Duration::from_millis(100);

/// The command-line options of `serve` that are not site settings.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub(crate) bind: IpAddr,
    /// 0 lets the system choose.
    pub(crate) port: u16,
    /// Open the site in the default browser once it is served.
    pub(crate) open: bool,
    /// Poll the files instead of relying on native file-system events.
    pub(crate) poll: bool,
}

/// Runs until Ctrl+C. Exit status 1 only when the server cannot start.
pub(crate) fn serve(settings: Settings, opts: ServeOptions) -> ExitCode {
    match run(settings, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::commands::fatal(&e),
    }
}

fn run(settings: Settings, opts: &ServeOptions) -> Result<()> {
    let quiet = settings.quiet;
    let (listener, note) = server::bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .context("cannot read the listening address")?;
    let mut pipeline = Pipeline::incremental(settings)?;
    let shared = Arc::new(http::Shared::new(
        &pipeline.settings().output_dir,
        prefix(pipeline.settings()),
        opts.bind,
    )?);
    // Watch before the first build, so an edit made while it runs is not missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(watch::Msg::Stop);
    })
    .context("cannot install the Ctrl+C handler")?;
    let root = pipeline.settings().root.clone();
    let settings = pipeline.settings();
    let content = std::path::PathBuf::from(&settings.content);
    let mut watcher =
        watch::Watch::start(&root, &settings.output_dir, &content, opts.poll, tx, rx)?;
    let first = pipeline.build();
    announce(&shared, &first, &[], quiet, &pipeline, &[]);

    server::spawn(listener, shared.clone())?;
    let url = format!("http://{addr}{}", shared.prefix());
    if let Some(note) = note {
        println!("note: {note}");
    }
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine on the network can read the site",
            opts.bind
        );
    }
    println!("Serving {url} (watching content/, themes/ and site.toml; press Ctrl+C to stop)");
    if opts.open
        && let Err(e) = opener::open(&url)
    {
        eprintln!("warning: cannot open a browser: {e}");
    }
    let timings = std::env::var_os("PLAYBOOK_TIMINGS").is_some();
    while let Some(batch) = watcher.next_batch() {
        let batched = SystemTime::now();
        // Open pages update as soon as the pages are written; the rest follows.
        let mut told = Vec::new();
        let mut pages = None;
        let result = pipeline.rebuild(&batch.kinds, &mut |changed| {
            shared.reloader.pages_written(changed.to_vec());
            pages = Some(SystemTime::now());
            told = changed.to_vec();
            shared.reloader.wait_for_pages(PATCH_WAIT);
        });
        if timings {
            let ms = |t: Option<SystemTime>| t.map_or(-1.0, epoch_ms);
            let stages: String = (result.iter().flat_map(|r| &r.marks))
                .map(|(stage, t)| format!(" {stage} {:.1}", epoch_ms(*t)))
                .collect();
            eprintln!(
                "timings: event {:.1} batch {:.1} pages {:.1} done {:.1}{stages}",
                ms(batch.first_event),
                epoch_ms(batched),
                ms(pages),
                epoch_ms(SystemTime::now())
            );
        }
        announce(&shared, &result, &batch.paths, quiet, &pipeline, &told);
        shared.set_prefix(prefix(pipeline.settings()));
    }
    // Wake waiting pages; the HTTP thread ends with the process.
    shared.reloader.stop();
    println!("Stopped.");
    Ok(())
}

/// Milliseconds since the Unix epoch, as browsers' `performance.timeOrigin + now()` count
/// (`PLAYBOOK_TIMINGS` lines, which `bench/serve_latency.py` reads).
fn epoch_ms(t: SystemTime) -> f64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The path the site is served under: that of `base_url`, or `/`.
fn prefix(settings: &Settings) -> &str {
    settings.base.as_ref().map_or("/", |b| b.path.as_str())
}

/// Tells the terminal and the open pages how a build went; `told`: changes the pages were
/// already told of (sorted).
fn announce(
    shared: &http::Shared,
    result: &Result<BuildReport, Failure>,
    paths: &[String],
    quiet: bool,
    pipeline: &Pipeline,
    told: &[String],
) {
    let cause = match paths {
        [] => String::new(),
        [one] => format!(" after {one} changed"),
        [first, rest @ ..] => format!(" after {first} and {} more changed", rest.len()),
    };
    let settings = pipeline.settings();
    match result {
        Ok(report) => {
            if paths.is_empty() {
                // The first build, reported as `playbook build` reports one.
                crate::commands::report_built(report, settings);
            } else {
                crate::report::Reporter::new(&settings.root).print_all(&report.warnings);
                if !quiet {
                    let s = &report.sync;
                    println!(
                        "Rebuilt in {} ms{cause}: {} file{} written, {} removed",
                        report.elapsed.as_millis(),
                        s.written,
                        if s.written == 1 { "" } else { "s" },
                        s.removed
                    );
                }
            }
            let rest = report.sync.changed.iter();
            let rest = rest.filter(|p| told.binary_search(p).is_err());
            shared.reloader.succeeded(rest.cloned().collect());
        }
        Err(failure) => {
            crate::commands::print_failure(&settings.root, failure);
            eprintln!(
                "Build failed{cause}; still serving the last good site (the errors show in the browser)"
            );
            // Problems in the files just saved first: they are the likely cause of the others.
            let mut problems = problems(failure, settings);
            problems.sort_by_key(|p| !p.file.as_ref().is_some_and(|f| paths.contains(f)));
            shared.reloader.failed(problems);
        }
    }
}

/// A failure as the overlay shows it, with paths relative to the site: open pages are told
/// nothing of the machine's folders.
fn problems(failure: &Failure, settings: &Settings) -> Vec<Problem> {
    let relative = |text: &str| site_relative(settings, text);
    let problems = match failure {
        Failure::Content(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| Problem {
                file: Some(d.path.clone()),
                line: (d.line > 0).then_some(d.line),
                col: (d.col > 0).then_some(d.col),
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect(),
        // Not about a place in a file (template and config errors are diagnostics).
        Failure::Fatal(e) => vec![Problem {
            file: None,
            line: None,
            col: None,
            message: format!("{e:#}"),
            hint: None,
        }],
    };
    problems
        .into_iter()
        .map(|p| Problem {
            file: p.file.as_deref().map(relative),
            message: relative(&p.message),
            hint: p.hint.as_deref().map(relative),
            ..p
        })
        .collect()
}

/// `text` with the site root's absolute path taken out (and an output directory outside the
/// root shown as `(output)`).
fn site_relative(settings: &Settings, text: &str) -> String {
    let sep = std::path::MAIN_SEPARATOR;
    let mut text = text.to_string();
    let root = &settings.root;
    let out = &settings.output_dir;
    if !out.starts_with(root) {
        text = text.replace(&out.display().to_string(), "(output)");
    }
    for root in [Some(root.clone()), root.canonicalize().ok()]
        .into_iter()
        .flatten()
    {
        text = text
            .replace(&format!("{}{sep}", root.display()), "")
            .replace(&root.display().to_string(), ".");
    }
    text
}
