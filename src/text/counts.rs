//! Words, letters and sentences of a body, counted the one way every readability rule shares.
//!
//! The counting follows the tokens of the text model, so it agrees with every other rule on what
//! a link or a number is:
//!
//! - a **word** is a `Word` token: a run of letters (digits glued to letters included, `A4`).
//!   An elided form is its own word, as Italian readers and tokenizers take it: `l'ufficio` is
//!   two words (`l'` + `ufficio`). Links, e-mail addresses, @mentions, #hashtags, numbers, times,
//!   dates and emoji are not words and add no letters.
//! - a **letter** is an alphabetic character of a word (after NFC, so `è` is one letter however
//!   it was typed); apostrophes, digits and the dots inside `p.es` are not letters.
//! - a **sentence** ends at `.`, `!`, `?` or `…` (a run such as `?!` or `...` is one end, and a
//!   closing quote or bracket right after it stays in the sentence), and at a line break, since
//!   on social media a line is a unit: titles and list items without a full stop are sentences.
//!   A full stop does not end a sentence after an abbreviation: a word with a dot inside
//!   (`p.es.`, `S.p.A.`, `D.Lgs.`), a single letter (`G. Abonante`) or a word of the caller's
//!   list (`dott.`, `art.`, `ecc.`). No terminator ends a sentence when the next word on the
//!   same line starts with a lower-case letter (`ecc. e altro`, `sì… ma`). `:` and `;` never
//!   end a sentence. A sentence without words (a line of hashtags or emoji) does not count.
//!
//! `ends_sentence_at` is the other sentence rule of alpost, asked one mark at a time by the
//! window of `special-category` (a category word and a person in two sentences are not
//! linked): every `!`, `?`, `…` and `.` ends a sentence there but a dot right after an
//! initial or a listed honorific (`M. Rossi`, `sig.`). Unlike the count, it does not look at
//! the word after the mark (`ecc. e altro` ends a sentence there) nor at dotted words
//! (`p.es.`), and it takes each mark of a run (`?!`) on its own. Making the two one rule
//! would change what `special-category` reports: that is a change of its own, not a
//! refactor.

use std::ops::Range;

use super::latin::is_letter;
use super::normalize::normalize;
use super::{TextModel, Token, TokenKind};

/// The words (lower case, without their dot) after which a full stop does not end a
/// sentence. The text model splits a body once for all the rules asking with one list, and
/// tells the list by its address: a rule set makes its equal lists one (`share`), so that
/// no list is compared word by word on every draft.
#[derive(Debug, Clone)]
pub struct Abbreviations(std::sync::Arc<[String]>);

impl Abbreviations {
    pub fn new(words: Vec<String>) -> Self {
        Abbreviations(words.into())
    }

    /// Becomes the list of `seen` with the same words, or joins `seen` when none has them.
    pub fn share(&mut self, seen: &mut Vec<Abbreviations>) {
        match seen.iter().find(|list| list.0 == self.0) {
            Some(same) => *self = same.clone(),
            None => seen.push(self.clone()),
        }
    }

    pub fn words(&self) -> &[String] {
        &self.0
    }

    /// Whether the two lists hold the same words.
    pub fn same_as(&self, other: &Abbreviations) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

/// One sentence: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// File byte offsets, from its first non-blank token to its terminator (or last token).
    pub span: Range<usize>,
    pub words: usize,
    pub letters: usize,
}

/// Totals over a body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub letters: usize,
    pub sentences: usize,
}

impl Counts {
    pub fn of(sentences: &[Sentence]) -> Counts {
        Counts {
            words: sentences.iter().map(|s| s.words).sum(),
            letters: sentences.iter().map(|s| s.letters).sum(),
            sentences: sentences.len(),
        }
    }

    /// The Gulpease index, or `None` for a text without words.
    pub fn gulpease(&self) -> Option<f64> {
        gulpease(self.words, self.letters, self.sentences)
    }
}

/// Gulpease index (Lucisano & Piemontese, GULP, 1988):
/// `G = 89 + (300 × sentences − 10 × letters) / words`, clamped to 0–100.
pub fn gulpease(words: usize, letters: usize, sentences: usize) -> Option<f64> {
    if words == 0 {
        return None;
    }
    let g = 89.0 + (300.0 * sentences as f64 - 10.0 * letters as f64) / words as f64;
    Some(g.clamp(0.0, 100.0))
}

