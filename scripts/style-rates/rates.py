#!/usr/bin/env python3
"""Rate of each style and concision rule's findings on a corpus of drafts.

Usage:
  rates.py extract CORPUS_DIR OUT_DIR [LABEL]   # one draft file per text of that label
  rates.py count REPORT.json N_DRAFTS [PREFIX]  # findings and drafts with a finding, by rule
  rates.py found REPORT.json RULE               # each finding's text, to read by hand

REPORT.json is `alpost check --format json OUT_DIR`. Only rules whose id starts with PREFIX
(default: style/ concise/ plain/ content/image content/attribution content/complaint) count.
"""
import collections
import json
import os
import sys

DEFAULT = ("style/", "concise/", "plain/", "content/image", "content/attribution",
           "content/complaint")


def extract(corpus, out, label="institutional"):
    os.makedirs(out, exist_ok=True)
    n = 0
    index = open(os.path.join(out, "sources.tsv"), "w", encoding="utf-8")
    for split in ("train", "dev", "test"):
        with open(os.path.join(corpus, f"{split}.jsonl"), encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record["label"] != label:
                    continue
                with open(os.path.join(out, f"{n:05d}.txt"), "w", encoding="utf-8") as d:
                    d.write(record["text"])
                index.write(f"{n:05d}.txt\t{record['source']}\n")
                n += 1
    print(n)


def count(report, drafts, prefixes=DEFAULT):
    with open(report, encoding="utf-8") as f:
        findings = json.load(f)
    hits = collections.Counter()
    files = collections.defaultdict(set)
    for x in findings:
        if x["rule"].startswith(tuple(prefixes)):
            hits[x["rule"]] += 1
            files[x["rule"]].add(x["path"])
    print(f"{'rule':28} {'findings':>9} {'drafts':>7} {'% drafts':>9}")
    for rule in sorted(hits):
        share = 100 * len(files[rule]) / drafts
        print(f"{rule:28} {hits[rule]:9} {len(files[rule]):7} {share:8.1f}%")
    # By source, where the drafts were extracted with their sources.
    index = os.path.join(os.path.dirname(findings[0]["path"]) if findings else ".", "sources.tsv")
    if not os.path.exists(index):
        return
    source = dict(line.rstrip("\n").split("\t") for line in open(index, encoding="utf-8"))
    size = collections.Counter(source.values())
    print(f"\n{'source':22} {'drafts':>6}  " + "  ".join(f"{r:>18}" for r in sorted(hits)))
    for name in sorted(size):
        cells = []
        for rule in sorted(hits):
            n = sum(1 for p in files[rule] if source.get(os.path.basename(p)) == name)
            cells.append(f"{100 * n / size[name]:17.1f}%")
        print(f"{name:22} {size[name]:6}  " + "  ".join(cells))


def found(report, rule):
    with open(report, encoding="utf-8") as f:
        findings = json.load(f)
    for x in findings:
        if x["rule"] != rule:
            continue
        with open(x["path"], "rb") as d:
            text = d.read()
        a, b = x["byte_start"], x["byte_end"]
        piece = lambda s, e: text[max(s, 0):e].decode("utf-8", "replace").replace("\n", "⏎")
        print(f'{os.path.basename(x["path"])}:{x["line"]}\t{piece(a, b)!r}\t'
              f'{piece(a - 50, a)}[{piece(a, b)}]{piece(b, b + 50)}')


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "extract":
        extract(*args)
    elif cmd == "count":
        count(args[0], int(args[1]), tuple(args[2:]) or DEFAULT)
    elif cmd == "found":
        found(*args)
    else:
        sys.exit(__doc__)
