//! How the children of one section claim their URL segments: explicit `slug`s as they are,
//! names from files and folders made unique, each clash or move said in a diagnostic.
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::FastMap;
use crate::url;

/// How one child of a section is named, for its URL and for messages.
pub(super) struct Name {
    /// `slug` from its front matter, slugified.
    pub(super) explicit: Option<String>,
    /// The slug of its name without an ordering prefix, and of its whole stem.
    pub(super) short: String,
    pub(super) whole: String,
    /// Content-relative path of its file (or folder, with a trailing `/`).
    pub(super) who: String,
}

/// URL segments taken among the children of one section.
pub(super) struct Claims<'p> {
    /// The section's output folder.
    prefix: &'p str,
    /// Segment → content-relative path of its owner.
    taken: FastMap<String, &'p str>,
    reserved: &'static [&'static str],
}

impl<'p> Claims<'p> {
    pub(super) fn new(prefix: &'p str, reserved: &'static [&'static str]) -> Self {
        Claims {
            prefix,
            taken: FastMap::default(),
            reserved,
        }
    }

    /// An explicit `slug` is taken as it is: a clash is the author's to fix, an error.
    pub(super) fn explicit(&mut self, seg: &str, who: &'p str, diags: &mut Diagnostics) -> String {
        let address = format!("{}{seg}/", self.prefix);
        if self.reserved.contains(&seg) {
            diags.push(
                Diagnostic::error(
                    url::content_path(who),
                    0,
                    format!("the URL `{address}` is reserved by playbook"),
                )
                .with_hint(Some("set another `slug` in its front matter".into())),
            );
        } else if let Some(other) = self.taken.get(seg) {
            diags.push(
                Diagnostic::error(
                    url::content_path(who),
                    0,
                    format!(
                        "the URL `{address}` is also produced by {}",
                        url::content_path(other)
                    ),
                )
                .with_hint(Some(
                    "set a different `slug` in the front matter of one of them".into(),
                )),
            );
        } else {
            self.taken.insert(seg.to_string(), who);
        }
        seg.to_string()
    }

    /// A segment from the name: the short slug; if that is taken or reserved, the whole stem;
    /// then the whole stem numbered. A warning says where the page went and why.
    pub(super) fn derived(
        &mut self,
        short: &str,
        whole: &str,
        who: &'p str,
        diags: &mut Diagnostics,
    ) -> String {
        let free = |c: &str| !self.reserved.contains(&c) && !self.taken.contains_key(c);
        let seg = if free(short) {
            short.to_string()
        } else if free(whole) {
            whole.to_string()
        } else {
            ((2..).map(|n| format!("{whole}-{n}")))
                .find(|c| free(c))
                .unwrap_or_default()
        };
        if seg != short {
            let why = match self.taken.get(short) {
                Some(other) => format!("is taken by {}", url::content_path(other)),
                None => "is reserved by playbook".to_string(),
            };
            diags.push(
                Diagnostic::warning(
                    url::content_path(who),
                    0,
                    format!(
                        "the URL `{p}{short}/` {why}: this page is published at `{p}{seg}/`",
                        p = self.prefix
                    ),
                )
                .with_hint(Some(
                    "rename the file or folder, or set `slug` in its front matter".into(),
                )),
            );
        }
        self.taken.insert(seg.clone(), who);
        seg
    }
}
