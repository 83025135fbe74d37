//! `payment-card`: card numbers of 13–19 digits, compact or in the groups cards print
//! (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4), spaced or dashed, Luhn validated and
//! starting with a digit card networks issue.

use std::ops::Range;
use std::sync::LazyLock;

use super::Shape;

use regex::Regex;
use serde::Deserialize;

use super::context::NotAfter;
use super::prefilter::longest_digit_group;
use super::validate::card_valid;
use super::{AllowList, candidates, compact, glued, overlap};
use crate::checks::{Check, Context, Hit, params};
use crate::text::TextModel;

pub(super) static SHAPE: Shape = Shape {
    // 13 digits at least
    min_digits: 13,
    // 13 digits, at most one space or dash apart
    prefilter: |text| longest_digit_group(text, &[" ", "-"]) >= 13,
    pattern: LazyLock::new(|| {
        Regex::new(r"(?-u:\b)[0-9](?:[ \-]?[0-9]){12,18}(?-u:\b)").expect("static pattern")
    }),
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    allow: Vec<String>,
    /// Words that make a number before them an act or payment code (`codice avviso`).
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Debug)]
struct Card {
    allow: AllowList,
    not_after: NotAfter,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Card {
        allow: AllowList::new(&p.allow, compact),
        not_after: NotAfter::new(&p.not_after),
    }))
}

/// Whether the groups are the way a card is written: one group, or one kind of separator
/// between the groups cards print.
fn card_grouping(text: &str) -> bool {
    let spaced = text.contains(' ');
    let dashed = text.contains('-');
    if !spaced && !dashed {
        return true;
    }
    if spaced && dashed {
        return false;
    }
    let groups: Vec<usize> = text.split([' ', '-']).map(str::len).collect();
    match groups.as_slice() {
        [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => {
            init.len() >= 3 && init.iter().all(|&g| g == 4) && (1..=4).contains(last)
        }
        [] => false,
    }
}

/// Every card number of the body with its digits, whatever the allow-list and context say:
/// the phone check stays out of them (`3782 822463 10005` starts like a mobile number).
pub fn shapes(model: &TextModel<'_>) -> Vec<(Range<usize>, String)> {
    let source = model.source();
    let found = candidates(model, &SHAPE);
    // The IBANs are sought only for a body with card-shaped numbers (few of them).
    let ibans = if found.is_empty() {
        Vec::new()
    } else {
        super::iban::shapes(model)
    };
    found
        .into_iter()
        .filter_map(|span| {
            let text = &source[span.clone()];
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let card = card_grouping(text)
                && card_valid(&digits)
                && !glued(source, &span)
                && !ibans.iter().any(|i| overlap(i, &span));
            card.then_some((span, digits))
        })
        .collect()
}

impl Check for Card {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for (span, digits) in shapes(cx.text) {
            if self.allow.contains(&digits) || self.not_after.matches(cx.text, &span) {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groupings() {
        assert!(card_grouping("4242424242424242"));
        assert!(card_grouping("4242 4242 4242 4242"));
        assert!(card_grouping("4242-4242-4242-4242"));
        assert!(card_grouping("3782 822463 10005"));
        assert!(card_grouping("4242 4242 4242 4242 424"));
        assert!(!card_grouping("4242 4242-4242 4242"));
        assert!(!card_grouping("42 424242 4242 4242"));
    }
}
