#!/bin/bash
# Same-window A/B of full 1-process builds of the 10 MB corpus: commit A against commit B, alternating, so that
# the machine's drift (several per cent on a shared VM) falls on both. The extract modes time `kg extract` of the
# 1 MB corpus instead (no graph, no store: the extraction's share, in a quarter of a minute per run).
#   benchmarks/ab_builds.sh A B [rules|ner|extract-rules|extract-ner] [ROUNDS]
#   prints "MODE A|B seconds user system" per run; JOBS=2 runs both sides with two processes (default 1)
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
A=$1; B=$2; MODE=${3:-rules}; ROUNDS=${4:-2}; JOBS=${JOBS:-1}
PY=${PY:-python3}
CORPUS=$REPO/benchmarks/data/scale/corpus-10mb
WA=$(mktemp -d /tmp/kg-ab-a.XXXXXX); WB=$(mktemp -d /tmp/kg-ab-b.XXXXXX); OUT=$(mktemp -d /tmp/kg-ab-out.XXXXXX)
git -C "$REPO" worktree add -f "$WA" "$A" >/dev/null
git -C "$REPO" worktree add -f "$WB" "$B" >/dev/null
trap 'git -C "$REPO" worktree remove --force "$WA"; git -C "$REPO" worktree remove --force "$WB"; rm -rf "$OUT"' EXIT
FLAG=""; case $MODE in *rules) FLAG="--no-ner" ;; esac
for _ in $(seq "$ROUNDS"); do
  for side in A B; do
    W=$WA; [ $side = B ] && W=$WB
    rm -rf "$OUT/out"
    case $MODE in
      extract-*)
        ( cd "$W" && PYTHONPATH=$W /usr/bin/time -f "$MODE $side %e s %U u %S s" \
            $PY -m kg.cli extract "$REPO/benchmarks/data/scale/corpus-1mb" --format jsonl --jobs "$JOBS" $FLAG > /dev/null ) ;;
      *)
        ( cd "$W" && PYTHONPATH=$W /usr/bin/time -f "$MODE $side %e s %U u %S s" \
            $PY -m kg.cli build "$CORPUS" -o "$OUT/out" --no-validate --quiet --jobs "$JOBS" $FLAG > /dev/null ) ;;
    esac
  done
done
