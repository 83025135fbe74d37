//! Reading comment exports, in the two documented formats, told apart by their content:
//!
//! * the Facebook Graph API comments edge, one JSON document `{"data": [...], "paging": …}`,
//!   replies nested in each comment's `comments.data` (or flat, with `parent.id`). One
//!   document cannot be read a record at a time without a streaming parser of its own, so it
//!   is parsed whole with serde_json: an export of thousands of threads is a few megabytes.
//! * JSON Lines, one comment object per line (`id`, `parent_id`, `author`, `is_page`,
//!   `created_at`, `text`, `permalink`, optional `platform`), read a line at a time.
//!
//! A record that cannot be read is a `Malformed` with its position (the line, or the JSON path
//! `data[3].comments.data[1]`) and the rest is still read; a file that is neither format is an
//! error. The first line decides: a whole JSON object on one line without a `data` key starts
//! JSON Lines; anything else that opens with `{` is a Graph document.

use std::io::BufRead;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::Value;

use super::{Comment, Malformed};
use crate::platform::Platform;

/// The format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Graph,
    JsonLines,
}

/// What reading an export yields: the comments, and the records that could not be read.
#[derive(Debug, Default)]
pub struct Export {
    pub comments: Vec<Comment>,
    pub malformed: Vec<Malformed>,
    pub format: Option<Format>,
}

pub struct Options<'a> {
    /// The page's own account id, for Graph exports.
    pub page_id: Option<&'a str>,
    /// Where a date-time without offset is read.
    pub time_zone: &'a TimeZone,
}

/// Reads the export named `display` from `input`; `Err` when it is neither format (or
/// cannot be read at all).
pub fn read(
    display: &str,
    mut input: impl BufRead,
    options: &Options<'_>,
) -> Result<Export, String> {
    let mut line_no = 0;
    // The first line that is not blank decides the format.
    let first = loop {
        let mut bytes = Vec::new();
        let n = input
            .read_until(b'\n', &mut bytes)
            .map_err(|e| format!("impossibile leggere: {}", crate::reason::io(&e)))?;
        if n == 0 {
            return Ok(Export::default());
        }
        line_no += 1;
        let text = String::from_utf8(bytes).map_err(|_| {
            format!("riga {line_no}: non è testo UTF-8: le esportazioni sono JSON, in UTF-8")
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_owned();
        if !text.trim().is_empty() {
            break text;
        }
    };
    let trimmed = first.trim();
    let whole_object = trimmed.starts_with('{') && trimmed.ends_with('}');
    let one_line: Option<serde_json::Map<String, Value>> = whole_object
        .then(|| serde_json::from_str(trimmed).ok())
        .flatten();
    let is_lines = match &one_line {
        Some(object) => !object.contains_key("data") && !object.contains_key("error"),
        // A line that looks like one object but does not parse is a broken first record,
        // unless it opens as a Graph document does: a one-line Graph export with an error in
        // it is reported as the JSON error it is.
        None => whole_object && !opens_like_graph(trimmed),
    };
    if is_lines {
        let mut export = Export {
            format: Some(Format::JsonLines),
            ..Export::default()
        };
        jsonl_line(display, line_no, &first, options, &mut export);
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            let n = input
                .read_until(b'\n', &mut bytes)
                .map_err(|e| format!("impossibile leggere: {}", crate::reason::io(&e)))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            match std::str::from_utf8(&bytes) {
                Ok(line) => jsonl_line(display, line_no, line, options, &mut export),
                Err(_) => export.malformed.push(Malformed {
                    export: display.to_owned(),
                    position: format!("riga {line_no}"),
                    message: "non è testo UTF-8".to_owned(),
                }),
            }
        }
        return Ok(export);
    }
    if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
        return Err(NEITHER.to_owned());
    }
    let mut rest = String::new();
    input
        .read_to_string(&mut rest)
        .map_err(|e| format!("impossibile leggere: {}", crate::reason::io(&e)))?;
    let document: Value = serde_json::from_str(&(first + &rest)).map_err(|e| {
        format!(
            "riga {}, colonna {}: JSON non valido: {e:#}",
            e.line() + line_no - 1,
            e.column()
        )
    })?;
    graph(display, &document, options)
}

/// Whether `text` (an object) opens with one of the keys a Graph API response starts with.
fn opens_like_graph(text: &str) -> bool {
    let inside = text.trim_start_matches('{').trim_start();
    ["\"data\"", "\"paging\"", "\"error\""]
        .iter()
        .any(|key| inside.starts_with(key))
}

const NEITHER: &str = "non è né una risposta della Graph API di Facebook con i commenti \
                       ({\"data\": [...]}) né JSON Lines (un commento per riga): vedi \
                       `alpost inbox --help`";

/// The neutral JSON Lines record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    #[serde(default)]
    parent_id: Option<String>,
    /// The author's name: read so that the format can carry it, never reported.
    #[serde(default)]
    #[allow(dead_code)]
    author: Option<String>,
    is_page: bool,
    created_at: String,
    text: String,
    #[serde(default)]
    permalink: Option<String>,
    #[serde(default)]
    platform: Option<Platform>,
}

