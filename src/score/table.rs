//! Hashes, lookup tables and the plain-text readers of the scorer's two data files, shared by
//! the crate and by `build.rs` (which includes this file with `#[path]`, so it depends on
//! nothing but `std`).
//!
//! Both data files are turned into tables at compile time: nothing is parsed when a process
//! starts. A table is a list of 64-bit keys sorted ascending with, for each value of the key's
//! top `bits` bits, where its run of keys starts (`index`, `2^bits + 1` entries): a look-up reads
//! one index entry and compares the few keys of its bucket.
//!
//! - Features are keyed by [`feature_key`] of their UTF-8 bytes (`w:lega`, `b:vota lega`), a
//!   word-at-a-time hash; only Rust computes it (`build.rs` keys the names of the weights file,
//!   the extractor keys what it finds), so the trainer and the weights file keep plain names.
//! - Words of the word list are keyed by 64-bit FNV-1a of their lower-case UTF-8 bytes
//!   ([`Fnv`]), which extends a byte at a time: the dictionary split hashes every piece of a
//!   hashtag as it grows.
//!
//! Two different strings can share a key: the build refuses a table in which two entries do, and
//! a string outside the table that shares a key with one inside (odds about one in 2^64 / table
//! size per look-up) would be read as that entry.

#![allow(dead_code)]

/// Multiplier of [`feature_key`]'s rounds (the 64-bit golden ratio).
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// The key of a feature: start from the byte length; for each 8-byte little-endian chunk (the
/// last one padded with zero bytes) `h = (rotl(h, 5) ^ chunk) * K`; then MurmurHash3's `fmix64`.
pub fn feature_key(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    fmix64(h)
}

fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// 64-bit FNV-1a, fed a byte at a time.
#[derive(Clone, Copy)]
pub struct Fnv(pub u64);

