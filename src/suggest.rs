//! "Did you mean" hints for misspelled keys, rule ids and values.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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
    match closest(word, candidates) {
        Some(best) => format!("{message} (did you mean `{best}`?)"),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_the_closest_key() {
        assert_eq!(
            with_hint("unknown field `plattform`, expected one of `kind`, `platform`"),
            "unknown field `plattform`, expected one of `kind`, `platform` (did you mean `platform`?)"
        );
        assert_eq!(
            with_hint("unknown field `zzz`, expected `kind`"),
            "unknown field `zzz`, expected `kind`"
        );
        assert_eq!(with_hint("invalid type"), "invalid type");
    }
}
