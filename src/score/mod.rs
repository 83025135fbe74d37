//! The content scorer: an explainable linear score for political and commercial language.
//!
//! The lists of `content/political` and `content/advertising` find party names, calls to vote
//! and shop phrases; a quarter of partisan posts and most listings say none of them. The scorer
//! is the second opinion: each class (`political`, `commercial`) has a weight for each feature
//! of [`features`] (words, word pairs, number shapes, prices); a draft's score is the class bias
//! plus the sum of the weights of the features it has, divided by the square root of its number
//! of features (at least the model's `norm`), so a long text does not win by its length and a
//! one-line reply is not judged on one word. The class is reported when the score reaches its
//! threshold, with the features that weighed most, so a writer sees why.
//!
//! The weights are data: `rules/model/content.tsv`, turned into tables by `build.rs` (features
//! keyed by [`feature_key`], see `table.rs`), trained by
//! `scripts/content-model/train.py` (data, licences and how to rebuild it in that folder's
//! README). Its format is plain text, one record a line, tab-separated:
//!
//! ```text
//! # comment
//! !model     alpost-content-model/1
//! !features  alpost-content-features/1
//! !trained   COMMIT  SOURCES-HASH
//! !norm      12
//! !class     political   BIAS  THRESHOLD
//! political  w:lega      1.2345
//! ```

pub mod features;
pub mod reference;
pub(crate) mod table;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use crate::text::segment::{Lexicon, lexicon};

pub use features::SPEC as FEATURE_SPEC;
pub use table::feature_key;

/// The model format this code reads.
pub const MODEL_FORMAT: &str = table::MODEL_FORMAT;

/// `rules/model/content.tsv` as tables, written by `build.rs`.
// Learned weights such as -2.7182 or 3.14 are data that happen to lie near e or pi.
#[allow(clippy::approx_constant)]
mod embedded_tables {
    include!(concat!(env!("OUT_DIR"), "/content_model.rs"));
}
use embedded_tables::STOP_KEYS;

/// Why a weights file was refused (the line is 1-based).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the model file says no `!model {MODEL_FORMAT}` line")]
    NoFormat,
    #[error("the model file has no `!class` line")]
    NoClass,
    #[error("features {0:?} and {1:?} have the same key")]
    SharedKey(String, String),
}

impl From<table::RawError> for ModelError {
    fn from(e: table::RawError) -> ModelError {
        match e {
            table::RawError::Line(line, message) => ModelError::Line { line, message },
            table::RawError::NoFormat => ModelError::NoFormat,
            table::RawError::NoClass => ModelError::NoClass,
            table::RawError::SharedKey(a, b) => ModelError::SharedKey(a, b),
        }
    }
}

/// One class of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub bias: f64,
    pub threshold: f64,
}

/// A weights file as a table (the embedded one is built at compile time).
#[derive(Clone)]
pub struct Model {
    pub classes: Vec<Class>,
    /// `!trained` fields: the commit the trainer ran from and the hash of its sources list.
    pub trained: Vec<String>,
    norm: usize,
    len: usize,
    bits: u32,
    /// Feature keys, sorted ([`feature_key`] of the feature's name).
    keys: Cow<'static, [u64]>,
    index: Cow<'static, [u32]>,
    /// One weight per class for each key, row by row.
    weights: Cow<'static, [f32]>,
    /// The feature of each key, for the explanation.
    names: Cow<'static, [Cow<'static, str>]>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("classes", &self.classes)
            .field("trained", &self.trained)
            .field("norm", &self.norm)
            .field("weights", &self.len)
            .finish_non_exhaustive()
    }
}

/// What a feature added to a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature as the model names it (`w:lega`, `b:vota lega`, `p:price`).
    pub feature: String,
    /// Its weight in the class.
    pub weight: f64,
    /// What it added to this draft's score (the weight over the draft's divisor).
    pub contribution: f64,
}

