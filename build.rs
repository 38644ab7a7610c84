//! Embeds the default theme: walks `themes/default/` and writes a sorted table of
//! `(relative path, include_bytes!)` pairs to `$OUT_DIR/default_theme.rs`, so adding a theme
//! file needs no Rust edit.
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

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
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
            let hidden = rel.split('/').any(|c| c.starts_with('.'));
            (!hidden).then_some((rel, p))
        })
        .collect();
    rows.sort();
    let mut src = String::from(
        "/// The default theme, embedded at compile time: (path, bytes), sorted by path.\npub(crate) static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (rel, path) in rows {
        writeln!(
            src,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_theme.rs");
    std::fs::write(out, src).expect("write default_theme.rs");
}
