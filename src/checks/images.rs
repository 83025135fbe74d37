//! `images`: the `[[images]]` of the front matter need a description and clear rights, and a
//! post without images gets a hint.
//!
//! Variants: `alt` (no usable `alt`), `rights` (neither `credit` nor `license`), `license` (a
//! licence that is not one of the pack's accepted ones) and `none` (no image where the pack
//! suggests one). Every finding points at the start of the text: see `front_matter_anchor`.

use serde::Deserialize;

use super::{Check, Context, Hit, front_matter_anchor, params};
use crate::draft::Image;
use crate::platform::Kind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Licences an image may carry: the Comune's own and free ones (`CC BY`, `CC0`…).
    licenses: Vec<String>,
    /// Kinds of draft that get the `none` hint when they have no image.
    #[serde(default)]
    suggest_on: Vec<Kind>,
}

#[derive(Debug)]
struct Images {
    /// Accepted licences, as `licence_key` forms, with the names as the pack writes them.
    licenses: Vec<(String, String)>,
    suggest_on: Vec<Kind>,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let licenses: Vec<(String, String)> = p
        .licenses
        .into_iter()
        .map(|name| (licence_key(&name), name))
        .collect();
    if let Some((_, name)) = licenses.iter().find(|(key, _)| key.is_empty()) {
        return Err(format!("`licenses` entry `{name}` names no licence"));
    }
    if licenses.is_empty() {
        return Err("`licenses` must not be empty".into());
    }
    Ok(Box::new(Images {
        licenses,
        suggest_on: p.suggest_on,
    }))
}

/// The comparable form of a licence name: lower case, `-` and `_` as spaces, without version
/// numbers and the words that only qualify a version (`CC BY-SA 4.0 International` is
/// `cc by sa`). `CC BY-NC` stays `cc by nc`, so a non-commercial licence never passes for
/// `CC BY`.
fn licence_key(name: &str) -> String {
    const QUALIFIERS: &[&str] = &[
        "international",
        "internazionale",
        "unported",
        "generic",
        "universal",
        "it",
        "ita",
        "italia",
        "deed",
        "license",
        "licence",
        "licenza",
    ];
    name.to_lowercase()
        .replace(['-', '_', '/', ',', '(', ')', '©'], " ")
        .split_whitespace()
        .map(|w| w.trim_start_matches('v'))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .filter(|w| !QUALIFIERS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn blank(value: Option<&str>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

/// An `alt` that says nothing: missing, blank, or the file name again.
fn alt_missing(image: &Image) -> bool {
    let Some(alt) = image
        .alt
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    else {
        return true;
    };
    let name = image.file.rsplit(['/', '\\']).next().unwrap_or(&image.file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    alt.eq_ignore_ascii_case(name) || alt.eq_ignore_ascii_case(stem)
}

impl Check for Images {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let anchor = front_matter_anchor(cx.text);
        let images = &cx.draft.front.images;
        if images.is_empty() {
            if self.suggest_on.contains(&cx.kind) {
                hits.push(Hit::at(anchor).variant("none"));
            }
            return;
        }
        let accepted = self
            .licenses
            .iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        for image in images {
            let at = || Hit::at(anchor.clone()).var("file", image.file.clone());
            if alt_missing(image) {
                hits.push(at().variant("alt"));
            }
            match image.license.as_deref().map(str::trim) {
                Some(licence) if !licence.is_empty() => {
                    let key = licence_key(licence);
                    if !self.licenses.iter().any(|(k, _)| *k == key) {
                        hits.push(
                            at().variant("license")
                                .var("license", licence)
                                .var("accepted", accepted.clone()),
                        );
                    }
                }
                _ if blank(image.credit.as_deref()) => {
                    hits.push(at().variant("rights").var("accepted", accepted.clone()));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &str = r#"
        licenses = ["CC0", "CC BY", "CC BY-SA", "pubblico dominio"]
        suggest_on = ["post"]
    "#;

    fn variants(draft: &str) -> Vec<(&'static str, String)> {
        super::super::run_on(build, PARAMS, draft)
            .into_iter()
            .map(|(found, hit)| {
                assert!(found.is_empty(), "front-matter findings have an empty span");
                let file = hit
                    .vars
                    .iter()
                    .find(|(n, _)| *n == "file")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                (hit.variant.unwrap_or_default(), file)
            })
            .collect()
    }

    #[test]
    fn licence_names_compare_without_versions() {
        assert_eq!(licence_key("CC BY-SA 4.0 International"), "cc by sa");
        assert_eq!(licence_key("cc-by 3.0 IT"), "cc by");
        assert_eq!(licence_key("CC0 1.0 Universal"), "cc0");
        assert_eq!(licence_key("CC BY-NC 4.0"), "cc by nc");
        assert_eq!(licence_key("4.0"), "");
    }

    #[test]
    fn every_entry_needs_alt_and_rights() {
        let draft = "+++\n[[images]]\nfile = \"a.jpg\"\nalt = \"a\"\n\n[[images]]\nfile = \"b.jpg\"\nalt = \"Il ponte\"\nlicense = \"CC BY-NC 4.0\"\n\n[[images]]\nfile = \"c.jpg\"\nalt = \"  \"\ncredit = \"Comune di Alessandria\"\n\n[[images]]\nfile = \"d.jpg\"\nalt = \"La piazza\"\nlicense = \"CC BY 4.0\"\n+++\n\nTesto";
        assert_eq!(
            variants(draft),
            [
                ("alt", "a.jpg".to_owned()),
                ("rights", "a.jpg".to_owned()),
                ("license", "b.jpg".to_owned()),
                ("alt", "c.jpg".to_owned()),
            ]
        );
        let hits = super::super::run_on(build, PARAMS, draft);
        assert_eq!(
            hits[0].1.span.start,
            draft.rfind("Testo").unwrap_or_default()
        );
    }

    #[test]
    fn no_image_is_a_hint_on_posts_only() {
        assert_eq!(variants("Testo"), [("none", String::new())]);
        assert!(variants("+++\nkind = \"reply\"\n+++\nBuongiorno").is_empty());
    }
}
