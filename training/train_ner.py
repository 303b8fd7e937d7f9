"""Train the kg character BiLSTM-CRF NER on MSRA and export it as a spaCy pipeline.

    python training/train_ner.py --config training/configs/bilstm_crf.json --out training/output/ner

The exported pipeline (spacy.blank("zh") char tokenizer + the ``kg_char_ner`` component from kg/ner.py)
loads with ``import kg.ner; spacy.load(out)`` and needs no PyTorch at run time.
"""

from __future__ import annotations

import os

# one BLAS thread: the NumPy dev evaluation is far slower with 2 spinning threads on a busy machine
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import itertools
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.ner import (  # noqa: E402
    BOS,
    EOS,
    N_LEX_FEATS,
    PAD,
    TAGS,
    UNK,
    CharNER,
    Lexicon,
    Vocab,
    allowed_transitions,
    bioes_spans,
    char_bigram_ids,
    score_spans,
)

TAG_INDEX = {t: i for i, t in enumerate(TAGS)}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load_jsonl(path: Path) -> list[tuple[list[str], list[str]]]:
    with open(path, encoding="utf-8") as fh:
        return [(d["chars"], d["tags"]) for d in map(json.loads, fh)]


class Encoded:
    def __init__(self, sents: list[tuple[list[str], list[str]]], cv: Vocab, bv: Vocab, lexicon: Lexicon) -> None:
        self.sents = sents
        self.teacher: list[np.ndarray] | None = None  # per-sentence teacher emissions (T, K), for distillation
        self.cids: list[np.ndarray] = []
        self.bids: list[np.ndarray] = []
        self.lex: list[np.ndarray] = []
        self.tags: list[np.ndarray] = []
        for chars, tags in sents:
            c, b = char_bigram_ids(chars, cv, bv)
            self.cids.append(c)
            self.bids.append(b)
            self.lex.append(lexicon.features(chars).astype(np.uint8))
            self.tags.append(np.array([TAG_INDEX[t] for t in tags], dtype=np.int64))

    def __len__(self) -> int:
        return len(self.sents)

    def batch(self, idx: list[int]) -> dict[str, torch.Tensor]:
        lengths = np.array([len(self.cids[i]) for i in idx])
        tlen = int(lengths.max())
        bsz = len(idx)
        cids = np.zeros((bsz, tlen), dtype=np.int64)
        bids = np.zeros((bsz, tlen + 1), dtype=np.int64)
        lex = np.zeros((bsz, tlen, N_LEX_FEATS), dtype=np.float32)
        tags = np.zeros((bsz, tlen), dtype=np.int64)
        teacher = np.zeros((bsz, tlen, len(TAGS)), dtype=np.float32) if self.teacher is not None else None
        for r, i in enumerate(idx):
            n = lengths[r]
            cids[r, :n] = self.cids[i]
            bids[r, : n + 1] = self.bids[i]
            lex[r, :n] = self.lex[i]
            tags[r, :n] = self.tags[i]
            if teacher is not None and self.teacher is not None:
                teacher[r, :n] = self.teacher[i]
        extra = {"teacher": torch.from_numpy(teacher)} if teacher is not None else {}
        return {
            **extra,
            "cids": torch.from_numpy(cids),
            "bids": torch.from_numpy(bids),
            "lex": torch.from_numpy(lex),
            "tags": torch.from_numpy(tags),
            "lengths": torch.from_numpy(lengths),
        }


