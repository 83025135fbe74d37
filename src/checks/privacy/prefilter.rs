//! Byte prefilters: scans true of every body a shape's pattern matches somewhere in (digits in
//! a row, in groups, after letters), so that most bodies are turned away before any pattern
//! runs. A speed path: each prefilter is held to its shape's pattern by the property tests
//! below, and the run-based scans to the byte-by-byte references they replaced.

use std::ops::Range;

/// The most ASCII digits of `text` in one group, where one of `separators` may stand between
/// two digits of a group (`347 123-4567` is a group of 10 with `[" ", "-"]`).
pub fn longest_digit_group(text: &str, separators: &[&str]) -> usize {
    let bytes = text.as_bytes();
    let (mut best, mut group) = (0, 0);
    let mut last_end = None;
    let longest_separator = separators.iter().map(|s| s.len()).max().unwrap_or(0);
    for run in digit_runs(bytes) {
        // Two runs are one group when what stands between them is exactly a separator: the
        // first separator of the list it starts with, as the byte-by-byte walk took it.
        let joined = last_end.is_some_and(|end| {
            let gap = &bytes[end..run.start];
            gap.len() <= longest_separator
                && separators
                    .iter()
                    .find(|s| gap.starts_with(s.as_bytes()))
                    .is_some_and(|s| s.len() == gap.len())
        });
        group = if joined { group } else { 0 } + run.len();
        best = best.max(group);
        last_end = Some(run.end);
    }
    best
}

/// The longest run of ASCII digits in a row.
pub fn longest_digit_run(text: &str) -> usize {
    digit_runs(text.as_bytes())
        .map(|r| r.len())
        .max()
        .unwrap_or(0)
}

/// The runs of ASCII digits of `bytes`, in order. Every shape's prefilter looks only at the
/// digits and the few bytes around them, and most of a post is letters: the digits are
/// sought eight bytes at a time.
pub fn digit_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + first_digit(bytes.get(at..)?)?;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some(start..end)
    })
}

