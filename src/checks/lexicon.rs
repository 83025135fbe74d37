//! `lexicon`: words and phrases from the pack, each with an optional suggestion and guards.
//!
//! The general check behind abbreviations, jargon and any word list an office adds. Guards
//! keep ambiguous entries honest: `case_sensitive` (the Roman numeral `X` is not `x`),
//! `not_near_number` (`2 x 3 m`), `not_after` / `not_before` (words or phrases: `Lega Navale`),
//! `context` (a phrase that must appear within `window` words for the entry to count) and
//! `unless_context` (a phrase nearby that cancels it: `Fratelli d'Italia` near `inno`). An
//! entry may be a regular expression (`pattern`) for shapes no word list can spell
//! (`{{data}}`), and a lexicon may also flag links that carry given query keys (`tag=` on a
//! shop), so one rule can cover the words and the links of one policy clause.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::links::{host_matches, key_matches, query_pairs};
use super::{Check, Context, Hit, params};
use crate::text::normalize::normalize;
use crate::text::phrase::{PhraseMatch, PhraseMatcher};
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Plain entries: phrase → suggestion.
    #[serde(default)]
    words: BTreeMap<String, String>,
    #[serde(default)]
    terms: Vec<Term>,
    /// Whether suggestions are offered as automatic fixes.
    #[serde(default)]
    fixable: bool,
    /// Query keys that make any link a match; a trailing `*` matches a prefix.
    #[serde(default)]
    link_keys: Vec<String>,
    /// Query keys that make a link a match only on that host and its sub-domains.
    #[serde(default)]
    link_keys_on: BTreeMap<String, Vec<String>>,
    /// Matches at most this many words apart on one line are one finding.
    merge_within: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(rename = "match", default)]
    phrases: Vec<String>,
    /// A regular expression matched on the body outside links, e-mails, mentions, hashtags.
    pattern: Option<String>,
    suggestion: Option<String>,
    /// `false` keeps a suggestion as advice only.
    fix: Option<bool>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    not_near_number: bool,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    unless_context: Vec<String>,
    window: Option<usize>,
    note: Option<String>,
}

/// A term's guards, compiled.
#[derive(Debug)]
struct Guards {
    /// Phrases that must not stand right before / after the match, as normalized words.
    not_after: Vec<Vec<String>>,
    not_before: Vec<Vec<String>>,
    context: Option<PhraseMatcher>,
    unless: Option<PhraseMatcher>,
}

#[derive(Debug)]
struct Lexicon {
    terms: Vec<Term>,
    guards: Vec<Guards>,
    matcher: PhraseMatcher,
    /// Regular-expression entries with the index of their term.
    patterns: Vec<(Regex, usize)>,
    link_keys: Vec<String>,
    link_keys_on: BTreeMap<String, Vec<String>>,
    merge_within: Option<usize>,
    fixable: bool,
}

const DEFAULT_WINDOW: usize = 12;

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let mut terms = p.terms;
    terms.extend(p.words.into_iter().map(|(phrase, suggestion)| Term {
        phrases: vec![phrase],
        suggestion: Some(suggestion),
        ..Term::default()
    }));
    if terms.is_empty() && p.link_keys.is_empty() && p.link_keys_on.is_empty() {
        return Err("a lexicon needs `words`, `terms` or `link_keys`".into());
    }
    let mut matcher = PhraseMatcher::default();
    let mut patterns = Vec::new();
    let mut guards = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter().enumerate() {
        if term.phrases.is_empty() && term.pattern.is_none() {
            return Err(format!(
                "term {} needs a `match` list or a `pattern`",
                i + 1
            ));
        }
        for phrase in &term.phrases {
            matcher.add(phrase, term.case_sensitive, i)?;
        }
        if let Some(pattern) = &term.pattern {
            let source = if term.case_sensitive {
                pattern.clone()
            } else {
                format!("(?i:{pattern})")
            };
            let re = Regex::new(&source)
                .map_err(|e| format!("term {}: invalid `pattern`: {e}", i + 1))?;
            patterns.push((re, i));
        }
        guards.push(Guards {
            not_after: phrase_words(&term.not_after)?,
            not_before: phrase_words(&term.not_before)?,
            context: phrase_list(&term.context)?,
            unless: phrase_list(&term.unless_context)?,
        });
    }
    let lower = |v: Vec<String>| v.into_iter().map(|k| k.to_ascii_lowercase()).collect();
    Ok(Box::new(Lexicon {
        terms,
        guards,
        matcher,
        patterns,
        link_keys: lower(p.link_keys),
        link_keys_on: p
            .link_keys_on
            .into_iter()
            .map(|(host, keys)| (host.to_ascii_lowercase(), lower(keys)))
            .collect(),
        merge_within: p.merge_within,
        fixable: p.fixable,
    }))
}

