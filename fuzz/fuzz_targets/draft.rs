//! Fuzzes the whole path a draft takes: front matter, text model, every default rule on every
//! kind and platform, and `--fix` to a fixed point. alpost must never panic on any input, every
//! finding must point at whole characters of the file, and fixing must settle.
#![no_main]

use std::sync::LazyLock;

use alpost::draft::Draft;
use alpost::fix::fix_text;
use alpost::lint::{Defaults, lint};
use alpost::platform::{Kind, Platform};
use alpost::rule::RuleSet;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| alpost::pack::default_rules().expect("the default pack loads"));

fuzz_target!(|data: &[u8]| {
    // The first byte picks the kind and platform a draft without front matter is read as, so
    // the rules restricted to replies or to one platform are reached too.
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    // Invalid UTF-8 never reaches the parser: `inputs::read` reports it.
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let defaults = Defaults {
        kind: if pick & 1 == 0 {
            Kind::Post
        } else {
            Kind::Reply
        },
        platform: Platform::ALL[usize::from(pick >> 1) % Platform::ALL.len()],
    };
    let Ok(draft) = Draft::parse("fuzz.txt", text.to_owned()) else {
        return;
    };
    let findings = lint(&draft, &RULES, defaults);
    for f in &findings {
        assert!(
            f.bytes.start <= f.bytes.end
                && draft.source.is_char_boundary(f.bytes.start)
                && draft.source.is_char_boundary(f.bytes.end),
            "{} points at {:?}, not at whole characters",
            f.rule,
            f.bytes
        );
        if let Some(edit) = &f.fix {
            assert!(
                edit.range.start >= draft.body.start
                    && edit.range.end <= draft.source.len()
                    && draft.source.is_char_boundary(edit.range.start)
                    && draft.source.is_char_boundary(edit.range.end),
                "{} fixes {:?}, outside the body or inside a character",
                f.rule,
                edit.range
            );
        }
    }
    let fixed = fix_text("fuzz.txt", draft.source, &RULES, defaults)
        .expect("fixes keep a draft that parsed parseable");
    assert!(fixed.converged, "fixes did not settle: {:?}", fixed.text);
});
