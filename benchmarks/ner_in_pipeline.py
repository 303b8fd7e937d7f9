"""ORG / PERSON / LOC on the MSRA test set from the rules alone, the trained NER alone, and the two combined
by the pipeline's precedence (kg/pipeline.cfg) — the evidence for how they are combined.

    python benchmarks/ner_in_pipeline.py training/data/msra_test.txt [--limit N]

(`make -C training data` fetches and converts msra_test.txt.) MSRA's conventions differ from ANNOTATION.md
(it tags 江苏 and 泰州 apart, 十九大 as ORG…), so absolute figures mean less than the comparison.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.ner import bioes_spans, read_msra
from kg.pipeline import build_nlp, load_statistical_ner

LABEL = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOC", "ORG": "ORG", "NR": "PERSON", "NS": "LOC", "NT": "ORG"}


def _prf(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} / {r:.3f} / **{f:.3f}**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("msra", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    args = parser.parse_args()
    sents = read_msra(args.msra)
    if args.limit:
        sents = sents[: args.limit]
    texts = ["".join(chars) for chars, _ in sents]
    gold = [{(s, e, LABEL[t]) for s, e, t in bioes_spans(tags)} for _, tags in sents]
    systems = {
        "rules only": build_nlp(statistical_ner=False),
        "NER only": load_statistical_ner(),
        "rules + NER (pipeline)": build_nlp(statistical_ner=True),
    }
    print(f"{len(texts)} sentences, {sum(map(len, texts)):,} characters\n")
    print("| system | ORG P / R / F | PERSON P / R / F | LOC P / R / F | chars/s |")
    print("|---|---|---|---|---|")
    for name, nlp in systems.items():
        if nlp is None:
            continue
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=256))
        rate = sum(map(len, texts)) / (time.perf_counter() - t0)
        counts = {lab: [0, 0, 0] for lab in ("ORG", "PERSON", "LOC")}
        for doc, g in zip(docs, gold, strict=True):
            pred = {(e.start_char, e.end_char, LABEL.get(e.label_, e.label_)) for e in doc.ents}
            for lab, c in counts.items():
                p = {x for x in pred if x[2] == lab}
                gg = {x for x in g if x[2] == lab}
                c[0] += len(p & gg)
                c[1] += len(p)
                c[2] += len(gg)
        cells = " | ".join(_prf(*counts[lab]) for lab in ("ORG", "PERSON", "LOC"))
        print(f"| {name} | {cells} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
