//! Suggestions and the fixes that apply them, in the writer's case: an empty suggestion
//! deletes the phrase (and moves its capital on), an entry with a preposition rewrites the
//! articulated preposition after it too, and a fix is withheld where the article before the
//! match would no longer agree (`text::italian::article_agrees`).

use super::{Chosen, Lexicon};
use crate::checks::{Edit, Hit};
use crate::text::italian::article_agrees;
use crate::text::normalize::is_invisible;
use crate::text::phrase::PhraseMatch;
use crate::text::{TextModel, TokenKind};

impl Lexicon {
    /// The hit of a chosen match: its suggestion, and the fix applying it where allowed.
    pub(super) fn hit(&self, model: &TextModel<'_>, (m, preposition): Chosen<'_>) -> Hit {
        let term = &self.terms[m.payload];
        let phrase_span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
        let span = match preposition {
            Some((index, _)) => phrase_span.start..model.tokens[index].span.end,
            None => phrase_span.clone(),
        };
        let found = &model.source()[phrase_span.clone()];
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
                Edit {
                    range: span,
                    replacement: match_case(found, &text),
                }
            }
            None => replacement(model, m, found, suggestion),
        };
        let shown = match preposition {
            // Advice only (`il verbo diretto (pagare, verificare…)`): an article after it would
            // read as part of the advice.
            Some(_) if term.fix == Some(false) => match_case(found, suggestion),
            Some((index, article)) => {
                let shown = edit.replacement.trim_end().to_owned();
                // `secondo l'` alone reads as a fragment: the message quotes the word after
                // the article too, as written and as suggested.
                match following_word(model, index).filter(|_| !article.is_empty()) {
                    Some(word_end) if !term.keep_preposition => {
                        let source = model.source();
                        let after = &source[model.tokens[index].span.end..word_end];
                        hit = hit.var("found", source[phrase_span.start..word_end].to_owned());
                        format!("{shown}{after}")
                    }
                    _ => shown,
                }
            }
            None => match_case(found, suggestion),
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
}

/// Where the word right after token `index` ends, when a word (not a line break) follows.
fn following_word(model: &TextModel<'_>, index: usize) -> Option<usize> {
    let next = model.next_solid(index)?;
    let token = &model.tokens[next];
    (token.kind == TokenKind::Word).then_some(token.span.end)
}

/// The edit that applies `suggestion` in place of a match, keeping the writer's case. An
/// empty suggestion deletes the phrase with the space (and a comma) after it, and a capital it
/// carried moves to the next word (`Si comunica che il` → `Il`).
fn replacement(model: &TextModel<'_>, m: PhraseMatch, found: &str, suggestion: &str) -> Edit {
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
        return Edit {
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
            Edit {
                range: start..model.tokens[n].span.end,
                replacement: capitalize(word),
            }
        }
        Some(n) => Edit {
            range: start..model.tokens[n].span.start,
            replacement: String::new(),
        },
        None => Edit {
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
    use super::super::build;
    use super::*;
    use crate::checks::Context;
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
    fn case_follows_the_writer() {
        assert_eq!(match_case("CMQ", "comunque"), "COMUNQUE");
        assert_eq!(match_case("Cmq", "comunque"), "Comunque");
        assert_eq!(match_case("cmq", "comunque"), "comunque");
        assert_eq!(match_case("X", "per"), "Per");
    }
}
