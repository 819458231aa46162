#!/usr/bin/env bash
# Compile-time budget of the generated SDK (issue 7): how long a user's `cargo check` and
# `cargo build` take on the generated package once its dependencies are built.
#
#   scripts/compile-budget.sh                 # the CMDB ESB package and the whole-corpus package
#   scripts/compile-budget.sh cc              # only the package generated from esb/cc
#   scripts/compile-budget.sh corpus          # only the package generated from the whole corpus
#   scripts/compile-budget.sh --package DIR   # an existing package (e.g. a hand-edited copy)
#
# For each package it generates it (`cargo run --release -p codegen -- generate ... --out DIR`),
# builds and checks it once per feature set to warm the dependency and incremental caches, then
# times RUNS (default 5) incremental `cargo check`s and `cargo build`s (wall time, touching the
# package's source files before each) and prints the median, fastest and slowest; with the
# default features and, when the package has several systems, with each system's feature
# alone (`--no-default-features --features cc` ...). It prints lines of code and types per file first.
#
# Environment:
#   RUNS=5               timed runs per measurement
#   BKAPI_CORPUS=DIR     the corpus (default: ../shared/corpus beside the workspace)
#   BUDGET_DIR=DIR       where packages, the shared target folder and logs go
#                        (default: $CARGO_TARGET_DIR/compile-budget, else target/compile-budget)
#   FEATURES_EXTRA="roundtrip"  more feature sets to time, e.g. "roundtrip blocking"
#   MODES="incremental"  what to time: `incremental` (touch, rustc's incremental cache: what
#                        the budget is about) and/or `scratch` (CARGO_INCREMENTAL=0: the
#                        package's own crate compiled from nothing, dependencies still warm)
#
# All packages share one target folder, so dependencies are built once. Cargo gives packages of
# the same name, version and features the same artifacts wherever they are, so each package
# generated here gets a name of its own (`bkapi-sdk-cc` ...); packages given with --package
# may share theirs, which is why each measurement is preceded by its own warm-up.
#
# The machine must be otherwise idle for the numbers to mean anything: the load average is
# printed before and after, and a warning when it is high.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${BKAPI_CORPUS:-$ROOT/../shared/corpus}
RUNS=${RUNS:-5}
WORKSPACE_TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BUDGET_DIR=${BUDGET_DIR:-$WORKSPACE_TARGET/compile-budget}
FEATURES_EXTRA=${FEATURES_EXTRA:-}
MODES=${MODES:-incremental}
LOG=$BUDGET_DIR/cargo.log

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

