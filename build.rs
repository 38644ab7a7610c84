//! Embeds folders of files in the binary: walks `themes/default/` and `starter/` and writes
//! sorted tables of `(relative path, include_bytes!)` pairs to `$OUT_DIR`, so adding a theme
//! or starter file needs no Rust edit. Also fingerprints the sources the binary is built from
//! (`PLAYBOOK_BUILD_ID`), so the build cache written by one build of playbook is never read by
//! another, even between two commits with the same version number.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Editor leftovers never belong in the binary.
fn is_leftover(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
}

/// One embedded folder: `$OUT_DIR/<file>` holds `static <name>: &[(&str, &[u8])]` for every
/// file under `dir`, hidden files (`.gitignore`, `.github/`) only when `hidden` is true.
struct Table {
    dir: &'static str,
    hidden: bool,
    name: &'static str,
    doc: &'static str,
    file: &'static str,
}

fn embed(manifest: &Path, table: &Table) {
    let Table {
        dir,
        hidden,
        name,
        doc,
        file,
    } = *table;
    let root = manifest.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut rows: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let skip = rel
                .split('/')
                .any(|c| (!hidden && c.starts_with('.')) || is_leftover(c));
            (!skip).then_some((rel, p))
        })
        .collect();
    rows.sort();
    let mut src = format!("/// {doc}\npub(crate) static {name}: &[(&str, &[u8])] = &[\n");
    // Paths relative to the crate being compiled, not absolute ones from when this script
    // last ran: a target/ shared or copied between checkouts would embed another's files.
    for (rel, _) in rows {
        writeln!(
            src,
            "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/{dir}/{rel}")
        )
        .expect("write to string");
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(file);
    std::fs::write(out, src).unwrap_or_else(|e| panic!("write {file}: {e}"));
}

/// A hash of everything the binary is compiled from: the crate's sources, embedded files and
/// locked dependencies, with the version. Paths enter relative, so two checkouts of one commit
/// agree.
fn build_id(manifest: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut files = Vec::new();
    for dir in ["src", "themes/default", "starter"] {
        walk(&manifest.join(dir), &mut files);
    }
    files.extend(["Cargo.lock", "Cargo.toml", "build.rs"].map(|f| manifest.join(f)));
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    for path in files {
        if let Ok(bytes) = std::fs::read(&path) {
            path.strip_prefix(manifest).unwrap_or(&path).hash(&mut h);
            bytes.hash(&mut h);
        }
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    format!("{}-{:016x}", env!("CARGO_PKG_VERSION"), h.finish())
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = Table {
        dir: "themes/default",
        hidden: false,
        name: "DEFAULT_THEME",
        doc: "The default theme, embedded at compile time: (path, bytes), sorted by path.",
        file: "default_theme.rs",
    };
    let starter = Table {
        dir: "starter",
        hidden: true,
        name: "STARTER",
        doc: "The starter playbook of `playbook new`: (path, bytes), sorted by path.",
        file: "starter.rs",
    };
    embed(&manifest, &theme);
    embed(&manifest, &starter);
    println!("cargo:rustc-env=PLAYBOOK_BUILD_ID={}", build_id(&manifest));
}
