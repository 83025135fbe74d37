//! "Did you mean" hints for misspelled keys, rule ids, commands and values: the one place that
//! decides which known name is close enough to suggest, and how the hint is worded (between
//! backticks in configuration and command-line errors, between «» in a finding).

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// ` (forse `best`?)` for the candidate closest to `word`, or nothing: appended to an error
/// message, which names keys, ids and commands between backticks as they are typed.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |best| format!(" (forse `{best}`?)"))
}

/// ` (forse «best»?)`: `did_you_mean` in the words of a finding.
pub fn forse<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |best| format!(" (forse «{best}»?)"))
}

/// A serde message such as "unknown field `plattform`, expected one of `kind`, `platform`"
/// with a hint naming the closest known key appended.
pub fn with_hint(message: &str) -> String {
    let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    else {
        return message.to_owned();
    };
    let Some((word, expected)) = rest.split_once('`') else {
        return message.to_owned();
    };
    let candidates = expected.split('`').skip(1).step_by(2);
    format!("{message}{}", did_you_mean(word, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_the_closest_key() {
        assert_eq!(
            with_hint("unknown field `plattform`, expected one of `kind`, `platform`"),
            "unknown field `plattform`, expected one of `kind`, `platform` (forse `platform`?)"
        );
        assert_eq!(
            with_hint("unknown field `zzz`, expected `kind`"),
            "unknown field `zzz`, expected `kind`"
        );
        assert_eq!(with_hint("invalid type"), "invalid type");
    }

    #[test]
    fn hints_name_the_closest_candidate_or_nothing() {
        let ids = ["style/emoji", "style/shouting", "privacy/iban"];
        assert_eq!(
            did_you_mean("style/shoutng", ids),
            " (forse `style/shouting`?)"
        );
        assert_eq!(forse("privacy/ibna", ids), " (forse «privacy/iban»?)");
        assert_eq!(did_you_mean("zzz", ids), "");
        assert_eq!(forse("zzz", ids), "");
    }
}