#[cfg(test)]
const TERMINATORS: &[&str] = &[".", "!", "?", "…"];
/// Punctuation that closes a quotation or a bracket: it belongs to the sentence before it.
#[cfg(test)]
const CLOSERS: &[&str] = &["\"", "»", "”", "’", "'", ")", "]"];

/// The sentences of the body. `abbreviations` are lower-case words (without their dot) after
/// which a full stop does not end a sentence.
pub fn sentences(model: &TextModel<'_>, abbreviations: &[String]) -> Vec<Sentence> {
    let tokens = &model.tokens;
    let mut out = Vec::new();
    let mut current: Option<Sentence> = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        match token.kind {
            TokenKind::Newline => close(&mut current, &mut out),
            TokenKind::Space => {}
            kind => {
                let sentence = current.get_or_insert_with(|| Sentence {
                    span: token.span.clone(),
                    words: 0,
                    letters: 0,
                });
                sentence.span.end = token.span.end;
                if kind == TokenKind::Word {
                    sentence.words += 1;
                    sentence.letters += token.letters as usize;
                }
                if kind == TokenKind::Punct && is_terminator(model, token) {
                    let last = end_of_run(model, i);
                    if ends_sentence(model, i, last, abbreviations) {
                        sentence.span.end = tokens[last].span.end;
                        i = last;
                        close(&mut current, &mut out);
                    }
                }
            }
        }
        i += 1;
    }
    close(&mut current, &mut out);
    out
}

/// Whether the punctuation token `index` ends a sentence for the window of `special-category`
/// (see the module documentation): `!`, `?`, `…`, or a dot that does not close an
/// abbreviation (`sig.`, of the lower-case `abbreviations`) or an initial (`M. Rossi`).
pub fn ends_sentence_at(
    model: &TextModel<'_>,
    index: usize,
    abbreviations: &std::collections::BTreeSet<String>,
) -> bool {
    match model.text(&model.tokens[index]) {
        "!" | "?" | "…" => true,
        "." => !model.prev_solid(index).is_some_and(|prev| {
            let token = &model.tokens[prev];
            token.span.end == model.tokens[index].span.start
                && token.kind == TokenKind::Word
                && (model.norm(token).chars().count() == 1
                    || abbreviations.contains(model.norm(token)))
        }),
        _ => false,
    }
}

fn close(current: &mut Option<Sentence>, out: &mut Vec<Sentence>) {
    if let Some(sentence) = current.take()
        && sentence.words > 0
    {
        out.push(sentence);
    }
}

/// The letters of a matching form: the tokenizer counts them once per word (`Token::letters`).
pub(super) fn letters(norm: &str) -> usize {
    if norm.is_ascii() {
        return norm.bytes().filter(u8::is_ascii_alphabetic).count();
    }
    norm.chars().filter(|&c| is_letter(c)).count()
}

/// Whether the matching form of `word` is one of `abbreviations`: `normalize` once, and not
/// even that for ASCII, whose matching form is its lower case.
fn is_listed(word: &str, abbreviations: &[String]) -> bool {
    if abbreviations.is_empty() {
        return false;
    }
    if word.is_ascii() {
        return abbreviations.iter().any(|a| {
            a.len() == word.len()
                && a.bytes()
                    .zip(word.bytes())
                    .all(|(a, w)| a == w.to_ascii_lowercase())
        });
    }
    let folded = normalize(word);
    abbreviations.contains(&folded)
}

fn is_terminator(model: &TextModel<'_>, token: &Token) -> bool {
    is_terminator_text(model.text(token))
}

/// `TERMINATORS.contains(&text)`, as one match on the bytes instead of a string comparison
/// per entry: it is asked of every mark of every draft.
fn is_terminator_text(text: &str) -> bool {
    matches!(text.as_bytes(), b"." | b"!" | b"?" | b"\xE2\x80\xA6")
}