/// Index of the first ASCII digit of `bytes`.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for (n, c) in (&mut chunks).enumerate() {
        // A digit is a byte below 10 once xored with b'0'. Subtracting 10 from each byte sets
        // the high bit of those (and of none below 0x80 else); a borrow can only flag bytes
        // above a flagged one, so the lowest flag is exact.
        let word =
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ (0x30 * ONES);
        let digits = word.wrapping_sub(10 * ONES) & !word & HIGH;
        if digits != 0 {
            return Some(n * 8 + digits.trailing_zeros() as usize / 8);
        }
    }
    let base = bytes.len() - chunks.remainder().len();
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| base + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::privacy::{
        Shape, card, codice_fiscale, iban, id_document, partita_iva, phone, plate,
    };
    use crate::text::TextModel;

    /// Each shape's digit floor is the digit count of its least-digit value: a higher floor
    /// would skip drafts that hold one.
    #[test]
    fn digit_floors_match_the_least_digit_values() {
        let least: [(&Shape, &str); 7] = [
            (&card::SHAPE, "4111111111111"),
            (&codice_fiscale::SHAPE, "RSSMRALTALMAMNPS"),
            (&iban::SHAPE, "IT60ABCDEFGHIJK"),
            (&id_document::SHAPE, "U1ABCDEFGH"),
            (&partita_iva::SHAPE, "12345678901"),
            (&phone::SHAPE, "011234"),
            (&plate::SHAPE, "AB123CD"),
        ];
        for (shape, value) in least {
            assert!(shape.pattern.is_match(value), "{value}");
            let digits = value.bytes().filter(u8::is_ascii_digit).count();
            assert_eq!(shape.min_digits, digits, "{value}");
            let model = TextModel::new(value, 0..value.len());
            assert!(shape.may_occur(&model));
            let fewer = &value[..value.len() - 1];
            if shape.min_digits > 0 && value.ends_with(|c: char| c.is_ascii_digit()) {
                let model = TextModel::new(fewer, 0..fewer.len());
                assert!(!shape.may_occur(&model), "{fewer}");
            }
        }
    }

    fn all_shapes() -> [(&'static str, &'static Shape); 7] {
        [
            ("card", &card::SHAPE),
            ("codice fiscale", &codice_fiscale::SHAPE),
            ("iban", &iban::SHAPE),
            ("id document", &id_document::SHAPE),
            ("partita iva", &partita_iva::SHAPE),
            ("phone", &phone::SHAPE),
            ("plate", &plate::SHAPE),
        ]
    }

    /// Text made of what the shapes are made of: digits, letters of both cases (and the
    /// two non-ASCII letters that match `[A-Z]` case-insensitively), separators, prefixes.
    fn shaped_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[0-9]{1,12}",
            3 => "[A-Z]{1,7}",
            2 => "[a-z]{1,7}",
            3 => prop::sample::select(&[
                " ", "-", ".", "/", "\u{A0}", "\u{A0}\u{A0}", "+39 ", "(39)", "IT", "U1",
                "ſ", "\u{212A}", "è", ",", "\n", "RSSMRA", "LMNPQRSTUV",
            ][..])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..14).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        #[test]
        fn prefilters_pass_every_text_a_shape_matches_in(text in shaped_text()) {
            for (name, shape) in all_shapes() {
                if shape.pattern.is_match(&text) {
                    proptest::prop_assert!((shape.prefilter)(&text), "{} in {:?}", name, text);
                }
            }
        }
    }

    /// The byte-by-byte `longest_digit_group` the run-based one replaced: its oracle.
    fn longest_digit_group_reference(text: &str, separators: &[&str]) -> usize {
        let bytes = text.as_bytes();
        let (mut best, mut group, mut i) = (0, 0, 0);
        let mut after_digit = false;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                group += 1;
                best = best.max(group);
                after_digit = true;
                i += 1;
                continue;
            }
            let separator = separators
                .iter()
                .find(|s| after_digit && bytes[i..].starts_with(s.as_bytes()));
            match separator {
                Some(s) => i += s.len(),
                None => {
                    group = 0;
                    i += 1;
                }
            }
            after_digit = false;
        }
        best
    }

    /// The window-by-window prefilters of the IBAN and the plate the run-based ones replaced.
    fn iban_prefilter_reference(text: &str) -> bool {
        let letter = |b: u8| b.is_ascii_alphabetic() || b >= 0x80;
        text.as_bytes()
            .windows(4)
            .any(|w| w[2].is_ascii_digit() && w[3].is_ascii_digit() && letter(w[0]) && letter(w[1]))
    }

    fn plate_prefilter_reference(text: &str) -> bool {
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        (0..bytes.len()).any(|i| {
            digit(i)
                && digit(i + 1)
                && digit(i + 2)
                && !digit(i + 3)
                && (i == 0 || !digit(i - 1))
                && bytes[i.saturating_sub(3)..i]
                    .iter()
                    .any(u8::is_ascii_uppercase)
        })
    }

    /// Digits, letters, separators and bytes just outside the digit range, so that the word
    /// scan of `first_digit` meets every alignment and every neighbour of `0` and `9`.
    fn digit_text() -> impl proptest::strategy::Strategy<Value = String> {
        "([0-9]{1,14}|[A-Z]{1,3}|[a-z]{1,3}|[ ./:-]|\u{A0}|è|U1){0,24}"
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        #[test]
        fn digit_prefilters_agree_with_the_reference(text in digit_text()) {
            for separators in [&[][..], &[" ", "-"][..], &[" ", "\u{A0}", ".", "-", "/"][..]] {
                proptest::prop_assert_eq!(
                    longest_digit_group(&text, separators),
                    longest_digit_group_reference(&text, separators)
                );
            }
            proptest::prop_assert_eq!((iban::SHAPE.prefilter)(&text), iban_prefilter_reference(&text));
            proptest::prop_assert_eq!((plate::SHAPE.prefilter)(&text), plate_prefilter_reference(&text));
        }

        #[test]
        fn first_digit_of_any_bytes(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0x26u8..0x3c, proptest::prelude::any::<u8>()],
                0..40,
            )
        ) {
            proptest::prop_assert_eq!(first_digit(&bytes), bytes.iter().position(u8::is_ascii_digit));
        }
    }

    #[test]
    fn first_digit_at_every_alignment() {
        // The bytes either side of the digit range, and a multi-byte character.
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes: Vec<u8> =
                    (0..len).map(|i| [b'/', b':', 0xb0, b'a'][i % 4]).collect();
                if at < len {
                    bytes[at] = b'0' + (at % 10) as u8;
                }
                let expected = bytes.iter().position(u8::is_ascii_digit);
                assert_eq!(first_digit(&bytes), expected, "{bytes:?}");
            }
        }
        let runs: Vec<_> = digit_runs(b"a12 3/4567").collect();
        assert_eq!(runs, [1..3, 4..5, 6..10]);
    }

    #[test]
    fn prefilters_on_hand_picked_values() {
        for (name, shape) in all_shapes() {
            for text in [
                "tel. 347 123 4567",
                "+39 0131/515.111",
                "IT 60 X054 2811 1010 0000 0123 456",
                "it60x0542811101000000123456",
                "carta 4111-1111-1111-1111",
                "CF RSSMRA85T10A562S",
                "AB\u{A0}123\u{A0}CD",
                "CA12345AB e U1A2B3C4DE",
                "IT01234567890",
            ] {
                if shape.pattern.is_match(text) {
                    assert!((shape.prefilter)(text), "{name} in {text:?}");
                }
            }
        }
        assert_eq!(longest_digit_group("347 123-4567 e 12", &[" ", "-"]), 10);
        assert_eq!(longest_digit_group("1  2", &[" "]), 1);
        assert_eq!(longest_digit_run("a12b345"), 3);
    }
}
