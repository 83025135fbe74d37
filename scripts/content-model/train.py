#!/usr/bin/env python3
"""Train the explainable content scorer and write rules/model/content.tsv.

    python3 train.py --corpora /work/corpora/content

Two binary logistic regressions without intercept over the features of features.py: `political` (partisan texts
against commercial and institutional ones) and `commercial` (listings, shop and brand copy
against political and institutional ones). Deterministic: documents are visited in the order of
the SHA-256 of their id, every epoch the same; AdaGrad steps with L2, no randomness. Then:
- features seen in fewer than MIN_DF training documents are never learned;
- weights below PRUNE in absolute value are dropped, and at most KEEP per class are kept;
- the threshold of each class is the lowest score at which the class fires on at most
  MAX_INST_FP of the institutional dev documents and on at most MAX_PACK_FP of the `good`
  examples of every rule in rules/*.toml (municipal posts and replies, which the corpora lack),
  and never below THRESHOLD_FLOOR (a draft with no evidence scores 0: there is no bias term).
  The packs' examples never enter training.
Standard library only. Prints the dev operating point and a PR table on dev.
"""

import argparse
import hashlib
import json
import math
import os
import tomllib
import subprocess
import sys
from collections import Counter
from pathlib import Path

from eval import load_pack
from features import SPEC, Words, features

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLASSES = {"political": "political", "commercial": "commercial"}
EPOCHS = 8
LR = 0.5
L2 = float(os.environ.get("L2", "3e-5"))
MIN_DF = int(os.environ.get("MIN_DF", "2"))
PRUNE = 0.03
KEEP = 4000
MAX_INST_FP = 0.005  # per class, likewise
MAX_PACK_FP = 0.005  # per class: the two together stay under 1 %
NORM_MIN = 12
THRESHOLD_FLOOR = 0.5
# Institutional negatives count six times: their false alarms cost most. The environment
# variables INST_WEIGHT, L2, MIN_DF and SOURCE_WEIGHTS (name=w,...) are for experiments.
INST_WEIGHT = float(os.environ.get("INST_WEIGHT", "6.0"))


