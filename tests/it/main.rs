//! The one integration-test binary. Each module covers one feature and builds its own tiny
//! fixture sites (from `tests/fixtures/<case>/` or written inline), runs the real `playbook`
//! binary and inspects the output. Browser tests drive Debian's headless Chromium.
// A test binary exports nothing: `pub` means "shared between test modules", and not every
// module uses every helper.
#![allow(unreachable_pub, dead_code)]
mod a11y;
mod browser;
mod build;
mod cache;
mod check;
mod checklists;
mod code_size;
mod consistency;
mod diagnostics;
mod errors;
mod folders;
mod github_handbook;
mod handbook;
mod harness;
mod hosting;
mod incremental;
mod interop;
mod mdbook;
mod nav;
mod new;
mod plans;
mod print;
mod publish;
mod raw_html;
mod reader;
mod robust;
mod search;
mod sections;
mod serve;
mod shipped;
mod single_file;
mod symlinks;
mod theme_edits;
mod workflows;