packages=()
existing=()
while [ $# -gt 0 ]; do
    case $1 in
        cc | corpus) packages+=("$1") ;;
        --package) [ $# -ge 2 ] || usage; existing+=("$(cd "$2" && pwd)"); shift ;;
        -h | --help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
[ ${#packages[@]} -gt 0 ] || [ ${#existing[@]} -gt 0 ] || packages=(cc corpus)

mkdir -p "$BUDGET_DIR/packages"
: >"$LOG"

load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
cores=$(nproc)

# From lines "WALL CPU" on stdin: the median, fastest and slowest wall time, and the median CPU
# time (user + system, of cargo and rustc), e.g. "2.41 s (2.30–2.60) cpu 2.35".
summary() {
    local data wall cpu
    data=$(cat)
    # "median fastest slowest" of a column of numbers
    med() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2, a[1], a[NR] }'; }
    read -r -a wall <<<"$(cut -d' ' -f1 <<<"$data" | med)"
    read -r -a cpu <<<"$(cut -d' ' -f2 <<<"$data" | med)"
    printf '%s s (%s–%s) cpu %s' "${wall[0]}" "${wall[1]}" "${wall[2]}" "${cpu[0]}"
}

# cargo MODE on the package at $1 with the feature arguments that follow; output to $OUT
# (appended to the log). CARGO_INCREMENTAL is $INCREMENTAL; with $CPU set, the CPU time
# (user and system seconds of cargo and rustc) goes to that file.
OUT=$BUDGET_DIR/last-run.log
INCREMENTAL=1
CPU=
cargo_on() {
    local pkg=$1 mode=$2 time=()
    shift 2
    [ -z "$CPU" ] || time=(/usr/bin/time -f '%U %S' -o "$CPU")
    if ! (cd "$pkg" && CARGO_INCREMENTAL=$INCREMENTAL CARGO_TARGET_DIR="$BUDGET_DIR/target" "${time[@]}" cargo "$mode" --manifest-path "$pkg/Cargo.toml" "$@") >"$OUT" 2>&1; then
        cat "$OUT" >>"$LOG"
        echo "cargo $mode failed for $pkg $*; see $LOG" >&2
        tail -20 "$OUT" >&2
        exit 1
    fi
    cat "$OUT" >>"$LOG"
}

# Times RUNS `cargo MODE`s of the package at $1 with the feature arguments that follow,
# touching its sources before each. A run that compiled anything but the package itself (the
# runtime changed under us: it is a path dependency) is not counted and is run again.
timed() {
    local pkg=$1 mode=$2 i t0 t1 redo=0 name
    shift 2
    name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$pkg/Cargo.toml" | head -1)
    for ((i = 0; i < RUNS; i++)); do
        touch "$pkg"/src/*.rs
        t0=$(now)
        CPU=$BUDGET_DIR/cpu cargo_on "$pkg" "$mode" "$@"
        t1=$(now)
        if grep -E '^ *Compiling ' "$OUT" | grep -qv " $name v"; then
            if ((++redo > 5)); then
                echo "dependencies keep changing (see $LOG); giving up" >&2
                exit 1
            fi
            echo "note: a dependency was rebuilt during a timed run ($(grep -E '^ *Compiling ' "$OUT" | grep -v " $name v" | sed 's/^ *Compiling //' | paste -sd, -)); run again" >&2
            i=$((i - 1))
            continue
        fi
        awk -v a="$t0" -v b="$t1" '{ printf "%.3f %.3f\n", b - a, $1 + $2 }' "$BUDGET_DIR/cpu"
    done | summary
}

# The systems (features) a generated package declares, from its `default = [...]`.
systems() { sed -n 's/^default = \[\(.*\)\]/\1/p' "$1/Cargo.toml" | tr -d '",'; }

# Counts of one Rust file: lines, structs, enums, serde derives always on / behind a feature.
counts() {
    local file=$1
    printf '%-28s %8d %8d %6d %10d %10d\n' "${2:-$(basename "$file")}" \
        "$(wc -l <"$file")" \
        "$(grep -cE '^\s*pub struct ' "$file" || true)" \
        "$(grep -cE '^\s*pub enum ' "$file" || true)" \
        "$(grep -E '^\s*#\[derive\(' "$file" | grep -oE 'serde::(Serialize|Deserialize)' | wc -l)" \
        "$(grep -E '^\s*#\[cfg_attr\(' "$file" | grep -oE 'serde::(Serialize|Deserialize)' | wc -l)"
}

results=()

measure_package() {
    local label=$1 pkg=$2 sys feature_sets=() fs
    [ -f "$pkg/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$pkg/Cargo.lock" # the workspace's versions: already built
    read -r -a sys <<<"$(systems "$pkg")"
    feature_sets=("default")
    if [ ${#sys[@]} -gt 1 ]; then
        for s in "${sys[@]}"; do feature_sets+=("$s"); done
    fi
    for fs in $FEATURES_EXTRA; do feature_sets+=("+$fs"); done

    echo
    echo "== $label: $pkg"
    printf '%-28s %8s %8s %6s %10s %10s\n' file lines structs enums "serde" "serde(opt)"
    local f
    for f in "$pkg"/src/*.rs; do counts "$f"; done
    cat "$pkg"/src/*.rs >"$BUDGET_DIR/all.rs.tmp"
    counts "$BUDGET_DIR/all.rs.tmp" "total"
    rm -f "$BUDGET_DIR/all.rs.tmp"

    local args check build name mode
    for fs in "${feature_sets[@]}"; do
        case $fs in
            default) args=() ;;
            +*) args=(--features "${fs#+}") ;;
            *) args=(--no-default-features --features "$fs") ;;
        esac
        name=$fs
        [ "$fs" = default ] && name="default (${sys[*]})"
        for mode in $MODES; do
            INCREMENTAL=1
            [ "$mode" = scratch ] && INCREMENTAL=0
            # Warm: dependencies, then this feature set's own caches.
            cargo_on "$pkg" build "${args[@]}"
            cargo_on "$pkg" check "${args[@]}"
            touch "$pkg"/src/*.rs
            cargo_on "$pkg" build "${args[@]}"
            touch "$pkg"/src/*.rs
            cargo_on "$pkg" check "${args[@]}"
            check=$(timed "$pkg" check "${args[@]}")
            build=$(timed "$pkg" build "${args[@]}")
            results+=("$(printf '%-8s %-34s %-11s check %-32s build %s' "$label" "$name" "$mode" "$check" "$build")")
            echo "${results[-1]}"
        done
    done
}

echo "compile budget: median of $RUNS runs of each of: $MODES (wall time, touching src/*.rs before each), load average $(load) on $cores cores"
awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v c="$cores" 'BEGIN { if (l > c / 4) print "warning: the machine is busy (load " l "); numbers will be noisy" }'

if [ ${#packages[@]} -gt 0 ]; then
    if [ ! -d "$CORPUS" ]; then
        echo "skipping: corpus not found at $CORPUS (set BKAPI_CORPUS to point at it)"
        [ ${#existing[@]} -gt 0 ] || exit 0
        packages=()
    else
        CORPUS=$(cd "$CORPUS" && pwd)
        (cd "$ROOT" && cargo build -q --release -p codegen)
    fi
fi

for p in "${packages[@]}"; do
    case $p in
        cc) input=$CORPUS/esb/cc ;;
        corpus) input=$CORPUS ;;
    esac
    out=$BUDGET_DIR/packages/$p
    t0=$(now)
    summary_line=$(cd "$ROOT" && cargo run -q --release -p codegen -- generate "$input" --out "$out" --name "bkapi-sdk-$p" 2>"$BUDGET_DIR/$p.diagnostics" | tail -1)
    t1=$(now)
    echo
    echo "$p: $summary_line (cargo run wall time $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'); diagnostics in $BUDGET_DIR/$p.diagnostics)"
    measure_package "$p" "$out"
done
for pkg in "${existing[@]}"; do
    measure_package "$(basename "$pkg")" "$pkg"
done

echo
echo "== summary (median of $RUNS, fastest–slowest), load average now $(load)"
printf '%s\n' "${results[@]}"