impl Contribution {
    /// The feature as a writer reads it: the word or words, or what a shape stands for.
    pub fn label(&self) -> String {
        let f = self.feature.as_str();
        if let Some(w) = f.strip_prefix("w:").or_else(|| f.strip_prefix("b:")) {
            return w.replace("<num>", "numero");
        }
        match f {
            "p:price" => "un prezzo".into(),
            "p:pct" => "una percentuale".into(),
            "p:eur" => "il simbolo di una valuta".into(),
            "p:caps" => "parole in maiuscolo".into(),
            "p:excl" => "«!!»".into(),
            _ => match f.strip_prefix("n:") {
                Some(shape) => format!(
                    "un numero come {}",
                    shape.replace("dddd+", "99999").replace('d', "9")
                ),
                None => f.to_owned(),
            },
        }
    }
}

/// A draft's score in one class.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub class: String,
    pub value: f64,
    pub threshold: f64,
    /// The features that raised the score most, largest first (at most five).
    pub top: Vec<Contribution>,
}

impl Score {
    /// Whether the score reaches the model's threshold for its class.
    pub fn fired(&self) -> bool {
        self.fired_at(self.threshold)
    }

    /// Whether the score reaches `threshold`: for a threshold set in configuration rather than
    /// the one the model was trained with.
    pub fn fired_at(&self, threshold: f64) -> bool {
        self.value >= threshold
    }
}

/// The set of feature keys seen in one draft (open addressing; key 0 stands for itself and 1
/// alike, which costs nothing but a one-in-2^63 merge).
#[derive(Default)]
struct KeySet {
    slots: Vec<u64>,
    len: usize,
}

impl KeySet {
    fn reset(&mut self, expect: usize) {
        let want = (expect * 2).next_power_of_two().max(64);
        // A table much larger than the draft needs would cost more to clear than to allocate.
        if self.slots.len() < want || self.slots.len() > want * 8 {
            self.slots = vec![0; want];
        } else {
            self.slots.fill(0);
        }
        self.len = 0;
    }

    /// Adds `key`; false if it was there.
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = key.max(1);
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.len = 0;
        for k in old.into_iter().filter(|&k| k != 0) {
            self.insert(k);
        }
    }
}

/// Per-thread buffers of the scorer, reused from draft to draft.
#[derive(Default)]
struct Scratch {
    buffers: features::Buffers,
    seen: KeySet,
    hits: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

struct Collect<'s, 'm> {
    model: &'m Model,
    seen: &'s mut KeySet,
    hits: &'s mut Vec<u32>,
}

impl features::Sink for Collect<'_, '_> {
    #[inline]
    fn feature(&mut self, _bytes: &[u8], key: u64) {
        if self.seen.insert(key) {
            if let Some(i) = self.model.find(key) {
                self.hits.push(i as u32);
            }
        }
    }
}

impl Model {
    /// Parses a weights file. Every problem is an error with its line, never a panic.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let raw = table::parse_model(text)?;
        let t = table::model_table(&raw)?;
        Ok(Model {
            classes: raw
                .classes
                .iter()
                .map(|c| Class {
                    name: c.name.clone(),
                    bias: c.bias,
                    threshold: c.threshold,
                })
                .collect(),
            trained: raw.trained,
            norm: raw.norm,
            len: raw.weights.len(),
            bits: t.bits,
            keys: Cow::Owned(t.keys),
            index: Cow::Owned(t.index),
            weights: Cow::Owned(t.weights),
            names: Cow::Owned(t.names.into_iter().map(Cow::Owned).collect()),
        })
    }

