//! `directory`: the Comune's own phone numbers, e-mail addresses and pages against the directory
//! the office keeps in the pack.
//!
//! A number with one of the office's prefixes, or an address at one of its domains, that the
//! directory does not list is an error: a typo sends citizens nowhere, and an unlisted one may be
//! an employee's own. One edit away from a listed value it is taken for that value misspelt, and
//! the listed one is the fix; further away it is reported masked, as personal data, without a
//! fix. A link to the site one or two characters away from a listed page is fixed the same way;
//! other links to the site are fine (news pages change every day). The listed values are also
//! what the privacy rules `phone` and `personal-email` allow (see `Check::lists`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::TokenKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// The Comune's domains (e-mail and site); sub-domains included.
    domains: Vec<String>,
    /// Number prefixes of the office's lines (`0131515`), as dialled in Italy.
    phone_prefixes: Vec<String>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    office: String,
    #[serde(default)]
    phone: Vec<String>,
    #[serde(default)]
    email: Vec<String>,
    #[serde(default)]
    page: Vec<String>,
}

/// One listed value: as the directory writes it, and as compared.
#[derive(Debug)]
struct Listed {
    written: String,
    key: String,
    office: String,
}

#[derive(Debug)]
struct Directory {
    domains: Vec<String>,
    prefixes: Vec<String>,
    phones: Vec<Listed>,
    emails: Vec<Listed>,
    pages: Vec<Listed>,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let mut d = Directory {
        domains: p.domains.iter().map(|d| d.to_lowercase()).collect(),
        prefixes: p.phone_prefixes,
        phones: Vec::new(),
        emails: Vec::new(),
        pages: Vec::new(),
    };
    for e in p.entries {
        let listed = |written: &String, key: String| Listed {
            written: written.clone(),
            key,
            office: e.office.clone(),
        };
        for phone in &e.phone {
            let key = national(phone);
            if key.len() < 6 {
                return Err(format!(
                    "entry `{}`: `{phone}` is not a phone number",
                    e.office
                ));
            }
            d.phones.push(listed(phone, key));
        }
        for email in &e.email {
            if !email.contains('@') {
                return Err(format!(
                    "entry `{}`: `{email}` is not an e-mail address",
                    e.office
                ));
            }
            d.emails.push(listed(email, email.to_lowercase()));
        }
        for page in &e.page {
            d.pages.push(listed(page, page_key(page)));
        }
    }
    Ok(Box::new(d))
}

/// The digits of a number as dialled in Italy: without `+39` / `0039` and separators.
fn national(written: &str) -> String {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let trimmed = written.trim_start();
    if trimmed.starts_with('+') {
        digits.strip_prefix("39").unwrap_or(&digits).to_owned()
    } else {
        digits
            .strip_prefix("0039")
            .map_or(digits.clone(), str::to_owned)
    }
}

/// A page as compared: without scheme, `www.`, trailing `/`, in lower case.
fn page_key(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_owned()
}

/// An Italian number in its usual groupings: `0131 515111`, `+39 0131.51.51.11`, `800 123 456`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+39[\s.]?|(?-u:\b)0039[\s.]?|(?-u:\b))\d{2,4}(?:[\s./-]?\d{2,4}){1,3}(?-u:\b)")
        .unwrap_or_else(|e| panic!("phone pattern: {e}"))
});

fn within(domain: &str, base: &str) -> bool {
    domain == base || domain.strip_suffix(base).is_some_and(|s| s.ends_with('.'))
}

/// Edits between two strings (insertions, deletions, substitutions), or more than `limit`.
fn edits(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    strsim::generic_levenshtein(&a, &b)
}

impl Directory {
    fn closest<'a>(&self, list: &'a [Listed], key: &str) -> Option<(&'a Listed, usize)> {
        list.iter()
            .map(|l| (l, edits(&l.key, key, 3)))
            .min_by_key(|(_, d)| *d)
    }

    fn report(&self, hits: &mut Vec<Hit>, span: Range<usize>, list: &[Listed], key: &str) {
        match self.closest(list, key) {
            Some((_, 0)) => {}
            Some((listed, 1)) => hits.push(typo(span, listed)),
            _ => {
                let mut hit = Hit::at(span);
                hit.sensitive = true;
                hits.push(hit);
            }
        }
    }
}

