#!/usr/bin/env bash
# Runs every cargo-fuzz target for a number of executions each (default 1,000,000) with the
# seeds and the dictionary, and prints libFuzzer's final counts. Needs nightly + cargo-fuzz.
# New crashes land in fuzz/artifacts/<target>/; add them to REGRESSIONS in src/fuzzing/tests.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000000}"
for target in front_matter checklist markdown; do
  mkdir -p "fuzz/corpus/$target"
  cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -dict=fuzz/playbook.dict -runs="$runs" -max_len=4096 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY" || true
done
