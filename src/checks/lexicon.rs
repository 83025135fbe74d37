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
//!
//! Fixes must leave a grammatical sentence, so an entry can say which preposition follows it
//! (`in ottemperanza` + `a`): the fix then rewrites the articulated preposition too
//! (`in ottemperanza alla legge` → `secondo la legge`). A fix is withheld, leaving the
//! suggestion as advice, when the article before the match would no longer agree with the new
//! word's first sound (`l'istanza` → not `l'domanda`).

use std::collections::BTreeMap;

use regex::Regex;

mod required;
use serde::Deserialize;

use super::links::{host_matches, key_matches, query_pairs};
use super::{Check, Context, Hit, params};
use crate::text::normalize::{is_invisible, normalize};
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
    /// The preposition (`a`, `di`, `da`) that must follow the phrase, in any of its forms.
    preposition: Option<Preposition>,
    /// The fix keeps the preposition as written instead of reducing it to its article.
    #[serde(default)]
    keep_preposition: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Preposition {
    A,
    Di,
    Da,
}

impl Preposition {
    /// Every form of the preposition with the article it carries (`alla` → `la`).
    fn forms(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Preposition::A => &[
                ("a", ""),
                ("ad", ""),
                ("al", "il"),
                ("allo", "lo"),
                ("alla", "la"),
                ("all'", "l'"),
                ("ai", "i"),
                ("agli", "gli"),
                ("alle", "le"),
            ],
            Preposition::Di => &[
                ("di", ""),
                ("d'", ""),
                ("del", "il"),
                ("dello", "lo"),
                ("della", "la"),
                ("dell'", "l'"),
                ("dei", "i"),
                ("degli", "gli"),
                ("delle", "le"),
            ],
            Preposition::Da => &[
                ("da", ""),
                ("dal", "il"),
                ("dallo", "lo"),
                ("dalla", "la"),
                ("dall'", "l'"),
                ("dai", "i"),
                ("dagli", "gli"),
                ("dalle", "le"),
            ],
        }
    }
}

/// Masculine articles and articulated prepositions: their form follows the next word's first
/// sound (`il negozio`, `lo stesso`, `l'ospedale`).
const MASCULINE: &[&str] = &[
    "il", "lo", "i", "gli", "un", "uno", "del", "dello", "dei", "degli", "al", "allo", "ai",
    "agli", "dal", "dallo", "dai", "dagli", "nel", "nello", "nei", "negli", "sul", "sullo", "sui",
    "sugli", "col", "coi", "quel", "quello", "quei", "quegli", "bel", "bello", "buon", "buono",
];

/// Feminine ones: they elide before a vowel (`l'istanza`), otherwise keep their form.
const FEMININE: &[&str] = &[
    "la", "le", "una", "della", "delle", "alla", "alle", "dalla", "dalle", "nella", "nelle",
    "sulla", "sulle", "quella", "quelle",
];

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
    matcher: PhraseMatcher,
    guards: Vec<Guards>,
    fixable: bool,
    /// Regular-expression entries with the index of their term.
    /// Each term's pattern, with the text every match of it contains, when there is one.
    patterns: Vec<(Regex, usize, Option<String>)>,
    link_keys: Vec<String>,
    link_keys_on: BTreeMap<String, Vec<String>>,
    merge_within: Option<usize>,
}

