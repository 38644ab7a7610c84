//! Splits the sorted word list into term shards of about `SHARD_BYTES`, so a browser loads only
//! the shard a query word falls in. Shard boundaries avoid splitting a stem group (words with
//! one stem, which sort close together), so stemmed variants of a word are found in its shard.
//! A word's postings beyond its `TOP` best go to a rest file (rests are packed in word order
//! into files of about `PACK_BYTES`), loaded only when a query needs every doc: several
//! words, or "more results". Positions, needed by phrases only, are packed the same way
//! (`search/y/<n>.js`), found through a directory per `DIRECTORY_SHARDS` term shards
//! (`search/x/<n>.js`): where each shard's first word is, and the length of every word's
//! positions, from which `search.js` replays the packing to find the others.
use super::Files;
use super::encode::{Postings, front_coded, postings, push_number, script};
use super::invert::{Posting, Term, utf16_cmp};
use super::pack::{PackedAt, pack};
use crate::hash::FastMap;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

/// Target size of one term shard, in bytes.
pub(crate) const SHARD_BYTES: usize = 16 * 1024;
/// Postings kept in a word's shard: its best docs (by field, then impact, then reading order).
pub(crate) const TOP: usize = 64;
/// Target size of one rest or positions file, in bytes.
pub(crate) const PACK_BYTES: usize = 48 * 1024;
/// Term shards per positions directory (in the manifest for `search.js`).
pub(crate) const DIRECTORY_SHARDS: usize = 16;
/// How far past the target a shard may grow to end on a clean boundary, in words.
const MAX_STRETCH: usize = 64;
/// Stem groups spread wider than this (irregular stems such as "dying" → "die") may be split.
const MAX_GROUP_SPAN: usize = 64;

/// One word, encoded.
struct Encoded {
    group: usize,
    df: usize,
    top: String,
    rest: Option<String>,
}

/// What a term shard file holds (decoded by `shard` in `search.js`).
#[derive(Serialize)]
struct ShardFile {
    /// Words, front-coded.
    w: String,
    /// Per word: local stem group, number of docs, length of its postings in `p`; and when
    /// the number of docs is above `TOP`: rest file, offset and length there.
    m: String,
    /// Stems of the local groups, sorted and front-coded.
    g: String,
    /// Postings of every word, concatenated.
    p: String,
}

/// Writes the term shards and rest files; returns the first word of each shard.
pub(super) fn write(terms: &[Term], files: &Files<'_>) -> Result<Vec<String>> {
    let (group_of, stems) = groups(terms);
    let encoded: Vec<Encoded> = terms
        .par_iter()
        .zip(&group_of)
        .map(|(t, &group)| encode(t, group))
        .collect();
    let (rest_at, positions_at) = rayon::join(
        || pack(encoded.iter().map(|e| e.rest.as_deref()), "r", files),
        || pack(terms.iter().map(|t| Some(t.positions.as_str())), "y", files),
    );
    let (rest_at, positions_at) = (rest_at?, positions_at?);
    let ranges = layout(&encoded, &stems_span(&group_of, stems.len()));
    for (n, group) in ranges.chunks(DIRECTORY_SHARDS).enumerate() {
        let directory: Vec<(usize, usize, String)> = group
            .iter()
            .map(|range| {
                let (file, offset, _) = positions_at
                    .get(range.start)
                    .copied()
                    .flatten()
                    .unwrap_or_default();
                let mut lengths = String::new();
                for t in &terms[range.clone()] {
                    push_number(&mut lengths, t.positions.len() as u32);
                }
                (file, offset, lengths)
            })
            .collect();
        let json = serde_json::to_string(&(n, PACK_BYTES, directory)).unwrap_or_default();
        files.put(
            format!("search/x/{n}.js"),
            script("x", &[&json[1..json.len() - 1]]),
        )?;
    }
    (ranges.into_par_iter().enumerate())
        .map(|(n, range)| {
            let first = (terms.get(range.start))
                .map(|t| t.word.clone())
                .unwrap_or_default();
            let shard = shard_file(terms, &encoded, &rest_at, &stems, range);
            let json = serde_json::to_string(&shard).unwrap_or_default();
            let text = script("t", &[&n.to_string(), ",", &json]);
            files.put(format!("search/t/{n}.js"), text).map(|()| first)
        })
        .collect()
}