/// Each phrase as its normalized words, tokenized like a body (`l'elezione` is two words).
fn phrase_words(phrases: &[String]) -> Result<Vec<Vec<String>>, String> {
    phrases
        .iter()
        .map(|phrase| {
            let model = TextModel::new(phrase, 0..phrase.len());
            let words: Vec<String> = model
                .tokens
                .iter()
                .filter(|t| !t.kind.is_blank())
                .map(|t| normalize(model.text(t)))
                .collect();
            if words.is_empty() {
                Err(format!("empty phrase `{phrase}`"))
            } else {
                Ok(words)
            }
        })
        .collect()
}

fn phrase_list(phrases: &[String]) -> Result<Option<PhraseMatcher>, String> {
    if phrases.is_empty() {
        return Ok(None);
    }
    let mut m = PhraseMatcher::default();
    for phrase in phrases {
        m.add(phrase, false, 0)?;
    }
    Ok(Some(m))
}

impl Check for Lexicon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        let mut found: Vec<PhraseMatch> = self
            .matcher
            .find_all(model)
            .into_iter()
            .filter(|&m| self.guards_pass(model, m))
            .collect();
        for m in self.pattern_matches(model) {
            let overlaps = found.iter().any(|o| m.first <= o.last && o.first <= m.last);
            if !overlaps && self.guards_pass(model, m) {
                found.push(m);
            }
        }
        found.sort_by_key(|m| m.first);
        if let Some(gap) = self.merge_within {
            found = self.merge(model, found, gap);
        }
        for m in found {
            hits.push(self.hit(model, m));
        }
        self.link_hits(model, hits);
    }

    fn fixable(&self) -> bool {
        self.fixable
    }
}

impl Lexicon {
    fn hit(&self, model: &TextModel<'_>, m: PhraseMatch) -> Hit {
        let term = &self.terms[m.payload];
        let span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
        let found = &model.source()[span.clone()];
        let mut hit = Hit::at(span);
        if let Some(note) = &term.note {
            hit = hit.var("note", note.clone());
        }
        if let Some(suggestion) = &term.suggestion {
            let fix_allowed = self.fixable && term.fix.unwrap_or(!suggestion.contains('/'));
            hit = hit.var("suggestion", match_case(found, suggestion));
            if fix_allowed {
                hit.fix = Some(replacement(model, m, found, suggestion));
            }
        }
        hit
    }

    /// Joins matches (sorted, not overlapping) that stand at most `gap` words apart on the
    /// same line, so that one promotional sentence is one finding rather than one per word.
    /// Entries with a suggestion are never joined: their fix belongs to their own words.
    fn merge(
        &self,
        model: &TextModel<'_>,
        found: Vec<PhraseMatch>,
        gap: usize,
    ) -> Vec<PhraseMatch> {
        let plain = |m: &PhraseMatch| self.terms[m.payload].suggestion.is_none();
        let mut out: Vec<PhraseMatch> = Vec::with_capacity(found.len());
        for m in found {
            if let Some(prev) = out.last_mut()
                && plain(prev)
                && plain(&m)
            {
                let between = &model.tokens[prev.last + 1..m.first];
                let words = between.iter().filter(|t| !t.kind.is_blank()).count();
                if words <= gap && !between.iter().any(|t| t.kind == TokenKind::Newline) {
                    prev.last = m.last;
                    continue;
                }
            }
            out.push(m);
        }
        out
    }

    /// Matches of the regular-expression entries, as token ranges. A match that touches a
    /// link, an e-mail, a mention or a hashtag is somebody else's syntax and does not count.
    fn pattern_matches(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let text = model.body_text();
        let base = model.body.start;
        let mut out = Vec::new();
        for (re, payload) in &self.patterns {
            for found in re.find_iter(text) {
                if found.is_empty() {
                    continue;
                }
                let (start, end) = (base + found.start(), base + found.end());
                let first = model.tokens.partition_point(|t| t.span.end <= start);
                let last = model.tokens.partition_point(|t| t.span.start < end);
                if first >= last {
                    continue;
                }
                let last = last - 1;
                if model.tokens[first..=last]
                    .iter()
                    .any(|t| t.kind.is_opaque())
                {
                    continue;
                }
                out.push(PhraseMatch {
                    payload: *payload,
                    first,
                    last,
                });
            }
        }
        out.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        out.dedup_by(|b, a| b.first <= a.last);
        out
    }

