//! Command-line arguments (clap derive), resolved once into `Settings`, then dispatched.
use crate::commands;
use crate::config::{ConfigError, Mode, Overrides, Settings};
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
}

impl SiteArgs {
    fn resolve(
        &self,
        mode: Mode,
        output: Option<PathBuf>,
        base_url: Option<String>,
    ) -> Result<Settings, ExitCode> {
        let overrides = Overrides {
            output_dir: output,
            base_url,
            drafts: self.drafts,
            quiet: self.quiet,
        };
        Settings::resolve(&self.root, mode, overrides).map_err(|e| match e {
            ConfigError::Invalid(d) => {
                eprintln!("{}", d_with_root(&d, &self.root));
                ExitCode::from(1)
            }
            ConfigError::Io(e) => commands::fatal(&e),
        })
    }
}

/// Prefixes a diagnostic's path with `--root` when it is not the current folder.
fn d_with_root(d: &crate::Diagnostic, root: &std::path::Path) -> crate::Diagnostic {
    let mut d = d.clone();
    if root != std::path::Path::new(".") {
        d.path = format!("{}/{}", root.display(), d.path);
    }
    d
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => match args.site.resolve(Mode::Build, args.output, args.base_url) {
            Ok(settings) => commands::build(settings),
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
