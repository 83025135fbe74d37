#!/usr/bin/env python3
"""Every word and phrase of the default pack's lexicons, one per line: the pattern list for the
`grep -c -i -F -f` floor in benches/run.sh."""

import pathlib
import sys
import tomllib

LIST_KEYS = {"emoticons", "openers", "context", "persons", "honorifics", "administrators",
             "self_promotion", "requests", "not_requests", "office_words", "personal_domains"}


def strings(rule):
    words = rule.get("words", {})
    yield from words.keys()
    for term in rule.get("terms", []):
        yield from term.get("match", [])
    for key in LIST_KEYS:
        value = rule.get(key)
        if isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))
    for value in rule.get("categories", {}).values() if isinstance(rule.get("categories"), dict) else []:
        if isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "rules")
    seen = set()
    for path in sorted(root.glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            for s in strings(rule):
                s = s.rstrip("*").strip()
                if s and s.lower() not in seen:
                    seen.add(s.lower())
                    print(s)


if __name__ == "__main__":
    main()