class Net(nn.Module):
    def __init__(self, n_chars: int, n_bigrams: int, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.cfg = cfg
        self.char = nn.Embedding(n_chars, cfg["char_dim"], padding_idx=0)
        self.bigram = nn.Embedding(n_bigrams, cfg["bigram_dim"], padding_idx=0)
        self.lex = nn.Linear(N_LEX_FEATS, cfg["lex_dim"])
        in_dim = cfg["char_dim"] + 2 * cfg["bigram_dim"] + cfg["lex_dim"]
        self.drop_in = nn.Dropout(cfg["dropout_in"])
        # input_rank r: the features pass through a linear map to r dimensions before the LSTM (a low-rank
        # factorisation of its input weights). Same function class up to rank, but the 8-bit LSTM at inference
        # multiplies r-wide inputs instead of in_dim-wide ones, and its input GEMM is ~40 % of its time.
        rank = int(cfg.get("input_rank", 0))
        self.inproj = nn.Linear(in_dim, rank, bias=False) if rank else None
        self.lstm = nn.LSTM(
            rank or in_dim,
            cfg["hidden"],
            num_layers=cfg["lstm_layers"],
            bidirectional=True,
            batch_first=True,
            dropout=cfg["dropout_out"] if cfg["lstm_layers"] > 1 else 0.0,
        )
        self.drop_out = nn.Dropout(cfg["dropout_out"])
        self.out = nn.Linear(2 * cfg["hidden"], len(TAGS))
        k = len(TAGS)
        self.trans = nn.Parameter(torch.zeros(k, k))
        self.start = nn.Parameter(torch.zeros(k))
        self.end = nn.Parameter(torch.zeros(k))
        c_trans, c_start, c_end = allowed_transitions()
        self.c_trans = torch.from_numpy(c_trans)  # BIOES constraints (constants, CPU only)
        self.c_start = torch.from_numpy(c_start)
        self.c_end = torch.from_numpy(c_end)

    def emissions(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        bg = self.bigram(b["bids"])
        x = torch.cat([self.char(b["cids"]), bg[:, :-1], bg[:, 1:], self.lex(b["lex"])], dim=-1)
        x = self.drop_in(x)
        if self.inproj is not None:
            x = self.inproj(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, b["lengths"], batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop_out(h))

    def nll(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        em = self.emissions(b)
        loss = self.crf_nll(em, b)
        if "teacher" in b and self.cfg.get("distill_weight", 0.0) > 0:
            loss = loss + self.cfg["distill_weight"] * self.distill(em, b)
        return loss

    def distill(self, em: torch.Tensor, b: dict[str, torch.Tensor]) -> torch.Tensor:
        """KL(teacher || student) of the per-character tag distributions (softmax of the emissions at
        temperature ``distill_temp``), summed over a sentence's characters, averaged over the batch and
        scaled by T^2 so its gradients keep their size whatever the temperature (Hinton et al., 2015)."""
        temp = float(self.cfg.get("distill_temp", 1.0))
        mask = (torch.arange(em.shape[1])[None, :] < b["lengths"][:, None]).float()
        log_p_t = torch.log_softmax(b["teacher"] / temp, dim=-1)
        log_p_s = torch.log_softmax(em / temp, dim=-1)
        kl = (log_p_t.exp() * (log_p_t - log_p_s)).sum(-1)
        return (kl * mask).sum(1).mean() * temp * temp

    def crf_nll(self, em: torch.Tensor, b: dict[str, torch.Tensor]) -> torch.Tensor:
        tags, lengths = b["tags"], b["lengths"]
        _bsz, tlen, _ = em.shape
        mask = torch.arange(tlen)[None, :] < lengths[:, None]
        trans = self.trans + self.c_trans
        start = self.start + self.c_start
        end = self.end + self.c_end
        em_gold = em.gather(2, tags.unsqueeze(2)).squeeze(2)  # (B, T)
        tr_gold = trans[tags[:, :-1], tags[:, 1:]]  # (B, T-1)
        gold = start[tags[:, 0]] + (em_gold * mask).sum(1) + (tr_gold * mask[:, 1:]).sum(1)
        last = tags.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)
        gold = gold + end[last]
        alpha = start[None, :] + em[:, 0]
        for t in range(1, tlen):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(mask[:, t : t + 1], nxt, alpha)
        log_z = torch.logsumexp(alpha + end[None, :], dim=1)
        return (log_z - gold).mean()

    def export(self) -> dict[str, np.ndarray]:
        def a(t: torch.Tensor) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        p: dict[str, np.ndarray] = {
            "emb.char": a(self.char.weight),
            "emb.bigram": a(self.bigram.weight),
            "lex.w": a(self.lex.weight),
            "lex.b": a(self.lex.bias),
            "out.w": a(self.out.weight),
            "out.b": a(self.out.bias),
            "crf.trans": a(self.trans),
            "crf.start": a(self.start),
            "crf.end": a(self.end),
        }
        if self.inproj is not None:
            p["in.proj"] = a(self.inproj.weight)  # (input_rank, in_dim)
        for layer in range(self.cfg["lstm_layers"]):
            for d, suf in (("fw", ""), ("bw", "_reverse")):
                p[f"lstm{layer}.{d}.w_ih"] = a(getattr(self.lstm, f"weight_ih_l{layer}{suf}"))
                p[f"lstm{layer}.{d}.w_hh"] = a(getattr(self.lstm, f"weight_hh_l{layer}{suf}"))
                p[f"lstm{layer}.{d}.b"] = a(
                    getattr(self.lstm, f"bias_ih_l{layer}{suf}") + getattr(self.lstm, f"bias_hh_l{layer}{suf}")
                )
        return p


class EMA:
    """Exponential moving average of the weights (Polyak averaging), scored and shipped instead of the last step's.

    Averaging the noisy late-training iterates costs nothing at inference and typically adds a few tenths of F1.
    """

    def __init__(self, net: nn.Module, decay: float, warmup: bool = True) -> None:
        self.decay = decay
        self.warmup = warmup
        self.params = [p.detach().clone() for p in net.parameters()]

    def update(self, net: nn.Module, step: int) -> None:
        # Warm-up: early averages follow the weights closely (a network trained from scratch starts nowhere worth
        # keeping). Without it (``ema_warmup: false``), a student started from a trained teacher keeps most of
        # the teacher in its average while the raw weights move.
        d = min(self.decay, (1 + step) / (10 + step)) if self.warmup else self.decay
        with torch.no_grad():
            torch._foreach_lerp_(self.params, [p.detach() for p in net.parameters()], 1.0 - d)

    def swap(self, net: nn.Module) -> None:
        with torch.no_grad():
            for p, e in zip(net.parameters(), self.params, strict=True):
                tmp = p.detach().clone()
                p.copy_(e)
                e.copy_(tmp)


def init_bigrams_from_chars(
    net: Net, bv: Vocab, parts: dict[str, tuple[str, str]], char_vecs: dict[str, np.ndarray], dim: int
) -> None:
    """Initialise each bigram row from its two characters' pre-trained vectors, projected by PCA to ``dim``.

    No registry package carries pre-trained bigram embeddings; composing them from the characters gives rare
    bigrams a start that shares what the characters already mean, instead of random noise.
    """
    d = len(next(iter(char_vecs.values())))
    zero = np.zeros(d, dtype=np.float32)
    rows = [i for i, b in enumerate(bv.items) if b in parts]
    x = np.stack(
        [
            np.concatenate([char_vecs.get(parts[bv.items[i]][0], zero), char_vecs.get(parts[bv.items[i]][1], zero)])
            for i in rows
        ]
    )
    x = x - x.mean(axis=0)
    _u, _s, vt = np.linalg.svd(x[:: max(1, len(x) // 50000)], full_matrices=False)
    proj = x @ vt[:dim].T
    proj = proj / float(proj.std())
    with torch.no_grad():
        net.bigram.weight[torch.tensor(rows)] = torch.from_numpy(proj.astype(np.float32))
    log(f"bigram rows initialised from character vectors: {len(rows)}/{len(bv.items)} (PCA {2 * d} -> {dim})")


def load_teacher(path: Path) -> CharNER:
    import spacy

    nlp = spacy.load(path)
    return cast(CharNER, nlp.get_pipe("kg_char_ner"))


def teacher_emissions(teacher: CharNER, sents: list[tuple[list[str], list[str]]], bsz: int = 64) -> list[np.ndarray]:
    """The teacher's emission scores of every sentence (what ships: its ONNX path where available), float16."""
    assert teacher.model is not None
    out: list[np.ndarray] = [np.zeros((0, len(TAGS)), dtype=np.float16)] * len(sents)
    order = sorted(range(len(sents)), key=lambda i: len(sents[i][0]))
    for b0 in range(0, len(order), bsz):
        idx = order[b0 : b0 + bsz]
        cids, bids, lex, lengths = teacher._batch_inputs([sents[i][0] for i in idx])
        em = teacher.model.emissions(cids, bids, lex, lengths)
        for r, i in enumerate(idx):
            out[i] = em[r, : lengths[r]].astype(np.float16)
    return out


def init_from_teacher(net: Net, teacher: CharNER) -> None:
    """Start the student from the teacher's input layers (embeddings, lexicon projection) and CRF, which have
    the same shapes whatever the BiLSTM's width; only the BiLSTM and output layer start from scratch."""
    assert teacher.model is not None
    with torch.no_grad():
        for name, param in _width_free_params(net):
            param.copy_(torch.from_numpy(np.asarray(teacher.model.p[name], dtype=np.float32)))
    log("student initialised from the teacher's embeddings, lexicon projection and CRF")


def _width_free_params(net: Net) -> list[tuple[str, nn.Parameter]]:
    """The student's parameters whose shapes do not depend on the BiLSTM, by their exported names."""
    return [("emb.char", net.char.weight), ("emb.bigram", net.bigram.weight), ("lex.w", net.lex.weight),
            ("lex.b", net.lex.bias), ("crf.trans", net.trans), ("crf.start", net.start), ("crf.end", net.end)]


def init_from_teacher_pruned(net: Net, teacher: CharNER, sents: list[tuple[list[str], list[str]]]) -> None:
    """Start the student from the teacher's whole network made smaller without retraining
    (:func:`training.factorise.prune_and_factorise`: hidden units pruned to the student's ``hidden``, input
    factorised to its ``input_rank``), so that it starts a few tenths of F1 below the teacher instead of from
    scratch; distillation then repairs the rest."""
    from factorise import prune_and_factorise

    if int(net.cfg["lstm_layers"]) != 1:  # before the minute of statistics below, not after
        raise ValueError("teacher_pruned: a one-layer student")
    params, info = prune_and_factorise(teacher, [chars for chars, _ in sents], int(net.cfg["hidden"]),
                                       int(net.cfg.get("input_rank", 0)))
    with torch.no_grad():
        for name, param in [*_width_free_params(net), ("out.w", net.out.weight), ("out.b", net.out.bias)]:
            param.copy_(torch.from_numpy(params[name]))
        if net.inproj is not None:
            net.inproj.weight.copy_(torch.from_numpy(params["in.proj"]))
        for d, suf in (("fw", ""), ("bw", "_reverse")):
            getattr(net.lstm, f"weight_ih_l0{suf}").copy_(torch.from_numpy(params[f"lstm0.{d}.w_ih"]))
            getattr(net.lstm, f"weight_hh_l0{suf}").copy_(torch.from_numpy(params[f"lstm0.{d}.w_hh"]))
            getattr(net.lstm, f"bias_ih_l0{suf}").copy_(torch.from_numpy(params[f"lstm0.{d}.b"]))
            getattr(net.lstm, f"bias_hh_l0{suf}").zero_()
    log(f"student initialised from the teacher pruned {teacher.cfg['hidden']} -> {net.cfg['hidden']} units per "
        f"direction, input rank {net.cfg.get('input_rank', 0) or 'full'}: {json.dumps(info)}")


def export_pipeline(net: Net, cfg: dict[str, Any], cv: Vocab, bv: Vocab, lexicon: Lexicon, out: Path) -> None:
    import spacy

    nlp = spacy.blank("zh")
    comp = cast(CharNER, nlp.add_pipe("kg_char_ner"))
    comp.set_weights(net.export(), cfg, cv.items, bv.items, lexicon)
    nlp.meta["name"] = "kg_ner"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "kg character BiLSTM-CRF NER (PERSON/LOC/ORG), trained on MSRA"
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)


def evaluate(net: Net, data: Encoded, comp: Any, cfg: dict[str, Any], bsz: int = 256) -> dict[str, Any]:
    """Dev score through the NumPy inference path (exactly what ships)."""
    from kg.ner import BiLstmCrf

    comp.model = BiLstmCrf(net.export(), cfg)
    pred = comp.predict_chars([c for c, _ in data.sents])
    gold = [bioes_spans(t) for _, t in data.sents]
    return score_spans(gold, pred)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "output" / "ner")
    ap.add_argument("--max-minutes", type=float, default=None, help="override the config's time budget")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--teacher", type=str, default=None,
                    help="override the config's teacher pipeline (a directory, relative to the repository root)")
    args = ap.parse_args()
    cfg: dict[str, Any] = json.loads(args.config.read_text(encoding="utf-8"))
    if args.max_minutes is not None:
        cfg["max_minutes"] = args.max_minutes
    if args.teacher is not None:
        cfg["teacher"] = args.teacher
    log(f"config: {json.dumps(cfg)}")
    torch.set_num_threads(args.threads)
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])

    train = load_jsonl(args.data / "train.jsonl")
    dev = load_jsonl(args.data / "dev.jsonl")
    if cfg.get("teacher"):
        distill_main(cfg, args, train, dev)
        return
    chars = Counter(c for s, _ in train for c in s)
    bigrams: Counter[str] = Counter()
    bigram_parts: dict[str, tuple[str, str]] = {}  # for the char-composed bigram init
    for s, _ in train:
        padded = [BOS, *s, EOS]
        pairs = list(itertools.pairwise(padded))
        bigrams.update(a + b for a, b in pairs)
        if cfg.get("bigram_init") == "char_pca":
            bigram_parts.update((a + b, (a, b)) for a, b in pairs)
    char_set = {c for c, n in chars.items() if n >= cfg["min_char_count"]}
    pretrained: dict[str, np.ndarray] = {}
    if cfg.get("char_vectors"):
        with np.load(args.data / cfg["char_vectors"]) as z:
            pretrained = dict(zip(z["chars"].tolist(), z["vectors"], strict=True))
        if cfg.get("extend_char_vocab", False):
            char_set |= set(pretrained)  # characters never seen in training still get a meaningful vector
    cv = Vocab([PAD, UNK, *sorted(char_set)])
    bv = Vocab([PAD, UNK, *sorted(b for b, n in bigrams.items() if n >= cfg["min_bigram_count"])])
    log(f"vocab: {len(cv.items)} chars, {len(bv.items)} bigrams")
    lexicon_path = args.data / "lexicon.gz"  # data prepared before the saved-prefix format: lexicon.tsv.gz
    lexicon = Lexicon.load(lexicon_path if lexicon_path.is_file() else args.data / "lexicon.tsv.gz")
    t0 = time.time()
    tr = Encoded(train, cv, bv, lexicon)
    dv = Encoded(dev, cv, bv, lexicon)
    log(f"encoded {len(tr)} train / {len(dv)} dev sentences in {time.time() - t0:.0f}s")

    net = Net(len(cv.items), len(bv.items), cfg)
    if pretrained:
        # rescale the pre-trained table to the std of nn.Embedding's N(0, 1) init, keeping its geometry
        scale = 1.0 / float(np.std(np.stack(list(pretrained.values()))))
        with torch.no_grad():
            hits = 0
            for i, c in enumerate(cv.items):
                vec = pretrained.get(c)
                if vec is not None:
                    net.char.weight[i] = torch.from_numpy(vec * scale)
                    hits += 1
        log(f"pre-trained char vectors: {hits}/{len(cv.items)} rows initialised (scale {scale:.2f})")
        if cfg.get("bigram_init") == "char_pca":
            init_bigrams_from_chars(net, bv, bigram_parts, pretrained, cfg["bigram_dim"])
    train_loop(net, cfg, args, tr, dv, cv, bv, lexicon)