/// A chosen match: the phrase, and the preposition after it with the article it carries.
type Chosen<'a> = (PhraseMatch, Option<(usize, &'a str)>);

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
        if term.preposition.is_some() && term.suggestion.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "term {} (`{}`): `preposition` needs a non-empty `suggestion`",
                i + 1,
                term.phrases.first().map_or("pattern", String::as_str)
            ));
        }
        if let Some(pattern) = &term.pattern {
            let source = if term.case_sensitive {
                pattern.clone()
            } else {
                format!("(?i:{pattern})")
            };
            let re = crate::checks::compile_regex(&source)
                .map_err(|e| format!("term {}: invalid `pattern`: {e}", i + 1))?;
            patterns.push((re, i, required::required_text(&source)));
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
        matcher,
        guards,
        fixable: p.fixable,
        patterns,
        link_keys: lower(p.link_keys),
        link_keys_on: p
            .link_keys_on
            .into_iter()
            .map(|(host, keys)| (host.to_ascii_lowercase(), lower(keys)))
            .collect(),
        merge_within: p.merge_within,
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
        let mut found = self.phrase_matches(model);
        // Phrase matches come left to right without overlaps, so the one that could overlap a
        // pattern match is found by bisection: a line of thousands of matches stays linear.
        let mut from_patterns = Vec::new();
        for m in self.pattern_matches(model) {
            let next = found.partition_point(|(o, _)| o.last < m.first);
            let overlaps = found.get(next).is_some_and(|(o, _)| o.first <= m.last);
            if !overlaps && self.guards_pass(model, m) {
                from_patterns.push((m, None));
            }
        }
        found.extend(from_patterns);
        found.sort_by_key(|(m, _)| m.first);
        if let Some(gap) = self.merge_within {
            found = self.merge(model, found, gap);
        }
        for chosen in found {
            hits.push(self.hit(model, chosen));
        }
        self.link_hits(model, hits);
    }

    fn fixable(&self) -> bool {
        self.fixable
    }

    /// The guards' lists are asked about single places, never scanned.
    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        vec![&mut self.matcher]
    }
}

/// The token right after `last` when it is a form of `preposition`, with its article.
fn following_preposition(
    model: &TextModel<'_>,
    last: usize,
    preposition: Preposition,
) -> Option<(usize, &'static str)> {
    let next = model.next_solid(last)?;
    let token = &model.tokens[next];
    if token.kind != TokenKind::Word {
        return None;
    }
    preposition
        .forms()
        .iter()
        .find(|(form, _)| *form == model.norm(token))
        .map(|(_, article)| (next, *article))
}

/// How a word starts, as far as the article before it is concerned.
#[derive(Debug, PartialEq, Eq)]
enum Onset {
    /// A vowel or `h`: `l'`, `un`, `dell'`.
    Vowel,
    /// `s` + consonant, `z`, `gn`, `ps`, `pn`, `x`, `y`: `lo`, `uno`, `dello`.
    Impure,
    Consonant,
}

fn onset(word: &str) -> Onset {
    let lower = word.to_lowercase();
    let mut chars = lower.chars().filter(|c| c.is_alphabetic());
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    let vowel = |c: char| "aeiouàèéìíòóùú".contains(c);
    if vowel(first) || first == 'h' {
        Onset::Vowel
    } else if (first == 's' && !vowel(second) && second != ' ')
        || matches!(first, 'z' | 'x' | 'y')
        || (first == 'g' && second == 'n')
        || (first == 'p' && matches!(second, 's' | 'n'))
    {
        Onset::Impure
    } else {
        Onset::Consonant
    }
}

/// Whether the word before the match still fits once `suggestion` replaces `found`: after an
/// elided form (`l'`, `dell'`) the new word must start with a vowel; after a masculine article
/// it must start like the old one (`il`/`lo`/`l'`); after a feminine one it may start with a
/// vowel only if the old one did. Gender changes are the pack's business (`fix = false`).
fn article_agrees(model: &TextModel<'_>, first: usize, found: &str, suggestion: &str) -> bool {
    if suggestion.is_empty() {
        return true;
    }
    let Some(prev) = model.prev_solid(first) else {
        return true;
    };
    let token = &model.tokens[prev];
    if token.kind != TokenKind::Word {
        return true;
    }
    let elided =
        model.norm(token).ends_with('\'') && token.span.end == model.tokens[first].span.start;
    if elided {
        return onset(suggestion) == Onset::Vowel;
    }
    let norm = model.norm(token);
    if MASCULINE.contains(&norm) {
        return onset(suggestion) == onset(found);
    }
    if FEMININE.contains(&norm) {
        return onset(suggestion) != Onset::Vowel || onset(found) == Onset::Vowel;
    }
    true
}

