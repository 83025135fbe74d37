//! A reader for the front matter drafts nearly always have: one `key = value` per line,
//! basic strings, local date-times, comments, blank lines, `[[images]]` and `[[allow]]`.
//!
//! A general TOML parse costs a draft more than tokenizing its body, and almost every draft
//! writes its front matter the same few ways. This reader accepts only a strict subset of
//! TOML and answers `None` for anything else, including every error: `toml::from_str` then
//! decides, so what it accepts, rejects and reports stays exactly as before. Whatever this
//! reader accepts, TOML reads the same way (proven by the differential tests below).

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::{Allow, FrontMatter, Image};

/// The table the next `key = value` lines fill.
enum Table {
    Top,
    Image(ImageFields),
    Allow(AllowFields),
}

#[derive(Default)]
struct ImageFields {
    file: Option<String>,
    alt: Option<String>,
    credit: Option<String>,
    license: Option<String>,
}

#[derive(Default)]
struct AllowFields {
    rule: Option<String>,
    reason: Option<String>,
}

/// A value as the subset writes it.
enum Value {
    String(String),
    Datetime(toml::value::Datetime),
}

/// The front matter `text` holds, when it is written in the subset this reader knows.
pub(super) fn parse(text: &str) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    let mut table = Table::Top;
    let mut cursor = Cursor { text, at: 0 };
    loop {
        cursor.skip_blanks();
        match cursor.peek() {
            None => break,
            Some(b'\n' | b'\r' | b'#') => {}
            Some(b'[') => {
                close(&mut front, table)?;
                table = cursor.header()?;
            }
            Some(_) => {
                let (key, value) = cursor.key_value()?;
                set(&mut front, &mut table, key, value)?;
            }
        }
        cursor.end_of_line()?;
    }
    close(&mut front, table)?;
    Some(front)
}

/// Reads the text once, left to right; every method answers `None` where the text leaves
/// the subset.
struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self
            .text
            .as_bytes()
            .get(self.at..self.at + word.len())
            .is_some_and(|next| next == word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// Blanks, an optional comment and a line break (`\n` or `\r\n`) or the end of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blanks();
        if self.peek() == Some(b'#') {
            // What TOML allows in a comment: no control character but tab.
            while let Some(b) = self.peek() {
                match b {
                    b'\t' | 0x20..=0x7e | 0x80..=0xff => self.at += 1,
                    _ => break,
                }
            }
        }
        match self.peek() {
            None => {}
            Some(b'\n') => self.at += 1,
            // A carriage return is a line break only before `\n`, even at the very end.
            Some(b'\r') if self.eat("\r\n") => {}
            Some(_) => return None,
        }
        Some(())
    }

    fn header(&mut self) -> Option<Table> {
        if self.eat("[[images]]") {
            Some(Table::Image(ImageFields::default()))
        } else if self.eat("[[allow]]") {
            Some(Table::Allow(AllowFields::default()))
        } else {
            None
        }
    }

    /// A bare key, `=` and a value.
    fn key_value(&mut self) -> Option<(&'t str, Value)> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.at += 1;
        }
        let key = &self.text[start..self.at];
        self.skip_blanks();
        if key.is_empty() || !self.eat("=") {
            return None;
        }
        self.skip_blanks();
        let value = if self.eat("\"") {
            Value::String(self.basic_string()?)
        } else {
            Value::Datetime(self.datetime()?)
        };
        Some((key, value))
    }

    /// A basic string after its opening quote, through its closing quote. Only the escapes
    /// `\"`, `\\`, `\n` and `\t` are read here; any other escape goes to TOML.
    fn basic_string(&mut self) -> Option<String> {
        let bytes = self.text.as_bytes();
        let mut out: Option<String> = None;
        let mut chunk = self.at;
        loop {
            match *bytes.get(self.at)? {
                b'"' => {
                    let last = &self.text[chunk..self.at];
                    self.at += 1;
                    return Some(match out {
                        Some(mut out) => {
                            out.push_str(last);
                            out
                        }
                        None => last.to_owned(),
                    });
                }
                b'\\' => {
                    let unescaped = match bytes.get(self.at + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'n' => '\n',
                        b't' => '\t',
                        _ => return None,
                    };
                    let out = out.get_or_insert_with(String::new);
                    out.push_str(&self.text[chunk..self.at]);
                    out.push(unescaped);
                    self.at += 2;
                    chunk = self.at;
                }
                b'\t' => self.at += 1,
                0..0x20 | 0x7f => return None,
                _ => self.at += 1,
            }
        }
    }

    /// A local date-time written `YYYY-MM-DDTHH:MM:SS`, with a valid date and time.
    fn datetime(&mut self) -> Option<toml::value::Datetime> {
        const LEN: usize = "YYYY-MM-DDTHH:MM:SS".len();
        let raw = self.text.as_bytes().get(self.at..self.at + LEN)?;
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if separators.iter().any(|&(i, c)| raw[i] != c) {
            return None;
        }
        // A fraction, an offset or anything else glued to the value is TOML's to read.
        let next = self.text.as_bytes().get(self.at + LEN);
        if !matches!(next, None | Some(b' ' | b'\t' | b'#' | b'\n' | b'\r')) {
            return None;
        }
        let two = |i: usize| {
            let (a, b) = (raw[i], raw[i + 1]);
            (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
        };
        let year = u16::from(two(0)?) * 100 + u16::from(two(2)?);
        let (month, day) = (two(5)?, two(8)?);
        let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour <= 23
            && minute <= 59
            && second <= 60;
        if !valid {
            return None;
        }
        self.at += LEN;
        Some(toml::value::Datetime {
            date: Some(toml::value::Date { year, month, day }),
            time: Some(toml::value::Time {
                hour,
                minute,
                second: Some(second),
                nanosecond: None,
            }),
            offset: None,
        })
    }
}

