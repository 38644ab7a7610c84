#!/usr/bin/env python3
"""Build-cache benchmark: a build after a one-line edit, from a new process with a warm cache,
against a clean build (--no-cache) and Hugo's clean build of the same pages.

    bench/warm_cache.py [--pages 10000] [--runs 3] [--work bench/out] [--playbook target/release/playbook]

Generates the corpus once (bench/gen_corpus.py, Hugo's pages minimal, as in bench/README.md),
then, round by round, the tools taking turns: Hugo clean and playbook clean (`--no-cache`),
each with its output moved aside (as in a fresh clone); playbook as CI builds a fresh checkout
(the warm cache, no output, every source touched); playbook warm after appending one line to
one chapter (a different chapter each round); then the two builds that replace the old site,
as a build in a working copy does, deleting it: playbook clean (`--no-cache`) again, and
playbook writing the cache (a cold cache). Each round starts at least SETTLE seconds after the
last deletion: on this machine's ext4 without a journal, creating files soon after deleting
thousands is several times slower (see bench/README.md), so the two clean builds differ.
Prints wall and CPU time (median over the rounds) with the load average before each round,
and the ratios of the warm build and the fresh checkout to the clean ones.

Build playbook first: `cargo build --release`. Only the Python standard library is used.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Seconds between a build that deleted a site and one that creates a site from nothing.
SETTLE = 40
sys.path.insert(0, HERE)
import build as bench  # noqa: E402  (bench/build.py: corpus, timing, output moved aside)


def load():
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    ap.add_argument("--playbook", default=os.path.join(bench.REPO, "target", "release", "playbook"))
    args = ap.parse_args()
    base = bench.ensure_corpus(args.work, args.pages, "minimal")
    playbook = os.path.abspath(args.playbook)
    pb_dir, hugo_dir = os.path.join(base, "playbook"), os.path.join(base, "hugo")
    chapters = sorted(
        os.path.join(root, f)
        for root, _, files in os.walk(os.path.join(pb_dir, "content"))
        for f in files if f.endswith(".md") and not f.startswith("_")
    )
    build = [playbook, "build", "--root", ".", "--quiet"]
    fresh = "playbook fresh checkout (warm cache, no output, every source touched)"
    # The builds that create a whole site from nothing come first in a round, at least
    # SETTLE seconds after the last build that deleted one (see bench/README.md: on ext4
    # without a journal, creating files soon after deleting thousands is several times
    # slower); the two that replace the old site (deleting it) come last.
    kinds = {
        "hugo clean": (["hugo", "--quiet", "--destination", "public"], hugo_dir, True),
        "playbook clean (--no-cache, output moved aside)": (build + ["--no-cache"], pb_dir, True),
        fresh: (build, pb_dir, True),
        "playbook warm cache, one line edited": (build, pb_dir, False),
        "playbook clean (--no-cache)": (build + ["--no-cache"], pb_dir, False),
        "playbook cold cache (writes it)": (build, pb_dir, False),
    }
    samples = {k: [] for k in kinds}
    trash = bench.Trash(args.work)
    cache = os.path.join(pb_dir, ".playbook-cache")
    try:
        # The fresh checkout of the first round needs a cache: one build, not timed.
        subprocess.run(build, cwd=pb_dir, check=True, stdout=subprocess.DEVNULL)
        deleted = time.monotonic()
        for r in range(args.runs):
            time.sleep(max(0.0, SETTLE - (time.monotonic() - deleted)))
            print(f"round {r + 1}: load average {load()}", file=sys.stderr, flush=True)
            for kind, (cmd, cwd, clean) in kinds.items():
                if kind.startswith("playbook cold"):
                    trash.take(cache)
                if kind.startswith("playbook warm"):
                    with open(chapters[(r * 7919) % len(chapters)], "a") as f:
                        f.write(f"\nOne more line, round {r}.\n")
                if kind == fresh:
                    # As CI sees it: the cache of the last commit restored, every source a new
                    # file (new stamps, the same text) and no output; a second later, so the
                    # sources have settled as a checkout's have by the time the build starts.
                    for root, _, files in os.walk(os.path.join(pb_dir, "content")):
                        for f in files:
                            os.utime(os.path.join(root, f))
                    time.sleep(1)
                out = "public" if clean else "no-such-folder"
                wall, cpu, rss = bench.run_once(cmd, cwd, out, args.timeout, trash)
                samples[kind].append((wall, cpu, rss, load()))
                if not clean and not kind.startswith("playbook warm"):
                    deleted = time.monotonic()  # it replaced (deleted) the old site
                print(f"  {kind}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {rss / 1024:.0f} MB, "
                      f"load {load()}", file=sys.stderr, flush=True)
    finally:
        trash.empty()
    size = sum(os.path.getsize(os.path.join(root, f))
               for root, _, files in os.walk(cache) for f in files)
    print(f"\n## {args.pages:,} pages, {args.runs} rounds; cache folder {size / 1e6:.0f} MB\n")
    print("| build | wall (s), median (runs) | CPU (s) | peak RSS (MB) | load before each |")
    print("| --- | ---: | ---: | ---: | --- |")
    med = {}
    for kind, s in samples.items():
        walls = [w for w, _, _, _ in s]
        med[kind] = (statistics.median(walls), statistics.median(c for _, c, _, _ in s))
        print(f"| {kind} | {med[kind][0]:.2f} ({'/'.join(f'{w:.2f}' for w in walls)}) | "
              f"{med[kind][1]:.2f} | {max(m for _, _, m, _ in s) / 1024:.0f} | "
              f"{'; '.join(l for _, _, _, l in s)} |")
    for name, kind in (("warm", "playbook warm cache, one line edited"),
                       ("fresh checkout", fresh)):
        print()
        for ref in ("playbook clean (--no-cache, output moved aside)",
                    "playbook clean (--no-cache)", "hugo clean"):
            print(f"{name} / {ref}: wall {med[kind][0] / med[ref][0]:.3f}, "
                  f"CPU {med[kind][1] / med[ref][1]:.3f}")


if __name__ == "__main__":
    main()
