#!/usr/bin/env bash
# Whole-process benchmarks of alpost: median wall time and peak memory for start-up (with and
# without building the pack), one draft, 10,000 drafts and 100,000 drafts, and GNU grep with
# every lexicon word of the pack over the same corpus as the floor for scanning those bytes.
#
#   benches/run.sh            # all sizes (the 100,000-draft corpus takes ~450 MB of disk)
#   SIZES="1000" benches/run.sh   # SIZES="" for start-up and one draft only
#   RUNS=30 BIG_RUNS=5        # runs per row: the short rows, the corpus rows (the defaults)
#
# Uses hyperfine where installed, else repeated /usr/bin/time runs. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES-"10000 100000"}
RUNS=${RUNS:-30}
BIG_RUNS=${BIG_RUNS:-5}
WORK=${WORK:-target/bench}
mkdir -p "$WORK"

cargo build --release --quiet
BIN=$PWD/target/release/alpost
python3 benches/lexicon_words.py rules > "$WORK/words.txt"

# median_ms CMD...: median wall time of RUNS runs, in milliseconds.
median_ms() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N -i --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" "$*" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"]*1000))' "$WORK/h.json"
    else
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "%e" "$@" >/dev/null 2>>"$WORK/times" || true
        done
        sort -n "$WORK/times" | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)]*1000}'
        rm -f "$WORK/times"
    fi
}

# peak_mb CMD...: peak resident memory of one run, in MB.
peak_mb() {
    /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f\n", $1/1024}'
}

row() {
    local what=$1; shift
    printf '| %s | %s ms | %s MB |\n' "$what" "$(median_ms "$@")" "$(peak_mb "$@")"
}

mkdir -p "$WORK/empty"
: > "$WORK/empty.txt"
echo "| run | median wall time | peak memory |"
echo "|---|---|---|"
row "process start: \`alpost check\` on an empty folder (no rules built)" "$BIN" check --no-config "$WORK/empty"
row "start-up: an empty draft (the whole pack built, nothing to check)" "$BIN" check --no-config "$WORK/empty.txt"
row "one draft (\`examples/posts/bozza-con-errori.txt\`)" "$BIN" check --no-config examples/posts/bozza-con-errori.txt
RUNS=$BIG_RUNS
for n in $SIZES; do
    corpus="$WORK/corpus-$n"
    if [ ! -d "$corpus" ]; then
        python3 benches/gen_corpus.py "$corpus" "$n"
    fi
    row "$n drafts, alpost (2 threads)" "$BIN" check --no-config --format concise "$corpus"
    row "$n drafts, alpost (1 thread)" env RAYON_NUM_THREADS=1 "$BIN" check --no-config --format concise "$corpus"
    row "$n drafts, floor: \`grep -r -c -i -F -f words.txt\`" grep -r -c -i -F -f "$WORK/words.txt" "$corpus"
done
