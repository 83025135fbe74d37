#!/usr/bin/env python3
"""Share of the content-model corpus texts each rule fires on, by label.

usage: false-alarms.py BIN OUT_DIR RULE... [--publish-at DATETIME] [-v]

Writes every text of /work/corpora/content/*.jsonl as a post draft under OUT_DIR (which is
deleted and made again: give a scratch folder), runs `BIN check --select RULE...` on it and
prints, per rule, how many texts of each label it fires on; `-v` adds the first findings.
"""
import json, os, subprocess, sys, collections, shutil
bin_, out = sys.argv[1], sys.argv[2]
rules = [a for a in sys.argv[3:] if not a.startswith('-')]
pub = None
if '--publish-at' in sys.argv:
    pub = sys.argv[sys.argv.index('--publish-at') + 1]
    rules = [r for r in rules if r != pub]
corp = '/work/corpora/content'
shutil.rmtree(out, ignore_errors=True)
texts = {}
for f in ('train.jsonl', 'dev.jsonl', 'test.jsonl'):
    for l in open(os.path.join(corp, f)):
        d = json.loads(l)
        texts[d['id']] = d
ids = {}
for n, (k, d) in enumerate(texts.items()):
    sub = os.path.join(out, d['label'])
    os.makedirs(sub, exist_ok=True)
    p = os.path.join(sub, f'{n}.txt')
    body = d['text']
    front = '+++\nkind = "post"\n' + (f'publish_at = {pub}\n' if pub else '') + '+++\n'
    open(p, 'w').write(front + body + '\n')
    ids[p] = d
args = [bin_, 'check', '--no-config', '--format', 'json', out]
for r in rules:
    args += ['--select', r]
res = subprocess.run(args, capture_output=True, text=True)
if not res.stdout.strip(): sys.exit(res.stderr[:2000])
found = json.loads(res.stdout)
hits = collections.defaultdict(set)
examples = collections.defaultdict(list)
for f in found:
    path = f.get('path') or f.get('file')
    hits[(f['rule'], ids[path]['label'])].add(path)
    examples[f['rule']].append((ids[path]['label'], f['message'][:160]))
tot = collections.Counter(d['label'] for d in texts.values())
for r in rules:
    row = []
    for lab in ('institutional', 'political', 'commercial'):
        n = len(hits[(r, lab)])
        row.append(f'{lab} {n}/{tot[lab]} ({100*n/tot[lab]:.2f} %)')
    print(r, '|', ' | '.join(row))
if '-v' in sys.argv:
    for r in rules:
        for lab, m in examples[r][:60]:
            print(' ', r, lab, m)