def train_loop(net: Net, cfg: dict[str, Any], args: argparse.Namespace, tr: Encoded, dv: Encoded, cv: Vocab,
               bv: Vocab, lexicon: Lexicon) -> None:
    import spacy

    comp = CharNER(spacy.blank("zh"))  # scores dev through the shipped NumPy inference path
    comp.cvocab, comp.bvocab, comp.lexicon, comp.cfg = cv, bv, lexicon, cfg
    ema = EMA(net, cfg["ema_decay"], warmup=cfg.get("ema_warmup", True)) if cfg.get("ema_decay") else None
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    budget = cfg["max_minutes"] * 60.0
    bs = cfg["batch_size"]
    unk_p = cfg["unk_dropout"]
    order = sorted(range(len(tr)), key=lambda i: len(tr.cids[i]))
    best_f = -1.0
    step = 0
    epoch = 0
    t_start = time.time()
    done = False
    history: list[dict[str, Any]] = []

    def checkpoint(epoch: int, step: int) -> None:
        """Score the (averaged) weights on dev; export them when they are the best so far."""
        nonlocal best_f
        net.eval()
        if ema is not None:
            ema.swap(net)  # score (and save) the averaged weights
        with torch.no_grad():
            te = time.time()
            sc = evaluate(net, dv, comp, cfg)
        elapsed = (time.time() - t_start) / 60
        rec = {
            "epoch": epoch,
            "step": step,
            "minutes": round(elapsed, 1),
            "dev_f": sc["f"],
            **{t: round(sc[t]["f"], 4) for t in ("PER", "LOC", "ORG")},
        }
        history.append(rec)
        log(
            f"DEV epoch {epoch} step {step} {elapsed:.1f}min P {sc['p']:.4f} R {sc['r']:.4f} "
            f"F {sc['f']:.4f} PER {sc['PER']['f']:.4f} LOC {sc['LOC']['f']:.4f} "
            f"ORG {sc['ORG']['f']:.4f} (eval {time.time() - te:.0f}s)"
        )
        if sc["f"] > best_f:
            best_f = sc["f"]
            export_pipeline(net, cfg, cv, bv, lexicon, args.out)
            (args.out / "training.json").write_text(
                json.dumps({"best_dev": rec, "history": history}, indent=1), encoding="utf-8"
            )
            log(f"saved best (dev F {best_f:.4f}) -> {args.out}")
        if ema is not None:
            ema.swap(net)  # back to the raw weights for training
        net.train()

    if cfg.get("eval_at_start"):
        checkpoint(0, 0)
    while not done and epoch < cfg["max_epochs"]:
        epoch += 1
        # length-bucketed batches, shuffled
        chunks = [order[i : i + bs * 50] for i in range(0, len(order), bs * 50)]
        batches: list[list[int]] = []
        for ch in chunks:
            ch = ch[:]
            random.shuffle(ch)
            ch.sort(key=lambda i: len(tr.cids[i]))
            batches.extend(ch[i : i + bs] for i in range(0, len(ch), bs))
        random.shuffle(batches)
        net.train()
        tot, nb = 0.0, 0
        for bi, idx in enumerate(batches):
            frac = min(1.0, (time.time() - t_start) / budget)
            lr = cfg["lr"] * (cfg["lr_min_frac"] + (1 - cfg["lr_min_frac"]) * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            b = tr.batch(idx)
            if unk_p > 0:
                for key in ("cids", "bids"):
                    drop = (torch.rand(b[key].shape) < unk_p) & (b[key] > 0)
                    b[key] = torch.where(drop, torch.ones_like(b[key]), b[key])
            loss = net.nll(b)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), cfg["clip"])
            opt.step()
            if ema is not None:
                ema.update(net, step)
            tot += float(loss.detach())
            nb += 1
            step += 1
            if step % 200 == 0:
                log(f"epoch {epoch} step {step} batch {bi + 1}/{len(batches)} loss {tot / nb:.3f} lr {lr:.2e}")
                tot, nb = 0.0, 0
            done = time.time() - t_start >= budget  # time budget spent: evaluate one last time and stop
            if step % cfg["eval_every"] == 0 or bi == len(batches) - 1 or done:
                checkpoint(epoch, step)
            if done:
                break
    log(f"finished: {step} steps, {epoch} epochs, {(time.time() - t_start) / 60:.1f} min, best dev F {best_f:.4f}")


