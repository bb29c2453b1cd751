#!/usr/bin/env bash
# Compare erechnung with en16931-cli (crates.io) on the same generated corpus,
# in one run: both validate every file with the EN 16931 and XRechnung rules;
# the script prints each tool's throughput, how many files each accepts, and
# the speed ratio.
#
#   benches/compare.sh [COUNT] [ROUNDS]
#
# COUNT invoices are generated (each in UBL and in CII, 1 to 20 lines, the
# generator's typical mix; default 5000, so 10,000 files), ROUNDS runs per tool
# (default 3, the best wall time counts). en16931-cli is installed into
# target/compare-tools on first use (EN16931_CLI_VERSION pins it, default
# 0.8.0). Everything stays under target/; nothing is installed globally.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-5000}
rounds=${2:-3}
version=${EN16931_CLI_VERSION:-0.8.0}
tools=target/compare-tools
corpus=target/compare-corpus

cargo build --release --quiet
ours=target/release/erechnung
theirs=$tools/bin/en16931
if [ ! -x "$theirs" ]; then
  echo "installing en16931-cli $version into $tools ..."
  cargo install --quiet --locked en16931-cli --version "$version" --root "$tools"
fi

rm -rf "$corpus"
"$ours" generate --count "$count" --lines 1..20 --syntax both --out "$corpus" >/dev/null
files=$(find "$corpus" -type f -name '*.xml' | sort)
n=$(printf '%s\n' "$files" | wc -l)
bytes=$(cat $files | wc -c)
cat $files >/dev/null # warm the page cache for both tools alike

# best_of CMD...: the best wall time in seconds over $rounds runs (exit status
# 1 means "some document rejected" for both tools and is not an error here).
best_of() {
  local best="" t0 t1 s
  for _ in $(seq "$rounds"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
    t1=$(date +%s%N)
    s=$(( t1 - t0 ))
    if [ -z "$best" ] || [ "$s" -lt "$best" ]; then best=$s; fi
  done
  echo "$best"
}

# Both get the same explicit file list, so neither pays for a directory walk the other skips.
ours_ns=$(best_of "$ours" validate --format json $files)
theirs_ns=$(best_of "$theirs" validate --require xrechnung --format json $files)

# Verdicts, to see that both judged the same files (exit status 1 = some rejected).
ours_ok=$({ "$ours" validate --format json $files 2>/dev/null || true; } | grep -c '"verdict":"accept"' || true)
theirs_ok=$({ "$theirs" validate --require xrechnung --format json $files 2>/dev/null || true; } \
  | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin) if r.get("valid")))' || echo "?")

python3 - "$n" "$bytes" "$ours_ns" "$theirs_ns" "$ours_ok" "$theirs_ok" "$version" "$(nproc)" <<'EOF'
import sys
n, size, ours, theirs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ours_ok, theirs_ok, version, cores = sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8]
def line(name, ns, ok):
    s = ns / 1e9
    print(f"{name:<22} {s:8.3f} s  {n / s:9.0f} invoices/s  {size / s / 1e6:7.1f} MB/s  accepted {ok}/{n}")
print(f"corpus                 {n} files, {size / 1e6:.1f} MB, {cores} cores, best of rounds")
line("erechnung", ours, ours_ok)
line(f"en16931-cli {version}", theirs, theirs_ok)
print(f"ratio                  erechnung is {theirs / ours:.2f}x the speed of en16931-cli")
EOF