/// The stem group of every word (groups numbered in order of first word) and each group's stem.
fn groups(terms: &[Term]) -> (Vec<usize>, Vec<&str>) {
    let mut ids: FastMap<&str, usize> = FastMap::default();
    let mut stems = Vec::new();
    let group_of = terms
        .iter()
        .map(|t| {
            *ids.entry(&t.stem).or_insert_with(|| {
                stems.push(t.stem.as_str());
                stems.len() - 1
            })
        })
        .collect();
    (group_of, stems)
}

/// For each boundary i (between words i-1 and i), how many compact stem groups it would split.
fn stems_span(group_of: &[usize], groups: usize) -> Vec<u32> {
    let mut first = vec![usize::MAX; groups];
    let mut last = vec![0; groups];
    for (i, &g) in group_of.iter().enumerate() {
        first[g] = first[g].min(i);
        last[g] = i;
    }
    let mut diff = vec![0i64; group_of.len() + 2];
    for g in 0..groups {
        if last[g] > first[g] && last[g] - first[g] <= MAX_GROUP_SPAN {
            diff[first[g] + 1] += 1;
            diff[last[g] + 1] -= 1;
        }
    }
    let mut open = 0i64;
    diff.iter()
        .take(group_of.len() + 1)
        .map(|d| {
            open += d;
            open as u32
        })
        .collect()
}

fn encode(t: &Term, group: usize) -> Encoded {
    let all = &t.postings;
    if all.len() <= TOP {
        return Encoded {
            group,
            df: all.len(),
            top: postings(all),
            rest: None,
        };
    }
    // Encoded in one pass, each posting to its list: no copy of a long list into two.
    let mut cut = Cut::of(all);
    let (mut top, mut rest) = (Postings::new(TOP), Postings::new(all.len() - TOP));
    for p in all {
        match cut.keeps(p) {
            true => top.push(p),
            false => rest.push(p),
        }
    }
    Encoded {
        group,
        df: all.len(),
        top: top.into(),
        rest: Some(rest.into()),
    }
}

/// Which postings of a list are its `TOP` best (by field, then impact, then reading order):
/// a posting ranks by its value (field, then impact: 24 of them), ties by reading order, so
/// the best are every posting above some value, and the first few at it. Read in order.
struct Cut {
    threshold: u32,
    /// Postings at the threshold still to keep.
    ties: usize,
}

impl Cut {
    fn of(all: &[Posting]) -> Cut {
        if all.len() <= TOP {
            return Cut {
                threshold: 0,
                ties: all.len(),
            };
        }
        let mut count = [0usize; 24];
        for p in all {
            count[(p.value() as usize).min(23)] += 1;
        }
        let (mut cut, mut above) = (count.len(), 0);
        while cut > 0 && above + count[cut - 1] < TOP {
            cut -= 1;
            above += count[cut];
        }
        Cut {
            threshold: cut.saturating_sub(1) as u32,
            ties: TOP - above,
        }
    }

