#!/usr/bin/env python3
"""Turn the git snapshots listed in sources.toml into JSON Lines corpora.

    python3 prepare.py --mirror /work/.mirror --out /work/corpora/content

Each snapshot is read with `git show COMMIT:PATH` from MIRROR/<owner>+<name>/repo, so the output
depends only on the commits in sources.toml. Writes train.jsonl, dev.jsonl, test.jsonl (one
`{"id","text","label","source"}` object a line) and manifest.json.

Split: the SHA-256 of a record's document key (the source name and the path, plus the record
number for one-record-per-row sources such as tweets and listings) taken modulo 100: below 70 is
train, below 85 dev, the rest test. A long document cut into post-sized chunks keeps every chunk
in the split of the document. Exact duplicate texts (after white-space folding) are kept once, the
first in source order. Standard library only.
"""

import argparse
import csv
import hashlib
import html
import io
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHUNK_CHARS = 600  # about the length of a long Facebook post
MIN_CHARS = 40


def git_dir(mirror: Path, repo: str) -> Path:
    base = mirror / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def git(gd: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gd}", *args], check=True, capture_output=True).stdout


def list_paths(gd: Path, commit: str, wanted: list[str]) -> list[str]:
    names = git(gd, "ls-tree", "-r", "--name-only", commit).decode("utf-8").splitlines()
    out = []
    for name in sorted(names):
        for w in wanted:
            if name == w or ((w == "" or w.endswith("/")) and name.startswith(w)):
                out.append(name)
                break
    return out


def fold_ws(s: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", s).strip()


FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)\n", re.S)


def clean_markdown(s: str) -> str:
    s = FRONT_MATTER.sub("", s)
    s = re.sub(r"```.*?```", "\n", s, flags=re.S)
    s = re.sub(r"<!--.*?-->", "", s, flags=re.S)
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\{\{[<%].*?[>%]\}\}", "", s)
    lines = []
    for line in s.splitlines():
        t = line.strip()
        if t.startswith("|") or re.fullmatch(r"[-=*_|: ]{3,}", t):
            continue
        t = re.sub(r"^#{1,6}\s*", "", t)
        t = re.sub(r"^[*+-]\s+", "", t)
        t = t.replace("**", "").replace("__", "")
        lines.append(t)
    return html.unescape("\n".join(lines))


def clean_rst(s: str) -> str:
    lines = []
    for line in s.splitlines():
        t = line.rstrip()
        st = t.strip()
        if re.fullmatch(r"([=\-~^\"'`#*+])\1{2,}", st):
            continue
        if st.startswith(".. ") or st.startswith(":") and st.endswith(":"):
            continue
        if st.startswith("+--") or st.startswith("|") or st.startswith("+=="):
            continue
        t = re.sub(r":[a-z:]+:`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", t)
        t = re.sub(r"`([^`<]*?)\s*<[^>]*>`_+", r"\1", t)
        t = t.replace("**", "").replace("``", "")
        t = re.sub(r"^\s*[*-]\s+", "", t)
        lines.append(t.strip())
    return "\n".join(lines)


def chunks(text: str) -> list[str]:
    """Paragraphs merged up to CHUNK_CHARS; a longer paragraph is cut at sentence ends."""
    paras = [fold_ws(p.replace("\n", " ")) for p in re.split(r"\n\s*\n", text)]
    pieces: list[str] = []
    for p in paras:
        if len(p) <= CHUNK_CHARS:
            pieces.append(p)
            continue
        cur = ""
        for sent in re.split(r"(?<=[.!?;])\s+", p):
            if cur and len(cur) + len(sent) + 1 > CHUNK_CHARS:
                pieces.append(cur)
                cur = sent
            else:
                cur = f"{cur} {sent}".strip()
        if cur:
            pieces.append(cur)
    out, cur = [], ""
    for p in pieces:
        if not p:
            continue
        if cur and len(cur) + len(p) + 1 > CHUNK_CHARS:
            out.append(cur)
            cur = p
        else:
            cur = f"{cur}\n{p}".strip()
    if cur:
        out.append(cur)
    return out


def fill(template: str, row: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(row.get(m.group(1), "") or "").strip(), template)