/// `CLOSERS.contains(&text)`, the same way.
fn is_closer_text(text: &str) -> bool {
    matches!(
        text.as_bytes(),
        b"\"" | b"\xC2\xBB" | b"\xE2\x80\x9D" | b"\xE2\x80\x99" | b"'" | b")" | b"]"
    )
}

/// The last token of the terminator run starting at `start`: more terminators and closing
/// quotes or brackets written right after it.
fn end_of_run(model: &TextModel<'_>, start: usize) -> usize {
    let mut last = start;
    while let Some(next) = model.tokens.get(last + 1) {
        let text = model.text(next);
        if next.kind == TokenKind::Punct
            && next.span.start == model.tokens[last].span.end
            && (is_terminator_text(text) || is_closer_text(text))
        {
            last += 1;
        } else {
            break;
        }
    }
    last
}

fn ends_sentence(model: &TextModel<'_>, at: usize, last: usize, abbreviations: &[String]) -> bool {
    let tokens = &model.tokens;
    let glued_word = at
        .checked_sub(1)
        .map(|p| &tokens[p])
        .filter(|p| p.kind == TokenKind::Word && p.span.end == tokens[at].span.start);
    if model.text(&tokens[at]) == "."
        && at == last
        && let Some(word) = glued_word
    {
        let text = model.text(word);
        let mut chars = text.chars();
        let single_letter = chars.next().is_some() && chars.next().is_none();
        let dotted = text.contains('.');
        if single_letter || dotted || is_listed(text, abbreviations) {
            return false;
        }
    }
    // A lower-case word right after, on the same line, continues the sentence.
    let mut j = last + 1;
    while let Some(t) = tokens.get(j) {
        match t.kind {
            TokenKind::Space => j += 1,
            TokenKind::Word => {
                return !model.text(t).chars().next().is_some_and(char::is_lowercase);
            }
            _ => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> (Counts, Vec<&str>) {
        let model = TextModel::new(text, 0..text.len());
        let abbreviations: Vec<String> = ["dott", "art", "ecc", "sig"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let found = sentences(&model, &abbreviations);
        let spans = found.iter().map(|s| &text[s.span.clone()]).collect();
        (Counts::of(&found), spans)
    }

    #[test]
    fn words_and_letters_by_hand() {
        // Il(2) mercato(7) è(1) aperto(6). → 4 words, 16 letters, 1 sentence.
        let (c, spans) = count("Il mercato è aperto.");
        assert_eq!((c.words, c.letters, c.sentences), (4, 16, 1));
        assert_eq!(spans, ["Il mercato è aperto."]);
    }

    #[test]
    fn elisions_accents_and_nfd() {
        // L'(1) ufficio(7) è(1) già(3) aperto(6) → 5 words, 18 letters; `è` typed as e + U+0300.
        let (c, _) = count("L\u{2019}ufficio e\u{300} già aperto");
        assert_eq!((c.words, c.letters, c.sentences), (5, 18, 1));
    }

    #[test]
    fn links_numbers_emoji_mentions_and_hashtags_are_not_words() {
        // Counted: Dalle(5) alle(4) su(2) e(1) → 4 words, 12 letters.
        let (c, _) = count(
            "Dalle 9:00 alle 12,30 su www.comune.alessandria.it 😀 e @Comune #Alessandria 2027",
        );
        assert_eq!((c.words, c.letters, c.sentences), (4, 12, 1));
    }

    #[test]
    fn sentence_ends() {
        let (c, spans) = count("Vieni! Davvero?! Sì... Forse. Ok");
        assert_eq!(c.sentences, 5);
        assert_eq!(spans, ["Vieni!", "Davvero?!", "Sì...", "Forse.", "Ok"]);
    }

    #[test]
    fn abbreviations_and_lower_case_continuations() {
        let (_, spans) = count(
            "Chiedete al dott. Rossi, p.es. via mail. Vedi l'art. 9 della S.p.A. Rossi. Anche G. Abonante, ecc. e altro. Fine",
        );
        assert_eq!(
            spans,
            [
                "Chiedete al dott. Rossi, p.es. via mail.",
                "Vedi l'art. 9 della S.p.A. Rossi.",
                "Anche G. Abonante, ecc. e altro.",
                "Fine"
            ]
        );
    }

    #[test]
    fn lines_are_sentences_and_closers_stay_inside() {
        let (c, spans) = count(
            "Orari estivi\n\n- lunedì: 9-12\n«Vi aspettiamo.» Poi (forse.) Basta\n#Estate 😀\n",
        );
        assert_eq!(c.sentences, 5);
        assert_eq!(
            spans,
            [
                "Orari estivi",
                "- lunedì: 9-12",
                "«Vi aspettiamo.»",
                "Poi (forse.)",
                "Basta"
            ]
        );
    }

    /// Gulpease of whole texts, each counted by hand in the comments.
    #[test]
    fn gulpease_of_hand_counted_texts() {
        let score = |text: &str| {
            let (c, _) = count(text);
            (c.words, c.letters, c.sentences, c.gulpease())
        };
        // Da(2) lunedì(6) la(2) biblioteca(10) civica(6) apre(4) anche(5) al(2) pomeriggio(10).
        //   → 9 words, 47 letters
        // Gli(3) orari(5) sono(4) sul(3) sito(4) del(3) Comune(6).
        //   → 7 words, 28 letters
        // 16 words, 75 letters, 2 sentences: 89 + (600 − 750) / 16 = 79.625
        let (w, l, s, g) = score(
            "Da lunedì la biblioteca civica apre anche al pomeriggio. Gli orari sono sul sito del Comune.",
        );
        assert_eq!((w, l, s), (16, 75, 2));
        assert!((g.unwrap_or_default() - 79.625).abs() < 1e-9, "{g:?}");

        // Per(3) ottenere(8) la(2) carta(5) d'(1) identità(8) elettronica(11) è(1) necessario(10)
        // prenotare(9) un(2) appuntamento(12) presso(6) gli(3) sportelli(9) dell'(4) Anagrafe(8).
        //   → 17 words, 102 letters
        // La(2) prenotazione(12) si(2) effettua(8) sul(3) portale(7) nazionale(9) del(3)
        // Ministero(9) dell'(4) Interno(7).
        //   → 11 words, 66 letters
        // 28 words, 168 letters, 2 sentences: 89 + (600 − 1680) / 28 = 50.428…
        let (w, l, s, g) = score(
            "Per ottenere la carta d'identità elettronica è necessario prenotare un appuntamento presso gli sportelli dell'Anagrafe. La prenotazione si effettua sul portale nazionale del Ministero dell'Interno.",
        );
        assert_eq!((w, l, s), (28, 168, 2));
        assert!(
            (g.unwrap_or_default() - (89.0 - 1080.0 / 28.0)).abs() < 1e-9,
            "{g:?}"
        );

        // Si(2) comunica(8) che(3) in(2) ottemperanza(12) alle(4) disposizioni(12) vigenti(7)
        // il(2) pagamento(9) dell'(4) imposta(7) dovrà(5) essere(6) effettuato(10) entro(5) e(1)
        // non(3) oltre(5) il(2) termine(7) stabilito(9) dall'(4) amministrazione(15) comunale(8).
        // 25 words, 152 letters, 1 sentence: 89 + (300 − 1520) / 25 = 40.2
        let (w, l, s, g) = score(
            "Si comunica che, in ottemperanza alle disposizioni vigenti, il pagamento dell'imposta dovrà essere effettuato entro e non oltre il termine stabilito dall'amministrazione comunale.",
        );
        assert_eq!((w, l, s), (25, 152, 1));
        assert!((g.unwrap_or_default() - 40.2).abs() < 1e-9, "{g:?}");

        // Raccolta(8) rifiuti(7) nuovi(5) orari(5) dal(3) [3] marzo(5). → 6 words, 33 letters
        // Carta(5) e(1) plastica(8) il(2) lunedì(6)                      → 5 words, 22 letters
        // Vetro(5) il(2) giovedì(7)                                      → 3 words, 14 letters
        // Info(4) su(2) [link] [hashtag] [emoji]                         → 2 words, 6 letters
        // 16 words, 75 letters, 4 sentences: 89 + (1200 − 750) / 16 = 117.1 → 100.
        let (w, l, s, g) = score(
            "Raccolta rifiuti: nuovi orari dal 3 marzo.\nCarta e plastica il lunedì\nVetro il giovedì\nInfo su www.comune.alessandria.it #Alessandria 😀",
        );
        assert_eq!((w, l, s, g), (16, 75, 4, Some(100.0)));
    }

    #[test]
    fn equal_abbreviation_lists_share_one_split_and_others_split_again() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut a = Abbreviations::new(words(&["dott", "art"]));
        let mut b = Abbreviations::new(words(&["dott", "art"]));
        let mut c = Abbreviations::new(words(&["dott"]));
        assert!(a.same_as(&b) && !a.same_as(&c));
        let mut seen = Vec::new();
        for list in [&mut a, &mut b, &mut c] {
            list.share(&mut seen);
        }
        assert!(std::sync::Arc::ptr_eq(&a.0, &b.0) && seen.len() == 2);
        let text = "Vedi l'art. 9 del regolamento. Chiedi al dott. Rossi.";
        let model = TextModel::new(text, 0..text.len());
        for list in [&a, &c, &b] {
            assert_eq!(
                model.sentences(list).into_owned(),
                sentences(&model, list.words())
            );
        }
        assert_eq!(model.sentences(&c).len(), 3);
    }

    /// The two sentence rules differ where the module documentation says.
    #[test]
    fn the_window_rule_ends_sentences_where_the_count_goes_on() {
        let text = "Chiedete al sig. Rossi, ecc. e altro. M. Bianchi";
        let model = TextModel::new(text, 0..text.len());
        let honorifics = std::collections::BTreeSet::from(["sig".to_owned()]);
        let ends: Vec<&str> = (0..model.tokens.len())
            .filter(|&i| {
                model.tokens[i].kind == TokenKind::Punct && ends_sentence_at(&model, i, &honorifics)
            })
            .map(|i| &text[..model.tokens[i].span.end])
            .collect();
        assert_eq!(
            ends,
            [
                "Chiedete al sig. Rossi, ecc.",
                "Chiedete al sig. Rossi, ecc. e altro."
            ]
        );
        let (_, spans) = count(text);
        assert_eq!(
            spans,
            ["Chiedete al sig. Rossi, ecc. e altro.", "M. Bianchi"]
        );
    }

    #[test]
    fn gulpease_formula() {
        // 89 + (300·1 − 10·16) / 4 = 89 + 35 = 124 → clamped to 100.
        assert_eq!(gulpease(4, 16, 1), Some(100.0));
        // 89 + (300·2 − 10·250) / 50 = 89 − 38 = 51.
        assert_eq!(gulpease(50, 250, 2), Some(51.0));
        assert_eq!(gulpease(0, 0, 0), None);
        // Very long words can push it below zero: clamped.
        assert_eq!(gulpease(1, 40, 0), Some(0.0));
    }

    #[test]
    fn byte_matches_agree_with_the_lists() {
        let marks = TERMINATORS.iter().chain(CLOSERS).copied();
        for text in marks.chain(["", "..", "!?", "«", "“", "‘", ":", ";", ",", "(", "a"]) {
            assert_eq!(
                is_terminator_text(text),
                TERMINATORS.contains(&text),
                "{text:?}"
            );
            assert_eq!(is_closer_text(text), CLOSERS.contains(&text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(1000))]
        #[test]
        fn shortcuts_agree_with_the_plain_definitions(
            text in super::super::samples::draft_text(),
            word in "(?i)(dott|art|ecc|sig|città|x)[a-zà\u{300}’]{0,2}",
        ) {
            let abbreviations: Vec<String> = ["dott", "art", "ecc", "sig", "città", "x'"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            proptest::prop_assert_eq!(
                letters(&text),
                text.chars().filter(|c| c.is_alphabetic()).count()
            );
            let model = TextModel::new(&text, 0..text.len());
            for token in &model.tokens {
                let expected = if token.kind == TokenKind::Word {
                    letters(model.norm(token))
                } else {
                    0
                };
                proptest::prop_assert_eq!(token.letters as usize, expected, "{:?}", token);
            }
            for w in [&text, &word] {
                proptest::prop_assert_eq!(
                    is_listed(w, &abbreviations),
                    abbreviations.iter().any(|a| *a == normalize(w)),
                    "{:?}", w
                );
            }
        }
    }
}
