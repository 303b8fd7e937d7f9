"""Should the pipeline tokenise into pkuseg words instead of characters? Measure before deciding.

    pip download --no-deps --only-binary=:all: --python-version 3.7 --platform manylinux1_x86_64 \\
        pkuseg==0.0.25 -d /tmp/pkuseg && cd /tmp/pkuseg && unzip -o pkuseg-*.whl 'pkuseg/models/default/*'
    python benchmarks/segmenter.py --pkuseg-model /tmp/pkuseg/pkuseg/models/default

Reports, on the seed corpus: tokens/s of spaCy's character segmentation and of spacy-pkuseg, the model's size,
and how many gold entity boundaries (dev gold) fall on pkuseg word boundaries — if words cut through names,
a word-level pipeline cannot even represent them as token spans.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from kg.clean import clean

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pkuseg-model", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "dev-gold" / "seed-dev.jsonl")
    args = parser.parse_args()
    import spacy_pkuseg

    text = clean((ROOT / "seeds" / "shehui-fazhan-keji-dongtai-2021-02.txt").read_text(encoding="utf-8")).text
    char_nlp = spacy.blank("zh")
    t0 = time.perf_counter()
    for _ in range(5):
        char_nlp(text)
    char_rate = 5 * len(text) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    seg = spacy_pkuseg.pkuseg(model_name=str(args.pkuseg_model))
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    seg.cut(text)
    pku_rate = len(text) / (time.perf_counter() - t0)
    size_mb = sum(p.stat().st_size for p in args.pkuseg_model.iterdir()) / 1e6
    on_boundary = total = 0
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        ct = clean(rec["text"])
        raw_to_clean = {raw: i for i, raw in enumerate(ct.offsets)}
        bounds: set[int] = {0}
        pos = 0
        for line in ct.text.split("\n"):  # pkuseg drops whitespace, so cut line by line to keep offsets
            for word in seg.cut(line):
                pos = ct.text.index(word, pos) + len(word)
                bounds.add(pos - len(word))
                bounds.add(pos)
            pos += 1
        for e in rec["entities"]:
            start = raw_to_clean.get(e["start"])
            end_char = raw_to_clean.get(e["end"] - 1)
            if start is None or end_char is None:
                continue
            total += 2
            on_boundary += (start in bounds) + (end_char + 1 in bounds)
    print("| segmenter | chars/s | load s | model MB | gold entity boundaries on token boundaries |")
    print("|---|---|---|---|---|")
    print(f"| spaCy zh char | {char_rate:,.0f} | 0 | 0 | 100.0% (every character is a token) |")
    print(f"| spacy-pkuseg default | {pku_rate:,.0f} | {load_s:.1f} | {size_mb:.0f} | "
          f"{100 * on_boundary / max(total, 1):.1f}% of {total} |")


if __name__ == "__main__":
    main()
