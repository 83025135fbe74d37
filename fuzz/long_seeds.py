#!/usr/bin/env python3
"""Writes long seeds (100 KB to 1 MiB) for the `draft` target into fuzz/seeds/long/.

The committed seeds are short drafts; libFuzzer grows inputs slowly from them and never
reaches the sizes where a quadratic path shows. These are the shapes that were quadratic or
slow once: many `[[allow]]` entries, one value repeated, a phone number every few bytes,
long lines, many short lines, invisible characters and unusual spaces inside numbers.
Each file starts with the pick byte the target reads first (see fuzz_targets/draft.rs).
"""

import os
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "seeds" / "long"
EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
LIMIT = 1024 * 1024 - 1


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    drafts = sorted(EXAMPLES.rglob("*.txt"))
    body = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in drafts)
    seeds = {
        "allow-many": "+++\n"
        + fill('[[allow]]\nrule = "style/emoji"\nreason = "x"\n', 900_000)
        + "+++\nCiao a tutti\n",
        "allow-distinct": "+++\n"
        + "".join(f'[[allow]]\nrule = "a{i}/b"\nreason = "r"\n' for i in range(20_000))
        + "+++\nCiao\n",
        "cf-repeated": fill("Codice RSSMRA85T10A562S ", 600_000),
        "phone-dense": fill("Chiamate il 347 1234567 per info, grazie a tutti quanti voi. ", 600_000),
        "one-long-line": fill("cmq x tutti NON VA BENE!!! https://wa.me/393471234567 ", 300_000),
        "short-lines": fill("cmq\n", 200_000),
        "invisible": fill("tel 347\u00ad123\u200b4567 carta 4111\u202f1111\u20091111\u20071111 "
                          "IBAN IT60\tX054\u20132811\u00a01010\u00a00000\u00a00123\u00a0456 ", 200_000),
        "examples": fill(body + "\n", 400_000),
        "front-long": "+++\nsource = \"" + fill("fonte ", 200_000) + "\"\n+++\n" + body,
    }
    for name, text in seeds.items():
        data = b"\x00" + text.encode("utf-8")
        (OUT / name).write_bytes(data[:LIMIT])


if __name__ == "__main__":
    main()
