#!/usr/bin/env python3
"""Issue 15's bar on a generated GitHub handbook: does it build unmodified, is every Markdown
file a page, and how many of the link problems `check` reports are real?

    bench/handbook_bar.py [--files 900] [--seed 15] [--work bench/out/handbook]
                          [--playbook target/release/playbook] [--show 20]

Writes the handbook with `gen_handbook.py` (cached by its arguments), builds it with
`playbook build --broken-links warn` (which must exit 0), finds the page each Markdown file
became by the unique token in its text (each must be in exactly one page), then runs
`playbook check --broken-links warn --format json` and sorts every link problem it reports
against the generator's ground truth:

- real: broken on GitHub too (a missing file, image or `#anchor`, a root-absolute link);
- outside `content/`: works on GitHub (the repository's `README.md`), cannot work on a site;
- false alarm: not in the ground truth, so it works on GitHub.

Problems of the ground truth that `check` did not report are listed as misses. Exits 1 when
the build fails, a Markdown file has no page, or fewer than 90% of the problems are real.
Python standard library only.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def generate(work, files, seed):
    site = os.path.join(work, f"handbook-{files}-{seed}")
    stamp = os.path.join(site, ".stamp")
    gen = os.path.join(HERE, "gen_handbook.py")
    want = f"{os.path.getmtime(gen)}"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        subprocess.run([sys.executable, gen, site, "--files", str(files), "--seed", str(seed)],
                       check=True)
        with open(stamp, "w") as f:
            f.write(want)
    return site


def pages_of_tokens(public, tokens):
    """token -> output pages holding it (print documents and the search index left out)."""
    found = collections.defaultdict(list)
    pattern = re.compile(r"Page token (hb\d+p\d+)")
    for root, dirs, names in os.walk(public):
        rel = os.path.relpath(root, public)
        if rel.split(os.sep)[0] in ("search", "static") or "print" in rel.split(os.sep):
            dirs[:] = []
            continue
        for name in names:
            if name.endswith(".html"):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    for t in set(pattern.findall(f.read())):
                        found[t].append(os.path.join(rel, name))
    return {t: found.get(t, []) for t in tokens}


def quoted(message):
    """The link as `check` quotes it: the first `…` of the message."""
    m = re.search(r"`([^`]*)`", message)
    return m.group(1) if m else ""


def is_link_problem(d):
    return d.get("code") == "broken-link" or d["message"].startswith("root-absolute link")


def classify(truth, diagnostics):
    """Matches reported link problems to the ground truth by file, line and link."""
    expected = collections.defaultdict(list)
    for p in truth["problems"]:
        expected[(p["path"], p["line"])].append(p)
    real, outside, false, matched = [], [], [], set()
    for d in diagnostics:
        if not is_link_problem(d):
            continue
        link = quoted(d["message"])
        hit = None
        for p in expected.get((d["path"], d["line"]), []):
            if id(p) in matched:
                continue
            dest = p["dest"]
            if link in (dest, dest.split("#")[0], dest.split("#")[0].split("?")[0]):
                hit = p
                break
        if hit is None:
            false.append(d)
            continue
        matched.add(id(hit))
        (outside if hit["github"] == "works" else real).append((d, hit))
    missed = [p for p in truth["problems"] if id(p) not in matched]
    return real, outside, false, missed


def kind_of(message):
    """A short name for the kind of problem a message reports."""
    for needle, kind in [("no heading or anchor", "missing anchor"),
                         ("no chapter at", "missing page"), ("no file at", "missing file"),
                         ("leaves `content/`", "leaves content/"),
                         ("root-absolute", "root-absolute"), ("draft", "draft")]:
        if needle in message:
            return kind
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=900)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--work", default=os.path.join(HERE, "out", "handbook"))
    ap.add_argument("--playbook", default=None)
    ap.add_argument("--show", type=int, default=20, help="false alarms and misses to list")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    playbook = args.playbook or os.path.join(target, "release", "playbook")
    site = generate(args.work, args.files, args.seed)
    with open(os.path.join(site, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)

    code, out, err = run([playbook, "build", "--root", site, "--broken-links", "warn", "--quiet"])
    print(f"build: exit {code}; {err.count('warning: ')} warnings")
    if code != 0:
        print(err[-3000:])
        return 1
    tokens = {f["token"]: f["path"] for f in truth["files"]}
    pages = pages_of_tokens(os.path.join(site, "public"), tokens)
    lost = [tokens[t] for t, where in pages.items() if not where]
    doubled = [(tokens[t], where) for t, where in pages.items() if len(where) > 1]
    print(f"Markdown files: {len(tokens)}; with a page: {len(tokens) - len(lost)}; "
          f"in more than one page: {len(doubled)}")
    for path in lost[: args.show]:
        print(f"  no page: {path}")
    for path, where in doubled[: args.show]:
        print(f"  {path} in {where}")

    code, out, err = run([playbook, "check", "--root", site, "--broken-links", "warn",
                          "--format", "json"])
    report = json.loads(out)
    diags = report["diagnostics"]
    others = collections.Counter(d["message"].split("`")[0].strip() for d in diags
                                 if not is_link_problem(d))
    real, outside, false, missed = classify(truth, diags)
    total = len(real) + len(outside) + len(false)
    print(f"check: exit {code}; {len(diags)} diagnostics, {total} link problems "
          f"({truth['links']} links in the handbook, {len(truth['problems'])} known problems)")
    print(f"  real (broken on GitHub too): {len(real)}")
    for k, n in sorted(collections.Counter(h["kind"] for _, h in real).items()):
        print(f"    {k}: {n}")
    print(f"  outside content/ (works on GitHub, cannot on a site): {len(outside)}")
    print(f"  false alarms: {len(false)}")
    for k, n in sorted(collections.Counter(kind_of(d["message"]) for d in false).items()):
        print(f"    {k}: {n}")
    for d in false[: args.show]:
        print(f"    {d['path']}:{d['line']}: {d['message']}")
    print(f"  missed (known problems not reported): {len(missed)}")
    for k, n in sorted(collections.Counter(p["kind"] for p in missed).items()):
        print(f"    {k}: {n}")
    for p in missed[: args.show]:
        print(f"    {p['path']}:{p['line']}: {p['dest']} ({p['kind']})")
    print("  other diagnostics: " + (", ".join(f"{m} x{n}" for m, n in others.most_common())
                                      or "none"))
    share = len(real) / total if total else 1.0
    share_site = (len(real) + len(outside)) / total if total else 1.0
    print(f"real: {share:.1%} of reported link problems ({share_site:.1%} counting links "
          f"out of content/, which no site can publish)")
    return 0 if share >= 0.9 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
