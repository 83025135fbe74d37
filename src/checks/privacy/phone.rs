//! `phone`: Italian mobile numbers in every common form (`347 1234567`, `3471234567`,
//! `347-123-4567`, `347.123.4567`, `+39 347 …`, `0039 …`, `(+39) …`); landline numbers (0…)
//! only when `landlines = true`, since the ones in posts are office numbers.
//!
//! Digits of a card or of an IBAN, thousands-style groups (`345.678.901`, `345 678 901`),
//! amounts (`€`, `euro`) and numbers after act or code words (`prot.`, `CIG`) are not phone
//! numbers.

use std::sync::LazyLock;

use super::Shape;

use regex::Regex;
use serde::Deserialize;

use super::context::NotAfter;
use super::prefilter::longest_digit_group;
use super::{AllowList, candidates, glued, overlap};
use crate::checks::{Check, Context, Hit, params};

pub(super) static SHAPE: Shape = Shape {
    // a landline has 6 digits at least
    min_digits: 6,
    // the landline's 6 digits, each at most one separator apart
    prefilter: |text| longest_digit_group(text, &[" ", "\u{A0}", ".", "-", "/"]) >= 6,
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?x)
            (?: (?:\+|(?-u:\b)00)[\ \u{A0}]?39[\ \u{A0}.\-]? | \(\ ?(?:\+|00)?39\ ?\)[\ \u{A0}]? | (?-u:\b) )
            (?: 3[0-9]{2} (?:[\ \u{A0}.\-/]?[0-9]){6,7}
              | 0[0-9] (?:[\ \u{A0}.\-/]?[0-9]){4,9} )
            (?-u:\b)",
        )
        .expect("static pattern")
    }),
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Numbers that may be published (switchboard, URP), in any written form.
    #[serde(default)]
    allow: Vec<String>,
    /// Also report landline numbers.
    #[serde(default)]
    landlines: bool,
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Debug)]
struct Phone {
    allow: AllowList,
    landlines: bool,
    not_after: NotAfter,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Phone {
        allow: AllowList::new(&p.allow, national),
        landlines: p.landlines,
        not_after: NotAfter::new(&p.not_after),
    }))
}

/// The national number: digits only, without the +39 / 0039 prefix.
pub fn national(written: &str) -> String {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let prefixed = written.trim_start().starts_with(['+', '(']) || digits.starts_with("0039");
    match digits
        .strip_prefix("0039")
        .or_else(|| digits.strip_prefix("39"))
    {
        Some(rest) if prefixed => rest.to_owned(),
        _ => digits,
    }
}

/// What kind of number national digits are, if a phone number at all.
fn classify(digits: &str) -> Option<bool> {
    let b = digits.as_bytes();
    match b.first()? {
        // Mobile ranges are 31x–39x; 30x is not assigned.
        b'3' if (9..=10).contains(&b.len()) && b.get(1).is_some_and(|&d| d != b'0') => Some(true),
        b'0' if (6..=11).contains(&b.len()) => Some(false),
        _ => None,
    }
}

/// `345.678.901`, `345 678 901`: one kind of separator between groups of three is a
/// thousands grouping, not a phone number (a mobile's last group has four digits).
fn thousands(text: &str) -> bool {
    let Some(sep) = text.chars().find(|c| !c.is_ascii_digit()) else {
        return false;
    };
    let groups: Vec<&str> = text.split(sep).collect();
    matches!(sep, '.' | ' ' | '\u{A0}')
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// How far either side of a number a currency sign or word is sought: the blanks between
/// them and `euro`. A bounded window keeps the test constant per number, however long the
/// draft.
const MONEY_WINDOW: usize = 24;

/// A currency sign or word right next to the number.
fn money_nearby(source: &str, span: &std::ops::Range<usize>) -> bool {
    let mut from = span.start.saturating_sub(MONEY_WINDOW);
    while !source.is_char_boundary(from) {
        from += 1;
    }
    let mut to = span.end.saturating_add(MONEY_WINDOW).min(source.len());
    while !source.is_char_boundary(to) {
        to -= 1;
    }
    let before = source[from..span.start].trim_end();
    let after = source[span.end..to].trim_start();
    let euro = after
        .get(..4)
        .is_some_and(|word| word.eq_ignore_ascii_case("euro"));
    before.ends_with(['€', '$', '£']) || after.starts_with('€') || euro
}

impl Check for Phone {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let source = cx.text.source();
        let found = candidates(cx.text, &SHAPE);
        if found.is_empty() {
            return;
        }
        // Digits of a card or of an IBAN in groups of four can look like a mobile number.
        let taken: Vec<_> = super::card::shapes(cx.text)
            .into_iter()
            .map(|(span, _)| span)
            .chain(super::iban::shapes(cx.text))
            .collect();
        for span in found {
            if taken.iter().any(|t| overlap(t, &span)) {
                continue;
            }
            let text = &source[span.clone()];
            let digits = national(text);
            let Some(mobile) = classify(&digits) else {
                continue;
            };
            if (!mobile && !self.landlines)
                || glued(source, &span)
                || thousands(text)
                || money_nearby(source, &span)
                || self.allow.contains(&digits)
                || self.not_after.matches(cx.text, &span)
            {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            if !mobile {
                hit = hit.variant("landline");
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers() {
        assert_eq!(national("+39 347 123 4567"), "3471234567");
        assert_eq!(national("0039 347-123-4567"), "3471234567");
        assert_eq!(national("(+39) 347.1234567"), "3471234567");
        assert_eq!(national("3471234567"), "3471234567");
        assert_eq!(national("0131 515111"), "0131515111");
        assert_eq!(classify("3471234567"), Some(true));
        assert_eq!(classify("0131515111"), Some(false));
        assert_eq!(classify("3012345678"), None);
    }

    #[test]
    fn money_is_sought_next_to_the_number() {
        for (text, money) in [
            ("€ 3471234567", true),
            ("3471234567 Euro", true),
            ("3471234567   EURO di spesa", true),
            ("3471234567 è il numero, costa 5 euro", false),
            ("tel. 3471234567", false),
        ] {
            let at = text.find('3').unwrap_or(0);
            assert_eq!(money_nearby(text, &(at..at + 10)), money, "{text}");
        }
    }

    #[test]
    fn thousands_are_not_numbers() {
        assert!(thousands("345.678.901"));
        assert!(thousands("345 678 901"));
        assert!(!thousands("347 123 4567"));
        assert!(!thousands("347-123-456"));
        assert!(!thousands("347.123.4567"));
        assert!(!thousands("3471234567"));
    }
}
