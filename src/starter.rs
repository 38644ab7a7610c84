//! The starter playbook that `playbook new` writes: the files of `starter/`, embedded at
//! compile time (see build.rs), with the title, version and source repository filled in, plus the built-in theme
//! when asked for. Decides what the files are; `output::create` writes them.
use crate::output::OutputFile;
use crate::theme::Theme;

include!(concat!(env!("OUT_DIR"), "/starter.rs"));

/// Every file of a new playbook titled `title`; with `theme`, the built-in theme too, under
/// `themes/default/`, ready to edit.
pub(crate) fn files(title: &str, theme: bool) -> Vec<OutputFile> {
    let quoted = toml::Value::String(title.to_string()).to_string();
    let id = crate::content::chapter::slugify(title);
    let id = if id.is_empty() {
        "playbook".to_string()
    } else {
        id
    };
    let mut files: Vec<OutputFile> = STARTER
        .iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes)
                .replace("\"PLAYBOOK_TITLE\"", &quoted)
                .replace("PLAYBOOK_ID", &id)
                .replace("@PLAYBOOK_VERSION@", env!("CARGO_PKG_VERSION"))
                .replace("@PLAYBOOK_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"));
            OutputFile::new(*path, text)
        })
        .collect();
    if theme {
        files.extend(
            Theme::embedded().files.iter().map(|(path, f)| {
                OutputFile::new(format!("themes/default/{path}"), f.bytes.to_vec())
            }),
        );
    }
    files
}

/// A title from the new playbook's folder name: `team-playbook` becomes "Team playbook".
pub(crate) fn title_for(dir: &std::path::Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = absolute
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = crate::content::chapter::title_from_name(&format!("{name}.md"));
    if title.trim().is_empty() || title == ".md" {
        "Playbook".into()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    fn text(files: &[OutputFile], path: &str) -> String {
        let f = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} missing"));
        let bytes = f
            .body
            .bytes()
            .unwrap_or_else(|| panic!("{path} is not generated"));
        String::from_utf8(bytes.into_owned()).unwrap()
    }

    #[test]
    fn site_toml_documents_every_key_and_parses_uncommented() {
        let files = files("Team \"A\" playbook", false);
        let toml = text(&files, "site.toml");
        let uncommented: String = toml
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ')))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let config = SiteConfig::parse(&uncommented, "site.toml")
            .unwrap_or_else(|d| panic!("{d:?}\n{uncommented}"));
        assert_eq!(config.title.as_deref(), Some("Team \"A\" playbook"));
        assert_eq!(
            config.id.as_deref(),
            Some("team-a-playbook"),
            "a stable id for readers' ticks, from the title"
        );
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://your-org.github.io/your-repo/")
        );
        assert_eq!(config.logo.as_deref(), Some("img/logo.svg"));
        assert_eq!(
            crate::config::edit_url(&config, "01-part/02-page.md").as_deref(),
            Some("https://github.com/your-org/your-repo/edit/main/content/01-part/02-page.md")
        );
        let defaults = SiteConfig {
            title: config.title.clone(),
            id: config.id.clone(),
            ..SiteConfig::default()
        };
        assert_eq!(
            SiteConfig {
                base_url: None,
                logo: None,
                repo_url: None,
                edit_path: None,
                ..config
            },
            defaults,
            "commented values are the defaults"
        );
        let all = toml::Value::try_from(SiteConfig::default()).unwrap();
        let mut keys = Vec::new();
        for (k, v) in all.as_table().unwrap() {
            match v.as_table() {
                Some(t) => keys.extend(t.keys().map(|sub| (format!("[{k}]"), sub.clone()))),
                None => keys.push((String::new(), k.clone())),
            }
        }
        assert!(keys.len() >= 10, "{keys:?}");
        for (table, key) in keys {
            let section = if table.is_empty() {
                toml.split("\n[").next().unwrap()
            } else {
                toml.split(&table)
                    .nth(1)
                    .unwrap_or_else(|| panic!("{table} missing"))
            };
            assert!(
                section.contains(&format!("{key} = ")),
                "site.toml does not document {table} {key}"
            );
        }
    }

    #[test]
    fn workflow_builds_with_playbook_and_deploys_to_pages() {
        let files = files("x", false);
        let yml = text(&files, ".github/workflows/pages.yml");
        let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yml).expect("valid YAML");
        assert_eq!(
            doc["env"]["PLAYBOOK_VERSION"].as_str(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(
            doc["env"]["PLAYBOOK_REPOSITORY"].as_str(),
            Some(env!("CARGO_PKG_REPOSITORY"))
        );
        let steps = |job: &str| {
            doc["jobs"][job]["steps"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{} {}",
                        s["uses"].as_str().unwrap_or(""),
                        s["run"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let build = steps("build");
        for want in [
            "actions/checkout@",
            "/releases/download/v",
            "sha256sum --check",
            "cargo install --locked --git \"$PLAYBOOK_REPOSITORY\"",
            "playbook build --base-url",
            "actions/upload-pages-artifact@",
        ] {
            assert!(
                build.contains(want),
                "{want} missing from the build job:\n{build}"
            );
        }
        assert!(steps("deploy").contains("actions/deploy-pages@"));
        assert_eq!(doc["permissions"]["pages"].as_str(), Some("write"));
    }

    #[test]
    fn theme_is_copied_only_when_asked() {
        assert!(
            !files("x", false)
                .iter()
                .any(|f| f.path.starts_with("themes/"))
        );
        let with = files("x", true);
        assert!(
            with.iter()
                .any(|f| f.path == "themes/default/templates/base.html")
        );
        assert!(
            with.iter()
                .any(|f| f.path == "themes/default/static/style.css")
        );
        assert!(
            with.iter().any(|f| f.path == ".gitignore"),
            "hidden starter files are embedded"
        );
    }

    #[test]
    fn title_comes_from_the_folder_name() {
        assert_eq!(
            title_for(std::path::Path::new("work/team-playbook")),
            "Team playbook"
        );
        assert_eq!(
            title_for(std::path::Path::new("02-leads_handbook/")),
            "Leads handbook"
        );
    }
}
