#!/usr/bin/env bash
# Throughput of `erechnung process` on generated invoices, with the routing of
# benches/process-routes.toml (every invoice delivered as original + JSON +
# CSV, 3 files each), exactly as a user runs it: files in, files out, ledger.
#
#   benches/process.sh [COUNT] [ROUNDS] [ROOT] [FSYNC] [FORMATS]
#
# COUNT invoices are generated (each in UBL and in CII: 2 × COUNT files;
# default 5000), ROUNDS runs (default 3), each into a fresh directory under
# ROOT (default target/process-bench; give a RAM disk such as /dev/shm/pb to
# take the disk out), FSYNC true (default: durable, one syncfs per batch) or
# false, FORMATS the files written per invoice (default `"original", "json",
# "csv"`; `"json", "csv"` for a finance-system import without the archive
# copy). Each run prints the pipeline's own summary line and the process's
# wall, user and system time. The outputs are removed at the end, not between
# runs: on ext4 without a journal, creating files in a block group where many
# were just deleted costs a scan of the recently deleted inodes (~30 s).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-5000}
rounds=${2:-3}
root=${3:-target/process-bench}
fsync=${4:-true}
formats=${5:-'"original", "json", "csv"'}

cargo build --release --quiet
bin=$PWD/target/release/erechnung
corpus=target/process-corpus
if [ "$(find "$corpus" -name '*.xml' 2>/dev/null | wc -l)" -ne $((2 * count)) ]; then
  rm -rf "$corpus"
  "$bin" generate --count "$count" --out "$corpus" >/dev/null
fi
cat "$corpus"/* >/dev/null # inputs in the page cache: the runs measure processing, not reading
mkdir -p "$root"
for i in $(seq "$rounds"); do
  run=$(mktemp -d -p "$root" run.XXXX)
  sed -e "s/^fsync = .*/fsync = $fsync/" -e "s/^formats = .*/formats = [$formats]/" \
    benches/process-routes.toml >"$run/routes.toml"
  sync
  /usr/bin/time -f "  wall %e s, user %U s, sys %S s, cpu %P" \
    "$bin" process --routes "$run/routes.toml" "$corpus" 2>&1 | grep -E "inputs in|wall"
done
rm -rf "$root"/run.*
