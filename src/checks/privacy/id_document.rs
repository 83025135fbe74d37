//! `id-document`: numbers of identity cards (CIE `CA00000AA`, CIE 2.0 `1234567AA`, paper
//! `AA 1234567`), passports (`YA1234567`) and driving licences (`AL1234567A`, `U1…`).
//!
//! None of them has a public check digit and their shapes are short, so a number counts only
//! with a context word (`carta d'identità`, `documento`, `passaporto`, `patente`, `n.`) within
//! `window` words.

use std::sync::LazyLock;

use super::Shape;

use super::near_shape::NearShape;
use crate::checks::Check;
use regex::Regex;

pub(super) static SHAPE: Shape = Shape {
    // the UCO licence starts `U1`
    min_digits: 1,
    // five digits in a row, or the UCO licence's `U1`
    prefilter: |text| super::prefilter::longest_digit_run(text) >= 5 || text.contains("U1"),
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?x)(?-u:\b)(?:
                C[A-Z][0-9]{5}[A-Z]{2}          # CIE 3.0
              | [0-9]{7}[A-Z]{2}                # CIE 2.0
              | [A-Z]{2}[0-9]{7}[A-Z]           # patente
              | U1[A-Z0-9]{7}[A-Z]              # patente issued by the UCO
              | [A-Z]{2}[\ \u{A0}]?[0-9]{7}     # paper identity card, passport
            )(?-u:\b)",
        )
        .expect("static pattern")
    }),
};

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    NearShape::build(table, &SHAPE, 6, |_| false)
}