impl Fnv {
    pub const fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }

    pub fn bytes(&mut self, bs: &[u8]) {
        bs.iter().for_each(|&b| self.byte(b));
    }

    /// Feeds a character lower-cased (as `str::to_lowercase` does it, one character at a time).
    #[inline]
    pub fn lower_char(&mut self, c: char) {
        if c.is_ascii() {
            self.byte(c.to_ascii_lowercase() as u8);
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                self.bytes(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a of a string lower-cased.
pub fn word_key(word: &str) -> u64 {
    let mut h = Fnv::new();
    word.chars().for_each(|c| h.lower_char(c));
    h.finish()
}

/// Index bits for `n` keys: about two keys a bucket, between 4 and 16 bits.
pub fn index_bits(n: usize) -> u32 {
    let mut bits = 4;
    while bits < 16 && (1usize << bits) * 2 < n {
        bits += 1;
    }
    bits
}

/// The bucket index of sorted `keys`: entry `b` is the position of the first key whose top
/// `bits` bits are `b` or more.
pub fn build_index(keys: &[u64], bits: u32) -> Vec<u32> {
    let buckets = 1usize << bits;
    let mut index = Vec::with_capacity(buckets + 1);
    let mut k = 0usize;
    for b in 0..=buckets {
        while k < keys.len() && bucket(keys[k], bits) < b {
            k += 1;
        }
        index.push(k as u32);
    }
    index
}

#[inline]
pub fn bucket(key: u64, bits: u32) -> usize {
    (key >> (64 - bits)) as usize
}

/// Position of `key` in sorted `keys` with its `index`, if present.
#[inline]
pub fn find(keys: &[u64], index: &[u32], bits: u32, key: u64) -> Option<usize> {
    let b = bucket(key, bits);
    let (start, end) = (index[b] as usize, index[b + 1] as usize);
    keys[start..end]
        .iter()
        .position(|&k| k == key)
        .map(|p| start + p)
}

/// One class line of a weights file.
pub struct RawClass {
    pub name: String,
    pub bias: f64,
    pub threshold: f64,
}

/// A weights file read line by line, before it becomes a table.
pub struct RawModel {
    pub classes: Vec<RawClass>,
    pub trained: Vec<String>,
    pub norm: usize,
    /// (feature, class index, weight), in file order.
    pub weights: Vec<(String, usize, f64)>,
}

/// Italian function words (spec `alpost-content-features/1`): items of the chain, never
/// features by themselves.
pub const STOP: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "anche", "avere", "c", "che", "chi",
    "ci", "coi", "col", "come", "con", "cui", "da", "dagli", "dai", "dal", "dalla", "dalle",
    "dallo", "degli", "dei", "del", "della", "delle", "dello", "di", "dove", "e", "ed", "è", "era",
    "essere", "gli", "ha", "hanno", "ho", "i", "il", "in", "io", "l", "la", "le", "li", "lo",
    "loro", "lui", "ma", "mi", "ne", "negli", "nei", "nel", "nella", "nelle", "nello", "noi",
    "non", "o", "per", "più", "può", "quale", "quali", "quando", "quella", "quelle", "quelli",
    "quello", "questa", "queste", "questi", "questo", "se", "si", "sia", "siamo", "sono", "su",
    "sua", "sue", "sugli", "sui", "sul", "sull", "sulla", "sulle", "sullo", "suo", "suoi", "ti",
    "tra", "tu", "tutti", "tutto", "un", "una", "uno", "vi", "voi",
];

/// Sorted keys of `w:WORD` for the words of [`STOP`].
pub fn stop_keys() -> Vec<u64> {
    let mut keys: Vec<u64> = STOP
        .iter()
        .map(|w| feature_key(format!("w:{w}").as_bytes()))
        .collect();
    keys.sort_unstable();
    keys
}

pub const MODEL_FORMAT: &str = "alpost-content-model/1";
pub const FEATURE_SPEC: &str = "alpost-content-features/1";

/// What is wrong with a weights file.
#[derive(Debug)]
pub enum RawError {
    /// A line (1-based) and what is wrong with it.
    Line(usize, String),
    NoFormat,
    NoClass,
    /// Two features with one key: the table could not tell them apart.
    SharedKey(String, String),
}

fn at(line: usize, msg: impl Into<String>) -> RawError {
    RawError::Line(line, msg.into())
}

/// Reads a weights file (format in `src/score/mod.rs`): every problem is an error with its line.
pub fn parse_model(text: &str) -> Result<RawModel, RawError> {
    let mut m = RawModel {
        classes: Vec::new(),
        trained: Vec::new(),
        norm: 1,
        weights: Vec::new(),
    };
    let mut format = false;
    let mut seen: std::collections::HashSet<(String, usize)> = std::collections::HashSet::new();
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
                    return Err(at(
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
                if f.get(1) != Some(&FEATURE_SPEC) {
                    return Err(at(
                        line,
                        format!(
                            "feature spec {:?}, this alpost computes {FEATURE_SPEC}",
                            f.get(1).unwrap_or(&"")
                        ),
                    ));
                }
            }
            "!trained" => m.trained = f[1..].iter().map(|s| (*s).to_owned()).collect(),
            "!norm" => {
                m.norm = f
                    .get(1)
                    .and_then(|s| s.parse::<usize>().ok())
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| at(line, "`!norm` needs a whole number of at least 1"))?;
            }
            "!class" => {
                if f.len() != 4 {
                    return Err(at(line, "`!class` needs a name, a bias and a threshold"));
                }
                if m.classes.iter().any(|c| c.name == f[1]) {
                    return Err(at(line, format!("class {:?} declared twice", f[1])));
                }
                if m.classes.len() >= 8 {
                    return Err(at(line, "too many classes (at most 8)"));
                }
                m.classes.push(RawClass {
                    name: f[1].to_owned(),
                    bias: number(f[2], line)?,
                    threshold: number(f[3], line)?,
                });
            }
            d if d.starts_with('!') => {
                return Err(at(line, format!("unknown directive {d:?}")));
            }
            class => {
                if f.len() != 3 {
                    return Err(at(line, "a weight line is: class, feature, weight"));
                }
                let idx = m
                    .classes
                    .iter()
                    .position(|c| c.name == class)
                    .ok_or_else(|| {
                        at(
                            line,
                            format!("class {class:?} has no `!class` line before it"),
                        )
                    })?;
                let w = number(f[2], line)?;
                if !seen.insert((f[1].to_owned(), idx)) {
                    return Err(at(
                        line,
                        format!("feature {:?} weighed twice in {class}", f[1]),
                    ));
                }
                m.weights.push((f[1].to_owned(), idx, w));
            }
        }
    }
    if !format {
        return Err(RawError::NoFormat);
    }
    if m.classes.is_empty() {
        return Err(RawError::NoClass);
    }
    Ok(m)
}

