#!/usr/bin/env python3
"""Clean-build benchmark: playbook against Hugo, Zola and mdBook on the same generated pages.

    bench/build.py [--sizes 1000,10000] [--tools playbook,hugo,zola,mdbook] [--runs 3] [--runs-large 1]
                   [--timeout 300] [--work bench/out] [--playbook target/release/playbook]

For each corpus size it generates the corpus once (bench/gen_corpus.py, cached under --work),
then moves each tool's output folder aside and builds it, the tools taking turns run by run:
wall time (median of --runs for sizes up to 2,000 pages, of --runs-large above), CPU time
(median) and peak memory (the highest; from /usr/bin/time -v) and
output size (bytes and files). It prints a table per size with playbook's ratio to each peer, then
playbook's growth from the smallest to the largest size. A tool that is not installed is
skipped with a message; a build slower than --timeout seconds is stopped and reported as such.

Build playbook first: `cargo build --release`. Only the Python standard library is used.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TIME = "/usr/bin/time"


def tool_commands(playbook):
    """How each tool builds a corpus folder: (command, output folder), both relative to it."""
    return {
        "playbook": ([playbook, "build", "--root", ".", "--quiet", "--no-cache"], "public"),
        "hugo": (["hugo", "--quiet", "--destination", "public"], "public"),
        "zola": (["zola", "build", "--output-dir", "public"], "public"),
        "mdbook": (["mdbook", "build", "--dest-dir", "book"], "book"),
    }


def installed(tool, cmd):
    exe = cmd[0]
    return os.access(exe, os.X_OK) if os.sep in exe else shutil.which(exe) is not None


def version(cmd):
    flag = "version" if os.path.basename(cmd[0]) == "hugo" else "--version"
    try:
        out = subprocess.run([cmd[0], flag], capture_output=True, text=True, timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def ensure_corpus(work, n, peer_pages):
    """Generates the n-page corpus unless an identical one is already there."""
    base = os.path.join(work, f"corpus-{n}" + ("" if peer_pages == "full" else f"-{peer_pages}"))
    stamp = os.path.join(base, ".stamp")
    gen = os.path.join(HERE, "gen_corpus.py")
    want = f"{os.path.getmtime(gen)} {peer_pages}"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return base
    print(f"generating {n} pages in {base} ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, gen, str(n), base, "--peer-pages", peer_pages], check=True)
    with open(stamp, "w") as f:
        f.write(want)
    return base


def output_size(path):
    total = files = 0
    for root, _, names in os.walk(path):
        for name in names:
            total += os.lstat(os.path.join(root, name)).st_size
            files += 1
    return total, files


class Trash:
    """Previous outputs are moved here and deleted only when the benchmark ends: on ext4
    without a journal, creating files right after deleting thousands costs several times
    more (the allocator skips recently freed inodes), which would measure the harness."""

    def __init__(self, work):
        self.dir = os.path.join(work, "trash")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.n = 0

    def take(self, path):
        if os.path.lexists(path):
            self.n += 1
            os.rename(path, os.path.join(self.dir, str(self.n)))

    def empty(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run_once(cmd, cwd, out_dir, timeout, trash):
    """One clean build: (wall s, CPU s, max RSS in KB) or raises on failure/timeout."""
    trash.take(os.path.join(cwd, out_dir))
    # Write back what earlier runs left dirty in the page cache first, so that flushing it
    # does not take the CPU from this run (playbook writes several times Hugo's bytes).
    os.sync()
    log = os.path.join(cwd, ".time.log")
    start = time.perf_counter()
    proc = subprocess.Popen([TIME, "-v", "-o", log] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise TimeoutError(f"stopped after {timeout} s")
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {err.strip()[-800:]}")
    rss, cpu = 0, 0.0
    for line in open(log):
        key, _, value = line.strip().rpartition(": ")
        if key == "Maximum resident set size (kbytes)":
            rss = int(value)
        elif key in ("User time (seconds)", "System time (seconds)"):
            cpu += float(value)
    return wall, cpu, rss


def summarize(samples, cwd, out_dir):
    walls = [w for w, _, _ in samples]
    size, files = output_size(os.path.join(cwd, out_dir))
    return {"wall": statistics.median(walls), "walls": walls,
            "cpu": statistics.median(c for _, c, _ in samples),
            "rss_kb": max(r for _, _, r in samples), "bytes": size, "files": files}


def fmt_ratio(a, b):
    return f"{a / b:.2f}x" if b else "-"


def print_table(n, results):
    pb = results.get("playbook")
    print(f"\n## {n:,} pages\n")
    print("| tool | wall (s) | CPU (s) | peak RSS (MB) | output (MB) | files "
          "| playbook/tool: wall | CPU | memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tool, r in results.items():
        if "error" in r:
            print(f"| {tool} | {r['error']} | | | | | | | |")
            continue
        ratios = ["", "", ""]
        if pb and "error" not in pb and tool != "playbook":
            ratios = [fmt_ratio(pb[k], r[k]) for k in ("wall", "cpu", "rss_kb")]
        runs = "/".join(f"{w:.2f}" for w in r["walls"])
        print(f"| {tool} | {r['wall']:.2f} ({runs}) | {r['cpu']:.2f} | {r['rss_kb'] / 1024:.0f} | "
              f"{r['bytes'] / 1e6:.1f} | {r['files']:,} | " + " | ".join(ratios) + " |")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--tools", default="playbook,hugo,zola,mdbook")
    ap.add_argument("--runs", type=int, default=3, help="runs per build up to 2,000 pages (median)")
    ap.add_argument("--runs-large", type=int, default=1, help="runs per build above 2,000 pages")
    ap.add_argument("--timeout", type=int, default=300, help="seconds before a build is stopped")
    ap.add_argument("--peer-pages", choices=("full", "minimal"), default="full",
                    help="Hugo's pages: what playbook's theme renders (full) or title and content "
                    "only (minimal); see bench/README.md")
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    ap.add_argument("--playbook", default=os.path.join(REPO, "target", "release", "playbook"))
    args = ap.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is missing: apt-get install -y time")
    sizes = [int(s) for s in args.sizes.split(",")]
    commands = tool_commands(os.path.abspath(args.playbook))
    tools = []
    for tool in args.tools.split(","):
        cmd, _ = commands[tool]
        if installed(tool, cmd):
            tools.append(tool)
            print(f"{tool}: {version(cmd)}", file=sys.stderr)
        else:
            print(f"{tool}: not installed, skipped (see bench/README.md)", file=sys.stderr)
    print(f"machine: {os.cpu_count()} cores; timeout {args.timeout} s; peer pages "
          f"{args.peer_pages}; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    all_results = {}
    trash = Trash(args.work)
    try:
        run_all(args, sizes, tools, commands, trash, all_results)
    finally:
        trash.empty()
    ok = [n for n in sizes if "wall" in all_results.get(n, {}).get("playbook", {})]
    if len(ok) >= 2:
        lo, hi = all_results[ok[0]]["playbook"], all_results[ok[-1]]["playbook"]
        print(f"\nplaybook {ok[-1]:,}/{ok[0]:,} pages: wall {hi['wall'] / lo['wall']:.2f}x, "
              f"CPU {hi['cpu'] / lo['cpu']:.2f}x, output bytes {hi['bytes'] / lo['bytes']:.2f}x, "
              f"peak memory {hi['rss_kb'] / lo['rss_kb']:.2f}x")
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def run_all(args, sizes, tools, commands, trash, all_results):
    """Runs every tool once per round, so that a machine that speeds up or slows down
    between rounds (a shared host) weighs on every tool alike; medians are per tool."""
    for n in sizes:
        base = ensure_corpus(args.work, n, args.peer_pages)
        runs = args.runs if n <= 2000 else args.runs_large
        samples = {tool: [] for tool in tools}
        errors = {}
        for r in range(runs):
            for tool in tools:
                if tool in errors:
                    continue
                cmd, out_dir = commands[tool]
                print(f"{n} pages: {tool} (run {r + 1} of {runs}) ...", file=sys.stderr, flush=True)
                try:
                    samples[tool].append(
                        run_once(cmd, os.path.join(base, tool), out_dir, args.timeout, trash))
                except (TimeoutError, RuntimeError) as e:
                    errors[tool] = {"error": str(e)}
        results = {}
        for tool in tools:
            cwd, out_dir = os.path.join(base, tool), commands[tool][1]
            results[tool] = errors.get(tool) or summarize(samples[tool], cwd, out_dir)
        all_results[n] = results
        print_table(n, results)


if __name__ == "__main__":
    main()
