//! Italian grammar the checks share: the forms of the prepositions `a`, `di` and `da` with the
//! article each carries (`alla` → `la`), the articles, and how a word's first sound decides
//! which article goes before it (`il negozio`, `lo stesso`, `l'ospedale`). The lexicon's fixes
//! use it to leave a grammatical sentence.

use serde::Deserialize;

use super::{TextModel, TokenKind};

/// A preposition that merges with the article after it (`a` + `la` → `alla`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preposition {
    A,
    Di,
    Da,
}

impl Preposition {
    /// Every form of the preposition with the article it carries (`alla` → `la`).
    pub fn forms(self) -> &'static [(&'static str, &'static str)] {
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

/// The token right after `last` when it is a form of `preposition`, with its article.
pub fn following_preposition(
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
pub enum Onset {
    /// A vowel or `h`: `l'`, `un`, `dell'`.
    Vowel,
    /// `s` + consonant, `z`, `gn`, `ps`, `pn`, `x`, `y`: `lo`, `uno`, `dello`.
    Impure,
    Consonant,
}

/// The onset of `word`, from its first two letters.
pub fn onset(word: &str) -> Onset {
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

/// Whether the word before token `first` still fits once `suggestion` replaces `found`: after an
/// elided form (`l'`, `dell'`) the new word must start with a vowel; after a masculine article
/// it must start like the old one (`il`/`lo`/`l'`); after a feminine one it may start with a
/// vowel only if the old one did. Gender changes are the pack's business (`fix = false`).
pub fn article_agrees(model: &TextModel<'_>, first: usize, found: &str, suggestion: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
