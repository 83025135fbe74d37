//! `attribution`: a draft that declares a `source` (reproduced or third-party content) must
//! cite that channel in its text.
//!
//! The source is read as the writer gives it: a name ("Prefettura di Alessandria, comunicato
//! del 20 novembre"), a link, an @handle, or a mix. The text cites it when it contains the
//! name (the part before the first comma or bracket, or just its head before `di`/`del`…:
//! "la Prefettura"), a link to the same site, the same @handle, or one of the pack's citation
//! markers ("Fonte:", "tratto da"). A finding points at the start of the text.

use serde::Deserialize;

use super::{Check, Context, Hit, front_matter_anchor, params};
use crate::text::normalize::normalize;
use crate::text::phrase::PhraseMatcher;
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Phrases that cite a source whatever it is called ("fonte:", "tratto da").
    markers: Vec<String>,
    /// Words that end the head of a source name ("di", "del"…).
    #[serde(default)]
    head_stops: Vec<String>,
    /// Heads too generic to cite a source alone ("Comune" of "Comune di Valenza").
    #[serde(default)]
    weak_heads: Vec<String>,
}

#[derive(Debug)]
struct Attribution {
    markers: PhraseMatcher,
    head_stops: Vec<String>,
    weak_heads: Vec<String>,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let mut markers = PhraseMatcher::default();
    for phrase in &p.markers {
        markers.add(phrase, false, 0)?;
    }
    Ok(Box::new(Attribution {
        markers,
        head_stops: p.head_stops.iter().map(|w| normalize(w)).collect(),
        weak_heads: p.weak_heads.iter().map(|w| normalize(w)).collect(),
    }))
}

/// What in a `source` value can be looked for in the text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Cited {
    /// Names as phrases: the whole name and its head.
    names: Vec<String>,
    /// Hosts of the links in the source, without `www.`.
    hosts: Vec<String>,
    /// @handles, lower case, with the `@`.
    handles: Vec<String>,
}

impl Attribution {
    fn parse_source(&self, source: &str) -> Cited {
        let model = TextModel::new(source, 0..source.len());
        let mut cited = Cited::default();
        for token in &model.tokens {
            let text = model.text(token);
            match token.kind {
                TokenKind::Url => cited.hosts.extend(host_of(text)),
                TokenKind::Mention => cited.handles.push(text.to_lowercase()),
                _ => {}
            }
        }
        // The name: words up to the first comma, bracket or link.
        let mut name: Vec<&str> = Vec::new();
        for token in &model.tokens {
            match token.kind {
                TokenKind::Word | TokenKind::Number | TokenKind::Space => {
                    name.push(model.text(token));
                }
                TokenKind::Punct if matches!(model.text(token), "'" | "’" | "-" | ".") => {
                    name.push(model.text(token));
                }
                _ => break,
            }
        }
        let name = name.concat().trim().to_owned();
        if name.is_empty() {
            return cited;
        }
        let head: Vec<&str> = name
            .split_whitespace()
            .take_while(|w| !self.head_stops.contains(&normalize(w)))
            .collect();
        let head = head.join(" ");
        if !head.is_empty() && head != name && !self.weak_heads.contains(&normalize(&head)) {
            cited.names.push(head);
        }
        if let Some(proper) = self.proper_name(&name)
            && !cited.names.contains(&proper)
        {
            cited.names.push(proper);
        }
        cited.names.push(name);
        cited
    }

    /// The name without what describes the channel before it: «Alessandria Segnalazioni» of
    /// «pagina Facebook Alessandria Segnalazioni». Words in small letters, generic heads
    /// (`pagina`, `profilo`) and platform names lead; the rest, when it starts with a capital
    /// and holds two words or more, names the source.
    fn proper_name(&self, name: &str) -> Option<String> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let lead = words
            .iter()
            .take_while(|w| {
                let n = normalize(w);
                !w.starts_with(char::is_uppercase)
                    || self.weak_heads.contains(&n)
                    || PLATFORMS.contains(&n.as_str())
            })
            .count();
        let rest = &words[lead..];
        (lead > 0 && rest.len() >= 2).then(|| rest.join(" "))
    }

    fn cites(&self, model: &TextModel<'_>, cited: &Cited) -> bool {
        let mut names = PhraseMatcher::default();
        for name in &cited.names {
            // A name is plain words here, so it always compiles; skip it if it does not.
            let _ = names.add(name, false, 0);
        }
        (0..model.tokens.len()).any(|i| {
            let token = &model.tokens[i];
            let text = model.text(token);
            match token.kind {
                TokenKind::Url => host_of(text).is_some_and(|h| cited.hosts.contains(&h)),
                TokenKind::Mention => cited.handles.contains(&text.to_lowercase()),
                _ => names.any_at(model, i) || self.markers.any_at(model, i),
            }
        })
    }
}