impl Lexicon {
    /// The phrase matches, left to right: at each place the longest entry whose guards pass,
    /// so a shorter entry stands in when a longer one's guards or preposition fail.
    fn phrase_matches(&self, model: &TextModel<'_>) -> Vec<Chosen<'static>> {
        let mut out = Vec::new();
        // Positions in `model.solid()`, where every phrase starts.
        let mut from = 0;
        while let Some(at) = self.matcher.next_solid_start(model, from) {
            let chosen = self
                .matcher
                .matches_at_solid(model, at)
                .into_iter()
                .find_map(|m| {
                    let term = &self.terms[m.payload];
                    if !self.guards_pass(model, m) {
                        return None;
                    }
                    match term.preposition {
                        None => Some((m, None)),
                        Some(p) => following_preposition(model, m.last, p).map(|f| (m, Some(f))),
                    }
                });
            match chosen {
                Some((m, preposition)) => {
                    let end = preposition.map_or(m.last, |(index, _)| index);
                    from = model.solid().partition_point(|&i| i <= end);
                    out.push((m, preposition));
                }
                None => from = at + 1,
            }
        }
        out
    }

    fn hit(&self, model: &TextModel<'_>, (m, preposition): Chosen<'_>) -> Hit {
        let term = &self.terms[m.payload];
        let phrase_span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
        let span = match preposition {
            Some((index, _)) => phrase_span.start..model.tokens[index].span.end,
            None => phrase_span.clone(),
        };
        let found = &model.source()[phrase_span];
        let mut hit = Hit::at(span.clone());
        if let Some(note) = &term.note {
            hit = hit.var("note", note.clone());
        }
        let Some(suggestion) = &term.suggestion else {
            return hit;
        };
        let fix_allowed = self.fixable
            && term.fix.unwrap_or(!suggestion.contains('/'))
            && article_agrees(model, m.first, found, suggestion);
        let edit = match preposition {
            Some((index, article)) => {
                let written = model.text(&model.tokens[index]);
                let tail = if term.keep_preposition {
                    written
                } else {
                    article
                };
                let mut text = suggestion.clone();
                if !tail.is_empty() {
                    text.push(' ');
                    text.push_str(tail);
                } else if written.ends_with(crate::text::normalize::is_apostrophe) {
                    // `al fine d'evitare` → `per evitare`: the elision kept no space.
                    text.push(' ');
                }
                super::Edit {
                    range: span,
                    replacement: match_case(found, &text),
                }
            }
            None => replacement(model, m, found, suggestion),
        };
        let shown = if preposition.is_some() {
            edit.replacement.trim_end().to_owned()
        } else {
            match_case(found, suggestion)
        };
        hit = hit.var("suggestion", shown);
        if suggestion.is_empty() {
            hit = hit.variant("omit");
        }
        if fix_allowed {
            hit.fix = Some(edit);
        }
        hit
    }

    /// Joins matches (sorted, not overlapping) that stand at most `gap` words apart on the
    /// same line, so that one promotional sentence is one finding rather than one per word.
    /// Entries with a suggestion are never joined: their fix belongs to their own words.
    fn merge(
        &self,
        model: &TextModel<'_>,
        found: Vec<Chosen<'static>>,
        gap: usize,
    ) -> Vec<Chosen<'static>> {
        let plain = |m: &PhraseMatch| self.terms[m.payload].suggestion.is_none();
        let mut out: Vec<Chosen<'static>> = Vec::with_capacity(found.len());
        for (m, preposition) in found {
            if let Some((prev, None)) = out.last_mut()
                && preposition.is_none()
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
            out.push((m, preposition));
        }
        out
    }