fn number(s: &str, line: usize) -> Result<f64, RawError> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| at(line, format!("{s:?} is not a number")))
}

/// A weights file as a table: sorted keys, their index, the feature names and, per feature,
/// one weight per class (0 where the class has none).
pub struct ModelTable {
    pub bits: u32,
    pub keys: Vec<u64>,
    pub index: Vec<u32>,
    pub names: Vec<String>,
    /// `keys.len() * classes` weights, row by row.
    pub weights: Vec<f32>,
}

/// Builds the table of a read weights file; two features with one key are an error.
pub fn model_table(m: &RawModel) -> Result<ModelTable, RawError> {
    let c = m.classes.len();
    let mut rows: std::collections::BTreeMap<u64, (String, Vec<f32>)> =
        std::collections::BTreeMap::new();
    for (feat, class, w) in &m.weights {
        let key = feature_key(feat.as_bytes());
        let row = rows
            .entry(key)
            .or_insert_with(|| (feat.clone(), vec![0.0; c]));
        if row.0 != *feat {
            return Err(RawError::SharedKey(row.0.clone(), feat.clone()));
        }
        row.1[*class] = *w as f32;
    }
    let keys: Vec<u64> = rows.keys().copied().collect();
    let bits = index_bits(keys.len());
    let index = build_index(&keys, bits);
    let mut names = Vec::with_capacity(keys.len());
    let mut weights = Vec::with_capacity(keys.len() * c);
    for (name, ws) in rows.into_values() {
        names.push(name);
        weights.extend(ws);
    }
    Ok(ModelTable {
        bits,
        keys,
        index,
        names,
        weights,
    })
}

/// A word list as a table: sorted keys of the words, their index and, per key, the word's rank
/// (0 = most frequent, its position among the list's distinct words).
pub struct WordTable {
    pub bits: u32,
    pub keys: Vec<u64>,
    pub index: Vec<u32>,
    pub ranks: Vec<u32>,
}

/// Reads a word list (one word a line, most frequent first, `#` comments; a word listed twice
/// keeps its first rank). `Err` names two different words that share a key.
pub fn word_table(text: &str) -> Result<WordTable, String> {
    let mut by_key: std::collections::BTreeMap<u64, (u32, String)> =
        std::collections::BTreeMap::new();
    let mut next = 0u32;
    for line in text.lines() {
        let w = line.trim_end_matches('\r');
        if w.is_empty() || w.starts_with('#') {
            continue;
        }
        let key = word_key(w);
        match by_key.get(&key) {
            Some((_, other)) if other != w => {
                return Err(format!("words {other:?} and {w:?} share a key"));
            }
            Some(_) => {}
            None => {
                by_key.insert(key, (next, w.to_owned()));
                next += 1;
            }
        }
    }
    let keys: Vec<u64> = by_key.keys().copied().collect();
    let bits = index_bits(keys.len());
    let index = build_index(&keys, bits);
    let ranks = by_key.into_values().map(|(r, _)| r).collect();
    Ok(WordTable {
        bits,
        keys,
        index,
        ranks,
    })
}
