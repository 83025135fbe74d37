#!/usr/bin/env python3
"""Measure content/political and content/advertising on a split of the corpora.

    python3 eval.py --binary /work/baseline/alpost-48e8821 --split test
    python3 eval.py --scorer python --split test            # the scorer alone (model.py)
    python3 eval.py --scorer rust --split test              # the same, by the Rust scorer
    python3 eval.py --binary target/release/alpost --scorer python --split test   # either fires

The binary lints every text as a Facebook post (`alpost check --no-config --platform facebook
--format json --select content/political --select content/advertising`), one file per text, in
one run. A text counts as flagged by a rule if the rule reports it at any level. For each rule:
precision and recall against its target label (political -> content/political, commercial ->
content/advertising), and the share of institutional texts flagged by either rule. With
`--scorer`, the scorer's decision (score at or above the class threshold in
rules/model/content.tsv, or `--political-threshold` / `--commercial-threshold`) is reported
under the same rule ids, alone or together with the binary's findings. `--curve` prints
precision, recall and institutional share of the scorer alone at a range of thresholds.
`--pack` measures the `good` / `bad` examples of the two rules in rules/*.toml instead of a split.
"""

import argparse
import glob
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RULES = {"content/political": "political", "content/advertising": "commercial"}
CLASS_OF = {"content/political": "political", "content/advertising": "commercial"}


def load_split(corpora: Path, split: str):
    return [json.loads(line) for line in open(corpora / f"{split}.jsonl", encoding="utf-8")]


def load_pack():
    """The rules' own examples: `bad` ones are targets of their rule, `good` ones institutional."""
    rows = []
    for f in sorted(glob.glob(str(ROOT / "rules" / "*.toml"))):
        pack = tomllib.loads(Path(f).read_text("utf-8"))
        for rule in pack.get("rule", []) if isinstance(pack.get("rule"), list) else []:
            rid = rule.get("id", "")
            ex = rule.get("examples", {})
            for t in ex.get("bad", []) if rid in RULES else []:
                rows.append({"id": f"{rid}:bad:{len(rows)}", "text": t, "label": RULES[rid]})
            for t in ex.get("good", []):
                rows.append({"id": f"{rid}:good:{len(rows)}", "text": t, "label": "institutional"})
    return rows


def run_binary(binary: str, rows):
    flagged = {r: set() for r in RULES}
    with tempfile.TemporaryDirectory() as d:
        for i, row in enumerate(rows):
            text = row["text"]
            # A text that opens with a front-matter fence would be read as front matter.
            if text.startswith(("---", "+++")):
                text = text.lstrip("-+")
            Path(d, f"{i:07d}.txt").write_text(text + "\n", "utf-8")
        cmd = [binary, "check", "--no-config", "--platform", "facebook", "--format", "json",
               "--color", "never", "--select", "content/political", "--select", "content/advertising", d]
        out = subprocess.run(cmd, capture_output=True, text=True)
        try:
            findings = json.loads(out.stdout or "[]")
        except json.JSONDecodeError:
            sys.exit(f"{binary}: no JSON on stdout; stderr: {out.stderr[:500]}")
    for f in findings:
        if f["rule"] in flagged:
            flagged[f["rule"]].add(int(Path(f["path"]).stem))
    return flagged


def scores_python(rows):
    sys.path.insert(0, str(HERE))
    from features import Words, features
    from model import Model

    m, w = Model(), Words()
    out = []
    for r in rows:
        f = features(r["text"], w)
        out.append({c: m.score(c, f) for c in ("political", "commercial")})
    return out, m.threshold


def scores_rust(rows, score_bin: str):
    inp = "".join(json.dumps({"id": str(i), "text": r["text"]}, ensure_ascii=False) + "\n" for i, r in enumerate(rows))
    out = subprocess.run([score_bin], input=inp, capture_output=True, text=True, check=True).stdout
    res = [json.loads(line) for line in out.splitlines()]
    sys.path.insert(0, str(HERE))
    from model import Model

    return [{"political": x["political"], "commercial": x["commercial"]} for x in res], Model().threshold


def measure(rows, flagged):
    report = {}
    inst = [i for i, r in enumerate(rows) if r["label"] == "institutional"]
    for rule, label in RULES.items():
        target = {i for i, r in enumerate(rows) if r["label"] == label}
        fl = flagged[rule]
        tp = len(fl & target)
        report[rule] = {
            "flagged": len(fl),
            "precision": round(tp / len(fl), 3) if fl else None,
            "recall": round(tp / len(target), 3) if target else None,
            "targets": len(target),
        }
    either = flagged["content/political"] | flagged["content/advertising"]
    report["institutional_flagged"] = {
        "share": round(len(either & set(inst)) / len(inst), 4) if inst else None,
        "count": len(either & set(inst)),
        "of": len(inst),
    }
    report["texts"] = len(rows)
    by = {}
    for i, r in enumerate(rows):
        src = r.get("source", r["label"])
        d = by.setdefault(src, {"label": r["label"], "texts": 0, "political": 0, "advertising": 0})
        d["texts"] += 1
        d["political"] += i in flagged["content/political"]
        d["advertising"] += i in flagged["content/advertising"]
    report["by_source"] = {k: {**v, "political": round(v["political"] / v["texts"], 3),
                               "advertising": round(v["advertising"] / v["texts"], 3)} for k, v in sorted(by.items())}
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default="/work/corpora/content", type=Path)
    ap.add_argument("--split", default="test")
    ap.add_argument("--pack", action="store_true")
    ap.add_argument("--binary")
    ap.add_argument("--scorer", choices=["python", "rust"])
    ap.add_argument("--score-bin", default=str(ROOT / "target" / "release" / "examples" / "content_score"))
    ap.add_argument("--political-threshold", type=float)
    ap.add_argument("--commercial-threshold", type=float)
    ap.add_argument("--curve", action="store_true")
    args = ap.parse_args()
    if not args.binary and not args.scorer:
        ap.error("give --binary, --scorer or both")

    rows = load_pack() if args.pack else load_split(args.corpora, args.split)
    flagged = {r: set() for r in RULES}
    if args.binary:
        flagged = run_binary(args.binary, rows)
    result = {"data": "pack examples" if args.pack else f"{args.corpora}/{args.split}.jsonl"}
    if args.scorer:
        sc, th = scores_python(rows) if args.scorer == "python" else scores_rust(rows, args.score_bin)
        th = dict(th)
        if args.political_threshold is not None:
            th["political"] = args.political_threshold
        if args.commercial_threshold is not None:
            th["commercial"] = args.commercial_threshold
        result["thresholds"] = th
        for rule, cls in CLASS_OF.items():
            flagged[rule] |= {i for i, s in enumerate(sc) if s[cls] >= th[cls]}
        if args.curve:
            curve = {}
            for rule, cls in CLASS_OF.items():
                pts = []
                for dt in (-2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2):
                    t = th[cls] + dt
                    fl = {r: set() for r in RULES}
                    fl[rule] = {i for i, s in enumerate(sc) if s[cls] >= t}
                    m = measure(rows, fl)
                    pts.append({"threshold": round(t, 3), "precision": m[rule]["precision"],
                                "recall": m[rule]["recall"], "institutional": m["institutional_flagged"]["share"]})
                curve[rule] = pts
            result["curve"] = curve
    result.update(measure(rows, flagged))
    result["measured"] = " + ".join(x for x in (args.binary and f"list rules of {args.binary}",
                                                args.scorer and f"{args.scorer} scorer") if x)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