def records(src: dict, path: str, data: str):
    """Yield (document key, text) pairs for one file of one source."""
    fmt = src["format"]
    base = f"{src['name']}:{path}"
    if fmt == "csv":
        for i, row in enumerate(csv.DictReader(io.StringIO(data))):
            if "template" in src:
                # Two phrasings of the same listing fields, picked by the row's hash, so the
                # model does not learn one fixed layout.
                key = f"{base}#{i}"
                alt = src.get("template_alt")
                t = src["template"]
                if alt and hashlib.sha256(key.encode()).digest()[0] % 2:
                    t = alt
                yield key, fill(t, row)
            else:
                yield f"{base}#{i}", row.get(src["text"], "") or ""
    elif fmt == "jsonl":
        for i, line in enumerate(data.splitlines()):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            yield f"{base}#{i}", str(obj.get(src["text"], "") or "")
    elif fmt == "records":
        for i, obj in enumerate(json.loads(data)):
            yield f"{base}#{i}", fill(src["template"], obj)
    elif fmt == "regex":
        for i, m in enumerate(re.finditer(src["pattern"], data, flags=re.S)):
            t = m.group(1)
            if "\\" in t:
                try:
                    t = json.loads(f'"{t}"')
                except json.JSONDecodeError:
                    pass
            yield f"{base}#{i}", t
    elif fmt == "strings":
        out: list[str] = []

        def walk(v):
            if isinstance(v, str):
                if len(v.split()) >= src.get("min_words", 8):
                    out.append(v)
            elif isinstance(v, dict):
                for k in v:
                    walk(v[k])
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(json.loads(data))
        for i, t in enumerate(out):
            yield f"{base}#{i}", t
    elif fmt in ("markdown", "rst", "text", "pdf"):
        if fmt == "pdf":
            body = pdf_text(data)
        else:
            body = clean_markdown(data) if fmt == "markdown" else clean_rst(data) if fmt == "rst" else data
        for i, c in enumerate(chunks(body)):
            # Every chunk carries the file's key: a document stays whole in one split.
            yield f"{base}", c, i
    else:
        raise SystemExit(f"{src['name']}: unknown format {fmt}")


def pdf_text(data: bytes) -> str:
    """Text of a PDF by poppler's pdftotext (22.12 here); words cut at line ends are rejoined."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True).stdout
    text = out.decode("utf-8", errors="replace").replace("\f", "\n\n")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    # Lines of page furniture (numbers, short headers) and table cells carry no prose.
    lines = [ln for ln in text.splitlines() if len(ln.strip()) > 25 or not ln.strip()]
    return "\n".join(lines)


def split_of(doc_key: str) -> str:
    h = int.from_bytes(hashlib.sha256(doc_key.encode("utf-8")).digest()[:8], "big") % 100
    return "train" if h < 70 else "dev" if h < 85 else "test"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default="/work/.mirror", type=Path)
    ap.add_argument("--out", default="/work/corpora/content", type=Path)
    ap.add_argument("--sources", default=HERE / "sources.toml", type=Path)
    args = ap.parse_args()

    sources = tomllib.loads(args.sources.read_text("utf-8"))["source"]
    seen: set[str] = set()
    rows: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    manifest = []
    for src in sources:
        gd = git_dir(args.mirror, src["repo"])
        commit = git(gd, "rev-parse", src["commit"]).decode().strip()
        paths = list_paths(gd, commit, src["paths"])
        if not paths:
            raise SystemExit(f"{src['name']}: no file matches {src['paths']} at {commit}")
        suffix = {"markdown": (".md",), "rst": (".rst",), "text": (".txt",), "pdf": (".pdf",)}.get(src["format"])
        if suffix:
            paths = [p for p in paths if p.endswith(suffix)]
        count = 0
        dropped = 0
        # `keep`: a record of this source is kept only if the pattern is found in it (case
        # folded). Leaders' feeds also hold sport, condolences and thanks: without a political
        # cue such a record is noise in the `political` label, and it is dropped, not relabelled.
        keep = re.compile(src["keep"], re.I) if "keep" in src else None
        missing: list[str] = []
        per_split = {"train": 0, "dev": 0, "test": 0}
        for path in paths:
            try:
                raw = git(gd, "show", f"{commit}:{path}")
            except subprocess.CalledProcessError:
                # Snapshots lack files of 4 MiB and more; the manifest lists what was missing.
                missing.append(path)
                continue
            data = raw if src["format"] == "pdf" else raw.decode("utf-8", errors="replace")
            for rec in records(src, path, data):
                doc_key, text = rec[0], rec[1]
                rec_id = doc_key if len(rec) == 2 else f"{doc_key}#{rec[2]}"
                text = text.replace("\r\n", "\n").strip()
                norm = fold_ws(text.replace("\n", " ")).lower()
                if len(norm) < MIN_CHARS or norm in seen:
                    continue
                if keep is not None and not keep.search(text):
                    dropped += 1
                    continue
                seen.add(norm)
                split = split_of(doc_key)
                rows[split].append({"id": rec_id, "text": text, "label": src["label"], "source": src["name"]})
                per_split[split] += 1
                count += 1
        manifest.append({
            "name": src["name"], "repo": src["repo"], "commit": commit, "paths": src["paths"],
            "files": len(paths), "licence": src["licence"], "label": src["label"],
            "count": count, "dropped": dropped, "splits": per_split, "missing": missing,
        })
        print(f"{src['name']:<28} {src['label']:<14} {count:>6} (-{dropped})  {per_split}", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    totals = {}
    for split, items in rows.items():
        with open(args.out / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for r in items:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        by_label: dict[str, int] = {}
        for r in items:
            by_label[r["label"]] = by_label.get(r["label"], 0) + 1
        totals[split] = dict(sorted(by_label.items()))
    (args.out / "manifest.json").write_text(
        json.dumps({"sources": manifest, "splits": totals}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(json.dumps(totals), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
