"""Make the shipped NER network smaller without training: prune its BiLSTM's hidden units and factorise its input
weights to a low rank, fitted to the inputs it really sees. Used as the start of a distilled student
(``student_init: "teacher_pruned"`` in training/train_ner.py), or saved as it is:

    python training/factorise.py kg/models/ner /tmp/ner-r160 --rank 160 [--hidden 256]

Needs no PyTorch (NumPy statistics over a sample of training sentences); saving the 8-bit ``lstm.onnx`` needs
``onnx``, like training/reexport.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.ner import CharNER, load_ner  # noqa: E402


def prune_and_factorise(teacher: CharNER, sents: list[list[str]], hidden: int, rank: int,
                        n_sample: int = 6000) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """The teacher's parameters with its one-layer BiLSTM made smaller, and what was kept:

    * **hidden units pruned** to ``hidden``: per direction, the units with the largest
      ``rms(h_j) * ||out.w[:, j]||`` over a sample of sentences (what a unit sends to the output layer) keep
      their rows of the four gates, their recurrent columns and their output-layer columns;
    * **input factorised** to ``rank`` (0: not): the pruned input weights ``W`` (both directions stacked)
      become ``V_r (V_r^T W)`` (``in.proj`` = ``V_r^T W``, the LSTM's input weights = ``V_r``), where ``V_r``
      spans the top ``rank`` eigenvectors of ``W C W^T`` and ``C`` is the second moment of the real input
      features: the rank-r map closest to ``W`` on the inputs the network sees, not on all of R^in.
    """
    assert teacher.model is not None
    model = teacher.model
    p = model.p
    hid_t = p["lstm0.fw.w_hh"].shape[1]
    if int(teacher.cfg.get("lstm_layers", 1)) != 1 or hidden > hid_t or "in.proj" in p:
        raise ValueError("prune_and_factorise: a one-layer, unfactorised teacher at least as wide as the student")
    rng = random.Random(0)
    sample = rng.sample(range(len(sents)), min(n_sample, len(sents)))
    sample.sort(key=lambda i: len(sents[i]))
    moment = np.zeros((p["lstm0.fw.w_ih"].shape[1],) * 2, dtype=np.float64)
    h_sq = np.zeros(2 * hid_t, dtype=np.float64)
    n = 0
    for b0 in range(0, len(sample), 64):
        cids, bids, lex, lengths = teacher._batch_inputs([sents[i] for i in sample[b0 : b0 + 64]])
        x = np.concatenate([p["emb.char"][cids], p["emb.bigram"][bids[:, :-1]], p["emb.bigram"][bids[:, 1:]],
                            lex @ p["lex.w"].T + p["lex.b"]], axis=-1)
        h = model._bilstm(x, lengths, 0)
        mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
        xm = x[mask].astype(np.float64)
        moment += xm.T @ xm
        h_sq += (h[mask].astype(np.float64) ** 2).sum(axis=0)
        n += int(mask.sum())
    moment /= n
    score = np.sqrt(h_sq / n) * np.linalg.norm(p["out.w"], axis=0)
    keeps = [np.sort(np.argsort(-score[d * hid_t : (d + 1) * hid_t])[:hidden]) for d in range(2)]
    out = {k: v for k, v in p.items() if not k.startswith("lstm0.")}
    out["out.w"] = np.concatenate([p["out.w"][:, keeps[0]], p["out.w"][:, hid_t + keeps[1]]], axis=1)
    w_ih = []
    for d, keep in zip(("fw", "bw"), keeps, strict=True):
        rows = np.concatenate([g * hid_t + keep for g in range(4)])
        w_ih.append(p[f"lstm0.{d}.w_ih"][rows])
        out[f"lstm0.{d}.w_hh"] = p[f"lstm0.{d}.w_hh"][rows][:, keep]
        out[f"lstm0.{d}.b"] = p[f"lstm0.{d}.b"][rows]
    kept = float(score[keeps[0]].sum() + score[hid_t + keeps[1]].sum()) / float(score.sum())
    info = {"kept_activity": kept, "sample_chars": float(n)}
    if rank:
        stacked = np.concatenate(w_ih).astype(np.float64)  # (2 * 4H, in)
        values, vectors = np.linalg.eigh(stacked @ moment @ stacked.T)
        basis = vectors[:, ::-1][:, :rank]  # (2 * 4H, r)
        info["captured_moment"] = float(values[::-1][:rank].sum() / values.sum())
        out["in.proj"] = (basis.T @ stacked).astype(np.float32)
        w_ih = [basis[: 4 * hidden], basis[4 * hidden :]]
    for d, w in zip(("fw", "bw"), w_ih, strict=True):
        out[f"lstm0.{d}.w_ih"] = np.asarray(w, dtype=np.float32)
    return {k: np.asarray(v, dtype=np.float32) for k, v in out.items()}, info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("teacher", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--rank", type=int, required=True)
    parser.add_argument("--hidden", type=int, default=0, help="units per direction (default: the teacher's)")
    parser.add_argument("--data", type=Path, default=HERE / "data" / "train.jsonl")
    args = parser.parse_args()
    nlp = load_ner(args.teacher)
    if nlp is None:
        raise SystemExit(f"no kg NER pipeline at {args.teacher}")
    component = nlp.get_pipe("kg_char_ner")
    assert isinstance(component, CharNER) and component.model is not None
    with args.data.open(encoding="utf-8") as handle:
        sents = [json.loads(line)["chars"] for line in handle]
    hidden = args.hidden or int(component.cfg["hidden"])
    params, info = prune_and_factorise(component, sents, hidden, args.rank)
    cfg: dict[str, Any] = {**component.cfg, "hidden": hidden, "input_rank": args.rank, "onnx_int8": True}
    assert component.cvocab is not None and component.bvocab is not None and component.lexicon is not None
    component.set_weights(params, cfg, component.cvocab.items, component.bvocab.items, component.lexicon)
    nlp.to_disk(args.target)
    print(f"{args.target}: hidden {hidden}, input rank {args.rank}; {json.dumps(info)}")


if __name__ == "__main__":
    main()
