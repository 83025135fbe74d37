"""Feature extraction of the content scorer, spec `alpost-content-features/1`.

The Rust side (src/score/features.rs and src/text/segment.rs) implements the same spec; a
fixture written by `python3 features.py fixture` holds the two to the same output.

Spec
----
Characters. A *word character* is an ASCII letter or digit, a Latin letter U+00C0-U+024F other
than × (U+00D7) and ÷ (U+00F7), or a combining mark U+0300-U+036F. A *digit* is ASCII 0-9; every
other word character is a *letter*. No Unicode normalisation is applied (the same text gives the
same features in both languages, whatever their Unicode tables). Lower-casing is per character.

Tokens, left to right:
- `http://`, `https://` or `www.` (any case) starts a link, up to the next white space;
- a run of word characters followed by `@` and a word character is an e-mail address, up to the
  next white space;
- `#` or `@` after a non-word character (or at the start) and before a word character starts a
  hashtag or mention: its body is the run of word characters and `_`, split into words by the
  segmenter (below);
- a run of word characters, with `.` or `,` kept between two digits, is cut where letters meet
  digits: letter pieces are words, digit pieces (with their separators) are numbers;
- `€`, `$`, `£` are a currency item, `%` a percent item;
- white space (the Unicode White_Space characters) and apostrophes (' and U+2019) separate tokens; any other character separates them
  and also breaks the chain of items used for bigrams (as does a link).

Items of the chain: words of two characters or more (lower-cased), numbers (as `<num>`), `€`
(every currency) and `%`; words of one character are dropped from features and from the chain.
STOP (below) is a fixed list of Italian function words: they stay items of the chain but are
never unigram features, and a bigram needs at least one word that is not in STOP.

Features (a set: each counts once):
- `w:WORD` every word not in STOP; `b:A B` two consecutive items of a chain, one a word not in STOP;
- `n:SHAPE` every number of three digits or more, digits written `d`, runs of more than four
  digits as `dddd+`, separators kept (`9.900` -> `n:d.ddd`, `150000` -> `n:dddd+`);
- `p:price` a number next to a currency item or to the word `euro`/`eur`;
- `p:pct` a number followed by `%`; `p:eur` any currency item;
- `p:caps` two or more words of three letters or more written in capitals;
- `p:excl` `!!` anywhere.
Links, addresses, hashtags and mentions as such give no feature (where a text was posted says
more about its genre than about its content); the words of hashtags and mentions do.

Segmenter (hashtags and mentions): the body is cut at `_`; each part at letter/digit changes, at a
lower-case letter followed by a capital, and before the last capital of a run of capitals followed
by a lower-case letter (`TVLega` -> `TV`, `Lega`). A letter piece of four letters or more that is
all lower-case or all capitals and is not itself in the word list is split by the dictionary: the
split into known words of least total cost, where a word of rank r (0 = most frequent) costs
20 + bit_length(r + 1), a one-letter word (only a, e, i, o) 40; among equal costs the earliest
found wins (ends scanned left to right, starts from the left). With no split (or if lower-casing
changes the piece's length in characters) the piece stays whole.
"""

import json
import sys
from pathlib import Path

SPEC = "alpost-content-features/1"

STOP = frozenset("""
a ad agli ai al alla alle allo anche avere c che chi ci coi col come con cui da dagli dai dal dalla
dalle dallo degli dei del della delle dello di dove e ed è era essere gli ha hanno ho i il in io l
la le li lo loro lui ma mi ne negli nei nel nella nelle nello noi non o per più può quale quali
quando quella quelle quelli quello questa queste questi questo se si sia siamo sono su sua sue sugli
sui sul sull sulla sulle sullo suo suoi ti tra tu tutti tutto un una uno vi voi
""".split())
ROOT = Path(__file__).resolve().parents[2]
WORDS = ROOT / "rules" / "words" / "it.txt"


def is_word_char(c: str) -> bool:
    o = ord(c)
    if o < 128:
        return c.isascii() and c.isalnum()
    return (0xC0 <= o <= 0x24F and o not in (0xD7, 0xF7)) or 0x300 <= o <= 0x36F


