//! Command-line arguments (clap derive), resolved once into `Settings`, then dispatched.
use crate::commands;
use crate::config::{ConfigError, LinkSeverity, Overrides, Settings};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Publish a leadership playbook: Markdown chapters and TOML checklists in, a searchable
/// static site with printable checklists out.
#[derive(Debug, Parser)]
#[command(name = "playbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output directory (default: public/).
    Build(BuildArgs),
    /// Create a starter playbook in DIR (a new or empty folder) that builds at once.
    New(NewArgs),
    /// Load, render and check the whole site without writing anything; report every problem.
    Check(CheckArgs),
    /// Build, serve on http://127.0.0.1:1111/, and rebuild and live-reload on every change.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct NewArgs {
    /// Folder to create the playbook in; its name becomes the title.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Also copy the built-in theme into DIR/themes/default/ to edit it.
    #[arg(long)]
    theme: bool,
}

/// Options shared by the commands that read a site.
#[derive(Debug, Args)]
struct SiteArgs {
    /// Site root: the folder holding site.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include chapters marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print nothing but warnings and errors.
    #[arg(long, short)]
    quiet: bool,
    /// `warn`: list links to nothing as warnings and build anyway; `error` fails (overrides
    /// `[check] broken_links`).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    broken_links: Option<LinkSeverity>,
    /// Neither read nor write the build cache (`[build] cache_dir`, `.playbook-cache/`).
    #[arg(long)]
    no_cache: bool,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output directory (overrides `output_dir` in site.toml), relative to the site root.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Public URL of the site (overrides `base_url`): adds canonical links and sitemap.xml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Allow an output directory outside the site root.
    #[arg(long)]
    allow_outside_root: bool,
    /// Write the whole playbook as this one self-contained HTML file (relative to the site
    /// root) instead of the site: for wikis and intranets that host a file, not a site.
    #[arg(long, value_name = "FILE")]
    single_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// `text`: compiler-style messages; `json`: one JSON object on stdout, for CI and editors.
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Also list every external link (they are never fetched).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output directory (overrides `output_dir` in site.toml), relative to the site root.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Allow an output directory outside the site root.
    #[arg(long)]
    allow_outside_root: bool,
    /// Port to listen on; when it is taken, the next free one is used (0: any free port).
    #[arg(long, short, value_name = "N", default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Anything other than a loopback address exposes the site to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Poll files for changes instead of using file-system events (network or VM-shared folders).
    #[arg(long)]
    poll: bool,
}

impl SiteArgs {
    fn resolve(&self, overrides: Overrides) -> Result<Settings, ExitCode> {
        let overrides = Overrides {
            drafts: self.drafts,
            quiet: self.quiet,
            broken_links: self.broken_links,
            no_cache: self.no_cache,
            ..overrides
        };
        Settings::resolve(&self.root, overrides).map_err(|e| match e {
            ConfigError::Invalid(d) => {
                crate::report::Reporter::new(&self.root)
                    .print_all(&crate::Diagnostics::from(vec![d]));
                ExitCode::from(1)
            }
            ConfigError::Io(e) => commands::fatal(&e),
        })
    }
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => match args.site.resolve(Overrides {
            output_dir: args.output,
            base_url: args.base_url,
            allow_outside_root: args.allow_outside_root,
            ..Overrides::default()
        }) {
            Ok(settings) => match args.single_file {
                Some(file) => commands::build_single_file(settings, &file),
                None => commands::build(settings),
            },
            Err(code) => code,
        },
        Command::New(args) => commands::new(&args.dir, args.theme),
        Command::Check(args) => {
            let overrides = Overrides {
                drafts: args.site.drafts,
                quiet: args.site.quiet,
                broken_links: args.site.broken_links,
                no_cache: args.site.no_cache,
                ..Overrides::default()
            };
            let format = match args.format {
                FormatArg::Text => commands::Format::Text,
                FormatArg::Json => commands::Format::Json,
            };
            commands::check(
                Settings::resolve(&args.site.root, overrides),
                &args.site.root,
                format,
                args.verbose,
            )
        }
        Command::Serve(args) => match args.site.resolve(Overrides {
            output_dir: args.output,
            allow_outside_root: args.allow_outside_root,
            ..Overrides::default()
        }) {
            Ok(settings) => {
                let opts = crate::serve::ServeOptions {
                    bind: args.bind,
                    port: args.port,
                    open: args.open,
                    poll: args.poll,
                };
                crate::serve::serve(settings, opts)
            }
            Err(code) => code,
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
