#!/usr/bin/env bash
# Proves a refactor changes no output: everything codegen writes for the shipped docs, the test
# fixtures and (when present) the real corpus — packages, the IR as JSON, diagnostics as JSON —
# saved once, then regenerated and compared byte for byte.
#
#   scripts/same-output.sh save DIR      # before the change
#   scripts/same-output.sh compare DIR   # after it: exits 1, showing the differences, if any
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: same-output.sh save|compare DIR}
dir=${2:?usage: same-output.sh save|compare DIR}
corpus=${BKAPI_CORPUS:-../shared/corpus}

cargo build -q --release -p codegen
bin=target/release/codegen
out=$dir
[ "$mode" = compare ] && out=$(mktemp -d)
mkdir -p "$out"

run() { # name, inputs...
    local name=$1; shift
    rm -rf "$out/$name"
    # Exit codes are part of the output: a doc error makes lint exit 1.
    mkdir -p "$out/$name"
    "$bin" generate "$@" --out "$out/$name/package" --message-format json \
        > "$out/$name/diagnostics.json" 2> /dev/null || echo "generate exit $?" >> "$out/$name/exit.txt"
    "$bin" ir "$@" > "$out/$name/ir.json" 2> /dev/null || echo "ir exit $?" >> "$out/$name/exit.txt"
    "$bin" lint "$@" --message-format json > "$out/$name/lint.json" 2> /dev/null \
        || echo "lint exit $?" >> "$out/$name/exit.txt"
}

run docs docs
for set in tests/fixtures/*/; do
    run "fixtures-$(basename "$set")" "$set"
done
if [ -d "$corpus" ]; then
    run corpus "$corpus"
else
    echo "note: no corpus at $corpus; compared the shipped docs and fixtures only" >&2
fi

if [ "$mode" = compare ]; then
    if diff -r "$dir" "$out"; then
        echo "same output: $(find "$out" -type f | wc -l) files compared"
    else
        echo "the output differs from $dir" >&2
        exit 1
    fi
fi