# Unicode White_Space, spelled out: Python's str.isspace() also counts U+001C-U+001F.
SPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                  "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def is_space(c: str) -> bool:
    return c in SPACE


def is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def is_upper(c: str) -> bool:
    return c.lower() != c


def is_lower(c: str) -> bool:
    return c.upper() != c


class Words:
    def __init__(self, path: Path = WORDS):
        self.rank: dict[str, int] = {}
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line and not line.startswith("#"):
                    self.rank.setdefault(line, len(self.rank))

    def known(self, w: str) -> bool:
        return w.lower() in self.rank

    def cost(self, w: str):
        if len(w) == 1:
            return 40 if w in ("a", "e", "i", "o") else None
        r = self.rank.get(w)
        return None if r is None else 20 + (r + 1).bit_length()

    def split_run(self, run: str):
        """Dictionary split of a run of letters, or None."""
        s = run.lower()
        n = len(s)
        if n != len(run):
            return None
        inf = float("inf")
        best = [inf] * (n + 1)
        back = [0] * (n + 1)
        best[0] = 0
        for i in range(1, n + 1):
            for j in range(max(0, i - 24), i):
                if best[j] == inf:
                    continue
                c = self.cost(s[j:i])
                if c is None:
                    continue
                if best[j] + c < best[i]:
                    best[i] = best[j] + c
                    back[i] = j
        if best[n] == inf:
            return None
        out, i = [], n
        while i > 0:
            out.append(run[back[i]:i])
            i = back[i]
        return out[::-1]


def tag_pieces(body: str, words: Words):
    """Pieces of a hashtag or mention body: (text, is_number)."""
    out = []
    for part in body.split("_"):
        pieces, cur = [], ""
        for k, c in enumerate(part):
            if cur:
                p = cur[-1]
                nxt = part[k + 1] if k + 1 < len(part) else ""
                cut = (is_digit(p) != is_digit(c)) or (is_lower(p) and is_upper(c)) or (
                    is_upper(p) and is_upper(c) and nxt and is_lower(nxt))
                if cut:
                    pieces.append(cur)
                    cur = ""
            cur += c
        if cur:
            pieces.append(cur)
        for p in pieces:
            if is_digit(p[0]):
                out.append((p, True))
                continue
            uniform = p == p.lower() or p == p.upper()
            if len(p) >= 4 and uniform and not words.known(p):
                split = words.split_run(p)
                if split:
                    out.extend((w, False) for w in split)
                    continue
            out.append((p, False))
    return out


def shape(num: str) -> str:
    out, run = [], 0

    def flush():
        nonlocal run
        if run:
            out.append("dddd+" if run > 4 else "d" * run)
        run = 0

    for c in num:
        if is_digit(c):
            run += 1
        else:
            flush()
            out.append(c)
    flush()
    return "".join(out)


