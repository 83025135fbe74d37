//! The index of where a rule set's phrase lists may start in a draft: a speed path, held to the
//! lists' own scans by the differential tests at the end of this file.
//!
//! Every rule with a phrase list scans every draft for the places its phrases may start, and
//! nearly every token is turned away by every list. A rule set registers the lists its checks
//! scan with (`Check::scanned_lists`) here when it is built, once each (up to `SLOTS`), with
//! the words their phrases start with; each draft is then looked over once for all of them
//! (`PhraseIndex::starts`), and a list reads its own starts from that. The reference is the
//! list scanning the draft by itself (`PhraseMatcher::scan_solid_start`), which is also what
//! a list outside the index does: a list built after its rule set, a list past `SLOTS`, a
//! text model made without a rule set. Either way the matches are the same.
//!
//! The index belongs to its rule set, as the slots it hands out do: a list registered with
//! one index and asked about a draft indexed by another scans by itself.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{PAIR_BITS, PhraseMatcher, ROOT, TextModel};

/// How many lists one index serves: one bit each.
const SLOTS: u32 = 64;

const UNION_BITS: usize = 1 << 16;

fn union_bit(key: u64) -> (usize, u64) {
    let bit = (key >> (64 - UNION_BITS.trailing_zeros())) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// What the registered lists of one rule set start with, each list as one bit of the masks.
#[derive(Debug)]
pub struct PhraseIndex {
    /// Tells this index from any other: a slot is good only in the index that gave it.
    id: Arc<()>,
    /// How many lists are registered: bits `0..lists` are taken.
    lists: u32,
    /// One bit per first-word key (its top `UNION_BITS` bits), of every list: finer than a
    /// list's own `first_bits`, since all lists' words share it, so that most tokens skip
    /// the map below.
    first_filter: Vec<u64>,
    /// The key of each whole first word, with the lists having a phrase starting with it.
    by_first: FxHashMap<u64, u64>,
    /// The lists by `prefix_bits` bit, and by `prefix_pairs` bit.
    leads: [u64; 128],
    pairs: Vec<u64>,
}

/// A list's place in a `PhraseIndex`: the index, and the list's bit in it.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    index: Arc<()>,
    bit: u64,
}

impl Default for PhraseIndex {
    fn default() -> Self {
        PhraseIndex::new()
    }
}

impl PhraseIndex {
    pub fn new() -> PhraseIndex {
        PhraseIndex {
            id: Arc::new(()),
            lists: 0,
            first_filter: vec![0; UNION_BITS / 64],
            by_first: FxHashMap::default(),
            leads: [0; 128],
            pairs: vec![0; PAIR_BITS],
        }
    }

    /// How many lists the index serves.
    pub fn lists(&self) -> usize {
        self.lists as usize
    }

    /// Gives `list` a slot, or leaves it without one (scanning by itself) when all are taken.
    pub fn register(&mut self, list: &mut PhraseMatcher) {
        list.slot = None;
        if self.lists >= SLOTS {
            return;
        }
        let bit = 1u64 << self.lists;
        self.lists += 1;
        for &(node, key) in list.trie.keys() {
            if node == ROOT {
                let (word, union) = union_bit(key);
                self.first_filter[word] |= union;
                *self.by_first.entry(key).or_default() |= bit;
            }
        }
        for (lead, lists) in self.leads.iter_mut().enumerate() {
            if list.prefix_bits & (1 << lead) != 0 {
                *lists |= bit;
            }
        }
        for (pair, lists) in self.pairs.iter_mut().enumerate() {
            if list
                .prefix_pairs
                .get(pair / 64)
                .is_some_and(|w| w & (1 << (pair % 64)) != 0)
            {
                *lists |= bit;
            }
        }
        list.slot = Some(Slot {
            index: Arc::clone(&self.id),
            bit,
        });
    }

    /// Looks over the draft once for every registered list.
    pub fn starts(&self, model: &TextModel<'_>) -> StartIndex {
        let mut found = Vec::new();
        if self.lists > 0 {
            for (at, start) in model.start_keys().iter().enumerate() {
                if start.key == 0 {
                    continue;
                }
                let mut lists =
                    self.leads[usize::from(start.lead % 128)] | self.pairs[usize::from(start.pair)];
                let (word, bit) = union_bit(start.key);
                if self.first_filter[word] & bit != 0
                    && let Some(&by_word) = self.by_first.get(&start.key)
                {
                    lists |= by_word;
                }
                if lists != 0 {
                    found.push((at, lists));
                }
            }
        }
        StartIndex::by_list(Arc::clone(&self.id), self.lists, &found)
    }
}

/// The positions of a draft's `solid` tokens where some registered list may start, each with
/// the bits of those lists: for a list, every position its `may_start` lets through and
/// that begins one of its whole first words or could begin one of its prefixes.
#[derive(Debug)]
pub struct StartIndex {
    /// The index the draft was looked over with.
    index: Arc<()>,
    /// The lists of that index.
    lists: u32,
    /// The starts of all lists, list after list, each list's in order.
    starts: Vec<usize>,
    /// Where each list's starts begin in `starts`, and where the last list's end.
    bounds: [usize; SLOTS as usize + 1],
}