    /// Matches of the regular-expression entries, as token ranges. A match that touches a
    /// link, an e-mail, a mention or a hashtag is somebody else's syntax and does not count.
    fn pattern_matches(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let text = model.body_text();
        let base = model.body.start;
        let mut out = Vec::new();
        for (re, payload, needed) in &self.patterns {
            if needed
                .as_deref()
                .is_some_and(|needed| !text.contains(needed))
            {
                continue;
            }
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
        // A link with a query holds `?`: a body without one, as most are, has none.
        if (self.link_keys.is_empty() && self.link_keys_on.is_empty())
            || !model.body_text().contains('?')
        {
            return;
        }
        for token in model.of_kind(TokenKind::Url) {
            // A link without a query has no pairs: spare it the URL parser.
            if !model.text(token).contains('?') {
                continue;
            }
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
    let solid = model.solid();
    let at = solid.partition_point(|&i| i < m.first);
    let to = solid.partition_point(|&i| i <= m.last);
    let lo = at.saturating_sub(window);
    let hi = (to + window).min(solid.len());
    (lo..hi)
        .filter(|&at| overlap || solid[at] < m.first || solid[at] > m.last)
        .any(|at| list.any_at_solid(model, at))
}

/// The edit that applies `suggestion` in place of a match, keeping the writer's case. An
/// empty suggestion deletes the phrase with the space (and a comma) after it, and a capital it
/// carried moves to the next word (`Si comunica che il` → `Il`).
fn replacement(
    model: &TextModel<'_>,
    m: PhraseMatch,
    found: &str,
    suggestion: &str,
) -> super::Edit {
    let start = model.tokens[m.first].span.start;
    let end = model.tokens[m.last].span.end;
    if !suggestion.is_empty() {
        // Invisible characters at the edges of the match (a zero-width joiner pasted after
        // `cmq`) stay where they are: dropping them would glue the word to its neighbour
        // (`Comunquehttps://…` is no longer a link) and change what the rules see there.
        let first = model.text(&model.tokens[m.first]);
        let last = model.text(&model.tokens[m.last]);
        let lead = first.len() - first.trim_start_matches(is_invisible).len();
        let trail = last.len() - last.trim_end_matches(is_invisible).len();
        let range = if start + lead < end - trail {
            start + lead..end - trail
        } else {
            start..end
        };
        return super::Edit {
            range,
            replacement: match_case(found, suggestion),
        };
    }
    let mut next = model.next_solid(m.last);
    // `Si comunica che, da lunedì, …` → `Da lunedì, …`: the comma goes with the phrase.
    if let Some(n) = next
        && model.text(&model.tokens[n]) == ","
    {
        next = model.next_solid(n);
    }
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
    use crate::draft::Draft;
    use crate::platform::{Kind, Platform};

    /// `text` with every fix of the lexicon built from `pack` applied, right to left.
    fn fixed(pack: &str, text: &str) -> String {
        let table: toml::Table = toml::from_str(pack).expect("valid pack");
        let check = build(table).expect("valid lexicon");
        let draft = Draft::parse("t.txt", text.to_owned()).expect("draft");
        let model = TextModel::new(&draft.source, draft.body.clone());
        let cx = Context {
            draft: &draft,
            text: &model,
            kind: Kind::Post,
            platform: Platform::Facebook,
            comment: None,
        };
        let mut hits = Vec::new();
        check.run(&cx, &mut hits);
        let mut out = text.to_owned();
        for edit in hits.iter().rev().filter_map(|h| h.fix.as_ref()) {
            out.replace_range(edit.range.clone(), &edit.replacement);
        }
        out
    }

    const PACK: &str = r#"
        fixable = true
        words = { "si comunica che" = "", "codesto" = "questo", "istanza" = "domanda", "medesimo" = "stesso" }
        [[terms]]
        match = ["in ottemperanza"]
        suggestion = "secondo"
        preposition = "a"
        [[terms]]
        match = ["al fine"]
        suggestion = "per"
        preposition = "di"
        [[terms]]
        match = ["in merito"]
        suggestion = "riguardo"
        preposition = "a"
        keep_preposition = true
    "#;

    #[test]
    fn invisible_characters_around_a_replaced_word_stay() {
        // Found by the fix property test: dropping the joiner glued `Comunque` to the link,
        // and the words inside the link became words of the post.
        let pack = "fixable = true\nwords = { \"cmq\" = \"comunque\" }";
        assert_eq!(
            fixed(pack, "Cmq\u{200D}https://a.it/?id=l'istanza"),
            "Comunque\u{200D}https://a.it/?id=l'istanza"
        );
        assert_eq!(fixed(pack, "\u{2060}cmq."), "\u{2060}comunque.");
    }

    #[test]
    fn omitted_phrases_move_the_capital_and_take_a_comma() {
        assert_eq!(
            fixed(PACK, "Si comunica che il mercato è sospeso."),
            "Il mercato è sospeso."
        );
        assert_eq!(
            fixed(PACK, "Si comunica che, da lunedì, il mercato è sospeso."),
            "Da lunedì, il mercato è sospeso."
        );
        assert_eq!(
            fixed(PACK, "Buongiorno, si comunica che l'ufficio è chiuso."),
            "Buongiorno, l'ufficio è chiuso."
        );
    }

    #[test]
    fn prepositions_become_articles() {
        assert_eq!(
            fixed(PACK, "In ottemperanza alla legge, il parco chiude."),
            "Secondo la legge, il parco chiude."
        );
        assert_eq!(
            fixed(
                PACK,
                "in ottemperanza all'ordinanza e in ottemperanza a quanto previsto"
            ),
            "secondo l'ordinanza e secondo quanto previsto"
        );
        assert_eq!(
            fixed(
                PACK,
                "al fine di evitare code, al fine d'evitare attese, al fine del rilascio"
            ),
            "per evitare code, per evitare attese, per il rilascio"
        );
        assert_eq!(
            fixed(PACK, "IN OTTEMPERANZA ALL'ORDINANZA"),
            "SECONDO L'ORDINANZA"
        );
        assert_eq!(
            fixed(PACK, "in merito alla domanda"),
            "riguardo alla domanda"
        );
        // Without its preposition the phrase is something else.
        assert_eq!(fixed(PACK, "in merito, nulla"), "in merito, nulla");
    }

    #[test]
    fn articles_must_still_agree() {
        assert_eq!(fixed(PACK, "presentare istanza"), "presentare domanda");
        assert_eq!(fixed(PACK, "un’istanza"), "un’istanza");
        // `l'domanda` would be wrong: only a suggestion.
        assert_eq!(fixed(PACK, "l'istanza"), "l'istanza");
        assert_eq!(fixed(PACK, "nel medesimo giorno"), "nel medesimo giorno");
        assert_eq!(fixed(PACK, "codesto ufficio"), "questo ufficio");
        assert_eq!(fixed(PACK, "Codesto ufficio"), "Questo ufficio");
    }

    #[test]
    fn a_shorter_entry_stands_in_when_the_preposition_is_missing() {
        let pack = r#"
            fixable = true
            words = { "provvedere al pagamento" = "pagare", "nella medesima" = "nella stessa", "medesima" = "stessa" }
            [[terms]]
            match = ["provvedere al pagamento"]
            suggestion = "pagare"
            preposition = "di"
        "#;
        assert_eq!(
            fixed(pack, "Occorre provvedere al pagamento della TARI."),
            "Occorre pagare la TARI."
        );
        assert_eq!(
            fixed(pack, "Occorre provvedere al pagamento entro il 16."),
            "Occorre pagare entro il 16."
        );
        // Feminine articles do not change before `s` + consonant.
        assert_eq!(fixed(pack, "della medesima via"), "della stessa via");
    }

    #[test]
    fn onsets() {
        assert_eq!(onset("istanza"), Onset::Vowel);
        assert_eq!(onset("help desk"), Onset::Vowel);
        assert_eq!(onset("stesso"), Onset::Impure);
        assert_eq!(onset("zaino"), Onset::Impure);
        assert_eq!(onset("gnomo"), Onset::Impure);
        assert_eq!(onset("sole"), Onset::Consonant);
        assert_eq!(onset("medesimo"), Onset::Consonant);
    }

    #[test]
    fn a_preposition_needs_a_suggestion() {
        let table: toml::Table =
            toml::from_str("[[terms]]\nmatch = [\"x\"]\nsuggestion = \"\"\npreposition = \"a\"")
                .expect("toml");
        assert!(build(table).is_err());
    }

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