def features(text: str, words: Words) -> list[str]:
    feats: set[str] = set()
    chain: list[str] = []  # items of the current chain
    caps = 0
    i, n = 0, len(text)

    def brk():
        chain.clear()

    def content(item: str) -> bool:
        return item not in ("<num>", "€", "%") and item not in STOP

    def push(item: str, kind: str):
        # kind: "w" word, "n" number, "s" symbol
        if chain:
            prev = chain[-1]
            if content(prev) or content(item):
                feats.add(f"b:{prev} {item}")
            if kind == "n" and (prev == "€" or prev in ("euro", "eur")):
                feats.add("p:price")
            if prev == "<num>" and (item == "€" or item in ("euro", "eur")):
                feats.add("p:price")
            if prev == "<num>" and item == "%":
                feats.add("p:pct")
        chain.append(item)

    def word(w: str, raw: str):
        nonlocal caps
        if len(w) < 2:
            return
        if len(raw) >= 3 and raw.upper() == raw and raw.lower() != raw:
            caps += 1
        if w not in STOP:
            feats.add(f"w:{w}")
        push(w, "w")

    def number(num: str):
        if sum(1 for c in num if is_digit(c)) >= 3:
            feats.add(f"n:{shape(num)}")
        push("<num>", "n")

    while i < n:
        c = text[i]
        low = text[i:i + 8].lower()
        if low.startswith("http://") or low.startswith("https://") or low.startswith("www."):
            while i < n and not is_space(text[i]):
                i += 1
            brk()
            continue
        if c in "#@" and i + 1 < n and is_word_char(text[i + 1]) and (i == 0 or not is_word_char(text[i - 1])):
            j = i + 1
            while j < n and (is_word_char(text[j]) or text[j] == "_"):
                j += 1
            for piece, is_num in tag_pieces(text[i + 1:j], words):
                if is_num:
                    number(piece)
                else:
                    word(piece.lower(), piece)
            i = j
            continue
        if is_word_char(c):
            j = i
            while j < n:
                if is_word_char(text[j]):
                    j += 1
                elif text[j] in ".," and j > i and is_digit(text[j - 1]) and j + 1 < n and is_digit(text[j + 1]):
                    j += 1
                else:
                    break
            if j + 1 < n and text[j] == "@" and is_word_char(text[j + 1]):
                while j < n and not is_space(text[j]):
                    j += 1
                brk()
                i = j
                continue
            run = text[i:j]
            k = 0
            while k < len(run):
                if is_digit(run[k]):
                    m = k
                    while m < len(run) and (is_digit(run[m]) or (run[m] in ".," and m + 1 < len(run) and is_digit(run[m + 1]))):
                        m += 1
                    number(run[k:m])
                else:
                    m = k
                    while m < len(run) and not is_digit(run[m]) and run[m] not in ".,":
                        m += 1
                    word(run[k:m].lower(), run[k:m])
                k = max(m, k + 1)
            i = j
            continue
        if c in "€$£":
            feats.add("p:eur")
            push("€", "s")
        elif c == "%":
            push("%", "s")
        elif is_space(c) or c in "'\u2019":
            pass
        else:
            if c == "!" and i + 1 < n and text[i + 1] == "!":
                feats.add("p:excl")
            brk()
        i += 1
    if caps >= 2:
        feats.add("p:caps")
    return sorted(feats)


def fixture(out: Path) -> None:
    """Texts -> features, for the Rust test that holds both implementations to one spec."""
    words = Words()
    texts = [
        "Vota Lega il 25 settembre! #25settembrevotoLega @forza_italia #ItaliaSulSerio #votalega",
        "Vendesi trilocale, prezzo 99.000 euro. SCONTO62% solo oggi!! Info: https://example.it/x",
        "Appartamento corso Trapani 60, Torino, € 418.000 - 5 locali, 152 m², 2 bagni",
        "Il Comune informa: da lunedì 3 marzo l'ufficio tributi è aperto dalle 9.00 alle 12,30.",
        "Scrivi a info@comune.alessandria.it per la TARI e l'IMU. #TVLega #PrimaGliItaliani",
        "Perché l’Italia è più forte se la sinistra va a casa? Perché NOI CI SIAMO: à è ì ò ù É",
        "Saldi estivi dal 5 luglio: il 20% sugli articoli, 3x2 e 1.250,50 $ di buoni.",
        "#M5S #pd #FdI_Lega #2022 @GiorgiaMeloni_ ## # @ e-mail: a@b 4x100 100x200cm",
    ]
    rows = [{"text": t, "features": features(t, words)} for t in texts]
    tags = ["#votalega", "#25settembrevotoLega", "@forza_italia", "#ItaliaSulSerio", "#TVLega",
            "#primagliitaliani", "#forzaitalia", "#XYZQWK", "#Alessandria2027", "#ComuneDiAlessandria"]
    tag_rows = [{"tag": t, "pieces": [p for p, _ in tag_pieces(t[1:], words)]} for t in tags]
    out.write_text(json.dumps({"spec": SPEC, "texts": rows, "tags": tag_rows}, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "fixture":
        fixture(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "tests" / "data" / "content-features.json")
    else:
        w = Words()
        for line in sys.stdin:
            print(json.dumps(features(line.rstrip("\n"), w), ensure_ascii=False))
