//! The one integration-test binary. Each module covers one feature and builds its own tiny
//! fixture sites (from `tests/fixtures/<case>/` or written inline), runs the real `playbook`
//! binary and inspects the output. Browser tests drive Debian's headless Chromium.
// Shared helpers (`harness`, `browser`) are `pub` for the sibling modules and not every module
// uses every one; a test binary has no public API.
#![allow(dead_code, unreachable_pub)]
mod browser;
mod build;
mod errors;
mod harness;
mod serve;
mod shipped;
