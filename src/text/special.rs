//! Finding the spans with a syntax of their own: e-mail addresses, links (with a scheme, `www.`
//! or a bare domain), mentions, hashtags, dates and times.
//!
//! A hand-written scanner rather than one regex: the equivalent pattern, with its Unicode
//! classes, took over 10 ms to compile, longer than checking a whole draft, and alpost runs as
//! a pre-commit hook on one draft at a time. The scanner follows the semantics of that pattern
//! (leftmost match, alternatives tried in the order below; a differential test keeps it
//! honest), with every look-ahead bounded so that no input makes it quadratic.

use std::ops::Range;

use super::latin::is_alnum;

/// Which kind of span was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Email,
    Url,
    /// A link written without a scheme (`comune.alessandria.it/eventi`).
    Domain,
    Mention,
    Hashtag,
    Date,
    Time,
}

/// Top-level domains accepted for links written without a scheme, tried in this order.
/// Deliberately short: a bare `p.es.` or `sig.ra` must stay words.
const BARE_TLDS: &[&str] = &[
    "it", "com", "org", "net", "eu", "info", "gov", "edu", "io", "ly", "me", "tv", "app", "dev",
    "news", "online", "site", "uk", "de", "fr", "ch", "gl",
];

/// Longest e-mail local part or domain, and longest bare domain, looked at (RFC 5321 limits).
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;

fn is_local(c: char) -> bool {
    is_alnum(c) || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_label(c: char) -> bool {
    is_alnum(c) || c == '-'
}

fn is_word(c: char) -> bool {
    is_alnum(c) || c == '_'
}

/// Characters that end a link: white space and what RFC 3986 never allows unescaped.
fn ends_link(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '<' | '>' | '"' | '«' | '»' | '[' | ']' | '{' | '}' | '|' | '\\' | '^' | '`'
        )
}

/// What the main loop of `scan` needs to know of a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// An ASCII letter other than those of `Link`.
    Letter,
    /// `h` `H` `w` `W`: a link (`http`, `www.`) may start there, even inside a word.
    Link,
    Digit,
    /// `.` `_` `%` `+` `-`: e-mail local-part characters that are not letters or digits.
    LocalMark,
    /// `@` `#`.
    Sign,
    /// Any other ASCII byte: no span starts there, whatever surrounds it.
    Quiet,
    /// A byte of a character outside ASCII.
    Wide,
}

const fn byte_class(b: u8) -> Byte {
    match b {
        b'h' | b'H' | b'w' | b'W' => Byte::Link,
        b'a'..=b'z' | b'A'..=b'Z' => Byte::Letter,
        b'0'..=b'9' => Byte::Digit,
        b'.' | b'_' | b'%' | b'+' | b'-' => Byte::LocalMark,
        b'@' | b'#' => Byte::Sign,
        0x80.. => Byte::Wide,
        _ => Byte::Quiet,
    }
}

static BYTES: [Byte; 256] = {
    let mut table = [Byte::Quiet; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = byte_class(b as u8);
        b += 1;
    }
    table
};

/// The character before a position, as far as where a span may start is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// A letter or digit: a span starting here would have started at the start of its run.
    Alnum,
    /// `.` `_` `%` `+` `-`: an e-mail address cannot start here, a bare domain can.
    LocalMark,
    /// Anything else, or nothing: the start of the text or the end of a match (a regex search
    /// resumes there afresh).
    Other,
}

impl Prev {
    fn of(c: char) -> Prev {
        if is_alnum(c) {
            Prev::Alnum
        } else if matches!(c, '.' | '_' | '%' | '+' | '-') {
            Prev::LocalMark
        } else {
            Prev::Other
        }
    }
}

/// Every special span of `text`, left to right, not overlapping.
#[cfg(test)]
pub fn scan(text: &str) -> Vec<(Special, Range<usize>)> {
    let mut out = Vec::new();
    scan_each(text, |kind, span| out.push((kind, span)));
    out
}

