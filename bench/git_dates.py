#!/usr/bin/env python3
"""What dating chapters by their last commit ("Updated", read with gix) costs a build.

    bench/git_dates.py [--pages 1000] [--commits 300] [--runs 5]
                       [--work bench/out] [--playbook target/release/playbook]

Two sites, each built with and without a git history, the four builds taking turns run by
run so that a shared machine slowing down weighs on all alike:

- the shipped playbook: a clone of this repository, with its whole history (the site at the
  repository's root) against a copy of `site.toml` and `content/` outside any repository;
- `gen_corpus.py`'s corpus of --pages chapters: a repository made for it (one commit adding
  every file, then --commits commits each editing one chapter, spread over the corpus, none
  touching the first tenth of it, so the walk must go back to the first commit) against the
  same files outside any repository.

Each run is a clean build measured as `build.py` does (`run_once`: output moved aside, `sync`
first, /usr/bin/time -v). Prints the median wall and CPU time of each and the load average.
The history is made with the `git` command; playbook reads it without one. Python standard
library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from build import TIME, Trash, run_once  # noqa: E402
from growth import corpus, load  # noqa: E402

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd, *args, day=0):
    env = dict(os.environ, **GIT_ENV)
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{1_700_000_000 + day * 86_400} +0000"
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def with_history(src, dest, commits):
    """A copy of the site `src` at `dest`, committed, then `commits` chapters edited one
    commit each (the same ones every time: the history is deterministic)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("public", ".public.*"))
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "site.toml", "content")
    git(dest, "commit", "-q", "-m", "import", day=0)
    chapters = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(os.path.join(dest, "content"))
        for name in names
        if name.endswith(".md") and not name.startswith("_")
    )
    rest = chapters[len(chapters) // 10:]
    for i in range(commits):
        path = rest[(i * 7919) % len(rest)]
        with open(path, "a") as f:
            f.write(f"\nEdit {i}.\n")
        git(dest, "commit", "-q", "-am", f"edit {i}", day=i + 1)
    return dest


def clone(repo, dest):
    """A local clone of `repo` at `dest` (its history; what is committed)."""
    subprocess.run(["git", "clone", "-q", repo, dest], check=True, env=dict(os.environ, **GIT_ENV))
    return dest


def outside(src, dest):
    """A copy of the site `src` (`site.toml`, `content/`) at `dest`, in no repository."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    shutil.copy(os.path.join(src, "site.toml"), dest)
    shutil.copytree(os.path.join(src, "content"), os.path.join(dest, "content"))
    return dest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--commits", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    ap.add_argument("--playbook", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "playbook"))
    args = ap.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is missing: apt-get install -y time")
    # Outside any repository: /tmp, not bench/out (which is inside this one).
    scratch = os.path.join("/tmp", f"playbook-git-dates-{os.getpid()}")
    os.makedirs(scratch)
    generated = corpus("build", args.work, args.pages)
    print("making the history ...", file=sys.stderr, flush=True)
    sites = {
        "shipped, in a clone of this repository": clone(REPO, os.path.join(scratch, "shipped-git")),
        "shipped, outside a repository": outside(REPO, os.path.join(scratch, "shipped")),
        f"{args.pages} pages, {args.commits + 1} commits":
            with_history(generated, os.path.join(scratch, "corpus-git"), args.commits),
        f"{args.pages} pages, outside a repository": outside(generated, os.path.join(scratch, "corpus")),
    }
    cmd = [os.path.abspath(args.playbook), "build", "--root", ".", "--quiet", "--no-cache"]
    samples = {name: [] for name in sites}
    loads = []
    trash = Trash(args.work)
    try:
        for r in range(args.runs):
            loads.append(load())
            for name, site in sites.items():
                wall, cpu, _ = run_once(cmd, site, "public", args.timeout, trash)
                samples[name].append((wall, cpu))
                print(f"{name}, run {r + 1}: wall {wall:.3f} s, CPU {cpu:.3f} s",
                      file=sys.stderr, flush=True)
    finally:
        trash.empty()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{os.cpu_count()} cores; load average before each round: {', '.join(loads)}\n")
    print("| site | wall (median) | CPU (median) |")
    print("| --- | --- | --- |")
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s |")


if __name__ == "__main__":
    main()
