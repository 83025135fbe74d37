//! `lexicon`: words and phrases from the pack, each with an optional suggestion and guards.
//!
//! The general check behind abbreviations, jargon and any word list an office adds. Guards
//! keep ambiguous entries honest: `case_sensitive` (the Roman numeral `X` is not `x`),
//! `not_near_number` (`2 x 3 m`), `not_after` / `not_before` (`Lega Navale`), and `context`
//! (a word that must appear within `window` words for the entry to count).
//!
//! Fixes must leave a grammatical sentence, so an entry can say which preposition follows it
//! (`in ottemperanza` + `a`): the fix then rewrites the articulated preposition too
//! (`in ottemperanza alla legge` → `secondo la legge`). A fix is withheld, leaving the
//! suggestion as advice, when the article before the match would no longer agree with the new
//! word's first sound (`l'istanza` → not `l'domanda`).

use std::collections::BTreeMap;

use serde::Deserialize;

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
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(rename = "match")]
    phrases: Vec<String>,
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

#[derive(Debug)]
struct Lexicon {
    terms: Vec<Term>,
    matcher: PhraseMatcher,
    /// Per term: the phrases that must appear nearby, if any.
    contexts: Vec<Option<PhraseMatcher>>,
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
    if terms.is_empty() {
        return Err("a lexicon needs `words` or `terms`".into());
    }
    let mut matcher = PhraseMatcher::default();
    let mut contexts = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter_mut().enumerate() {
        if term.phrases.is_empty() {
            return Err(format!("term {} has an empty `match` list", i + 1));
        }
        for phrase in &term.phrases {
            matcher.add(phrase, term.case_sensitive, i)?;
        }
        if term.preposition.is_some() && term.suggestion.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "term {} (`{}`): `preposition` needs a non-empty `suggestion`",
                i + 1,
                term.phrases[0]
            ));
        }
        term.not_after = term.not_after.iter().map(|w| normalize(w)).collect();
        term.not_before = term.not_before.iter().map(|w| normalize(w)).collect();
        contexts.push(if term.context.is_empty() {
            None
        } else {
            let mut m = PhraseMatcher::default();
            for phrase in &term.context {
                m.add(phrase, false, 0)?;
            }
            Some(m)
        });
    }
    Ok(Box::new(Lexicon {
        terms,
        matcher,
        contexts,
        fixable: p.fixable,
    }))
}

impl Check for Lexicon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        let mut i = 0;
        while i < model.tokens.len() {
            // The longest entry at this place whose guards pass: a shorter entry stands in
            // when a longer one's guards or preposition fail.
            let chosen = self.matcher.matches_at(model, i).into_iter().find_map(|m| {
                let term = &self.terms[m.payload];
                if !self.guards_pass(model, term, m) {
                    return None;
                }
                match term.preposition {
                    None => Some((m, None)),
                    Some(p) => following_preposition(model, m.last, p).map(|f| (m, Some(f))),
                }
            });
            let Some((m, preposition)) = chosen else {
                i += 1;
                continue;
            };
            i = preposition.map_or(m.last, |(index, _)| index) + 1;
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
            if let Some(suggestion) = &term.suggestion {
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
                        let text = match_case(found, &text);
                        super::Edit {
                            range: span.clone(),
                            replacement: text,
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
            }
            hits.push(hit);
        }
    }

    fn fixable(&self) -> bool {
        self.fixable
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
        .find(|(form, _)| *form == &*token.norm)
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
    let elided = token.norm.ends_with('\'') && token.span.end == model.tokens[first].span.start;
    if elided {
        return onset(suggestion) == Onset::Vowel;
    }
    let norm = &*token.norm;
    if MASCULINE.contains(&norm) {
        return onset(suggestion) == onset(found);
    }
    if FEMININE.contains(&norm) {
        return onset(suggestion) != Onset::Vowel || onset(found) == Onset::Vowel;
    }
    true
}

impl Lexicon {
    fn guards_pass(&self, model: &TextModel<'_>, term: &Term, m: PhraseMatch) -> bool {
        let prev = model.prev_solid(m.first);
        let next = model.next_solid(m.last);
        let word_of = |i: Option<usize>| i.map(|i| normalize(model.text(&model.tokens[i])));
        if word_of(prev).is_some_and(|w| term.not_after.contains(&w))
            || word_of(next).is_some_and(|w| term.not_before.contains(&w))
        {
            return false;
        }
        let is_number =
            |i: Option<usize>| i.is_some_and(|i| model.tokens[i].kind == TokenKind::Number);
        if term.not_near_number && (is_number(prev) || is_number(next)) {
            return false;
        }
        match &self.contexts[m.payload] {
            None => true,
            Some(context) => {
                let window = term.window.unwrap_or(DEFAULT_WINDOW);
                let solid: Vec<usize> = (0..model.tokens.len())
                    .filter(|&i| !model.tokens[i].kind.is_blank())
                    .collect();
                let at = solid.partition_point(|&i| i < m.first);
                let to = solid.partition_point(|&i| i <= m.last);
                let lo = at.saturating_sub(window);
                let hi = (to + window).min(solid.len());
                solid[lo..hi]
                    .iter()
                    .filter(|&&i| i < m.first || i > m.last)
                    .any(|&i| !context.matches_at(model, i).is_empty())
            }
        }
    }
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
        return super::Edit {
            range: start..end,
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

    #[test]
    fn case_follows_the_writer() {
        assert_eq!(match_case("CMQ", "comunque"), "COMUNQUE");
        assert_eq!(match_case("Cmq", "comunque"), "Comunque");
        assert_eq!(match_case("cmq", "comunque"), "comunque");
        assert_eq!(match_case("X", "per"), "Per");
    }
}