impl StartIndex {
    /// Each list's starts side by side, from the starts of any list with their lists' bits.
    fn by_list(index: Arc<()>, lists: u32, found: &[(usize, u64)]) -> StartIndex {
        let slots = lists as usize;
        let mut bounds = [0; SLOTS as usize + 1];
        for &(_, bits) in found {
            let mut rest = bits;
            while rest != 0 {
                bounds[rest.trailing_zeros() as usize + 1] += 1;
                rest &= rest - 1;
            }
        }
        for slot in 0..slots {
            bounds[slot + 1] += bounds[slot];
        }
        let mut fill = bounds;
        let mut starts = vec![0; bounds[slots]];
        for &(at, bits) in found {
            let mut rest = bits;
            while rest != 0 {
                let slot = rest.trailing_zeros() as usize;
                starts[fill[slot]] = at;
                fill[slot] += 1;
                rest &= rest - 1;
            }
        }
        StartIndex {
            index,
            lists,
            starts,
            bounds,
        }
    }

    /// The first start at or after `from` of the list in `slot`, or `None` when the slot is
    /// not of the index the draft was looked over with.
    pub(super) fn next(&self, from: usize, slot: &Slot) -> Option<Option<usize>> {
        if !Arc::ptr_eq(&slot.index, &self.index) {
            return None;
        }
        let slot = slot.bit.trailing_zeros();
        if slot >= self.lists {
            return None;
        }
        let slot = slot as usize;
        let own = self.starts.get(self.bounds[slot]..self.bounds[slot + 1])?;
        Some(own.get(own.partition_point(|&at| at < from)).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{phrases, text};
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        /// For each list of an index of its own, the starts keep every position where one of
        /// the list's phrases matches, and only positions its own bit tests let through; so
        /// the scan through the index stops wherever the list's own scan would find a match.
        #[test]
        fn the_index_keeps_every_start_of_every_list(
            lists in proptest::collection::vec(phrases(), 1..5),
            text in text(),
        ) {
            let mut index = PhraseIndex::new();
            let mut built = Vec::new();
            for list in &lists {
                let mut m = PhraseMatcher::default();
                for (i, (phrase, case)) in list.iter().enumerate() {
                    let _ = m.add(phrase, *case, i);
                }
                index.register(&mut m);
                built.push(m);
            }
            let model = TextModel::new(&text, 0..text.len());
            let starts = index.starts(&model);
            for m in &built {
                let slot = m.slot.as_ref().expect("room for a few lists");
                for at in 0..model.solid().len() {
                    let indexed = starts.next(at, slot) == Some(Some(at));
                    let matches = !m.matches_at_solid(&model, at).is_empty();
                    let may = m.may_start(model.start_keys()[at]);
                    proptest::prop_assert!(!matches || indexed, "match at {} not indexed", at);
                    proptest::prop_assert!(!indexed || may, "{} indexed, not a start", at);
                    let next = starts.next(at, slot).expect("the list is in the index");
                    let own = m.scan_solid_start(&model, at);
                    let first_match = (at..model.solid().len())
                        .find(|&p| !m.matches_at_solid(&model, p).is_empty());
                    // Between `at` and the first match, the index stops no later than the
                    // match and never before the list's own scan.
                    proptest::prop_assert!(
                        next.is_none_or(|n| own.is_some_and(|o| o <= n)),
                        "{:?} before {:?}", next, own
                    );
                    if let Some(first_match) = first_match {
                        proptest::prop_assert!(next.is_some_and(|n| n <= first_match));
                    }
                }
            }
            // Through a text model of the index, every list finds what it finds alone.
            let indexed = TextModel::with_phrases(&text, 0..text.len(), &index);
            for m in &built {
                proptest::prop_assert_eq!(m.find_all(&indexed), m.find_all(&model));
            }
        }
    }

    #[test]
    fn a_slot_of_another_index_or_past_the_last_scans_by_itself() {
        let text = "Si comunica che";
        let mut list = PhraseMatcher::default();
        list.add("si comunica", false, 0).expect("valid phrase");
        let mut mine = PhraseIndex::new();
        mine.register(&mut list);
        let model = TextModel::new(text, 0..text.len());
        let slot = list.slot.clone().expect("room");
        assert_eq!(mine.starts(&model).next(0, &slot), Some(Some(0)));
        assert_eq!(mine.starts(&model).next(1, &slot), Some(None));
        // Another index, even one serving as many lists, does not answer for this slot.
        let mut other = PhraseIndex::new();
        let mut stranger = PhraseMatcher::default();
        stranger.add("che", false, 0).expect("valid phrase");
        other.register(&mut stranger);
        assert_eq!(other.starts(&model).next(0, &slot), None);
        let through_other = TextModel::with_phrases(text, 0..text.len(), &other);
        assert_eq!(list.find_all(&through_other), list.find_all(&model));
        // A full index gives no slot.
        let mut full = PhraseIndex::new();
        for _ in 0..SLOTS {
            full.register(&mut stranger);
        }
        full.register(&mut list);
        assert!(list.slot.is_none());
        assert_eq!(full.lists(), SLOTS as usize);
    }
}
