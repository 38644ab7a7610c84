use super::*;
use std::path::Path;

#[test]
fn empty_file_gives_defaults() {
    assert_eq!(
        SiteConfig::parse("", "site.toml").unwrap(),
        SiteConfig::default()
    );
}

#[test]
fn unknown_key_names_key_and_line() {
    let err = SiteConfig::parse(
        "title = \"x\"\n\n[markdown]\nsmart_punctuaton = true\n",
        "site.toml",
    )
    .unwrap_err();
    assert_eq!(err[0].line, 4);
    assert!(err[0].message.contains("smart_punctuaton"), "{}", err[0]);
    assert_eq!(
        err[0].hint.as_deref(),
        Some("did you mean `smart_punctuation`?")
    );
}

#[test]
fn wrong_type_names_line() {
    let err =
        SiteConfig::parse("title = \"x\"\n[search]\nenabled = \"yes\"\n", "site.toml").unwrap_err();
    assert_eq!((err[0].line, err[0].col), (3, 11));
    assert_eq!(
        err[0].message,
        "`enabled` must be true or false, not the text \"yes\""
    );
    assert_eq!(
        err[0].hint.as_deref(),
        Some("write it without quotes: `enabled = true`")
    );
}

#[test]
fn every_mistake_is_reported_and_the_rest_is_read() {
    let text = "titel = \"Team\"\nauthor = 42\nlanguage = \"de\"\n[[search]]\nenabled = false\n[print]\nmax_book_chapters = \"50\"\n";
    let (config, problems) = SiteConfig::read(text, "site.toml", None);
    let found: Vec<(usize, Option<&str>)> = problems
        .iter()
        .map(|d| (d.line, d.hint.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (1, Some("did you mean `title`?")),
            (2, Some("put it in quotes: `author = \"42\"`")),
            (4, Some("write `[search]` with single brackets")),
            (7, Some("write it without quotes: `max_book_chapters = 50`")),
        ]
    );
    assert!(problems.iter().all(|d| d.fix.is_some() && d.col > 0));
    assert_eq!(config.title.as_deref(), Some("Team"), "read as fixed");
    assert_eq!(config.author, "42");
    assert_eq!(config.language, "de");
    assert!(!config.search.enabled);
    assert_eq!(config.print.max_book_chapters, 50);
}

#[test]
fn a_missing_theme_is_named_with_what_exists() {
    let dir = std::env::temp_dir().join(format!("pb-themes-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("corporate")).unwrap();
    let (config, problems) = SiteConfig::read("theme = \"corprate\"\n", "site.toml", Some(&dir));
    assert_eq!(
        config.theme, "default",
        "the run goes on with the built-in theme"
    );
    assert_eq!((problems[0].line, problems[0].col), (1, 9));
    assert_eq!(
        problems[0].hint.as_deref(),
        Some("did you mean \"corporate\"?")
    );
    let fix = problems[0].fix.as_ref().unwrap();
    assert_eq!(
        fix.apply("theme = \"corprate\"\n").unwrap(),
        "theme = \"corporate\"\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn base_url_keeps_its_path() {
    let b = BaseUrl::parse("https://org.github.io/team-playbook");
    assert_eq!(b.url, "https://org.github.io/team-playbook/");
    assert_eq!(b.path, "/team-playbook/");
    assert_eq!(BaseUrl::parse("https://wiki.example.com").path, "/");
}

#[test]
fn broken_links_severity_from_file_or_flag() {
    let config = SiteConfig::parse("[check]\nbroken_links = \"warn\"\n", "site.toml").unwrap();
    assert_eq!(config.check.broken_links, LinkSeverity::Warn);
    let err = SiteConfig::parse("[check]\nbroken_links = \"never\"\n", "site.toml").unwrap_err();
    assert_eq!(err[0].line, 2, "{}", err[0]);
    let dir = std::env::temp_dir().join(format!("pb-sev-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("site.toml"), "[check]\nbroken_links = \"warn\"\n").unwrap();
    let resolve = |flag| {
        let overrides = Overrides {
            broken_links: flag,
            ..Overrides::default()
        };
        Settings::resolve(&dir, overrides)
            .ok()
            .map(|s| s.broken_links)
    };
    assert_eq!(resolve(None), Some(LinkSeverity::Warn));
    assert_eq!(
        resolve(Some(LinkSeverity::Error)),
        Some(LinkSeverity::Error)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reads_synonyms_and_rejects_empty_ones() {
    let config = SiteConfig::parse(
        "[search.synonyms]\n\"one on one\" = [\"1:1\", \"1-1\"]\nOKR = [\"objectives and key results\"]\n",
        "site.toml",
    )
    .unwrap();
    assert_eq!(config.search.synonyms["one on one"], ["1:1", "1-1"]);
    assert_eq!(config.search.synonyms["OKR"].len(), 1);
    assert!(config.search.enabled);
    let text = "[search]\nenabled = true\n[search.synonyms]\n\"one on one\" = []\npm = [\"--\"]\nok = [\"fine\"]\nlead = \"manager\"\nboss = [\"chief\", 3]\n";
    let (config, problems) = SiteConfig::read(text, "site.toml", None);
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                7,
                "`lead` must be a list of words or phrases in quotes, not the text \"manager\""
            ),
            (
                8,
                "`boss` must be a list of words or phrases in quotes, not the number 3"
            ),
            (
                4,
                "[search.synonyms]: synonyms of `one on one`: the list is empty"
            ),
            (
                5,
                "[search.synonyms]: synonym `--` of `pm` has no word to search for"
            ),
        ]
    );
    assert_eq!(
        config.search.synonyms.keys().collect::<Vec<_>>(),
        ["lead", "ok"],
        "one text is read as its list"
    );
    assert!(problems[0].fix.is_some());
}

#[test]
fn rejects_relative_base_url() {
    let err = SiteConfig::parse("base_url = \"example.com\"\n", "site.toml").unwrap_err();
    assert_eq!((err[0].line, err[0].col), (1, 12));
}

#[test]
fn the_site_id_is_the_id_or_the_slug_of_the_title() {
    let settings = |toml: &str| Settings {
        config: SiteConfig::parse(toml, "site.toml").unwrap(),
        ..Settings::resolve(Path::new("."), Overrides::default())
            .unwrap_or_else(|_| panic!("resolve"))
    };
    assert_eq!(settings("").site_id(), "playbook");
    assert_eq!(
        settings("title = \"Team Playbook!\"\n").site_id(),
        "team-playbook"
    );
    assert_eq!(
        settings("title = \"Team Playbook!\"\nid = \"product\"\n").site_id(),
        "product"
    );
    let text = "id = \"Product Team\"\n";
    let err = SiteConfig::parse(text, "site.toml").unwrap_err();
    assert_eq!((err[0].line, err[0].col), (1, 6));
    assert_eq!(
        err[0].message,
        "invalid `id` \"Product Team\": use lowercase letters, digits and dashes"
    );
    assert_eq!(err[0].hint.as_deref(), Some("try `id = \"product-team\"`"));
    let fixed = err[0].fix.as_ref().unwrap().apply(text).unwrap();
    assert_eq!(fixed, "id = \"product-team\"\n");
    assert!(SiteConfig::parse(&fixed, "site.toml").is_ok());
}
