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
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?-u:\b)[A-HJ-NPR-TV-Z]{2}[\ \u{A0}\-]?[0-9]{3}[\ \u{A0}\-]?[A-HJ-NPR-TV-Z]{2}(?-u:\b)",
        )
        .expect("static pattern")
    }),
};

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    NearShape::build(table, &SHAPE, 8, |plate| plate.starts_with("EE"))
}
