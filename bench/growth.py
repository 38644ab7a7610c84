#!/usr/bin/env python3
"""How playbook's clean build grows with the number of pages, sizes taking turns run by run.

    bench/growth.py [--corpus handbook|build] [--sizes 1000,10000] [--runs 5]
                    [--work bench/out] [--playbook target/release/playbook]

`--corpus handbook` is `gen_handbook.py`'s GitHub handbook (sections eight deep, the
navigation tree, thousands of links; built with `--broken-links warn`, as it has broken
links), `build` the corpus of `build.py` (`gen_corpus.py`, code-heavy chapters in parts of
50). Each corpus is generated once (cached under --work). The sizes take turns (1,000, 10,000,
1,000, ...) so that a shared machine speeding up or slowing down weighs on both alike; each
run is a clean build measured as `build.py` does (`run_once`: output moved aside, `sync`
first, /usr/bin/time -v). Prints, per size, the median wall and CPU time, the highest peak
memory, the output's bytes and files, the load average around the runs, and the growth from
the smallest size to the largest. Python standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from build import TIME, Trash, output_size, run_once  # noqa: E402


def corpus(kind, work, n):
    """The site folder of the `kind` corpus with n pages, generated unless cached."""
    gen = os.path.join(HERE, "gen_handbook.py" if kind == "handbook" else "gen_corpus.py")
    base = os.path.join(work, f"growth-{kind}-{n}")
    stamp = os.path.join(work, f"growth-{kind}-{n}.stamp")
    want = str(os.path.getmtime(gen))
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        print(f"generating {n} pages ({kind}) ...", file=sys.stderr, flush=True)
        if kind == "handbook":
            subprocess.run([sys.executable, gen, base, "--files", str(n)], check=True)
        else:
            subprocess.run([sys.executable, gen, str(n), base, "--tool", "playbook"], check=True)
        with open(stamp, "w") as f:
            f.write(want)
    return base if kind == "handbook" else os.path.join(base, "playbook")


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("handbook", "build"), default="handbook")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5, help="runs per size")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    ap.add_argument("--playbook", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "playbook"))
    args = ap.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is missing: apt-get install -y time")
    sizes = [int(s) for s in args.sizes.split(",")]
    sites = {n: corpus(args.corpus, args.work, n) for n in sizes}
    cmd = [os.path.abspath(args.playbook), "build", "--root", ".", "--quiet", "--no-cache"]
    if args.corpus == "handbook":
        cmd += ["--broken-links", "warn"]
    samples = {n: [] for n in sizes}
    loads = {n: [] for n in sizes}
    print(f"machine: {os.cpu_count()} cores; load average {load()} before the runs",
          file=sys.stderr)
    trash = Trash(args.work)
    try:
        for r in range(args.runs):
            for n in sizes:
                before = load()
                wall, cpu, rss = run_once(cmd, sites[n], "public", args.timeout, trash)
                samples[n].append((wall, cpu, rss))
                loads[n].append(before)
                print(f"{n} pages, run {r + 1}: wall {wall:.2f} s, CPU {cpu:.2f} s, "
                      f"peak {rss / 1024:.0f} MB (load {before})", file=sys.stderr, flush=True)
    finally:
        summary = {}
        for n in sizes:
            if samples[n]:
                size, files = output_size(os.path.join(sites[n], "public"))
                summary[n] = {
                    "wall": statistics.median(s[0] for s in samples[n]),
                    "cpu": statistics.median(s[1] for s in samples[n]),
                    "rss": max(s[2] for s in samples[n]) / 1024,
                    "bytes": size, "files": files,
                    "walls": "/".join(f"{s[0]:.2f}" for s in samples[n]),
                    "cpus": "/".join(f"{s[1]:.2f}" for s in samples[n]),
                }
        trash.empty()
    print(f"\n{args.corpus} corpus, {args.runs} runs per size, sizes in turns; "
          f"load average at the end {load()}\n")
    print("| pages | wall (s), median (runs) | CPU (s), median (runs) | peak RSS (MB) "
          "| output (MB) | files | load average before each run |")
    print("| ---: | --- | --- | ---: | ---: | ---: | --- |")
    for n, s in summary.items():
        print(f"| {n:,} | {s['wall']:.2f} ({s['walls']}) | {s['cpu']:.2f} ({s['cpus']}) "
              f"| {s['rss']:.0f} | {s['bytes'] / 1e6:.1f} | {s['files']:,} "
              f"| {', '.join(loads[n])} |")
    if len(summary) >= 2:
        lo, hi = summary[sizes[0]], summary[sizes[-1]]
        print(f"\n{sizes[-1]:,}/{sizes[0]:,} pages: wall {hi['wall'] / lo['wall']:.2f}x, "
              f"CPU {hi['cpu'] / lo['cpu']:.2f}x, peak memory {hi['rss'] / lo['rss']:.2f}x, "
              f"output bytes {hi['bytes'] / lo['bytes']:.2f}x")


if __name__ == "__main__":
    main()