/// `scan`, handing each span to `found` as it is found: the tokenizer needs no list of them,
/// and most drafts would allocate one only to walk it once.
pub fn scan_each(text: &str, mut found: impl FnMut(Special, Range<usize>)) {
    let mut scanner = Scanner::new(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = BYTES[usize::from(b)];
        match class {
            Byte::Quiet => {
                scanner.prev = Prev::Other;
                i += 1;
                continue;
            }
            // Inside a word a letter starts nothing but, for `h` and `w`, a link.
            Byte::Letter if scanner.prev == Prev::Alnum => {
                i += 1;
                continue;
            }
            Byte::Link if scanner.prev == Prev::Alnum && !link_may_start(bytes, i) => {
                i += 1;
                continue;
            }
            Byte::Letter | Byte::Link if scanner.prev != Prev::Alnum => {
                if let Some(end) = scanner.inert_word(i) {
                    scanner.prev = Prev::Alnum;
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if let Some((kind, end)) = scanner.match_at(i, c) {
            found(kind, i..end);
            scanner.prev = Prev::Other;
            i = end;
            continue;
        }
        scanner.prev = Prev::of(c);
        i += c.len_utf8();
    }
}

/// Whether the `h` or `w` at `i` may start `http` or `www.`: the byte after it tells.
fn link_may_start(bytes: &[u8], i: usize) -> bool {
    let next = bytes.get(i + 1).map(u8::to_ascii_lowercase);
    match bytes[i] {
        b'h' | b'H' => next == Some(b't'),
        _ => next == Some(b'w'),
    }
}

/// Where the run of letters from `i` ends; letters and digits outside ASCII count as letters,
/// since no span starts at them inside a word.
fn letters_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = i;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_alphabetic() {
            end += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match text[end..].chars().next() {
                Some(c) if is_alnum(c) => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    end
}

/// The scanner's memory of what it has seen.
struct Scanner<'t> {
    text: &'t str,
    prev: Prev,
    /// After a failed bare-domain attempt, the rest of its chain of labels cannot succeed.
    no_domain_before: usize,
    at_sign: AtSign,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            prev: Prev::Other,
            no_domain_before: 0,
            at_sign: AtSign::new(text),
        }
    }

    /// For the word whose first letter is at `i`, where its letters end when no span starts
    /// at any of them: the usual word, skipped in one step instead of one letter at a time.
    ///
    /// Inside the run only an `h` or `w` could start something (a link), and `http:` or `www.`
    /// would end the run with `:` or `.`; at its first letter an e-mail address needs an `@`
    /// ahead, a link `http` or `ww`, and a bare domain a `.` (or a digit or `-` continuing
    /// the label) after the run.
    fn inert_word(&mut self, i: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if self.prev == Prev::Other && self.at_sign.may_start(self.text, i)
            || matches!(bytes[i], b'h' | b'H' | b'w' | b'W') && link_may_start(bytes, i)
        {
            return None;
        }
        let end = letters_end(self.text, i + 1);
        match bytes.get(end) {
            Some(b'0'..=b'9' | b'.' | b':' | b'-') => None,
            _ => Some(end),
        }
    }

    fn match_at(&mut self, i: usize, c: char) -> Option<(Special, usize)> {
        let text = self.text;
        // A match inside a run of local-part characters would have started at the run's start.
        if self.prev == Prev::Other
            && is_local(c)
            && self.at_sign.may_start(text, i)
            && let Some(end) = email(text, i)
        {
            return Some((Special::Email, end));
        }
        if matches!(c, 'h' | 'H' | 'w' | 'W')
            && let Some(end) = url(text, i)
        {
            return Some((Special::Url, end));
        }
        if i >= self.no_domain_before
            && self.prev != Prev::Alnum
            && (c.is_ascii_digit() || c.is_alphabetic())
        {
            match domain(text, i) {
                Ok(end) => return Some((Special::Domain, end)),
                Err(chain_end) => self.no_domain_before = chain_end,
            }
        }
        marked_at(text, i, c)
    }
}

/// The spans that start at a mark of their own (`@`, `#`, a digit), tried after addresses and
/// links: whatever came before them in the text makes no difference to these.
fn marked_at(text: &str, i: usize, c: char) -> Option<(Special, usize)> {
    if c == '@'
        && let Some(end) = mention(text, i)
    {
        return Some((Special::Mention, end));
    }
    if matches!(c, '#' | '＃')
        && let Some(end) = hashtag(text, i)
    {
        return Some((Special::Hashtag, end));
    }
    if c.is_ascii_digit() {
        if let Some(end) = date(text, i) {
            return Some((Special::Date, end));
        }
        if let Some(end) = time(text, i) {
            return Some((Special::Time, end));
        }
    }
    None
}

/// Where an e-mail address can start: inside the run of local-part characters that ends at
/// the next `@`. Trying `email` only there spares a scan of every word of a text; the run is
/// measured once per `@`, so the scan stays linear.
struct AtSign {
    /// The first `@` at or after the last position asked about.
    next: Option<usize>,
    /// Where the run of local-part characters before `next` starts.
    local_from: usize,
}

impl AtSign {
    fn new(text: &str) -> Self {
        let mut at_sign = AtSign {
            next: None,
            local_from: 0,
        };
        at_sign.seek(text, 0);
        at_sign
    }

    fn seek(&mut self, text: &str, from: usize) {
        self.next = text[from..].find('@').map(|offset| from + offset);
        if let Some(at) = self.next {
            let local: usize = text[from..at]
                .chars()
                .rev()
                .take_while(|&c| is_local(c))
                .map(char::len_utf8)
                .sum();
            self.local_from = at - local;
        }
    }

    /// False when no e-mail address can start at `i`.
    fn may_start(&mut self, text: &str, i: usize) -> bool {
        if self.next.is_some_and(|at| at < i) {
            self.seek(text, i);
        }
        self.next.is_some_and(|at| self.local_from <= i && i < at)
    }
}

/// `local@domain.tld`: the local part runs from `i` up to an `@`.
fn email(text: &str, i: usize) -> Option<usize> {
    let local_len: usize = text[i..]
        .chars()
        .take_while(|&c| is_local(c))
        .take(MAX_LOCAL + 1)
        .map(char::len_utf8)
        .sum();
    let at = i + local_len;
    if local_len == 0 || local_len > MAX_LOCAL * 4 || !text[at..].starts_with('@') {
        return None;
    }
    // Labels of `[letters digits -]+` joined by single dots; the match ends after the leading
    // letters (two or more) of the last label that has them.
    let mut end = None;
    let mut pos = at + 1;
    let mut first = true;
    while pos < text.len() && pos - at <= MAX_DOMAIN {
        let label_len: usize = text[pos..]
            .chars()
            .take_while(|&c| is_label(c))
            .map(char::len_utf8)
            .sum();
        if label_len == 0 {
            break;
        }
        if !first {
            let letters: Vec<char> = text[pos..pos + label_len]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if letters.len() >= 2 {
                end = Some(pos + letters.iter().map(|c| c.len_utf8()).sum::<usize>());
            }
        }
        first = false;
        pos += label_len;
        if !text[pos..].starts_with('.') {
            break;
        }
        pos += 1;
    }
    end
}

/// `http://…`, `https://…` or `www.…` up to the first character that ends a link.
fn url(text: &str, i: usize) -> Option<usize> {
    let head = text.get(i..(i + 8).min(text.len())).unwrap_or("");
    let prefix = ["https://", "http://", "www."].into_iter().find(|p| {
        head.len() >= p.len()
            && head.is_char_boundary(p.len())
            && head[..p.len()].eq_ignore_ascii_case(p)
    })?;
    let start = i + prefix.len();
    let rest: usize = text[start..]
        .chars()
        .take_while(|&c| !ends_link(c))
        .map(char::len_utf8)
        .sum();
    (rest > 0).then_some(start + rest)
}

/// The length in bytes of the run of characters from `pos` that `keep` accepts; ASCII is
/// looked at byte by byte, without decoding, since a bare domain is tried at every word.
fn run_len(text: &str, pos: usize, keep: impl Fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut end = pos;
    while let Some(&b) = bytes.get(end) {
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text[end..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if !keep(c) {
            break;
        }
        end += c.len_utf8();
    }
    end - pos
}

/// A bare domain: labels joined by dots, then a known top-level domain, then an optional path.
/// `Err` carries where the chain of labels ended, for the caller to skip.
fn domain(text: &str, i: usize) -> Result<usize, usize> {
    // Starts of the segments after each dot, as long as the labels before them are valid.
    let mut after_dots = Dots::default();
    let mut pos = i;
    while pos - i <= MAX_DOMAIN {
        let run = run_len(text, pos, is_label);
        let label = &text[pos..pos + run];
        let valid = !label.is_empty() && !label.starts_with('-') && !label.ends_with('-');
        if !valid || !text[pos + run..].starts_with('.') {
            break;
        }
        pos += run + 1;
        after_dots.push(pos);
    }
    let chain_end = pos;
    for tld_start in after_dots.last_first() {
        // Every TLD starts with a letter: after a full stop, the next word usually does not.
        if !text
            .as_bytes()
            .get(tld_start)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            continue;
        }
        let segment = &text[tld_start..];
        if let Some(tld) = BARE_TLDS.iter().find(|t| {
            segment.len() >= t.len()
                && segment.is_char_boundary(t.len())
                && segment[..t.len()].eq_ignore_ascii_case(t)
        }) {
            let mut end = tld_start + tld.len();
            if text[end..].starts_with(['/', '?', '#']) {
                end += text[end..]
                    .chars()
                    .take_while(|&c| !ends_link(c))
                    .map(char::len_utf8)
                    .sum::<usize>();
            }
            return Ok(end);
        }
    }
    Err(chain_end.max(i + 1))
}

/// The starts of the segments after the dots of a chain of labels, in order. A word before
/// a full stop is such a chain, one per sentence: the first few starts stay on the stack
/// instead of costing an allocation each time.
#[derive(Default)]
struct Dots {
    first: [usize; 4],
    count: usize,
    rest: Vec<usize>,
}

impl Dots {
    fn push(&mut self, start: usize) {
        match self.first.get_mut(self.count) {
            Some(slot) => *slot = start,
            None => self.rest.push(start),
        }
        self.count += 1;
    }

    /// The starts, last first.
    fn last_first(&self) -> impl Iterator<Item = usize> + '_ {
        let inline = &self.first[..self.count.min(self.first.len())];
        self.rest.iter().rev().chain(inline.iter().rev()).copied()
    }
}