fn jsonl_line(
    display: &str,
    line_no: usize,
    line: &str,
    options: &Options<'_>,
    export: &mut Export,
) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    let position = format!("riga {line_no}");
    let bad = |message: String| Malformed {
        export: display.to_owned(),
        position: position.clone(),
        message,
    };
    let record: Record = match serde_json::from_str(line) {
        Ok(record) => record,
        Err(e) => {
            let message = crate::suggest::with_hint(&e.to_string());
            export.malformed.push(bad(message));
            return;
        }
    };
    if record.id.trim().is_empty() {
        export.malformed.push(bad("`id` è vuoto".to_owned()));
        return;
    }
    let created = match instant(&record.created_at, options.time_zone) {
        Ok(at) => at,
        Err(message) => {
            export
                .malformed
                .push(bad(format!("`created_at`: {message}")));
            return;
        }
    };
    export.comments.push(Comment {
        id: record.id,
        parent: record.parent_id.filter(|p| !p.trim().is_empty()),
        by_page: record.is_page,
        created,
        text: record.text,
        permalink: record.permalink.filter(|p| !p.trim().is_empty()),
        platform: record.platform,
        lead: 0,
        addressed_to: None,
        export: display.to_owned(),
        position,
    });
}

/// An RFC 3339 date-time (`2027-03-12T16:45:00+01:00`, `…Z`, and Facebook's `+0000`), or a
/// local one (`2027-03-12T16:45:00`) read in `tz`.
pub fn instant(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    text.parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|local| tz.to_zoned(local).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| format!("{text:?} non è una data e ora come 2027-03-12T16:45:00+01:00"))
}

fn graph(display: &str, document: &Value, options: &Options<'_>) -> Result<Export, String> {
    let Some(object) = document.as_object() else {
        return Err(NEITHER.to_owned());
    };
    if let Some(error) = object.get("error") {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("nessun messaggio");
        return Err(format!(
            "l'esportazione è una risposta di errore della Graph API, non commenti: {message}"
        ));
    }
    let Some(data) = object.get("data").and_then(Value::as_array) else {
        return Err(NEITHER.to_owned());
    };
    let page_id = options.page_id.ok_or_else(|| {
        "un'esportazione della Graph API di Facebook richiede l'id dell'account della pagina, per \
         distinguerne le risposte dai commenti dei cittadini: indicalo con --page-id o con \
         `page_id` in .alpost.toml"
            .to_owned()
    })?;
    let mut export = Export {
        format: Some(Format::Graph),
        ..Export::default()
    };
    let reader = GraphReader {
        display,
        page_id,
        tz: options.time_zone,
    };
    for (i, item) in data.iter().enumerate() {
        reader.comment(item, &format!("data[{i}]"), None, &mut export);
    }
    Ok(export)
}

struct GraphReader<'a> {
    display: &'a str,
    page_id: &'a str,
    tz: &'a TimeZone,
}

impl GraphReader<'_> {
    fn comment(&self, item: &Value, position: &str, parent: Option<&str>, export: &mut Export) {
        let bad = |message: String| Malformed {
            export: self.display.to_owned(),
            position: position.to_owned(),
            message,
        };
        let Some(object) = item.as_object() else {
            export
                .malformed
                .push(bad("non è un oggetto commento".to_owned()));
            return;
        };
        // Replies are read even when their parent is broken: they still have a thread.
        let id = match object.get("id") {
            Some(Value::String(id)) if !id.trim().is_empty() => Some(id.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let replies = object
            .get("comments")
            .and_then(|c| c.get("data"))
            .and_then(Value::as_array);
        let result = id.ok_or_else(|| "manca `id`".to_owned()).and_then(|id| {
            let created = object
                .get("created_time")
                .and_then(Value::as_str)
                .ok_or_else(|| "manca `created_time`".to_owned())
                .and_then(|t| instant(t, self.tz).map_err(|m| format!("`created_time`: {m}")))?;
            let text = match object.get("message") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(_) => return Err("`message` non è testo".to_owned()),
            };
            let author = object.get("from").and_then(|f| f.get("id")).and_then(id_of);
            let explicit_parent = object
                .get("parent")
                .and_then(|p| p.get("id"))
                .and_then(id_of);
            let (lead, addressed_to) = opening_tag(object.get("message_tags"), &text);
            let by_page = author.as_deref() == Some(self.page_id);
            Ok(Comment {
                id,
                parent: explicit_parent.or_else(|| parent.map(str::to_owned)),
                by_page,
                created,
                permalink: object
                    .get("permalink_url")
                    .and_then(Value::as_str)
                    .filter(|p| !p.trim().is_empty())
                    .map(str::to_owned),
                platform: Some(Platform::Facebook),
                lead,
                addressed_to: addressed_to.filter(|to| to != self.page_id),
                text,
                export: self.display.to_owned(),
                position: position.to_owned(),
            })
        });
        let id = match result {
            Ok(comment) => {
                let id = comment.id.clone();
                export.comments.push(comment);
                Some(id)
            }
            Err(message) => {
                export.malformed.push(bad(message));
                None
            }
        };
        for (i, reply) in replies.into_iter().flatten().enumerate() {
            let parent = id.as_deref().or(parent);
            self.comment(
                reply,
                &format!("{position}.comments.data[{i}]"),
                parent,
                export,
            );
        }
    }
}

