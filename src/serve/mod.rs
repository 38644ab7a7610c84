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
    let mut pipeline = Pipeline::new(settings)?;
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
    let mut watcher =
        watch::Watch::start(&root, &pipeline.settings().output_dir, opts.poll, tx, rx)?;
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
    while let Some(batch) = watcher.next_batch() {
        // Open pages update as soon as the pages are written; the rest follows.
        let mut told = Vec::new();
        let result = pipeline.rebuild(&batch.kinds, &mut |changed| {
            shared.reloader.pages_written(changed.to_vec());
            told = changed.to_vec();
        });
        announce(&shared, &result, &batch.paths, quiet, &pipeline, &told);
        shared.set_prefix(prefix(pipeline.settings()));
    }
    // Wake waiting pages; the HTTP thread ends with the process.
    shared.reloader.stop();
    println!("Stopped.");
    Ok(())
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
    match result {
        Ok(report) => {
            for w in report.warnings.iter() {
                eprintln!("{w}");
            }
            if !quiet {
                let s = &report.sync;
                if paths.is_empty() {
                    println!(
                        "Built {} in {} ms -> {}",
                        report.summary(),
                        report.elapsed.as_millis(),
                        output_name(pipeline.settings())
                    );
                } else {
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
            match failure {
                Failure::Content(diags) => diags.iter().for_each(|d| eprintln!("{d}")),
                Failure::Fatal(e) => eprintln!("error: {e:#}"),
            }
            eprintln!(
                "Build failed{cause}; still serving the last good site (the errors show in the browser)"
            );
            // Problems in the files just saved first: they are the likely cause of the others.
            let mut problems = problems(failure, pipeline.settings());
            problems.sort_by_key(|p| !p.file.as_ref().is_some_and(|f| paths.contains(f)));
            shared.reloader.failed(problems);
        }
    }
}

fn output_name(settings: &Settings) -> String {
    let out = &settings.output_dir;
    format!("{}/", crate::diagnostics::display_path(&settings.root, out))
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
        Failure::Fatal(e) => vec![located(&format!("{e:#}"))],
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

/// Splits a leading `path:line:col: ` (as template and config errors start) off a message.
fn located(message: &str) -> Problem {
    let plain = Problem {
        file: None,
        line: None,
        col: None,
        message: message.to_string(),
        hint: None,
    };
    let Some((head, rest)) = message.split_once(": ") else {
        return plain;
    };
    let mut numbers = Vec::new();
    let mut file = head;
    while numbers.len() < 2
        && let Some((before, n)) = file.rsplit_once(':')
        && let Ok(n) = n.parse::<usize>()
    {
        numbers.insert(0, n);
        file = before;
    }
    let looks_like_path =
        !file.is_empty() && !file.contains(' ') && (file.contains('/') || file.contains('.'));
    if !looks_like_path {
        return plain;
    }
    Problem {
        file: Some(file.to_string()),
        line: numbers.first().copied(),
        col: numbers.get(1).copied(),
        message: rest.to_string(),
        hint: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_keep_their_file_and_position() {
        let p =
            located("themes/default/templates/chapter.html:4:12: template error: unexpected `}`");
        assert_eq!(
            p.file.as_deref(),
            Some("themes/default/templates/chapter.html")
        );
        assert_eq!((p.line, p.col), (Some(4), Some(12)));
        assert_eq!(p.message, "template error: unexpected `}`");
        let p = located("site.toml: unknown highlight theme \"x\"");
        assert_eq!((p.file.as_deref(), p.line), (Some("site.toml"), None));
        let p = located("template error: something broke");
        assert_eq!(p.file, None);
        assert_eq!(p.message, "template error: something broke");
    }
}
