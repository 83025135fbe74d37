//! `vehicle-plate`: Italian car plates since 1994 (`AB 123 CD`; the letters I, O, Q and U are
//! never used, `EE` is reserved) near a context word (`targa`, `auto`, `veicolo`).

use std::sync::LazyLock;

use super::Shape;

use super::near_shape::NearShape;
use crate::checks::Check;
use regex::Regex;

pub(super) static SHAPE: Shape = Shape {
    // 3 digits
    min_digits: 3,
    // exactly 3 digits in a row, after a capital and at most one separator
    prefilter: plate_digits,
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?-u:\b)[A-HJ-NPR-TV-Z]{2}[\ \u{A0}\-]?[0-9]{3}[\ \u{A0}\-]?[A-HJ-NPR-TV-Z]{2}(?-u:\b)",
        )
        .expect("static pattern")
    }),
};

/// Whether `text` has a run of exactly three digits with a capital letter among the three
/// bytes before it (the letter, then no separator, a space or dash, or a no-break space).
fn plate_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    super::prefilter::digit_runs(bytes).any(|run| {
        run.len() == 3
            && bytes[run.start.saturating_sub(3)..run.start]
                .iter()
                .any(u8::is_ascii_uppercase)
    })
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    NearShape::build(table, &SHAPE, 8, |plate| plate.starts_with("EE"))
}