def distill_main(cfg: dict[str, Any], args: argparse.Namespace, train: list[tuple[list[str], list[str]]],
                 dev: list[tuple[list[str], list[str]]]) -> None:
    """Knowledge distillation: a student network (``hidden`` per direction) learns the gold tags (CRF loss)
    and the shipped teacher's per-character tag distributions, with the teacher's vocabularies, lexicon,
    embeddings and CRF as its start."""
    teacher = load_teacher(HERE.parent / cfg["teacher"])
    assert teacher.cvocab is not None and teacher.bvocab is not None and teacher.lexicon is not None
    cv, bv, lexicon = teacher.cvocab, teacher.bvocab, teacher.lexicon
    log(f"teacher {cfg['teacher']}: {len(cv.items)} chars, {len(bv.items)} bigrams, hidden {teacher.cfg['hidden']}")
    t0 = time.time()
    tr = Encoded(train, cv, bv, lexicon)
    dv = Encoded(dev, cv, bv, lexicon)
    tr.teacher = teacher_emissions(teacher, train)
    log(f"encoded {len(tr)} train / {len(dv)} dev sentences, teacher emissions, in {time.time() - t0:.0f}s")
    net = Net(len(cv.items), len(bv.items), cfg)
    if cfg.get("student_init") == "teacher_pruned":
        init_from_teacher_pruned(net, teacher, train)
    else:
        init_from_teacher(net, teacher)
    train_loop(net, cfg, args, tr, dv, cv, bv, lexicon)


if __name__ == "__main__":
    main()