/// Platform names that describe a channel rather than name it («pagina Facebook …»).
const PLATFORMS: &[&str] = &[
    "facebook",
    "instagram",
    "x",
    "twitter",
    "threads",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
    "linkedin",
    "bluesky",
    "mastodon",
];

/// The host of a link written with or without a scheme, lower case and without `www.`.
fn host_of(link: &str) -> Option<String> {
    let parsed = url::Url::parse(link)
        .ok()
        .filter(|u| u.host_str().is_some())
        .or_else(|| url::Url::parse(&format!("https://{link}")).ok())?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

impl Check for Attribution {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(source) = cx.draft.front.source.as_deref().map(str::trim) else {
            return;
        };
        if source.is_empty() {
            return;
        }
        let cited = self.parse_source(source);
        if !self.cites(cx.text, &cited) {
            hits.push(Hit::at(front_matter_anchor(cx.text)).var("source", source));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &str = r#"
        markers = ["fonte:", "tratto da"]
        head_stops = ["di", "del", "della", "dell'"]
        weak_heads = ["comune"]
    "#;

    fn fires(source: &str, text: &str) -> bool {
        let draft = format!("+++\nsource = {source:?}\n+++\n{text}");
        !super::super::run_on(build, PARAMS, &draft).is_empty()
    }

    #[test]
    fn a_channel_is_cited_by_its_proper_name() {
        let source = "pagina Facebook Alessandria Segnalazioni";
        assert!(!fires(
            source,
            "Alessandria Segnalazioni riporta che domani chiude il ponte Meier."
        ));
        assert!(fires(source, "Domani chiude il ponte Meier."));
        // One word left is too little to name a source: «Facebook Alessandria».
        assert!(fires(
            "pagina Facebook Alessandria",
            "Alessandria: domani chiude il ponte."
        ));
    }

    #[test]
    fn a_source_is_read_as_name_head_link_and_handle() {
        let a = Attribution {
            markers: PhraseMatcher::default(),
            head_stops: vec!["di".into()],
            weak_heads: vec!["comune".into()],
        };
        assert_eq!(
            a.parse_source(
                "Prefettura di Alessandria, comunicato (https://www.prefettura.it/al) @PrefAL"
            ),
            Cited {
                names: vec!["Prefettura".into(), "Prefettura di Alessandria".into()],
                hosts: vec!["prefettura.it".into()],
                handles: vec!["@prefal".into()],
            }
        );
        assert_eq!(
            a.parse_source("https://www.arpa.piemonte.it/bollettino"),
            Cited {
                names: vec![],
                hosts: vec!["arpa.piemonte.it".into()],
                handles: vec![],
            }
        );
    }

    #[test]
    fn cited_by_name_head_link_handle_or_marker() {
        let prefettura = "Prefettura di Alessandria, comunicato del 20 novembre";
        assert!(fires(prefettura, "Domani chiude il ponte Tiziano."));
        assert!(!fires(
            prefettura,
            "La Prefettura comunica che domani chiude il ponte."
        ));
        assert!(!fires(
            prefettura,
            "Domani chiude il ponte. Fonte: Questura"
        ));
        assert!(!fires(
            prefettura,
            "Tratto da un comunicato: domani chiude il ponte."
        ));
        let arpa = "https://www.arpa.piemonte.it/bollettino";
        assert!(!fires(arpa, "Allerta gialla: arpa.piemonte.it/bollettino"));
        assert!(fires(
            arpa,
            "Allerta gialla: https://www.comune.alessandria.it/allerta"
        ));
        assert!(!fires(
            "@ProtCivPiemonte",
            "Allerta gialla, via @protcivpiemonte"
        ));
        assert!(fires(
            "@ProtCivPiemonte",
            "Allerta gialla in tutta la provincia"
        ));
        // The fountain is not a citation: the marker needs its colon.
        assert!(fires(
            "ATM Alessandria",
            "La fonte di piazza Garibaldi è restaurata"
        ));
        assert!(!fires("", "Testo senza fonte"));
        // A generic head does not cite: every post names "il Comune".
        assert!(fires("Comune di Valenza", "Il Comune ricorda la scadenza."));
        assert!(!fires(
            "Comune di Valenza",
            "Il Comune di Valenza ricorda la scadenza."
        ));
    }
}