    /// One hit per query pair of a link whose key is listed, pointing at `key=value`.
    fn link_hits(&self, model: &TextModel<'_>, hits: &mut Vec<Hit>) {
        if self.link_keys.is_empty() && self.link_keys_on.is_empty() {
            return;
        }
        for token in model.of_kind(TokenKind::Url) {
            let Some((host, pairs)) = query_pairs(model.text(token)) else {
                continue;
            };
            for pair in pairs {
                let listed = self.link_keys.iter().any(|k| key_matches(k, &pair.key))
                    || self.link_keys_on.iter().any(|(domain, keys)| {
                        host_matches(&host, domain)
                            && keys.iter().any(|k| key_matches(k, &pair.key))
                    });
                if listed {
                    let start = token.span.start + pair.range.start;
                    hits.push(Hit::at(start..token.span.start + pair.range.end));
                }
            }
        }
    }

    fn guards_pass(&self, model: &TextModel<'_>, m: PhraseMatch) -> bool {
        let term = &self.terms[m.payload];
        let guards = &self.guards[m.payload];
        if guards
            .not_after
            .iter()
            .any(|words| words_before(model, m.first, words))
            || guards
                .not_before
                .iter()
                .any(|words| words_after(model, m.last, words))
        {
            return false;
        }
        let is_number =
            |i: Option<usize>| i.is_some_and(|i| model.tokens[i].kind == TokenKind::Number);
        if term.not_near_number
            && (is_number(model.prev_solid(m.first)) || is_number(model.next_solid(m.last)))
        {
            return false;
        }
        let window = term.window.unwrap_or(DEFAULT_WINDOW);
        if let Some(context) = &guards.context
            && !near(model, m, context, window, false)
        {
            return false;
        }
        if let Some(unless) = &guards.unless
            && near(model, m, unless, window, true)
        {
            return false;
        }
        true
    }
}

/// Whether the solid tokens right before token `first` are `words`, in order.
fn words_before(model: &TextModel<'_>, first: usize, words: &[String]) -> bool {
    let mut at = first;
    for word in words.iter().rev() {
        match model.prev_solid(at) {
            Some(i) if normalize(model.text(&model.tokens[i])) == *word => at = i,
            _ => return false,
        }
    }
    true
}

/// Whether the solid tokens right after token `last` are `words`, in order.
fn words_after(model: &TextModel<'_>, last: usize, words: &[String]) -> bool {
    let mut at = last;
    for word in words {
        match model.next_solid(at) {
            Some(i) if normalize(model.text(&model.tokens[i])) == *word => at = i,
            _ => return false,
        }
    }
    true
}

/// Whether a phrase of `list` starts within `window` solid tokens of the match. With
/// `overlap`, a phrase may also start inside the match (so `lista d'attesa` can cancel
/// `lista`); without it, the match itself never counts as its own context.
fn near(
    model: &TextModel<'_>,
    m: PhraseMatch,
    list: &PhraseMatcher,
    window: usize,
    overlap: bool,
) -> bool {
    let solid: Vec<usize> = (0..model.tokens.len())
        .filter(|&i| !model.tokens[i].kind.is_blank())
        .collect();
    let at = solid.partition_point(|&i| i < m.first);
    let to = solid.partition_point(|&i| i <= m.last);
    let lo = at.saturating_sub(window);
    let hi = (to + window).min(solid.len());
    solid[lo..hi]
        .iter()
        .filter(|&&i| overlap || i < m.first || i > m.last)
        .any(|&i| !list.matches_at(model, i).is_empty())
}

