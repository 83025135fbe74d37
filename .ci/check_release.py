"""Checks that the distribution files agree with each other (run by .ci/dist).

- every archive .github/workflows/release.yml attaches is where Cargo.toml's
  [package.metadata.binstall] tells `cargo binstall` to look for it, binary path included;
- the release workflow builds with the Dockerfile's command (the one .ci/dist runs);
- setup.py's placeholder depends on the wheel of Cargo.toml's version;
- the two pre-commit hooks run the same command on the same files.

Needs PyYAML (a dependency of pre-commit, in the tools venv) and Python 3.11 (tomllib).
"""

import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def render(template, **values):
    def value(match):
        name = match.group(1)
        if name not in values:
            problems.append(f"binstall template uses {{ {name} }}, unknown here")
            return match.group(0)
        return values[name]

    return re.sub(r"\{ *([a-z-]+) *\}", value, template)


cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
package = cargo["package"]
version = package["version"]
binstall = package["metadata"]["binstall"]
overrides = binstall.get("overrides", {})

workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
build = workflow["jobs"]["build"]
steps = {step.get("name"): step for step in build["steps"]}
archive_env = build["env"]["ARCHIVE"]

# The archive step copies the binary into "$ARCHIVE/" and packs "$ARCHIVE$EXT".
archive_script = steps["Archive"]["run"]
check('"$ARCHIVE/"' in archive_script, "the Archive step no longer fills $ARCHIVE/")
check('"dist/$ARCHIVE$EXT"' in archive_script, "the Archive step no longer writes $ARCHIVE$EXT")

targets = []
for entry in build["strategy"]["matrix"]["include"]:
    target = entry["target"]
    targets.append(target)
    meta = {**binstall, **overrides.get(target, {})}
    exe = ".exe" if "windows" in target else ""
    archive = archive_env.replace("${{ needs.version.outputs.version }}", version).replace(
        "${{ matrix.target }}", target
    )
    url = render(
        meta["pkg-url"],
        repo=package["repository"],
        version=version,
        target=target,
        name=package["name"],
    )
    expected = f"{package['repository']}/releases/download/v{version}/{archive}{entry['ext']}"
    check(url == expected, f"{target}: binstall looks for {url}, the release attaches {expected}")
    fmt = {".tar.gz": "tgz", ".zip": "zip"}.get(entry["ext"])
    check(meta.get("pkg-fmt") == fmt, f"{target}: pkg-fmt {meta.get('pkg-fmt')} for a {entry['ext']}")
    binary = render(
        meta["bin-dir"], version=version, target=target, bin=package["name"], **{"binary-ext": exe}
    )
    check(binary == f"{archive}/alpost{exe}", f"{target}: binstall expects {binary} in the archive")

for target in overrides:
    check(target in targets, f"binstall override for {target}, which the release does not build")

dockerfile = (ROOT / "Dockerfile").read_text()
docker_build = re.findall(r"^RUN (cargo build .*)$", dockerfile, re.M)
check(len(docker_build) == 1, "the Dockerfile should have one `RUN cargo build` line")
workflow_build = steps["Build"]["run"].strip()
for command in docker_build:
    musl = "x86_64-unknown-linux-musl"
    check(
        command == workflow_build.replace('"$TARGET"', musl),
        f"the Dockerfile builds with `{command}`, the release with `{workflow_build}`",
    )

placeholder = re.search(r'^ALPOST_VERSION = "(.*)"$', (ROOT / "setup.py").read_text(), re.M)
check(
    placeholder is not None and placeholder.group(1) == version,
    f"setup.py depends on alpost {placeholder and placeholder.group(1)}, Cargo.toml says {version}",
)

hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
check(hooks.get("alpost", {}).get("language") == "python", "hook `alpost` is not language: python")
check(hooks.get("alpost-rust", {}).get("language") == "rust", "hook `alpost-rust` is not language: rust")
for key in ("entry", "files", "require_serial"):
    check(len({str(hook.get(key)) for hook in hooks.values()}) == 1, f"the hooks differ in {key}")

for problem in problems:
    print(f"check_release: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"release files agree: {len(targets)} targets, version {version}")