/// `@name`: word characters, with dots inside but not at the end.
fn mention(text: &str, i: usize) -> Option<usize> {
    let body = &text[i + 1..];
    let mut end = None;
    for (offset, c) in body.char_indices() {
        if is_word(c) {
            end = Some(i + 1 + offset + c.len_utf8());
        } else if c != '.' || end.is_none() {
            break;
        }
    }
    end
}

/// `#tag`: letters, marks, digits and underscores.
fn hashtag(text: &str, i: usize) -> Option<usize> {
    let start = i + text[i..].chars().next().map_or(1, char::len_utf8);
    let len: usize = text[start..]
        .chars()
        .take_while(|&c| is_word(c) || unicode_normalization::char::is_combining_mark(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(start + len)
}

/// One or two ASCII digits at `pos` followed by one of `seps`: where the separator is.
fn digits_then(text: &str, pos: usize, seps: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    [2, 1].into_iter().find_map(|n| {
        let digits = bytes.get(pos..pos + n)?;
        (digits.iter().all(u8::is_ascii_digit)
            && bytes.get(pos + n).is_some_and(|b| seps.contains(b)))
        .then_some(pos + n)
    })
}

/// `31/01/2027`, `1.1.27`: day, month and a four- or two-digit year.
fn date(text: &str, i: usize) -> Option<usize> {
    let first = digits_then(text, i, b"/.-")?;
    let second = digits_then(text, first + 1, b"/.-")?;
    let bytes = text.as_bytes();
    let year = second + 1;
    [4, 2].into_iter().find_map(|n| {
        bytes
            .get(year..year + n)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|_| year + n)
    })
}

/// `10:30`, `9.00`: hours and minutes.
fn time(text: &str, i: usize) -> Option<usize> {
    let sep = digits_then(text, i, b":.")?;
    let bytes = text.as_bytes();
    let minutes = bytes.get(sep + 1..sep + 3)?;
    (matches!(minutes[0], b'0'..=b'5') && minutes[1].is_ascii_digit()).then_some(sep + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regular expression the scanner replaces, kept as its specification.
    static ORACLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let tlds = BARE_TLDS.join("|");
        let pattern = format!(
            r#"(?x)
            (?P<email>[\p{{L}}\p{{N}}._%+-]+@[\p{{L}}\p{{N}}-]+(?:\.[\p{{L}}\p{{N}}-]+)*\.\p{{L}}{{2,}})
          | (?P<url>(?i:https?://|www\.)[^\s<>"«»\[\]{{}}|\\^`]+)
          | (?P<domain>(?i:(?:[\p{{L}}0-9](?:[\p{{L}}0-9-]*[\p{{L}}0-9])?\.)+(?:{tlds}))(?:[/?\#][^\s<>"«»\[\]{{}}|\\^`]*)?)
          | (?P<mention>@[\p{{L}}\p{{N}}_](?:[\p{{L}}\p{{N}}_.]*[\p{{L}}\p{{N}}_])?)
          | (?P<hashtag>[\#＃][\p{{L}}\p{{M}}\p{{N}}_]+)
          | (?P<date>[0-9]{{1,2}}[/.-][0-9]{{1,2}}[/.-](?:[0-9]{{4}}|[0-9]{{2}}))
          | (?P<time>[0-9]{{1,2}}[:.][0-5][0-9])
        "#
        );
        regex::Regex::new(&pattern).expect("oracle pattern")
    });

    fn oracle(text: &str) -> Vec<(Special, Range<usize>)> {
        ORACLE
            .captures_iter(text)
            .map(|caps| {
                let kind = [
                    ("email", Special::Email),
                    ("url", Special::Url),
                    ("domain", Special::Domain),
                    ("mention", Special::Mention),
                    ("hashtag", Special::Hashtag),
                    ("date", Special::Date),
                    ("time", Special::Time),
                ]
                .into_iter()
                .find(|(name, _)| caps.name(name).is_some())
                .map(|(_, k)| k)
                .expect("one group matched");
                (kind, caps.get(0).expect("whole match").range())
            })
            .collect()
    }

    const SAMPLES: &[&str] = &[
        "Info su https://www.comune.alessandria.it/eventi?x=1. Anche comune.alessandria.it/eventi e www.amag.it!",
        "p.es. il sig.ra Rossi, D.Lgs. 196/2003 n.it x.comune.italia a-.comune.it 3.5.comune.it",
        "Scrivi a urp@comune.alessandria.it o @Com_Alessandria #Alessandria #2026 a@b.it2 x@y.z.it.",
        "dalle 9:00 alle 17.30 del 31/01/2027, costo € 2.500,00 e 1.000 posti 123:45 31/01/202 1.1.27",
        "mario.rossi@gmail.com, @mario.rossi. #città＃ciao #a_b @ @. ## www. http:// HTTPS://A.IT",
        "(vedi comune.alessandria.it/a(b)) «www.x.it» [link](https://a.it) 10:60 24:00 25:30",
        "utente@dominio-lungo.example.info e nome@città.it e #Sant'Anna e @x_y.z_ e e-mail:a@b.cc",
        // Cases the property test below once found: a label after `-`, a search after a match.
        "-A.it",
        "#a-@-.aé",
        // Several addresses, and `@` signs that start none: where an address can start is
        // worked out once per `@`.
        "scrivi a a@b.it, poi c.d@e.com o f@g e @h a@ b@@c.it x y@z.it@w.it",
        // Words skipped in one step, and the bytes after a word that forbid the skip.
        "ciao città. perché.it aé.it ab-c.it cb-.it a_b.it ab9:30 a12/01/2027 x2.it èx.it",
        "chttp://a.it awww.b.it xhttps://c.it ahttp:x www w.it h.it hwww.it wh",
        "città@x.it é@y.it ab:cd ab;c.it a«b.it a’b.it ciao😀.it x\u{301}.it",
    ];

    #[test]
    fn agrees_with_the_regular_expression_it_replaces() {
        for sample in SAMPLES {
            assert_eq!(scan(sample), oracle(sample), "on {sample:?}");
        }
    }

    proptest::proptest! {
        // Failures become cases in SAMPLES above rather than files beside the crate.
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::with_cases(2000)
        })]
        #[test]
        fn agrees_on_generated_text(text in "[a-zA-Zàé0-9@#＃.:/_%+\\- ]{0,40}(it|com|info|www\\.|https://)?[a-z0-9@#./:-]{0,20}") {
            proptest::prop_assert_eq!(scan(&text), oracle(&text));
        }
    }

    /// The scanner as it was before it skipped whole words, kept as the reference its fast
    /// paths are held to (it also differs from the regular expression on a link cut by the
    /// end of the text inside a multi-byte character, which the fast paths must not fix).
    mod reference {
        use super::super::*;

        /// Every special span of `text`, left to right, not overlapping.
        pub(super) fn scan(text: &str) -> Vec<(Special, Range<usize>)> {
            let mut out = Vec::new();
            let mut i = 0;
            let mut prev: Option<char> = None;
            // After a failed bare-domain attempt, the rest of its chain of labels cannot succeed.
            let mut no_domain_before = 0;
            let mut at_sign = AtSign::new(text);
            let bytes = text.as_bytes();
            while let Some(&b) = bytes.get(i) {
                if quiet(b, prev) {
                    prev = Some(char::from(b));
                    i += 1;
                    continue;
                }
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if let Some((kind, end)) =
                    match_at(text, i, c, prev, &mut no_domain_before, &mut at_sign)
                {
                    out.push((kind, i..end));
                    // The search starts afresh after a match, as a regex search resumes there.
                    prev = None;
                    i = end;
                    continue;
                }
                prev = Some(c);
                i += c.len_utf8();
            }
            out
        }

        /// True for an ASCII byte at which no span can start, whatever follows: most of a text.
        /// Inside a word, a letter starts no address (it would have started at the word's start),
        /// no bare domain (idem) and no link unless it is `h` or `w`; white space and punctuation
        /// other than the local-part marks and `@` `#` start nothing anywhere.
        fn quiet(b: u8, prev: Option<char>) -> bool {
            match b {
                b'h' | b'H' | b'w' | b'W' => false,
                b'a'..=b'z' | b'A'..=b'Z' => prev.is_some_and(char::is_alphanumeric),
                b'0'..=b'9' | b'.' | b'_' | b'%' | b'+' | b'-' | b'@' | b'#' => false,
                _ => b.is_ascii(),
            }
        }

        fn match_at(
            text: &str,
            i: usize,
            c: char,
            prev: Option<char>,
            no_domain_before: &mut usize,
            at_sign: &mut AtSign,
        ) -> Option<(Special, usize)> {
            // A match inside a run of local-part characters would have started at the run's start.
            if is_local(c)
                && !prev.is_some_and(is_local)
                && at_sign.may_start(text, i)
                && let Some(end) = email(text, i)
            {
                return Some((Special::Email, end));
            }
            if matches!(c, 'h' | 'H' | 'w' | 'W')
                && let Some(end) = url(text, i)
            {
                return Some((Special::Url, end));
            }
            if i >= *no_domain_before
                && (c.is_alphabetic() || c.is_ascii_digit())
                && !prev.is_some_and(char::is_alphanumeric)
            {
                match domain(text, i) {
                    Ok(end) => return Some((Special::Domain, end)),
                    Err(chain_end) => *no_domain_before = chain_end,
                }
            }
            marked_at(text, i, c)
        }
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(2000))]
        #[test]
        fn agrees_with_the_reference_on_draft_text(text in super::super::samples::draft_text()) {
            proptest::prop_assert_eq!(scan(&text), reference::scan(&text));
        }

        /// Words of every shape next to the bytes that decide whether one is skipped whole.
        #[test]
        fn agrees_with_the_reference_on_words(text in "([a-zA-Zhwàé0-9²]{0,6}[ .:@_/’+-]?){0,12}(it|com|www\\.|http://)?") {
            proptest::prop_assert_eq!(scan(&text), reference::scan(&text));
        }
    }

    #[test]
    fn long_chains_of_labels_agree_with_the_reference() {
        for dots in 0..10 {
            let chain = "ab.".repeat(dots);
            for text in [
                format!("x {chain}it/p y"),
                format!("{chain}comune.it."),
                format!("{chain}x. Poi"),
                format!("{chain}it.{chain}"),
            ] {
                assert_eq!(scan(&text), reference::scan(&text), "{text:?}");
            }
        }
        let mut dots = Dots::default();
        (0..7).for_each(|i| dots.push(i));
        assert!(dots.last_first().eq((0..7).rev()));
    }

    /// The premise of the shortcut in `domain`.
    #[test]
    fn every_bare_tld_starts_with_an_ascii_letter() {
        assert!(
            BARE_TLDS
                .iter()
                .all(|t| t.as_bytes()[0].is_ascii_alphabetic())
        );
    }

    #[test]
    fn byte_classes_are_what_the_scanner_assumes() {
        for b in 0..=255u8 {
            let class = BYTES[usize::from(b)];
            let c = char::from(b);
            assert_eq!(class == Byte::Wide, !b.is_ascii(), "{b}");
            if class == Byte::Quiet {
                assert!(!is_local(c) && !matches!(c, '@' | '#'), "{b}");
            }
            let letter = matches!(class, Byte::Letter | Byte::Link);
            assert_eq!(letter, b.is_ascii_alphabetic(), "{b}");
        }
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        // Chains of labels and local parts that never complete: each is scanned once.
        let labels = "a.".repeat(200_000);
        assert!(scan(&labels).is_empty());
        let local = "a".repeat(300_000) + "@";
        assert!(scan(&local).is_empty());
    }
}
