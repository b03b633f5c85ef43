#!/usr/bin/env bash
# Runs a fixed list of deterministic CLI commands on the built tree and on a git revision (default HEAD),
# and diffs their outputs byte for byte after removing what measures time (JSON keys and text fields
# naming seconds). A refactoring should leave no difference but the ones it means.
#   scripts/compare-cli.sh [REV]        REV is built in a temporary worktree with this clone's node_modules
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:-HEAD}
WORK=$(mktemp -d /tmp/icl-compare-cli.XXXXXX)
trap 'git -C "$ROOT" worktree remove --force "$WORK/old" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git -C "$ROOT" worktree add -q --detach "$WORK/old" "$REV"
ln -s "$ROOT/node_modules" "$WORK/old/node_modules"
(cd "$WORK/old" && npx tsc -p tsconfig.json)
(cd "$ROOT" && npx tsc -p tsconfig.json)

# Masks what measures time, leaving every other byte: the value of any JSON key naming seconds (a number,
# a string or a {mean, stderr} object), check-formula's "phases" (seconds per phase) and "0.17 s"-like
# durations in text.
NORMALIZE='
const text = require("fs").readFileSync(0, "utf8");
process.stdout.write(text
  .replace(/("(?:\w*[sS]econds\w*|phases)"\s*:\s*)(\{[^}]*\}|"[^"]*"|[-+\d.eE]+)/g, "$1<t>")
  .replace(/\b\d+(\.\d+)? s\b/g, "<t> s"));'

run_all() { # $1: tree, $2: output directory
  local B="node $1/bin/icl-verify.js" OUT=$2 i=0
  mkdir -p "$OUT"
  cd "$OUT"
  run() {
    i=$((i + 1))
    local out code
    out=$($B "$@" 2>&1) && code=0 || code=$?
    { echo "\$ icl-verify $*"; printf '%s\n' "$out" | node -e "$NORMALIZE"; echo "exit $code"; } > "$(printf %02d $i).txt"
  }
  run --help
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --json
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0 --digits 40
  run eval --alpha inf --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --json
  run eval --alpha inf --kappa 0.5 --tau inf --tau-per-alpha 2 --rho 0.1 --lambda 0
  run eval --alpha 2 --kappa inf --tau 3 --rho 0.1 --lambda 0 --json
  run eval --alpha 2 --kappa 0.5 --tau 1 --rho 0.1 --lambda 0
  run eval --alpha -1 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1
  run eval --alpha 0.85 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0 --inputs double --digits 30
  run eval --alpha 1,10 --kappa 0.5 --tau log:0.5:5:4 --rho 0.1 --lambda 0,0.01 --format csv
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --derivative tau,lambda --json
  run eval --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --optimal-lambda --json
  run eval --kappa 0.5 --tau 20 --rho 0.5 --lambda 0 --alpha-star --json
  run figure fig1a --format csv
  run certify eICL-ge-rho --box alpha=2..4,kappa=0.5..1,tau=0.5..2,rho=0.1..0.5,lambda=0.1..0.5 --max-cells 200 --json
  run simulate --d 8 --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --replicates 3 --seed 5 --json
  run simulate --d 8 --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --replicates 3 --seed 5
  run simulate --estimator dmmse --d 6 --alpha 2 --kappa 0.5 --rho 0.1 --replicates 3 --seed 2 --json
  run simulate --estimator ridge --d 6 --alpha 2 --rho 0.1 --replicates 3 --seed 2 --json
  run simulate --d 1 --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01
  run extrapolate --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01 --ds 6,8,10,12 --replicates 2 --seed 3 --json
  run proofs --only lemma1 --json
  run proofs --only nosuchproof
  run check-formula /nonexistent.txt
  cp "$1/examples/candidates/mutant-flipped-sign.txt" mutant.txt
  run check-formula mutant.txt --seed 1 --budget-seconds 5 --no-evidence --json
  run train --arch linear --d 4 --tau 2 --steps 200 --fixed --seed 3 --json
  run train --arch linear --d 1 --tau 2
  echo '{"theory":{"alpha":[1,2,"inf"],"kappa":[0.5],"tau":[2,3],"rho":[0.1],"lambda":[0,0.01],"digits":20},
    "simulate":{"d":[6],"alpha":[2],"kappa":[0.5],"tau":[1.5],"rho":[0.1],"lambda":[0.5],"assignment":["random"],
    "replicates":2,"seed":1}}' > spec.json
  run sweep spec.json --shard 1/2 --out s1.jsonl
  run sweep spec.json --shard 2/2 --out s2.jsonl
  run merge s1.jsonl s2.jsonl --out merged.jsonl --spec spec.json
  run merge s1.jsonl --out m1.jsonl --spec spec.json
  run nosuchcommand
  rm -f s1.jsonl s2.jsonl
}

(run_all "$WORK/old" "$WORK/before")
(run_all "$ROOT" "$WORK/after")
echo "commands: $(ls "$WORK/after"/[0-9]*.txt | wc -l); revision $REV against the working tree"
if diff -r "$WORK/before" "$WORK/after"; then echo "identical"; else echo "outputs differ (above)"; exit 1; fi
