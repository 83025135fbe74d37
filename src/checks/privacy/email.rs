//! `personal-email`: e-mail addresses of people, read from the e-mail tokens.
//!
//! Addresses at the institution's own domains (and their sub-domains) and the allowed ones
//! are fine. At a personal mail provider (`personal_domains`) every address is personal; at
//! any other organisation's domain an address is personal when its local part reads as a
//! name (`mario.rossi`, `m_rossi`) rather than an office (`info`, `ufficio.tributi`).

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::checks::{Check, Context, Hit, params};
use crate::text::TokenKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// The institution's domains: addresses there (and at sub-domains) are fine.
    domains: Vec<String>,
    /// Exact addresses that may be published.
    #[serde(default)]
    allow: Vec<String>,
    /// Mail providers whose addresses belong to people.
    #[serde(default)]
    personal_domains: Vec<String>,
    /// First words of local parts that name an office, not a person.
    #[serde(default)]
    office_words: Vec<String>,
}

#[derive(Debug)]
struct Email {
    domains: Vec<String>,
    allow: BTreeSet<String>,
    personal_domains: Vec<String>,
    office_words: BTreeSet<String>,
}

fn lower(values: Vec<String>) -> impl Iterator<Item = String> {
    values
        .into_iter()
        .map(|v| v.trim().trim_start_matches(['@', '.']).to_lowercase())
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Email {
        domains: lower(p.domains).collect(),
        allow: lower(p.allow).collect(),
        personal_domains: lower(p.personal_domains).collect(),
        office_words: lower(p.office_words).collect(),
    }))
}

/// Whether `domain` is `base` or one of its sub-domains.
fn within(domain: &str, base: &str) -> bool {
    domain == base
        || domain
            .strip_suffix(base)
            .is_some_and(|rest| rest.ends_with('.'))
}

impl Email {
    fn is_personal(&self, address: &str) -> bool {
        let address = address.to_lowercase();
        let Some((local, domain)) = address.rsplit_once('@') else {
            return false;
        };
        if self.allow.contains(&address) || self.domains.iter().any(|d| within(domain, d)) {
            return false;
        }
        // Provider domains are matched on their name, whatever the country (`yahoo.it`).
        let provider = |d: &String| {
            within(domain, d)
                || d.strip_suffix(".*")
                    .is_some_and(|name| domain.starts_with(&format!("{name}.")))
        };
        if self.personal_domains.iter().any(provider) {
            return true;
        }
        let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| p.chars().all(char::is_alphanumeric) && p.chars().any(char::is_alphabetic))
            && !parts.iter().any(|p| self.office_words.contains(*p))
    }
}

impl Check for Email {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for token in cx.text.of_kind(TokenKind::Email) {
            if self.is_personal(cx.text.text(token)) {
                let mut hit = Hit::at(token.span.clone());
                hit.sensitive = true;
                hits.push(hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> Email {
        Email {
            domains: vec!["comune.alessandria.it".into()],
            allow: BTreeSet::from(["prolocoal@gmail.com".to_owned()]),
            personal_domains: vec!["gmail.com".into(), "yahoo.*".into()],
            office_words: BTreeSet::from(["info".to_owned(), "ufficio".to_owned()]),
        }
    }

    #[test]
    fn personal_and_office_addresses() {
        let c = check();
        assert!(!c.is_personal("urp@comune.alessandria.it"));
        assert!(!c.is_personal("mario.rossi@servizi.comune.alessandria.it"));
        assert!(c.is_personal("mario.rossi@notcomune.alessandria.it.example.com"));
        assert!(c.is_personal("mario.rossi@xcomune.alessandria.it"));
        assert!(c.is_personal("m.rossi85@gmail.com"));
        assert!(c.is_personal("anna@yahoo.it"));
        assert!(!c.is_personal("ProlocoAL@gmail.com"));
        assert!(c.is_personal("mario.rossi@amag.it"));
        assert!(c.is_personal("mario.rossi85@amag.it"));
        assert!(!c.is_personal("info@amag.it"));
        assert!(!c.is_personal("ufficio.tributi@amag.it"));
        assert!(!c.is_personal("tributi@amag.it"));
    }
}