/// The edit that applies `suggestion` in place of a match, keeping the writer's case. An
/// empty suggestion deletes the phrase with the space after it, and a capital it carried
/// moves to the next word (`Si comunica che il` → `Il`).
fn replacement(
    model: &TextModel<'_>,
    m: PhraseMatch,
    found: &str,
    suggestion: &str,
) -> super::Edit {
    let start = model.tokens[m.first].span.start;
    let end = model.tokens[m.last].span.end;
    if !suggestion.is_empty() {
        return super::Edit {
            range: start..end,
            replacement: match_case(found, suggestion),
        };
    }
    let next = model.next_solid(m.last);
    let capital = found.chars().next().is_some_and(char::is_uppercase);
    match next {
        Some(n) if capital && model.tokens[n].kind == TokenKind::Word => {
            let word = model.text(&model.tokens[n]);
            super::Edit {
                range: start..model.tokens[n].span.end,
                replacement: capitalize(word),
            }
        }
        Some(n) => super::Edit {
            range: start..model.tokens[n].span.start,
            replacement: String::new(),
        },
        None => super::Edit {
            range: start..end,
            replacement: String::new(),
        },
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `suggestion` in the case the writer used: `CMQ` → `COMUNQUE`, `Cmq` → `Comunque`.
pub fn match_case(found: &str, suggestion: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        suggestion.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        capitalize(suggestion)
    } else {
        suggestion.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(params: &str, text: &str) -> Vec<String> {
        super::super::run_on(build, params, text)
            .into_iter()
            .map(|(found, _)| found)
            .collect()
    }

    #[test]
    fn not_after_and_not_before_take_phrases() {
        let params = r#"
            [[terms]]
            match = ["votare per"]
            not_after = ["chiamati a"]
            not_before = ["l'elezione", "la prima volta"]
        "#;
        assert_eq!(found(params, "Votare per Rossi"), ["Votare per"]);
        assert!(found(params, "Gli elettori sono chiamati a votare per Rossi").is_empty());
        assert!(found(params, "Si può votare per l’elezione del Sindaco").is_empty());
        assert!(found(params, "Chi deve votare per la prima volta").is_empty());
        // A phrase guard needs all of its words: `a` alone is not `chiamati a`.
        assert_eq!(found(params, "Andiamo a votare per Rossi"), ["votare per"]);
    }

    #[test]
    fn unless_context_cancels_and_may_overlap_the_match() {
        let params = r#"
            [[terms]]
            match = ["lista"]
            unless_context = ["lista d'attesa", "tessera elettorale"]
            window = 4
        "#;
        assert_eq!(found(params, "Sostieni la lista"), ["lista"]);
        assert!(found(params, "Siete in lista d'attesa").is_empty());
        assert!(found(params, "La lista e la tessera elettorale").is_empty());
        assert_eq!(
            found(
                params,
                "La lista: uno due tre quattro cinque tessera elettorale"
            ),
            ["lista"]
        );
    }

    #[test]
    fn context_still_excludes_the_match_itself() {
        let params = r#"
            [[terms]]
            match = ["azione"]
            context = ["azione", "partito"]
        "#;
        assert!(found(params, "Un'azione di pulizia").is_empty());
        assert_eq!(found(params, "Il partito Azione"), ["Azione"]);
    }

    #[test]
    fn patterns_match_outside_links_and_hashtags_with_guards() {
        let params = r#"
            [[terms]]
            pattern = '\{\{[^{}]*\}\}|\[(?:link|data)\]'
            [[terms]]
            pattern = 'rif\d+'
            [[terms]]
            match = ["TODO"]
            case_sensitive = true
        "#;
        assert_eq!(
            found(params, "Il {{data}} alle [LINK] TODO"),
            ["{{data}}", "[LINK]", "TODO"]
        );
        assert!(found(params, "https://a.it/rif12 @rif3 #rif4 #todo todo").is_empty());
        assert_eq!(found(params, "vedi rif5"), ["rif5"]);
        assert!(build(toml::from_str("[[terms]]\npattern = '('").expect("toml")).is_err());
        assert!(build(toml::from_str("[[terms]]\nnote = 'x'").expect("toml")).is_err());
    }

    #[test]
    fn merge_within_joins_nearby_matches_on_a_line() {
        let params = r#"
            merge_within = 4
            [[terms]]
            match = ["sconti", "negozi", "approfitta"]
        "#;
        assert_eq!(
            found(params, "Approfitta degli sconti del 20% nei negozi"),
            ["Approfitta degli sconti del 20% nei negozi"]
        );
        assert_eq!(
            found(
                params,
                "sconti uno due tre quattro cinque negozi\napprofitta"
            ),
            ["sconti", "negozi", "approfitta"]
        );
        let suggested = r#"
            merge_within = 3
            words = { "cmq" = "comunque", "nn" = "non" }
        "#;
        assert_eq!(found(suggested, "cmq nn"), ["cmq", "nn"]);
    }

    #[test]
    fn link_keys_point_at_the_pair() {
        let params = r#"
            link_keys = ["aff*"]
            link_keys_on = { "amazon.it" = ["tag"] }
        "#;
        assert_eq!(
            found(
                params,
                "Qui https://www.amazon.it/dp/B0?tag=negozio-21&x=1 e shop.it/p?affid=7"
            ),
            ["tag=negozio-21", "affid=7"]
        );
        assert!(found(params, "https://www.comune.alessandria.it/?tag=natale").is_empty());
    }

    #[test]
    fn case_follows_the_writer() {
        assert_eq!(match_case("CMQ", "comunque"), "COMUNQUE");
        assert_eq!(match_case("Cmq", "comunque"), "Comunque");
        assert_eq!(match_case("cmq", "comunque"), "comunque");
        assert_eq!(match_case("X", "per"), "Per");
    }
}