def load(path: Path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    rows.sort(key=lambda r: hashlib.sha256(r["id"].encode("utf-8")).hexdigest())
    return rows


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(docs, labels, weights_of_doc, vocab):
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    b, gb = 0.0, 0.0
    for _ in range(EPOCHS):
        for feats, y, sw in zip(docs, labels, weights_of_doc):
            fs = [f for f in feats if f in vocab]
            x = 1.0 / math.sqrt(max(len(feats), NORM_MIN))
            z = x * sum(w.get(f, 0.0) for f in fs)
            g = (sigmoid(z) - y) * sw
            for f in fs:
                wf = w.get(f, 0.0)
                # Shapes of numbers and prices say "money", which public bodies write too
                # (tariffs, contributions): they are held back harder than words.
                gf = g * x + (L2 * 30 if f[0] in "pn" else L2) * wf
                acc = g2.get(f, 0.0) + gf * gf
                g2[f] = acc
                w[f] = wf - LR * gf / math.sqrt(acc + 1e-8)
    return b, w


def score(b, w, feats):
    """Bias plus the weights of the features present, divided by the square root of the number
    of features of the draft, or of NORM_MIN if fewer (a long text does not win by its length,
    a one-line reply is not judged on one word)."""
    return b + sum(w.get(f, 0.0) for f in feats) / math.sqrt(max(len(feats), NORM_MIN))


def lowest_allowed(inst_scores, share):
    """Lowest threshold at which at most `share` of `inst_scores` reach it."""
    inst = sorted(inst_scores, reverse=True)
    allowed = int(share * len(inst))
    # Firing at score >= t: just above the (allowed+1)-th highest institutional score.
    return inst[allowed] + 1e-4 if len(inst) > allowed else float("-inf")


def pick_threshold(scores, is_inst, pack_scores):
    """Lowest threshold that keeps both institutional sets under their false-alarm shares."""
    t = max(lowest_allowed([s for s, i in zip(scores, is_inst) if i], MAX_INST_FP),
            lowest_allowed(pack_scores, MAX_PACK_FP))
    # With no bias a draft without evidence scores 0: never fire on a hair above that.
    return round(max(t, THRESHOLD_FLOOR), 4)


def pr_table(scores, is_target, is_inst, thresholds):
    out = []
    pos = sum(is_target)
    inst = sum(is_inst)
    for t in thresholds:
        tp = sum(1 for s, y in zip(scores, is_target) if y and s >= t)
        fp = sum(1 for s, y in zip(scores, is_target) if not y and s >= t)
        fi = sum(1 for s, i in zip(scores, is_inst) if i and s >= t)
        out.append({
            "threshold": round(t, 3),
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / pos, 3) if pos else 0.0,
            "institutional_fired": round(fi / inst, 4) if inst else 0.0,
        })
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default="/work/corpora/content", type=Path)
    ap.add_argument("--out", default=ROOT / "rules" / "model" / "content.tsv", type=Path)
    args = ap.parse_args()

    # `weight` of a source in sources.toml scales what its documents count for in training.
    sources = tomllib.loads((HERE / "sources.toml").read_text("utf-8"))["source"]
    source_weight = {x["name"]: float(x.get("weight", 1.0)) for x in sources}
    for kv in filter(None, os.environ.get("SOURCE_WEIGHTS", "").split(",")):
        k, v = kv.split("=")
        source_weight[k] = float(v)
    words = Words()
    train = load(args.corpora / "train.jsonl")
    dev = load(args.corpora / "dev.jsonl")
    tf = [features(r["text"], words) for r in train]
    df_ = [features(r["text"], words) for r in dev]
    pack_good = [features(r["text"], words) for r in load_pack() if r["label"] == "institutional"]
    df = Counter(f for fs in tf for f in fs)
    vocab = {f for f, c in df.items() if c >= MIN_DF}

    lines = []
    header = {}
    report = {}
    for cls, label in CLASSES.items():
        y = [1 if r["label"] == label else 0 for r in train]
        npos = sum(y)
        nneg = len(y) - npos
        sw = []
        for r, yi in zip(train, y):
            if yi:
                v = len(y) / (2 * npos)
            else:
                v = len(y) / (2 * nneg) * (INST_WEIGHT if r["label"] == "institutional" else 1.0)
            sw.append(v * source_weight.get(r["source"], 1.0))
        b, w = fit(tf, y, sw, vocab)
        kept = sorted(((f, v) for f, v in w.items() if abs(v) >= PRUNE), key=lambda t: (-abs(t[1]), t[0]))[:KEEP]
        kept_w = dict(kept)
        scores = [score(b, kept_w, fs) for fs in df_]
        is_t = [1 if r["label"] == label else 0 for r in dev]
        is_i = [1 if r["label"] == "institutional" else 0 for r in dev]
        pack_scores = [score(b, kept_w, fs) for fs in pack_good]
        t = pick_threshold(scores, is_i, pack_scores)
        header[cls] = (b, t)
        report[cls] = {
            "chosen": pr_table(scores, is_t, is_i, [t])[0],
            "pack_good_fired": f"{sum(1 for s in pack_scores if s >= t)} of {len(pack_scores)}",
            "dev_inst_bound": round(lowest_allowed([s for s, i in zip(scores, is_i) if i], MAX_INST_FP), 3),
            "pack_bound": round(lowest_allowed(pack_scores, MAX_PACK_FP), 3),
            "dev_curve": pr_table(scores, is_t, is_i, [t - 2, t - 1, t - 0.5, t, t + 0.5, t + 1, t + 2]),
            "weights": len(kept),
        }
        for f, v in sorted(kept, key=lambda t: t[0]):
            lines.append(f"{cls}\t{f}\t{v:.4f}")

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    src_hash = hashlib.sha256((HERE / "sources.toml").read_bytes()).hexdigest()[:16]
    out = [
        "# alpost content scorer: one linear score per class, bias plus the weights of the features",
        "# present in a draft. Trained by scripts/content-model/train.py (see its README for the",
        "# data, the feature spec and how to rebuild this file). Format: model.py in that folder.",
        "!model\talpost-content-model/1",
        f"!features\t{SPEC}",
        f"!trained\t{commit}\t{src_hash}",
    ]
    out.append(f"!norm\t{NORM_MIN}")
    for cls, (b, t) in header.items():
        out.append(f"!class\t{cls}\t{b:.4f}\t{t:.4f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out + lines) + "\n", "utf-8")
    print(json.dumps(report, indent=1))
    print(f"{args.out}: {args.out.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