/// Days in `month` (1-12) of `year`, by the Gregorian calendar TOML dates follow.
fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Files the finished table into the front matter; `None` when a required key is missing.
fn close(front: &mut FrontMatter, table: Table) -> Option<()> {
    match table {
        Table::Top => {}
        Table::Image(f) => front.images.push(Image {
            file: f.file?,
            alt: f.alt,
            credit: f.credit,
            license: f.license,
        }),
        Table::Allow(f) => front.allow.push(Allow {
            rule: f.rule?,
            reason: f.reason?,
        }),
    }
    Some(())
}

/// Stores `value` under `key` in the open table; `None` for a key the table does not have,
/// a key given twice or a value of the wrong type.
fn set(front: &mut FrontMatter, table: &mut Table, key: &str, value: Value) -> Option<()> {
    match table {
        Table::Top => match key {
            "kind" => put(&mut front.kind, variant(value)?),
            "platform" => put(&mut front.platform, variant(value)?),
            "in_reply_to" => put(&mut front.in_reply_to, string(value)?),
            "source" => put(&mut front.source, string(value)?),
            "publish_at" => match value {
                Value::Datetime(at) => put(&mut front.publish_at, at),
                Value::String(_) => None,
            },
            _ => None,
        },
        Table::Image(f) => {
            let slot = match key {
                "file" => &mut f.file,
                "alt" => &mut f.alt,
                "credit" => &mut f.credit,
                "license" => &mut f.license,
                _ => return None,
            };
            put(slot, string(value)?)
        }
        Table::Allow(f) => {
            let slot = match key {
                "rule" => &mut f.rule,
                "reason" => &mut f.reason,
                _ => return None,
            };
            put(slot, string(value)?)
        }
    }
}

/// Fills an empty slot; a second value for the same key is TOML's error to report.
fn put<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

fn string(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Datetime(_) => None,
    }
}

