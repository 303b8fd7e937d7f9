"""Extraction quality on gold records: rules only vs rules + the statistical NER, per label and relation.

    python benchmarks/extraction_quality.py ../shared/dev-gold/seed-dev.jsonl

prints a Markdown table (paste into BENCHMARKS.md) and, with ``--json``, the raw scores.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.evaluate import evaluate_gold
from kg.pipeline import load_statistical_ner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = {"rules only": False}
    if load_statistical_ner() is not None:
        runs["rules + NER"] = True
    results = {}
    for name, use_ner in runs.items():
        t0 = time.perf_counter()
        results[name] = evaluate_gold(args.gold, statistical_ner=use_ner)
        results[name]["seconds"] = round(time.perf_counter() - t0, 2)
    if args.json:
        print(json.dumps({k: {m: v[m] for m in ("mention", "article", "relation")} for k, v in results.items()},
                         ensure_ascii=False, indent=1))
        return
    names = list(results)
    print("| level | label | " + " | ".join(f"{n} P / R / F" for n in names) + " |")
    print("|---|---|" + "---|" * len(names))
    for level in ("article", "mention", "relation"):
        labels = sorted({lab for r in results.values() for lab in r[level]}, key=lambda x: (x != "ALL", x))
        for label in labels:
            cells = []
            for n in names:
                s = results[n][level].get(label)
                cells.append(f"{s['p']:.3f} / {s['r']:.3f} / **{s['f']:.3f}**" if s else "–")
            print(f"| {level} | {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
