//! How search looks on the shipped playbook at 390×844 (a phone) and 1280×800, in light and
//! dark mode: the header box and its dropdown, and the results page. Screenshots of each are
//! saved under `$CARGO_TARGET_TMPDIR/screenshots/` for a person to look at; the tests check
//! what can be measured (widths, one line per part of a result, highlight contrast).
use super::header_results;
use crate::browser::{Browser, file_url};
use crate::harness::SiteTest;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 800)];

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("screenshots")
        .join(format!("{name}.png"))
}

/// The contrast ratio of every `<mark>` under `selector` against its own background.
fn mark_contrasts(b: &mut Browser, selector: &str) -> Vec<f64> {
    let list = b.eval(&format!(
        "(() => {{ const lum = c => {{ const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {{ v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }}); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }}; \
         return [...document.querySelectorAll({selector:?})].map(m => {{ const s = getComputedStyle(m), a = lum(s.color), b = lum(s.backgroundColor); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }}); }})()"
    ));
    serde_json::from_value(list).expect("contrasts")
}

/// The top of each of the first result's title, breadcrumb and snippet, and whether each is a
/// block of its own.
fn result_lines(b: &mut Browser, result: &str) -> Value {
    b.eval(&format!(
        "['.r-title', '.r-crumbs', '.r-snippet'].map(s => {{ const e = document.querySelector({result:?} + ' ' + s); return e ? [Math.round(e.getBoundingClientRect().top), getComputedStyle(e).display] : null; }})"
    ))
}

fn assert_own_lines(lines: &Value, what: &str) {
    let tops: Vec<f64> = (0..3)
        .map(|i| {
            assert_eq!(lines[i][1], "block", "{what}: {lines}");
            lines[i][0].as_f64().unwrap_or(0.0)
        })
        .collect();
    assert!(
        tops[0] < tops[1] && tops[1] < tops[2],
        "{what}: title, breadcrumb and snippet on lines of their own: {lines}"
    );
}

#[test]
fn search_at_phone_and_desktop_sizes_in_light_and_dark() {
    let t = SiteTest::shipped();
    t.build();
    let public = t.path().join("public");
    let Some(mut b) = Browser::launch() else {
        return;
    };
    for (width, height) in SIZES {
        for dark in [false, true] {
            let mode = if dark { "dark" } else { "light" };
            let phone = width < 600;
            b.screen(width, height, phone, dark);

            // The dropdown, over a chapter.
            b.goto(&file_url(
                &public.join("the-leap/a-different-job/index.html"),
            ));
            b.eval("document.getElementById('search-input').focus()");
            let results = header_results(&mut b, "roadmap");
            assert!(results.len() >= 4, "{results:?}");
            let boxes: Vec<Vec<f64>> = serde_json::from_value(b.eval(
                "[document.getElementById('search-input'), document.getElementById('search-popup')].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })",
            ))
            .expect("boxes");
            let (input, popup) = (&boxes[0], &boxes[1]);
            let w = f64::from(width);
            assert!(
                popup[0] >= -0.5 && popup[1] <= w + 0.5 && popup[2] >= input[3] - 0.5,
                "{width} {mode}: the dropdown is on the screen, below the box: {input:?} {popup:?}"
            );
            if phone {
                assert!(
                    input[1] - input[0] >= 0.9 * w && popup[1] - popup[0] >= 0.9 * w,
                    "on a phone the focused box and its results take the screen's width: box {input:?}, results {popup:?}"
                );
            }
            assert_eq!(
                b.eval("document.documentElement.scrollWidth <= innerWidth"),
                true,
                "{width} {mode}: nothing scrolls sideways"
            );
            assert_own_lines(
                &result_lines(&mut b, "#search-results .search-result:not(.r-sub)"),
                "dropdown",
            );
            let contrasts = mark_contrasts(&mut b, "#search-results mark");
            assert!(!contrasts.is_empty());
            assert!(
                contrasts.iter().all(|&c| c >= 4.5),
                "{width} {mode}: highlights in the dropdown: {contrasts:?}"
            );
            // The active option keeps its highlights readable.
            b.key("ArrowDown", "ArrowDown", 40, 0);
            let active = mark_contrasts(&mut b, "#search-results [aria-selected=true] mark");
            assert!(active.iter().all(|&c| c >= 4.5), "{active:?}");
            b.screenshot(&screenshot_path(&format!(
                "search-dropdown-{width}x{height}-{mode}"
            )));
            if phone {
                // The close button gives the header back.
                let title = "document.querySelector('.site-title').getBoundingClientRect().width";
                b.eval("document.querySelector('.search-close').focus(), document.querySelector('.search-close').click()");
                assert_eq!(
                    b.eval("[document.getElementById('search-popup').hidden, document.activeElement === document.body]"),
                    serde_json::json!([true, true])
                );
                assert!(b.eval(title).as_f64() > Some(100.0), "{}", b.eval(title));
                let narrow =
                    b.eval("document.getElementById('search-input').getBoundingClientRect().width");
                assert!(
                    narrow.as_f64() < Some(0.5 * w),
                    "closed, the box is small again: {narrow}"
                );
            }

            // The results page.
            b.goto(&format!(
                "{}?q=roadmap",
                file_url(&public.join("search/index.html"))
            ));
            assert!(
                b.wait_for(
                    "document.querySelectorAll('.search-page-results > li').length === 20",
                    Duration::from_secs(10)
                ),
                "{}",
                b.eval("document.querySelector('main').textContent")
            );
            assert_own_lines(
                &result_lines(&mut b, ".search-page-results > li > .search-result"),
                "results page",
            );
            let contrasts = mark_contrasts(&mut b, ".search-page mark");
            assert!(
                contrasts.iter().all(|&c| c >= 4.5),
                "{width} {mode}: highlights on the results page: {contrasts:?}"
            );
            // "More results" is a button that looks like one, not the browser's bare default.
            let more: Vec<Value> = serde_json::from_value(b.eval(
                "(() => { const s = getComputedStyle(document.querySelector('.search-more')); return [document.querySelector('.search-more').hidden, parseFloat(s.borderTopLeftRadius), parseFloat(s.paddingLeft), s.cursor]; })()",
            ))
            .expect("more");
            assert_eq!(more[0], false, "32 results, 20 shown");
            assert!(
                more[1].as_f64() >= Some(4.0)
                    && more[2].as_f64() >= Some(16.0)
                    && more[3] == "pointer",
                "{more:?}"
            );
            assert_eq!(
                b.eval("document.documentElement.scrollWidth <= innerWidth"),
                true,
                "{width} {mode}: the results page does not scroll sideways"
            );
            b.screenshot(&screenshot_path(&format!(
                "search-results-{width}x{height}-{mode}"
            )));
        }
    }
    for (width, height) in SIZES {
        for mode in ["light", "dark"] {
            for what in ["dropdown", "results"] {
                let path = screenshot_path(&format!("search-{what}-{width}x{height}-{mode}"));
                let png = std::fs::read(&path).expect("screenshot");
                assert!(png.starts_with(b"\x89PNG"), "{}", path.display());
            }
        }
    }
}
