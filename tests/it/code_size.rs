//! The size rule of the code (GUIDE, STYLE): no file in `src/` over 500 lines, no function
//! over 120, so each can be read in one sitting. Functions are found the way `rustfmt` lays
//! them out (which CI enforces): a `fn` line, and its body's closing `}` alone on a line at
//! the same indentation. Generated tables live in `OUT_DIR`, not `src/`, so none is exempt.
use regex::Regex;
use std::path::Path;

const MAX_FILE_LINES: usize = 500;
const MAX_FN_LINES: usize = 120;

/// Files over the rule that another branch is splitting now; each is skipped whole. Remove an
/// entry once its split lands.
const BEING_SPLIT: &[&str] = &[];

/// A function of `lines` (0-based index of its `fn` line), its name and length in lines.
struct Function {
    name: String,
    line: usize,
    len: usize,
}

/// Every function with a body in `text`, rustfmt-formatted Rust.
fn functions(text: &str) -> Vec<Function> {
    let start = Regex::new(
        r#"^(\s*)(?:pub(?:\([^)]*\))? )?(?:default )?(?:const )?(?:async )?(?:unsafe )?(?:extern "[^"]*" )?fn (\w+)"#,
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = start.captures(line) else {
            continue;
        };
        let close = format!("{}}}", &m[1]);
        // The signature ends at the first line that ends in `{` (a body), `;` (a declaration
        // without one) or `}` (an empty body on the `fn` line).
        let Some(open) = (i..lines.len()).find(|&j| {
            let t = lines[j].trim_end();
            t.ends_with('{') || t.ends_with(';') || (j == i && t.ends_with('}'))
        }) else {
            continue;
        };
        let len = match lines[open].trim_end() {
            t if t.ends_with('{') => match (open + 1..lines.len()).find(|&k| lines[k] == close) {
                Some(end) => end - i + 1,
                None => lines.len() - i,
            },
            t if t.ends_with('}') => 1,
            _ => continue,
        };
        found.push(Function {
            name: m[2].to_string(),
            line: i,
            len,
        });
    }
    found
}

/// What breaks the rule in the `.rs` files under `src`, one line each, sorted.
fn over_the_limits(src: &Path) -> Vec<String> {
    let root = src.parent().expect("src/ has a parent");
    let mut over = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        if BEING_SPLIT.contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read a source file");
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            over.push(format!("{rel}: {lines} lines (at most {MAX_FILE_LINES})"));
        }
        for f in functions(&text).iter().filter(|f| f.len > MAX_FN_LINES) {
            over.push(format!(
                "{rel}:{}: fn {} has {} lines (at most {MAX_FN_LINES})",
                f.line + 1,
                f.name,
                f.len
            ));
        }
    }
    over
}

#[test]
fn no_source_file_over_500_lines_nor_function_over_120() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let over = over_the_limits(&src);
    assert!(
        over.is_empty(),
        "split these along their seams:\n{}",
        over.join("\n")
    );
}

#[test]
fn functions_are_measured_from_fn_to_their_closing_brace() {
    let body: String = (0..130)
        .map(|i| format!("        let x{i} = {i};\n"))
        .collect();
    let text = format!(
        "impl A {{\n    pub(crate) fn long(\n        a: u8,\n    ) -> u8 {{\n{body}        a\n    }}\n\n    fn empty() {{}}\n\n    fn short(&self) -> bool {{\n        true\n    }}\n}}\n\ntrait T {{\n    fn declared(&self);\n}}\n\npub fn top() {{\n    let s = \"{{\";\n}}\n"
    );
    let found: Vec<(String, usize, usize)> = functions(&text)
        .into_iter()
        .map(|f| (f.name, f.line + 1, f.len))
        .collect();
    let expected = [
        ("long", 2, 135),
        ("empty", 138, 1),
        ("short", 140, 3),
        ("top", 149, 3),
    ];
    assert_eq!(
        found,
        expected.map(|(n, l, len)| (n.to_string(), l, len)),
        "{text}"
    );
}
