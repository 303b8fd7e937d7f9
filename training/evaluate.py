"""Score a kg NER pipeline on an MSRA-format file (``char tag`` per line).

    python training/evaluate.py training/data/msra_test.txt [--model kg/models/ner]

Prints per-label P/R/F and, as the last line, the JSON returned by ``kg.ner.evaluate_msra``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ner import DEFAULT_MODEL_DIR, TYPES, evaluate_msra, load_ner


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    args = ap.parse_args()
    nlp = load_ner(args.model)
    if nlp is None:
        raise SystemExit(f"no model at {args.model}")
    res = evaluate_msra(args.file, nlp)
    print(f"{args.file}: {res['n_sents']} sentences, model {args.model}")
    print(f"{'label':8} {'P':>7} {'R':>7} {'F1':>7}")
    for t in TYPES:
        print(f"{t:8} {res[t]['p']:7.4f} {res[t]['r']:7.4f} {res[t]['f']:7.4f}")
    print(f"{'overall':8} {res['p']:7.4f} {res['r']:7.4f} {res['f']:7.4f}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
