"""A long document on one line (no line breaks at all, as some PDF and web extractions give): every stage must
stay linear. Times `kg extract` stages on 0.25, 0.5, 1 and 2 million characters of the seed text.

    python benchmarks/long_line.py [--ner]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.clean import clean
from kg.extraction import extract_text
from kg.pipeline import build_nlp

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ner", action="store_true", help="include the statistical NER")
    args = parser.parse_args()
    line = (ROOT / "seeds" / "shehui-fazhan-keji-dongtai-2021-02.txt").read_text(encoding="utf-8").replace("\n", "")
    nlp = build_nlp(statistical_ner=args.ner)
    print("| characters | clean s | extract s | chars/s | entities |")
    print("|---|---|---|---|---|")
    for n in (250_000, 500_000, 1_000_000, 2_000_000):
        text = (line * (n // len(line) + 1))[:n]
        t0 = time.perf_counter()
        clean(text)
        t1 = time.perf_counter()
        rec = extract_text(text, nlp=nlp)
        t2 = time.perf_counter()
        print(f"| {n:,} | {t1 - t0:.1f} | {t2 - t0:.1f} | {n / (t2 - t0):,.0f} | {len(rec['entities']):,} |")


if __name__ == "__main__":
    main()