/// A unit variant named by a string, read by the same derive TOML's deserializer drives.
fn variant<'de, T: Deserialize<'de>>(value: Value) -> Option<T> {
    let Value::String(name) = value else {
        return None;
    };
    let de: StrDeserializer<'_, ValueError> = name.as_str().into_deserializer();
    T::deserialize(de).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_toml(text: &str) -> Option<FrontMatter> {
        toml::from_str(text).ok()
    }

    /// Every answer of the fast reader is TOML's answer.
    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(fast) = parse(text) {
            prop_assert_eq!(Some(fast), by_toml(text), "on {:?}", text);
        }
        Ok(())
    }

    const CORPUS_LIKE: &[&str] = &[
        "kind = \"post\"\nplatform = \"facebook\"\npublish_at = 2027-06-08T10:30:00\n",
        "kind = \"reply\"\r\nplatform = \"x\"\r\npublish_at = 2027-09-17T10:30:00\r\nin_reply_to = \"Segnalo lampioni spenti in piazza della Libertà.\"\r\n",
        "kind = \"post\"\nplatform = \"linkedin\"\npublish_at = 2027-08-26T10:30:00\n\n[[images]]\nfile = \"foto-453.jpg\"\nalt = \"Una piazza\"\ncredit = \"Ufficio Comunicazione, Comune di Alessandria\"\n",
        "# bozza\n  kind=\"reply\"   # commento\nsource = \"ANSA \\\"citata\\\"\\n\\tfine\\\\\"\n[[allow]]\nrule = \"style/emoji\"\nreason = \"festa\"\n[[allow]] # due\nrule = \"privacy/\"\nreason = \"x\"\n[[images]]\nfile = \"a.jpg\"\nlicense = \"CC-BY\"",
        "",
        "\n\n",
        "publish_at = 2027-01-31T23:59:60 # secondo intercalare\n",
    ];

    #[test]
    fn reads_the_common_front_matters_as_toml_does() {
        for text in CORPUS_LIKE {
            let fast = parse(text);
            assert!(fast.is_some(), "fast path declines {text:?}");
            assert_eq!(fast, by_toml(text), "on {text:?}");
        }
    }

    #[test]
    fn leaves_everything_else_to_toml() {
        let others = [
            "kind = 'post'\n",
            "kind = \"post\"\nkind = \"reply\"\n",
            "kind = \"blog\"\n",
            "platform = \"X\"\n",
            "publish_at = 2027-01-31\n",
            "publish_at = 2027-01-31 10:30:00\n",
            "publish_at = 2027-01-31T10:30:00Z\n",
            "publish_at = 2027-01-31T10:30:00.5\n",
            "publish_at = 2027-02-30T10:30:00\n",
            "publish_at = \"2027-01-31T10:30:00\"\n",
            "in_reply_to = 2027-01-31T10:30:00\n",
            "source = \"a\\u00e8\"\n",
            "source = \"\"\"lungo\"\"\"\n",
            "source = \"aperta\n",
            "source = \"a\" b\n",
            "\"kind\" = \"post\"\n",
            "kind.x = \"post\"\n",
            "platfrom = \"x\"\n",
            "images = \"foto.jpg\"\n",
            "[images]\nfile = \"a\"\n",
            "[[ images ]]\nfile = \"a\"\n",
            "[[images]]\nalt = \"senza file\"\n",
            "[[allow]]\nrule = \"style/emoji\"\n",
            "[[images]]\nfile = \"a\"\nkind = \"post\"\n",
            "kind = \"post\"\rplatform = \"x\"\n",
            "source = \"post\"\r",
            "# a\u{7f}\n",
            "source = \"tab\u{1}\"\n",
            "= \"post\"\n",
        ];
        for text in others {
            assert_eq!(parse(text), None, "on {text:?}");
        }
    }

    #[test]
    fn dates_are_checked_as_toml_checks_them() {
        let dates = [
            "2024-02-29T10:00:00",
            "2023-02-29T10:00:00",
            "1900-02-29T10:00:00",
            "2000-02-29T10:00:00",
            "2027-02-28T10:00:00",
            "2027-04-31T10:00:00",
            "2027-04-30T10:00:00",
            "2027-12-31T23:59:60",
            "2027-12-31T23:59:61",
            "2027-12-31T24:00:00",
            "2027-12-31T23:60:00",
            "2027-13-01T10:00:00",
            "2027-00-01T10:00:00",
            "2027-01-00T10:00:00",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59",
        ];
        for date in dates {
            let text = format!("publish_at = {date}\n");
            let fast = parse(&text);
            assert_eq!(fast, by_toml(&text), "on {text:?}");
            assert_eq!(fast.is_some(), by_toml(&text).is_some(), "on {text:?}");
        }
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            "kind",
            "platform",
            "in_reply_to",
            "publish_at",
            "source",
            "file",
            "alt",
            "credit",
            "license",
            "rule",
            "reason",
            "images",
            "allow",
            "[a-z_\\-]{1,6}",
            "\"kind\"",
            "kind\\.x",
        ];
        let eq = prop_oneof![" = ", "=", "\t=\t", " =", "= ", "  ", " == "];
        let string = prop_oneof![
            Just("\"post\"".to_owned()),
            Just("\"reply\"".to_owned()),
            Just("\"facebook\"".to_owned()),
            Just("\"x\"".to_owned()),
            Just("\"linkedin\"".to_owned()),
            Just("\"style/emoji\"".to_owned()),
            "\"[a-zA-Zè' \\t\"\\\\ntu0-9{}\u{1}\u{7f}/#=]{0,12}\"{0,3}",
            "'[a-z \"]{0,6}'",
            "\"\\PC{0,10}\"",
            "\"[^\"]{0,10}\"",
        ];
        let datetime = prop_oneof![
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[T t][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\\.[0-9]{1,3})?(Z|[+-]01:00)?",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[0-9]{1,5}",
            "true",
        ];
        let value = prop_oneof![3 => string, 2 => datetime];
        let tail = prop_oneof![
            4 => Just(String::new()),
            1 => "[ \t]{0,2}",
            1 => "[ \t]{0,2}#[a-z è\t\u{1}\u{7f}#]{0,6}",
            1 => "[ \t]{0,1}[a-z\"]{1,2}",
        ];
        let pair = (key, eq, value, tail).prop_map(|(k, e, v, t)| format!("{k}{e}{v}{t}"));
        let header = prop_oneof![
            "\\[\\[images\\]\\]",
            "\\[\\[allow\\]\\]",
            "\\[images\\]",
            "\\[\\[ images \\]\\]",
            "\\[\\[allow\\]\\] *#[a-z ]{0,4}",
            "\\[\\[images\\]\\][a-z]",
        ];
        let other = prop_oneof![
            "[ \t]{0,3}",
            "#[a-zè \t\u{1}#]{0,8}",
            "[ \t]{1,2}kind = \"post\"",
        ];
        prop_oneof![6 => pair, 2 => header, 2 => other]
    }

    fn front_matter() -> impl Strategy<Value = String> {
        let ending = prop_oneof![6 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r")];
        proptest::collection::vec((line(), ending), 0..8).prop_map(|lines| {
            lines
                .into_iter()
                .map(|(line, end)| line + end)
                .collect::<String>()
        })
    }

    proptest! {
        // Failures become cases in the tests above rather than files beside the crate.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(4000)
        })]
        #[test]
        fn agrees_with_toml_on_generated_front_matter(text in front_matter()) {
            agrees(&text)?;
        }

        #[test]
        fn agrees_with_toml_without_a_final_line_break(text in front_matter(), last in line()) {
            agrees(&(text + &last))?;
        }
    }
}
