//! The one integration-test binary. Each module covers one feature and builds its own tiny
//! fixture sites (from `tests/fixtures/<case>/` or written inline), runs the real `playbook`
//! binary and inspects the output. Browser tests drive Debian's headless Chromium.
// Helpers are `pub` for every feature module; some are used by only some features.
#![allow(unreachable_pub, dead_code)]
mod browser;
mod build;
mod errors;
mod harness;
mod search;
mod shipped;
