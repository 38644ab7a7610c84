use super::*;
use std::collections::BTreeMap;

#[derive(serde::Serialize)]
struct Link<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    section: bool,
}

/// Two fields of one type, either left out: only their names tell which is there.
#[derive(serde::Serialize)]
struct Either<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a str>,
}

fn link<'a>(title: &'a str, description: Option<&'a str>, section: bool) -> Link<'a> {
    Link {
        title,
        description,
        section,
    }
}

#[test]
fn equal_values_have_equal_keys_and_others_differ() {
    assert_eq!(of(&link("a", None, true)), of(&link("a", None, true)));
    let distinct = [
        of(&link("a", None, true)),
        of(&link("a", None, false)),
        of(&link("a", Some(""), false)),
        of(&link("a", Some(""), true)),
        of(&link("", Some("a"), false)),
        of(&vec![link("a", None, false), link("b", None, false)]),
        of(&vec![link("a", None, true), link("b", None, false)]),
        of(&("ab", "c")),
        of(&("a", "bc")),
        of(&(vec!["a"], vec!["b"])),
        of(&(vec!["a", "b"], Vec::<&str>::new())),
        of(&(Some(1u8), 2u8)),
        of(&(1u8, Some(2u8))),
        of(&1u64),
        of(&1.0f64),
        of(&"1"),
        of(&BTreeMap::from([("a", 1u8)])),
        of(&BTreeMap::from([("a", 1u8), ("b", 2)])),
        of(&Either {
            before: Some("x"),
            after: None,
        }),
        of(&Either {
            before: None,
            after: Some("x"),
        }),
    ];
    let mut seen = std::collections::HashSet::new();
    for (i, key) in distinct.iter().enumerate() {
        assert!(key.is_some(), "value {i} has no key");
        assert!(seen.insert(key), "value {i} has the key of another");
    }
}

proptest::proptest! {
    /// Two lists of links have the same key only when they are the same: the fields
    /// left out cannot make one read as the other.
    #[test]
    fn keys_of_links_tell_them_apart(
        a in proptest::collection::vec(("[ab]{0,2}", proptest::option::of("[ab]{0,2}"), proptest::bool::ANY), 0..4),
        b in proptest::collection::vec(("[ab]{0,2}", proptest::option::of("[ab]{0,2}"), proptest::bool::ANY), 0..4),
    ) {
        let links = |v: &[(String, Option<String>, bool)]| -> Option<u64> {
            let links: Vec<Link<'_>> = (v.iter())
                .map(|(t, d, s)| link(t, d.as_deref(), *s))
                .collect();
            of(&links)
        };
        proptest::prop_assert_eq!(links(&a) == links(&b), a == b);
    }
}

/// Takes a key of its inner value while it is encoded, as a view may.
struct KeyedInside(u32);

impl serde::Serialize for KeyedInside {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(of(&self.0).unwrap_or_default())
    }
}

#[test]
fn the_reused_buffer_gives_each_value_its_own_key() {
    let small = of(&("a", 1)).unwrap();
    let big: Vec<String> = (0..100_000).map(|n| n.to_string()).collect();
    let big_key = of(&big).unwrap();
    assert_eq!(
        of(&("a", 1)),
        Some(small),
        "after a value that grew the buffer past 1 MB"
    );
    assert_eq!(of(&big), Some(big_key));
    // A key taken inside another's encoding neither panics nor disturbs the outer one.
    let inner = of(&7u32).unwrap();
    assert_eq!(of(&KeyedInside(7)), of(&inner));
    assert_ne!(of(&KeyedInside(7)), of(&KeyedInside(8)));
}