/// Graph ids are strings; some tools write them as numbers.
fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A tag at the very start of the message (Facebook writes it as the bare name): how many
/// bytes it covers, and whom it tags.
fn opening_tag(tags: Option<&Value>, text: &str) -> (usize, Option<String>) {
    let Some(tags) = tags.and_then(Value::as_array) else {
        return (0, None);
    };
    tags.iter()
        .find(|t| t.get("offset").and_then(Value::as_u64) == Some(0))
        .and_then(|t| {
            let name = t.get("name").and_then(Value::as_str)?;
            // Offsets count UTF-16 units; the name as written is what can be trusted.
            (!name.is_empty() && text.starts_with(name))
                .then(|| (name.len(), t.get("id").and_then(id_of)))
        })
        .unwrap_or((0, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> TimeZone {
        crate::calendar::time_zone("Europe/Rome").expect("known zone")
    }

    fn read_str(text: &str, page: Option<&str>) -> Result<Export, String> {
        let tz = rome();
        read(
            "x",
            text.as_bytes(),
            &Options {
                page_id: page,
                time_zone: &tz,
            },
        )
    }

    #[test]
    fn json_lines_records_and_broken_lines() {
        let text = concat!(
            "{\"id\":\"1\",\"is_page\":false,\"created_at\":\"2027-03-12T16:45:00+01:00\",\"text\":\"Ciao?\"}\n",
            "\n",
            "{\"id\":\"2\",\"parent_id\":\"1\",\"is_page\":true,\"created_at\":\"2027-03-15T09:30:00\",\"text\":\"Buongiorno\"}\n",
            "{\"id\":\"3\",\"is_page\":false,\"created_at\":\"ieri\",\"text\":\"x\"}\n",
            "{\"id\":\"4\",\"is_pag\":false}\n",
            "not json\n",
        );
        let export = read_str(text, None).expect("json lines");
        assert_eq!(export.format, Some(Format::JsonLines));
        let ids: Vec<&str> = export.comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(export.comments[1].parent.as_deref(), Some("1"));
        // A local time is Rome's: 09:30 CET is 08:30 UTC.
        assert_eq!(
            export.comments[1].created,
            "2027-03-15T08:30:00Z"
                .parse::<Timestamp>()
                .expect("instant")
        );
        let positions: Vec<&str> = export
            .malformed
            .iter()
            .map(|m| m.position.as_str())
            .collect();
        assert_eq!(positions, ["riga 4", "riga 5", "riga 6"]);
        assert!(
            export.malformed[1].message.contains("is_pag"),
            "{:?}",
            export.malformed[1]
        );
    }

    #[test]
    fn graph_documents_nested_and_broken_records() {
        let text = r#"{
  "data": [
    {"id": "10", "message": "Mario Rossi sai a che ora apre?", "from": {"id": "77", "name": "Anna"},
     "message_tags": [{"id": "55", "name": "Mario Rossi", "offset": 0, "length": 11}],
     "created_time": "2027-03-12T16:45:10+0000",
     "comments": {"data": [
        {"id": "11", "message": "Buongiorno", "from": {"id": "999"}, "created_time": "2027-03-15T09:00:00+0000"},
        {"id": "12", "from": {"id": "999"}}
     ]}},
    {"message": "senza id", "created_time": "2027-03-12T16:45:10+0000",
     "comments": {"data": [{"id": "21", "message": "risposta", "created_time": "2027-03-12T17:00:00+0000"}]}}
  ],
  "paging": {"cursors": {}}
}"#;
        let export = read_str(text, Some("999")).expect("graph");
        assert_eq!(export.format, Some(Format::Graph));
        let c = &export.comments;
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].lead, c[0].addressed_to.as_deref()), (11, Some("55")));
        assert!(c[1].by_page && c[1].parent.as_deref() == Some("10"));
        assert_eq!(c[2].id, "21");
        let positions: Vec<&str> = export
            .malformed
            .iter()
            .map(|m| m.position.as_str())
            .collect();
        assert_eq!(positions, ["data[0].comments.data[1]", "data[1]"]);
        assert!(
            read_str(text, None)
                .expect_err("no page id")
                .contains("--page-id")
        );
    }

    #[test]
    fn anything_else_fails_clearly() {
        for text in [
            "ciao\n",
            "[1, 2]",
            "{\"error\": {\"message\": \"token scaduto\"}}",
            "{\n\"data\": 3\n}",
            "{\n\"data\": [\n",
        ] {
            let err = read_str(text, Some("1")).expect_err(text);
            assert!(
                err.contains("non è né")
                    || err.contains("token scaduto")
                    || err.contains("JSON non valido"),
                "{text}: {err}"
            );
        }
        assert!(read_str("", None).expect("empty").comments.is_empty());
    }
}