    /// Whether `p`, the next posting of the list, is among the best.
    fn keeps(&mut self, p: &Posting) -> bool {
        match p.value().cmp(&self.threshold) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal if self.ties > 0 => {
                self.ties -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The `TOP` best postings (by field, then impact, then reading order) and the others, both
/// in (page, doc) order.
#[cfg(test)]
fn split_top(all: &[Posting]) -> (Vec<Posting>, Vec<Posting>) {
    let mut cut = Cut::of(all);
    all.iter().partition(|p| cut.keeps(p))
}

/// Cuts the word list into ranges of about `SHARD_BYTES`, each ending where no compact stem
/// group is split when such a place is near.
fn layout(encoded: &[Encoded], open: &[u32]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    let mut i = 0;
    while i < encoded.len() {
        bytes += encoded[i].top.len() + 12;
        i += 1;
        if bytes >= SHARD_BYTES && i < encoded.len() {
            let clean = (i..(i + MAX_STRETCH).min(encoded.len()))
                .find(|&b| open[b] == 0)
                .unwrap_or(i);
            ranges.push(start..clean);
            start = clean;
            i = clean;
            bytes = 0;
        }
    }
    if start < encoded.len() || ranges.is_empty() {
        ranges.push(start..encoded.len());
    }
    ranges
}

/// The shard file for `range`.
fn shard_file(
    terms: &[Term],
    encoded: &[Encoded],
    rest_at: &[Option<PackedAt>],
    stems: &[&str],
    range: Range<usize>,
) -> ShardFile {
    // Local group numbers follow the sorted order of their stems.
    let mut sorted_stems: Vec<&str> = encoded[range.clone()]
        .iter()
        .map(|e| stems[e.group])
        .collect();
    sorted_stems.sort_unstable_by(|a, b| utf16_cmp(a, b));
    sorted_stems.dedup();
    let local: FastMap<&str, usize> = sorted_stems
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i))
        .collect();
    let mut m = String::new();
    let mut p = String::new();
    for i in range.clone() {
        let e = &encoded[i];
        push_number(&mut m, local[stems[e.group]] as u32);
        push_number(&mut m, e.df as u32);
        push_number(&mut m, e.top.len() as u32);
        if let Some((file, offset, len)) = rest_at[i] {
            push_number(&mut m, file as u32);
            push_number(&mut m, offset as u32);
            push_number(&mut m, len as u32);
        }
        p.push_str(&e.top);
    }
    let w = front_coded(terms[range].iter().map(|t| t.word.as_str()));
    ShardFile {
        w,
        m,
        g: front_coded(sorted_stems),
        p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::collected;
    use crate::search::invert::Field;

    fn term(word: &str, stem: &str, n: usize) -> Term {
        let postings = (0..n as u32)
            .map(|page| Posting {
                page,
                doc: 0,
                field: if page % 10 == 9 {
                    Field::Title
                } else {
                    Field::Body
                },
                impact: (page % 7) as u8 + 1,
            })
            .collect();
        Term {
            word: word.into(),
            stem: stem.into(),
            postings,
            positions: "10".repeat(n),
        }
    }

    #[test]
    fn keeps_the_best_postings_in_the_shard() {
        let t = term("team", "team", TOP * 3);
        let (top, rest) = split_top(&t.postings);
        assert_eq!((top.len(), rest.len()), (TOP, TOP * 2));
        // Every title posting (page % 10 == 9) is kept, then the highest impacts.
        assert_eq!(
            top.iter().filter(|p| p.field == Field::Title).count(),
            TOP * 3 / 10
        );
        let lowest_kept = top
            .iter()
            .filter(|p| p.field == Field::Body)
            .map(|p| p.impact)
            .min();
        let highest_left = rest.iter().map(|p| p.impact).max();
        assert!(lowest_kept >= highest_left);
        // Ties go to reading order: at the lowest impact kept, every kept posting comes first.
        let at = |ps: &[Posting]| -> Vec<u32> {
            (ps.iter())
                .filter(|p| p.field == Field::Body && Some(p.impact) == lowest_kept)
                .map(|p| p.page)
                .collect()
        };
        let (kept, left) = (at(&top), at(&rest));
        assert!(
            !kept.is_empty() && !left.is_empty(),
            "the cut falls inside a tie"
        );
        assert!(kept.iter().max() < left.iter().min());
        assert!(
            top.windows(2).all(|w| w[0].page < w[1].page)
                && rest.windows(2).all(|w| w[0].page < w[1].page)
        );
        let e = encode(&term("rare", "rare", 3), 1);
        assert!(e.rest.is_none() && e.df == 3);
    }

    proptest::proptest! {
        #[test]
        fn split_top_keeps_what_a_full_sort_ranks_first(
            values in proptest::collection::vec((0u8..3, 0u8..8), 0..4 * TOP),
        ) {
            let all: Vec<Posting> = (values.iter().enumerate())
                .map(|(i, &(field, impact))| Posting {
                    page: i as u32,
                    doc: 0,
                    field: Field::from_byte(field).unwrap(),
                    impact,
                })
                .collect();
            let mut ranked: Vec<usize> = (0..all.len()).collect();
            ranked.sort_by_key(|&i| (std::cmp::Reverse(all[i].value()), i));
            let mut best: Vec<u32> = ranked.iter().take(TOP).map(|&i| i as u32).collect();
            best.sort_unstable();
            let (top, rest) = split_top(&all);
            let pages = |ps: &[Posting]| ps.iter().map(|p| p.page).collect::<Vec<u32>>();
            proptest::prop_assert_eq!(pages(&top), best);
            proptest::prop_assert_eq!(top.len() + rest.len(), all.len());
            proptest::prop_assert!(rest.windows(2).all(|w| w[0].page < w[1].page));
        }
    }

    #[test]
    fn an_empty_site_has_one_empty_shard() {
        let (firsts, files) = collected(|f| write(&[], f));
        assert_eq!(firsts, [""]);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["search/x/0.js", "search/t/0.js"]);
        let directory = files[0].body.bytes().unwrap().into_owned();
        assert_eq!(
            String::from_utf8(directory).unwrap(),
            format!(
                "{}x(0,{PACK_BYTES},[[0,0,\"\"]]);\n",
                super::super::encode::GUARD
            )
        );
    }

    #[test]
    fn positions_are_packed_and_found_by_replaying_the_directory() {
        let terms: Vec<Term> = (0..3000)
            .map(|i| {
                let mut t = term(&format!("w{i:05}"), &format!("w{i:05}"), 2);
                t.positions = format!("{i:0>width$}", width = 50 + i % 100);
                t
            })
            .collect();
        let (firsts, files) = collected(|f| write(&terms, f));
        let read = |path: &str| {
            let f = files.iter().find(|f| f.path == path).expect(path);
            String::from_utf8(f.body.bytes().unwrap().into_owned()).unwrap()
        };
        let args = |text: &str| -> serde_json::Value {
            let open = text.find('(').unwrap();
            serde_json::from_str(&format!("[{}]", &text[open + 1..text.rfind(')').unwrap()]))
                .unwrap()
        };
        assert!(firsts.len() > 2, "several shards");
        assert!(
            files
                .iter()
                .filter(|f| f.path.starts_with("search/y/"))
                .count()
                > 3
        );
        // What search.js does for shard n, word i of it.
        let find = |n: usize, i: usize| -> String {
            let x = args(&read(&format!("search/x/{}.js", n / DIRECTORY_SHARDS)));
            let entry = &x[2][n % DIRECTORY_SHARDS];
            let (mut pack, mut offset) = (entry[0].as_u64().unwrap(), entry[1].as_u64().unwrap());
            let lengths = crate::search::encode::decode_numbers(entry[2].as_str().unwrap());
            for (k, len) in lengths.into_iter().map(u64::from).enumerate() {
                if offset > 0 && offset + len > x[1].as_u64().unwrap() {
                    (pack, offset) = (pack + 1, 0);
                }
                if k == i {
                    let y = args(&read(&format!("search/y/{pack}.js")));
                    let blob = y[1].as_str().unwrap();
                    return blob[offset as usize..(offset + len) as usize].to_string();
                }
                offset += len;
            }
            panic!("no word {i} in shard {n}");
        };
        for (n, first) in firsts.iter().enumerate().skip(1) {
            let at = terms.iter().position(|t| &t.word == first).unwrap();
            assert_eq!(find(n, 0), terms[at].positions, "first word of shard {n}");
            assert_eq!(find(n, 7), terms[at + 7].positions, "a word of shard {n}");
        }
    }

    #[test]
    fn shards_do_not_split_stem_groups() {
        // Many words, each group of three consecutive words sharing a stem.
        let mut terms = Vec::new();
        for i in 0..3000 {
            let stem = format!("w{:05}", i / 3);
            terms.push(term(
                &format!("{stem}{}", ["", "ed", "ing"][i % 3]),
                &stem,
                2,
            ));
        }
        terms.sort_by(|a, b| a.word.cmp(&b.word));
        let (firsts, files) = collected(|f| write(&terms, f));
        assert!(firsts.len() > 1, "several shards");
        for first in &firsts[1..] {
            assert!(
                !first.ends_with("ed") && !first.ends_with("ing"),
                "shard starts inside a stem group: {first}"
            );
        }
        let sizes: Vec<usize> = files
            .iter()
            .map(|f| f.body.bytes().map_or(0, |b| b.len()))
            .collect();
        assert!(
            sizes.iter().all(|&s| s < SHARD_BYTES * 2),
            "shards stay near the target: {sizes:?}"
        );
    }
}