    /// Number of (class, feature) weights.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.name == name)
    }

    /// The threshold of a class (`political`, `commercial`), as chosen when training.
    pub fn threshold(&self, class: &str) -> Option<f64> {
        self.class(class).map(|c| c.threshold)
    }

    /// Sets the threshold of a class, so that the scores it gives fire at `value` (a copy of
    /// the embedded model shares its tables: only the class list is copied). False, and no
    /// change, if the model has no such class or `value` is not a finite number.
    pub fn set_threshold(&mut self, class: &str, value: f64) -> bool {
        match self.classes.iter_mut().find(|c| c.name == class) {
            Some(c) if value.is_finite() => {
                c.threshold = value;
                true
            }
            _ => false,
        }
    }

    /// The weight of `feature` in `class`, if the model has one.
    pub fn weight(&self, class: &str, feature: &str) -> Option<f64> {
        let c = self.classes.iter().position(|x| x.name == class)?;
        let i = self.find(feature_key(feature.as_bytes()))?;
        let w = self.weights[i * self.classes.len() + c];
        (self.names[i] == feature && w != 0.0).then_some(f64::from(w))
    }

    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        table::find(&self.keys, &self.index, self.bits, key)
    }

    /// Scores of `text` in every class, in the order of the model's `!class` lines.
    pub fn score(&self, text: &str) -> Vec<Score> {
        self.score_with(text, lexicon())
    }

    /// Scores of already extracted features (sorted, unique, as [`features::features`] gives).
    pub fn score_features(&self, feats: &[String]) -> Vec<Score> {
        let hits: Vec<u32> = feats
            .iter()
            .filter_map(|f| self.find(feature_key(f.as_bytes())))
            .map(|i| i as u32)
            .collect();
        self.scores(feats.len(), &hits)
    }

    /// [`Model::score`] with a given word list for hashtags.
    pub fn score_with(&self, text: &str, lex: &Lexicon<'_>) -> Vec<Score> {
        let run = |s: &mut Scratch| {
            s.seen.reset(text.len() / 3);
            s.hits.clear();
            let mut sink = Collect {
                model: self,
                seen: &mut s.seen,
                hits: &mut s.hits,
            };
            features::extract(text, lex, &mut s.buffers, &mut sink);
            self.scores(s.seen.len, &s.hits)
        };
        SCRATCH
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut s) => run(&mut s),
                // Only if a scorer runs inside another on this thread: fresh buffers.
                Err(_) => run(&mut Scratch::default()),
            })
            .unwrap_or_else(|_| run(&mut Scratch::default()))
    }

    /// The scores of a draft with `count` distinct features, of which `hits` (table rows) have
    /// weights.
    fn scores(&self, count: usize, hits: &[u32]) -> Vec<Score> {
        let nc = self.classes.len();
        let div = (count.max(self.norm) as f64).sqrt();
        self.classes
            .iter()
            .enumerate()
            .map(|(c, class)| {
                let mut value = class.bias;
                let mut top: Vec<(f32, usize)> = Vec::new();
                for &h in hits {
                    let h = h as usize;
                    let w = self.weights[h * nc + c];
                    value += f64::from(w) / div;
                    if w > 0.0 {
                        top.push((w, h));
                    }
                }
                top.sort_by(|a, b| {
                    b.0.total_cmp(&a.0)
                        .then_with(|| self.names[a.1].cmp(&self.names[b.1]))
                });
                top.truncate(5);
                Score {
                    class: class.name.clone(),
                    value,
                    threshold: class.threshold,
                    top: top
                        .into_iter()
                        .map(|(w, h)| Contribution {
                            feature: self.names[h].clone().into_owned(),
                            weight: f64::from(w),
                            contribution: f64::from(w) / div,
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The score of `text` in one class, or `None` if the model has no such class.
    pub fn score_class(&self, text: &str, class: &str) -> Option<Score> {
        self.score(text).into_iter().find(|s| s.class == class)
    }
}

/// The embedded model (`rules/model/content.tsv`), built into the binary as tables by
/// `build.rs`: nothing is parsed at run time (a broken file fails the build), so this never
/// fails; the `Result` is kept for callers written against a parsed file.
pub fn embedded() -> Result<&'static Model, &'static ModelError> {
    use embedded_tables as t;
    static MODEL: OnceLock<Model> = OnceLock::new();
    Ok(MODEL.get_or_init(|| Model {
        classes: t::CLASSES
            .iter()
            .map(|&(name, bias, threshold)| Class {
                name: name.to_owned(),
                bias,
                threshold,
            })
            .collect(),
        trained: t::TRAINED.iter().map(|s| (*s).to_owned()).collect(),
        norm: t::NORM,
        len: t::LEN,
        bits: t::BITS,
        keys: Cow::Borrowed(&t::KEYS),
        index: Cow::Borrowed(&t::INDEX),
        weights: Cow::Borrowed(&t::WEIGHTS),
        names: Cow::Borrowed(&t::NAMES),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "# tiny\n!model\talpost-content-model/1\n!features\talpost-content-features/1\n\
        !norm\t1\n!class\tpolitical\t0\t1\n!class\tcommercial\t-1\t0.5\n\
        political\tw:lega\t2\npolitical\tw:vota\t2\ncommercial\tp:price\t3\ncommercial\tw:lega\t-1\n";

    #[test]
    fn parses_and_scores_a_small_model() {
        let m = Model::parse(TINY).expect("valid model");
        assert_eq!(m.len(), 4);
        assert_eq!(m.class("commercial").map(|c| c.threshold), Some(0.5));
        // vota, lega and «vota lega»: three features, (2 + 2) / sqrt(3).
        let s = m.score("Vota Lega");
        assert!((s[0].value - 4.0 / 3f64.sqrt()).abs() < 1e-9);
        assert!(s[0].fired());
        assert_eq!(s[0].top[0].feature, "w:lega");
        assert_eq!(s[0].top.len(), 2);
        assert!((s[1].value - (-1.0 - 1.0 / 3f64.sqrt())).abs() < 1e-9);
        assert!(!s[1].fired());
        assert!(s[1].top.is_empty());
    }

    #[test]
    fn refuses_broken_files_with_their_line() {
        let bad = |text: &str| Model::parse(text).expect_err("refused");
        assert_eq!(bad(""), ModelError::NoFormat);
        assert_eq!(bad("!model\talpost-content-model/1\n"), ModelError::NoClass);
        assert!(matches!(
            bad("!model\tother/9\n"),
            ModelError::Line { line: 1, .. }
        ));
        let head = "!model\talpost-content-model/1\n!class\tpolitical\t0\t1\n";
        assert!(matches!(
            bad(&format!("{head}political\tw:x\tabc\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}political\tw:x\tNaN\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}other\tw:x\t1\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}political\tw:x\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}political\tw:x\t1\npolitical\tw:x\t2\n")),
            ModelError::Line { line: 4, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}!class\tpolitical\t0\t1\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}!norm\t0\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad(&format!("{head}!frobnicate\n")),
            ModelError::Line { line: 3, .. }
        ));
        assert!(matches!(
            bad("!model\talpost-content-model/1\n!features\tv0\n"),
            ModelError::Line { line: 2, .. }
        ));
    }

    #[test]
    fn thresholds_can_be_overridden() {
        let mut m = Model::parse(TINY).expect("valid model");
        assert_eq!(m.threshold("political"), Some(1.0));
        assert_eq!(m.threshold("other"), None);
        let before = m.score("Vota Lega")[0].clone();
        assert!(before.fired());
        assert!(!before.fired_at(before.value + 0.01));
        assert!(m.set_threshold("political", 10.0));
        assert!(!m.set_threshold("political", f64::NAN));
        assert!(!m.set_threshold("other", 1.0));
        let after = m.score("Vota Lega")[0].clone();
        assert_eq!(after.value, before.value);
        assert_eq!(after.threshold, 10.0);
        assert!(!after.fired());
        let mut e = embedded().expect("embedded").clone();
        assert!(e.set_threshold("commercial", -100.0));
        assert!(e.score("buongiorno")[1].fired());
        assert!(!embedded().expect("embedded").score("buongiorno")[1].fired());
    }

    #[test]
    fn contributions_read_as_words() {
        let c = |f: &str| {
            Contribution {
                feature: f.into(),
                weight: 1.0,
                contribution: 1.0,
            }
            .label()
        };
        assert_eq!(c("w:lega"), "lega");
        assert_eq!(c("b:prezzo <num>"), "prezzo numero");
        assert_eq!(c("p:price"), "un prezzo");
        assert_eq!(c("n:dd.ddd"), "un numero come 99.999");
    }

    fn scores(text: &str) -> (Score, Score) {
        let m = embedded().expect("the committed weights load");
        let s = m.score(text);
        let get = |n: &str| s.iter().find(|x| x.class == n).cloned().expect("class");
        (get("political"), get("commercial"))
    }

    #[test]
    fn the_committed_weights_load() {
        let m = embedded().expect("the committed weights load");
        assert!(m.len() > 1000);
        assert!(m.class("political").is_some());
        assert!(m.class("commercial").is_some());
        assert_eq!(m.trained.len(), 2);
    }

    #[test]
    fn partisan_drafts_score_political() {
        for text in [
            "La sinistra ha fallito: basta tasse, basta immigrazione clandestina. Avanti con il centrodestra!",
            "Il 25 settembre vota Lega! Prima gli italiani #votalega",
            "Il PD vuole la patrimoniale e più tasse sugli italiani. Noi diciamo no: flat tax e sicurezza. #votaLega",
        ] {
            let (p, c) = scores(text);
            assert!(
                p.fired(),
                "{text}: political {:.2} < {:.2}",
                p.value,
                p.threshold
            );
            assert!(!c.fired(), "{text}: commercial {:.2}", c.value);
            assert!(!p.top.is_empty());
        }
        let (p, _) = scores("La sinistra ha fallito: basta tasse. Avanti con il centrodestra!");
        let words: Vec<String> = p.top.iter().map(Contribution::label).collect();
        assert!(
            words
                .iter()
                .any(|w| w.contains("sinistra") || w.contains("centrodestra")),
            "{words:?}"
        );
    }

    #[test]
    fn listings_score_commercial() {
        for text in [
            "Vendesi trilocale in centro, 85 mq, prezzo 99.000 euro trattabili. No agenzie.",
            "Villa indipendente con giardino di 800 mq, 4 locali, 2 bagni, box doppio. Prezzo 420.000 €",
        ] {
            let (p, c) = scores(text);
            assert!(
                c.fired(),
                "{text}: commercial {:.2} < {:.2}",
                c.value,
                c.threshold
            );
            assert!(!p.fired(), "{text}: political {:.2}", p.value);
            assert!(!c.top.is_empty());
        }
    }

    #[test]
    fn institutional_drafts_stay_below_both_thresholds() {
        for text in [
            "Il Comune informa che da lunedì 3 marzo l'ufficio tributi sarà aperto dalle 9 alle 12. Per informazioni chiamare l'URP.",
            "Tariffe TARI 2026: la prima rata scade il 16 maggio. Il pagamento si fa con l'avviso PagoPA.",
            "Bando per l'assegnazione di contributi alle associazioni sportive: domande entro il 30 giugno sul sito del Comune.",
            "Allerta meteo arancione per domani: scuole chiuse, evitate i sottopassi.",
            "Saldi invernali: dal 4 gennaio al 28 febbraio. Le vendite promozionali sono vietate nei 30 giorni precedenti.",
            "Buongiorno, grazie per la segnalazione: la giriamo all'ufficio manutenzioni.",
            "Complimenti ai nostri atleti per le medaglie ai campionati regionali!",
            "",
        ] {
            let (p, c) = scores(text);
            assert!(
                !p.fired(),
                "{text}: political {:.2} >= {:.2}",
                p.value,
                p.threshold
            );
            assert!(
                !c.fired(),
                "{text}: commercial {:.2} >= {:.2}",
                c.value,
                c.threshold
            );
        }
    }
}
