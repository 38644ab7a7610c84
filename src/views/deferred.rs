//! A view made only when its page is rendered: a print document, "My progress". Until then
//! the page cache's key has it by a hash of what it is made from (`Plan`), so a page the last
//! build wrote alike is never built: the outline and rewriting of a print document, the lists
//! and JSON of thousands of task lists, are skipped after an edit elsewhere.
use serde::{Serialize, Serializer};

/// What a deferred view is made from.
pub(crate) trait Plan {
    type View: Serialize;

    /// The view; made once, when the page is known to need rendering.
    fn view(self) -> anyhow::Result<Self::View>;
}

/// A view planned (by `Plan` and a hash of everything it reads) or made.
pub(crate) struct Deferred<P: Plan> {
    /// Changes whenever the view would; what the page key holds until the view is made.
    key: u64,
    plan: Option<P>,
    view: Option<P::View>,
}

impl<P: Plan> Deferred<P> {
    /// A view to be made from `plan` when rendered; `key` hashes everything it reads.
    pub(crate) fn planned(plan: P, key: u64) -> Self {
        Deferred {
            key,
            plan: Some(plan),
            view: None,
        }
    }

    /// A view made at once (one with nothing worth deferring, or that could not be keyed).
    pub(crate) fn ready(view: P::View) -> Self {
        Deferred {
            key: 0,
            plan: None,
            view: Some(view),
        }
    }

    /// The view, once made (tests of what a view shows).
    #[cfg(test)]
    pub(crate) fn view(&self) -> Option<&P::View> {
        self.view.as_ref()
    }

    /// The view, once made.
    pub(crate) fn into_view(self) -> Option<P::View> {
        self.view
    }
}

/// The view once made; until then its key, which is all the page cache needs.
impl<P: Plan> Serialize for Deferred<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.view {
            Some(view) => view.serialize(s),
            None => s.serialize_u64(self.key),
        }
    }
}

impl<'a, P: Plan> super::View<'a> for Deferred<P> {
    fn unfold(&mut self, _site_templates: bool) -> anyhow::Result<()> {
        if let Some(plan) = self.plan.take() {
            self.view = Some(plan.view()?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::View;

    struct Double(u32);

    impl Plan for Double {
        type View = u32;
        fn view(self) -> anyhow::Result<u32> {
            Ok(self.0 * 2)
        }
    }

    #[test]
    fn a_planned_view_keys_by_its_hash_until_unfolded_then_shows_the_view() {
        let mut page = Deferred::planned(Double(21), 7);
        assert_eq!(serde_json::to_string(&page).unwrap(), "7");
        assert_eq!(page.view(), None);
        page.unfold(false).unwrap();
        assert_eq!(page.view(), Some(&42));
        assert_eq!(serde_json::to_string(&page).unwrap(), "42");
        page.unfold(false).unwrap();
        assert_eq!(page.into_view(), Some(42), "unfolded once");
        let ready: Deferred<Double> = Deferred::ready(5);
        assert_eq!(serde_json::to_string(&ready).unwrap(), "5");
    }
}
