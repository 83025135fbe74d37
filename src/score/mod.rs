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
//! The weights are data: `rules/model/content.tsv`, embedded, trained by
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

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::text::segment::{Lexicon, lexicon};

pub use features::SPEC as FEATURE_SPEC;

/// The model format this code reads.
pub const MODEL_FORMAT: &str = "alpost-content-model/1";

const EMBEDDED: &str = include_str!("../../rules/model/content.tsv");

/// Why a weights file was refused (the line is 1-based).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the model file says no `!model {MODEL_FORMAT}` line")]
    NoFormat,
    #[error("the model file has no `!class` line")]
    NoClass,
}

fn line_err(line: usize, message: impl Into<String>) -> ModelError {
    ModelError::Line {
        line,
        message: message.into(),
    }
}

/// One class of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub bias: f64,
    pub threshold: f64,
}

/// A parsed weights file.
#[derive(Debug, Clone)]
pub struct Model {
    pub classes: Vec<Class>,
    /// `!trained` fields: the commit the trainer ran from and the hash of its sources list.
    pub trained: Vec<String>,
    norm: usize,
    /// Feature -> (class index, weight) pairs.
    weights: FxHashMap<String, Vec<(u8, f64)>>,
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
    pub fn fired(&self) -> bool {
        self.value >= self.threshold
    }
}

impl Model {
    /// Parses a weights file. Every problem is an error with its line, never a panic.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let mut classes: Vec<Class> = Vec::new();
        let mut trained = Vec::new();
        let mut norm = 1usize;
        let mut format = false;
        let mut weights: FxHashMap<String, Vec<(u8, f64)>> = FxHashMap::default();
        for (k, raw) in text.lines().enumerate() {
            let line = k + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = raw.split('\t').collect();
            match f[0] {
                "!model" => {
                    if f.get(1) != Some(&MODEL_FORMAT) {
                        return Err(line_err(
                            line,
                            format!(
                                "model format {:?}, this alpost reads {MODEL_FORMAT}",
                                f.get(1).unwrap_or(&"")
                            ),
                        ));
                    }
                    format = true;
                }
                "!features" => {
                    if f.get(1) != Some(&features::SPEC) {
                        return Err(line_err(
                            line,
                            format!(
                                "feature spec {:?}, this alpost computes {}",
                                f.get(1).unwrap_or(&""),
                                features::SPEC
                            ),
                        ));
                    }
                }
                "!trained" => trained = f[1..].iter().map(|s| (*s).to_owned()).collect(),
                "!norm" => {
                    norm = f
                        .get(1)
                        .and_then(|s| s.parse::<usize>().ok())
                        .filter(|&n| n >= 1)
                        .ok_or_else(|| {
                            line_err(line, "`!norm` needs a whole number of at least 1")
                        })?;
                }
                "!class" => {
                    if f.len() != 4 {
                        return Err(line_err(
                            line,
                            "`!class` needs a name, a bias and a threshold",
                        ));
                    }
                    if classes.iter().any(|c| c.name == f[1]) {
                        return Err(line_err(line, format!("class {:?} declared twice", f[1])));
                    }
                    if classes.len() >= usize::from(u8::MAX) {
                        return Err(line_err(line, "too many classes"));
                    }
                    classes.push(Class {
                        name: f[1].to_owned(),
                        bias: number(f[2], line)?,
                        threshold: number(f[3], line)?,
                    });
                }
                d if d.starts_with('!') => {
                    return Err(line_err(line, format!("unknown directive {d:?}")));
                }
                class => {
                    if f.len() != 3 {
                        return Err(line_err(line, "a weight line is: class, feature, weight"));
                    }
                    let idx = classes
                        .iter()
                        .position(|c| c.name == class)
                        .ok_or_else(|| {
                            line_err(
                                line,
                                format!("class {class:?} has no `!class` line before it"),
                            )
                        })?;
                    let w = number(f[2], line)?;
                    let entry = weights.entry(f[1].to_owned()).or_default();
                    if entry.iter().any(|&(c, _)| usize::from(c) == idx) {
                        return Err(line_err(
                            line,
                            format!("feature {:?} weighed twice in {class}", f[1]),
                        ));
                    }
                    entry.push((idx as u8, w));
                }
            }
        }
        if !format {
            return Err(ModelError::NoFormat);
        }
        if classes.is_empty() {
            return Err(ModelError::NoClass);
        }
        Ok(Model {
            classes,
            trained,
            norm,
            weights,
        })
    }

    /// Number of (class, feature) weights.
    pub fn len(&self) -> usize {
        self.weights.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.name == name)
    }

    /// Scores of `text` in every class, in the order of the model's `!class` lines.
    pub fn score(&self, text: &str) -> Vec<Score> {
        self.score_with(text, lexicon())
    }

    /// Scores of already extracted features (sorted, unique, as [`features::features`] gives).
    pub fn score_features(&self, feats: &[String]) -> Vec<Score> {
        let div = (feats.len().max(self.norm) as f64).sqrt();
        let mut sums: Vec<f64> = self.classes.iter().map(|c| c.bias).collect();
        let mut tops: Vec<Vec<Contribution>> = vec![Vec::new(); self.classes.len()];
        for f in feats {
            let Some(ws) = self.weights.get(f.as_str()) else {
                continue;
            };
            for &(c, w) in ws {
                let c = usize::from(c);
                sums[c] += w / div;
                if w > 0.0 {
                    tops[c].push(Contribution {
                        feature: f.clone(),
                        weight: w,
                        contribution: w / div,
                    });
                }
            }
        }
        self.classes
            .iter()
            .zip(sums)
            .zip(tops)
            .map(|((class, value), mut top)| {
                top.sort_by(|a, b| {
                    b.weight
                        .total_cmp(&a.weight)
                        .then_with(|| a.feature.cmp(&b.feature))
                });
                top.truncate(5);
                Score {
                    class: class.name.clone(),
                    value,
                    threshold: class.threshold,
                    top,
                }
            })
            .collect()
    }

    /// [`Model::score`] with a given word list for hashtags.
    pub fn score_with(&self, text: &str, lex: &Lexicon<'_>) -> Vec<Score> {
        self.score_features(&features::features(text, lex))
    }

    /// The score of `text` in one class, or `None` if the model has no such class.
    pub fn score_class(&self, text: &str, class: &str) -> Option<Score> {
        self.score(text).into_iter().find(|s| s.class == class)
    }
}

fn number(s: &str, line: usize) -> Result<f64, ModelError> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| line_err(line, format!("{s:?} is not a number")))
}

/// The embedded model (`rules/model/content.tsv`), parsed on first use.
pub fn embedded() -> Result<&'static Model, &'static ModelError> {
    static MODEL: OnceLock<Result<Model, ModelError>> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(EMBEDDED)).as_ref()
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
            "Questo governo di incapaci sta distruggendo l'Italia. Noi siamo pronti a governare.",
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
            "Fiat Panda 1.2 anno 2018, 45.000 km, unico proprietario, 7.900 €",
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
