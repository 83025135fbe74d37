"""Reading and scoring the committed weights file (rules/model/content.tsv) in Python.

Format (UTF-8, one record a line, fields separated by one tab):
- `# ...` a comment;
- `!model alpost-content-model/1`, `!features alpost-content-features/1`: versions;
- `!trained COMMIT SOURCES` the commit of this repository the script ran from and the first 16
  hex digits of the SHA-256 of sources.toml;
- `!norm N` the least divisor count (below);
- `!class NAME BIAS THRESHOLD` one per class (`political`, `commercial`);
- `NAME FEATURE WEIGHT` one weight of one class.
A class's score is BIAS plus the sum of the weights of the features present (each once) divided by
the square root of the number of features of the draft, or of N if the draft has fewer; the scorer reports the class when the
score is at or above THRESHOLD.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "rules" / "model" / "content.tsv"


class Model:
    def __init__(self, path: Path = MODEL):
        self.meta: dict[str, list[str]] = {}
        self.bias: dict[str, float] = {}
        self.threshold: dict[str, float] = {}
        self.weights: dict[str, dict[str, float]] = {}
        for line in path.read_text("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            if f[0] == "!class":
                self.bias[f[1]] = float(f[2])
                self.threshold[f[1]] = float(f[3])
                self.weights.setdefault(f[1], {})
            elif f[0].startswith("!"):
                self.meta[f[0][1:]] = f[1:]
            else:
                self.weights[f[0]][f[1]] = float(f[2])

    def score(self, cls: str, feats) -> float:
        w = self.weights[cls]
        n = max(len(feats), int(self.meta.get("norm", ["1"])[0]))
        return self.bias[cls] + sum(w.get(x, 0.0) for x in feats) / n ** 0.5

    def top(self, cls: str, feats, k: int = 5):
        w = self.weights[cls]
        pos = sorted(((w[x], x) for x in feats if w.get(x, 0.0) > 0), key=lambda t: (-t[0], t[1]))
        return [(x, v) for v, x in pos[:k]]
