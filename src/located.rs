//! Errors located in a file: a draft, a rule pack or a configuration that cannot be used,
//! with the file, line, column and (when known) the key where the problem is.
//!
//! The message is masked when the error is made (see `mask::scrub_message`): a value quoted
//! from the file (an e-mail written as `platform`, a codice fiscale as a variant) may be
//! personal data, and errors reach the same CI logs as findings.

use std::fmt;

use crate::mask;
use crate::position::LineIndex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedError {
    pub path: String,
    /// 1-based; 0 when the error concerns the whole file (it cannot be read).
    pub line: usize,
    pub column: usize,
    /// The key the problem is at (`platform`, `images.file`, `rules."style/emoji".level`).
    pub key: Option<String>,
    pub message: String,
}

impl std::error::Error for LocatedError {}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.path, self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl LocatedError {
    /// An error at `line`:`column` of `path`, its message masked.
    pub fn new(path: impl Into<String>, line: usize, column: usize, message: &str) -> Self {
        LocatedError {
            path: path.into(),
            line,
            column,
            key: None,
            message: mask::scrub_message(message),
        }
    }

    /// An error about the whole file at `path`.
    pub fn file(path: impl Into<String>, message: &str) -> Self {
        Self::new(path, 0, 0, message)
    }

    /// An error at byte `offset` of `text`, the contents of `path`, naming the TOML key
    /// written there unless the message does.
    pub fn in_toml(path: impl Into<String>, text: &str, offset: usize, message: &str) -> Self {
        let at = LineIndex::new(text).position(text, offset.min(text.len()));
        let mut error = Self::new(path, at.line, at.column, message);
        // A message that already names the key (`[rules."style/emoji"]: …`) says it once.
        error.key = toml_key(text, offset).filter(|key| !message.contains(key.as_str()));
        error
    }

    /// The same error with `key` named (masked like the message: a key may be a value too,
    /// as in `[rules."…"]`).
    pub fn with_key(mut self, key: &str) -> Self {
        self.key = Some(mask::scrub_message(key));
        self
    }
}

/// The dotted key of the TOML line holding byte `offset`: the key before its `=`, after the
/// name of the table the line is in (`images.file`), or the table a header line names.
pub fn toml_key(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let mut line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    while !text.is_char_boundary(line_start) {
        line_start += 1;
    }
    let line_end = text[line_start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| line_start + i);
    let line = text[line_start..line_end].trim();
    if let Some(header) = table_header(line) {
        return Some(header.to_owned());
    }
    let key = line.split_once('=').map(|(k, _)| k.trim())?;
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    // Only the lines before, and of them only the last header: one pass backwards.
    let table = text[..line_start]
        .lines()
        .rev()
        .find_map(|l| table_header(l.trim()));
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    })
}

/// A serde message about a TOML value (`unknown variant `x`, expected one of …`) in the
/// Italian a writer reads; other messages (TOML syntax) are kept as they are.
pub fn italian(message: &str) -> String {
    let (message, hint) = match message.rsplit_once(" (forse `") {
        Some((m, best)) => (m, format!(" (forse «{}»?)", best.trim_end_matches("`?)"))),
        None => (message, String::new()),
    };
    let said = if let Some(rest) = message.strip_prefix("unknown field `") {
        rest.split_once('`').map(|(word, expected)| {
            format!(
                "chiave «{word}» sconosciuta{}",
                expected_list(expected, ("quella ammessa è", "quelle ammesse sono"))
            )
        })
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        rest.split_once('`').map(|(word, expected)| {
            format!(
                "valore «{word}» non ammesso{}",
                expected_list(expected, ("quello ammesso è", "quelli ammessi sono"))
            )
        })
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        rest.split_once('`')
            .map(|(word, _)| format!("manca la chiave «{word}»"))
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        rest.split_once(", expected ").map(|(found, expected)| {
            format!(
                "valore di tipo sbagliato: {}, serve {}",
                type_name(found),
                type_name(expected)
            )
        })
    } else {
        message
            .strip_prefix("duplicate key")
            .map(|rest| format!("chiave ripetuta{rest}"))
    };
    format!("{}{hint}", said.unwrap_or_else(|| message.to_owned()))
}

/// `, expected one of `a`, `b`` as the Italian end of a sentence.
fn expected_list(expected: &str, (one_is, many_are): (&str, &str)) -> String {
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("; {one_is} «{one}»"),
        many => format!(
            "; {many_are} {}",
            many.iter()
                .map(|n| format!("«{n}»"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A serde type description (`string "x"`, `a sequence`) in Italian.
fn type_name(described: &str) -> String {
    let described = described
        .strip_prefix("an ")
        .or_else(|| described.strip_prefix("a "))
        .unwrap_or(described);
    let (kind, value) = match described.split_once([' ', '`']) {
        Some((kind, value)) => (kind, Some(value.trim().trim_matches(['`', '"']))),
        None => (described, None),
    };
    let name = match kind {
        "string" => "un testo",
        "integer" => "un numero intero",
        "float" => "un numero decimale",
        "boolean" => "un valore vero/falso",
        "sequence" => "una lista",
        "map" => "una tabella",
        "TOML" => "una data e ora (es. 2027-01-31T10:30:00)",
        _ => return described.to_owned(),
    };
    match value {
        Some(v) if kind != "TOML" && !v.is_empty() => format!("{name} («{v}»)"),
        _ => name.to_owned(),
    }
}

/// The table a `[name]` or `[[name]]` line opens.
fn table_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let end = inner.find(']')?;
    let name = inner[..end].trim();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_with_their_table() {
        let text = "kind = \"post\"\n[[images]]\nfile = 3\n\n[rules.\"style/emoji\"]\nlevel = 1";
        assert_eq!(toml_key(text, 2).as_deref(), Some("kind"));
        let file = text.find("3").unwrap_or(0);
        assert_eq!(toml_key(text, file).as_deref(), Some("images.file"));
        let level = text.find("level").unwrap_or(0);
        assert_eq!(
            toml_key(text, level).as_deref(),
            Some("rules.\"style/emoji\".level")
        );
        assert_eq!(toml_key(text, 16).as_deref(), Some("images"));
        assert_eq!(toml_key("# solo un commento", 3), None);
    }

    #[test]
    fn serde_messages_in_italian() {
        assert_eq!(
            italian(
                "unknown variant `faceboo`, expected one of `facebook`, `x` (forse `facebook`?)"
            ),
            "valore «faceboo» non ammesso; quelli ammessi sono «facebook», «x» (forse «facebook»?)"
        );
        assert_eq!(
            italian("invalid type: integer `3`, expected a string"),
            "valore di tipo sbagliato: un numero intero («3»), serve un testo"
        );
        assert_eq!(
            italian("invalid type: string \"x\", expected a TOML datetime"),
            "valore di tipo sbagliato: un testo («x»), serve una data e ora (es. 2027-01-31T10:30:00)"
        );
        assert_eq!(italian("missing field `file`"), "manca la chiave «file»");
        assert_eq!(italian("invalid string"), "invalid string");
    }

    #[test]
    fn errors_show_where_and_which_key() {
        let e = LocatedError::in_toml("a.txt", "kind = 1\nplatform = 2\n", 20, "tipo non valido");
        assert_eq!(e.to_string(), "a.txt:2:12: `platform`: tipo non valido");
    }
}
