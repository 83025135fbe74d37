#!/usr/bin/env python3
"""Build rules/words/it.txt, the Italian word list of the hashtag segmenter.

    python3 wordlist.py --mirror /work/.mirror --corpora /work/corpora/content

Membership comes from napolux/paroleitaliane (MIT licence, see its LICENSE): the union of
`110000_parole_italiane_con_nomi_propri.txt` and `280000_parole_italiane.txt` at the commit
below, lower-cased, letters only. Order (the rank the segmenter's costs use) comes from counting
those words in the prepared corpora (all splits; counts only, no text is kept): most frequent
first, ties alphabetical. Words of the list never seen in the corpora are kept only if they are
among the list's `1000_parole_italiane_comuni.txt`, so the file stays small.
"""

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from features import is_digit, is_word_char

HERE = Path(__file__).resolve().parent
REPO = "napolux/paroleitaliane"
COMMIT = "64e90297708a5de9c0ea1abfaf52e5d697bcc354"
LISTS = ["paroleitaliane/110000_parole_italiane_con_nomi_propri.txt", "paroleitaliane/280000_parole_italiane.txt"]
COMMON = "paroleitaliane/1000_parole_italiane_comuni.txt"


def show(mirror: Path, path: str) -> str:
    gd = mirror / REPO.replace("/", "+") / "repo"
    return subprocess.run(["git", f"--git-dir={gd}", "show", f"{COMMIT}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8", errors="replace")


def clean(w: str):
    w = w.strip().lower()
    if len(w) >= 1 and all(is_word_char(c) and not is_digit(c) for c in w):
        return w
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default="/work/.mirror", type=Path)
    ap.add_argument("--corpora", default="/work/corpora/content", type=Path)
    ap.add_argument("--out", default=HERE.parents[1] / "rules" / "words" / "it.txt", type=Path)
    args = ap.parse_args()

    vocab = set()
    for p in LISTS:
        for line in show(args.mirror, p).splitlines():
            w = clean(line)
            if w:
                vocab.add(w)
    common = {w for w in (clean(x) for x in show(args.mirror, COMMON).splitlines()) if w}

    counts: Counter = Counter()
    for split in ("train", "dev", "test"):
        for line in open(args.corpora / f"{split}.jsonl", encoding="utf-8"):
            text = json.loads(line)["text"]
            cur = []
            for c in text + " ":
                if is_word_char(c) and not is_digit(c):
                    cur.append(c)
                else:
                    if cur:
                        w = "".join(cur).lower()
                        if w in vocab:
                            counts[w] += 1
                        cur = []
    kept = [w for w in vocab if counts[w] > 0 or w in common]
    kept.sort(key=lambda w: (-counts[w], w))
    header = [
        "# Italian words for the hashtag segmenter and the capitals check, most frequent first.",
        f"# Words: {REPO}@{COMMIT[:12]} (MIT licence), lists 110000_parole_italiane_con_nomi_propri",
        "# and 280000_parole_italiane; order: counts in the content-model corpora (see",
        "# scripts/content-model/README.md). Built by scripts/content-model/wordlist.py.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(header + kept) + "\n", "utf-8")
    print(f"{len(kept)} words ({sum(1 for w in kept if counts[w] > 0)} seen in the corpora)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