impl Check for Directory {
    fn fixable(&self) -> bool {
        true
    }

    fn lists(&self, value: &str) -> bool {
        let email = value.trim().to_lowercase();
        if email.contains('@') {
            return self.emails.iter().any(|l| l.key == email);
        }
        let digits = national(value);
        !digits.is_empty() && self.phones.iter().any(|l| l.key == digits)
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let source = cx.text.source();
        for token in &cx.text.tokens {
            match token.kind {
                TokenKind::Email => {
                    let address = cx.text.text(token).to_lowercase();
                    let domain = address.rsplit('@').next().unwrap_or_default();
                    if self.domains.iter().any(|d| within(domain, d)) {
                        self.report(hits, token.span.clone(), &self.emails, &address);
                    } else if let Some((listed, 1)) = self.closest(&self.emails, &address) {
                        // `urp@comune.alesandria.it`: the domain itself misspelt.
                        hits.push(typo(token.span.clone(), listed));
                    }
                }
                TokenKind::Url => {
                    let key = page_key(cx.text.text(token));
                    let host = key.split('/').next().unwrap_or_default();
                    if !self.domains.iter().any(|d| within(host, d)) {
                        continue;
                    }
                    // Only a near miss of a listed page is a mistake; other pages are news.
                    if let Some((listed, 1..=2)) = self.closest(&self.pages, &key) {
                        hits.push(
                            Hit::at(token.span.clone())
                                .var("suggestion", listed.written.clone())
                                .var("office", listed.office.clone())
                                .variant("page")
                                .fix(token.span.clone(), listed.written.clone()),
                        );
                    }
                }
                _ => {}
            }
        }
        let body = cx.text.body_text();
        let base = cx.text.body.start;
        let opaque: Vec<&Range<usize>> = cx
            .text
            .tokens
            .iter()
            .filter(|t| t.kind.is_opaque() && !matches!(t.kind, TokenKind::Date | TokenKind::Time))
            .map(|t| &t.span)
            .collect();
        for m in PHONE.find_iter(body) {
            let span = base + m.start()..base + m.end();
            if opaque
                .iter()
                .any(|o| o.start < span.end && span.start < o.end)
            {
                continue;
            }
            // `n. 0131/2027`: a file number and its year.
            if let Some((_, tail)) = m.as_str().rsplit_once('/')
                && tail.len() == 4
                && (tail.starts_with("19") || tail.starts_with("20"))
            {
                continue;
            }
            let digits = national(m.as_str());
            let ours = self.prefixes.iter().any(|p| digits.starts_with(p.as_str()));
            // Italian numbers have 8 to 11 digits with the prefix; fewer are amounts or dates.
            if !ours || !(8..=11).contains(&digits.len()) || glued(source, &span) {
                continue;
            }
            self.report(hits, span, &self.phones, &digits);
        }
    }
}

/// A value one edit away from a listed one: that one, misspelt.
fn typo(span: Range<usize>, listed: &Listed) -> Hit {
    Hit::at(span.clone())
        .var("suggestion", listed.written.clone())
        .var("office", listed.office.clone())
        .variant("typo")
        .fix(span, listed.written.clone())
}

/// Digits or separators right around the match, or a currency: part of something longer (a
/// date, an amount).
fn glued(source: &str, span: &Range<usize>) -> bool {
    let before = source[..span.start].chars().next_back();
    let after = source[span.end..].chars().next();
    let next = source[span.end..].trim_start().to_lowercase();
    let money = source[..span.start].trim_end().ends_with('€')
        || next.starts_with('€')
        || next.starts_with("euro");
    money
        || before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | ',' | '.' | '€'))
        || after.is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '€')
}
