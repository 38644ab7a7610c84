#!/usr/bin/env python3
"""Tera against minijinja on the default theme (bench/README.md, "Template engine").

    bench/templates/run.py [--pages 1000] [--rounds 10] [--playbook PATH] [--work DIR]

1. Generates the bench corpus (`bench/gen_corpus.py`).
2. Builds it with playbook, the theme's page templates replaced by one line each that writes
   the template's name and Tera's whole context (`__tera_context`) as JSON: the contexts of a
   real build, one per page. The base template and the partials stay as they are.
3. Runs the `template-engines` crate in this folder (its own workspace, never part of
   playbook's build) on those contexts and the real templates of `themes/default/templates`.

`--playbook` is a built playbook binary (default: `$CARGO_TARGET_DIR/debug/playbook`; the
dump's speed does not matter). The crate is built in release mode in `$CARGO_TARGET_DIR`
(default `target/`). Only the Python standard library is used.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TEMPLATES = os.path.join(REPO, "themes", "default", "templates")


def page_templates():
    """The templates playbook renders pages with: the top-level ones but the base."""
    return sorted(
        name for name in os.listdir(TEMPLATES)
        if name.endswith(".html") and name != "base.html"
    )


def dump_contexts(playbook, pages, work):
    subprocess.run(
        [sys.executable, os.path.join(REPO, "bench", "gen_corpus.py"), str(pages), work,
         "--tool", "playbook"],
        check=True,
    )
    site = os.path.join(work, "playbook")
    override = os.path.join(site, "themes", "default", "templates")
    os.makedirs(override, exist_ok=True)
    for name in page_templates():
        with open(os.path.join(override, name), "w") as f:
            f.write('{"template": "%s", "context": {{ __tera_context | safe }}}' % name)
    out = os.path.join(site, "dump")
    # The dumped pages hold no ids, so links to #anchors in other pages are only warned of.
    subprocess.run(
        [playbook, "build", "--root", site, "--output", "dump", "--broken-links", "warn",
         "--quiet"],
        check=True,
    )
    lines, skipped = [], []
    for dirpath, _, files in os.walk(out):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            if not name.endswith(".html"):
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if not text.startswith('{"template"'):
                continue  # a redirect or a file playbook writes without a template
            try:
                entry = json.loads(text)
            except ValueError:
                # Print documents: playbook streams each chapter's HTML into the rendered
                # page (in place of a marker), which breaks the dumped JSON; left out.
                skipped.append(os.path.relpath(path, out))
                continue
            lines.append(json.dumps(entry, ensure_ascii=False))
    lines.sort()
    contexts = os.path.join(work, "contexts.jsonl")
    with open(contexts, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"left out (print documents): {len(skipped)}", file=sys.stderr)
    return contexts, len(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--playbook")
    ap.add_argument("--work", help="scratch folder (default: a temporary one, removed after)")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    playbook = args.playbook or os.path.join(target, "debug", "playbook")
    work = args.work or tempfile.mkdtemp(prefix="pb-engines-")
    try:
        contexts, n = dump_contexts(playbook, args.pages, work)
        print(f"dumped {n} page contexts", file=sys.stderr)
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--manifest-path",
             os.path.join(HERE, "Cargo.toml")],
            check=True,
        )
        subprocess.run(
            [os.path.join(target, "release", "template-engines"), contexts, TEMPLATES,
             str(args.rounds)],
            check=True,
        )
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
