"""Tests for the shipped character NER (kg/models/ner) and its MSRA evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from kg.ner import (
    DEFAULT_MODEL_DIR,
    LABEL_TO_MSRA,
    bioes_spans,
    evaluate_msra,
    load_ner,
    score_spans,
    spans_to_bioes,
)

EXAMPLES = [
    (
        "中国科学院院士潘建伟在合肥介绍了成果。",
        {("中国科学院", "ORG"), ("潘建伟", "PERSON"), ("合肥", "LOC")},
    ),
    ("清华大学教授李明昨天在上海作了报告。", {("清华大学", "ORG"), ("李明", "PERSON"), ("上海", "LOC")}),
    (
        "国家航天局局长张克俭在北京宣布了新的探月计划。",
        {("国家航天局", "ORG"), ("张克俭", "PERSON"), ("北京", "LOC")},
    ),
    ("华为公司在深圳发布了新一代芯片。", {("华为公司", "ORG"), ("深圳", "LOC")}),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    assert (DEFAULT_MODEL_DIR / "config.cfg").is_file(), f"shipped model missing at {DEFAULT_MODEL_DIR}"
    model = load_ner()
    assert model is not None
    return model


def test_load_ner_absent_dir(tmp_path: Path) -> None:
    assert load_ner(tmp_path / "nope") is None


def test_model_is_char_tokenised_with_kg_labels(nlp: Language) -> None:
    assert nlp.pipe_names == ["kg_char_ner"]
    text = "中国科学院院士潘建伟在合肥介绍了成果。"
    doc = nlp(text)
    assert [t.text for t in doc] == list(text)
    assert {e.label_ for e in doc.ents} <= {"ORG", "PERSON", "LOC"}
    size = sum(f.stat().st_size for f in DEFAULT_MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 25 * 1024 * 1024


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_finds_entities(nlp: Language, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(e.text, e.label_) for e in nlp(text).ents}
    assert expected <= found, found


def test_pipe_matches_call_and_handles_odd_input(nlp: Language) -> None:
    texts = [t for t, _ in EXAMPLES] + ["", "   ", "AI 与 5G：北京 2025 年。\n\n上海市政府发布通知。"]
    piped = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=2)]
    single = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    assert piped == single
    long_text = "。".join(t for t, _ in EXAMPLES) * 20  # longer than one segment
    assert len(nlp(long_text).ents) >= 20


def test_bioes_roundtrip() -> None:
    tags = ["O", "B-LOC", "E-LOC", "S-PER", "B-ORG", "M-ORG", "M-ORG", "E-ORG", "O"]
    spans = bioes_spans(tags)
    assert spans == [(1, 3, "LOC"), (3, 4, "PER"), (4, 8, "ORG")]
    assert spans_to_bioes(len(tags), spans) == tags


def test_score_spans_counts() -> None:
    gold = [[(0, 2, "LOC"), (3, 5, "PER")], [(0, 4, "ORG")]]
    pred = [[(0, 2, "LOC"), (3, 6, "PER")], [(0, 4, "ORG"), (5, 6, "LOC")]]
    res = score_spans(gold, pred)
    assert res["p"] == pytest.approx(2 / 4)
    assert res["r"] == pytest.approx(2 / 3)
    assert res["LOC"]["p"] == pytest.approx(0.5) and res["LOC"]["r"] == 1.0
    assert res["PER"]["f"] == 0.0
    assert res["ORG"]["f"] == 1.0


def _write_msra(path: Path, sents: list[tuple[str, list[str]]]) -> None:
    lines: list[str] = []
    for text, tags in sents:
        lines += [f"{c} {t}" for c, t in zip(text, tags, strict=True)] + [""]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))


def test_evaluate_msra_perfect_and_imperfect(nlp: Language, tmp_path: Path) -> None:
    texts = [t for t, _ in EXAMPLES]
    gold: list[tuple[str, list[str]]] = []
    for text in texts:
        doc = nlp(text)
        spans = [(e.start, e.end, LABEL_TO_MSRA[e.label_]) for e in doc.ents]
        gold.append((text, spans_to_bioes(len(text), spans)))
    n_ents = sum(len(bioes_spans(tags)) for _, tags in gold)
    assert n_ents >= 8

    perfect = tmp_path / "gold.txt"
    _write_msra(perfect, gold)
    res = evaluate_msra(perfect, nlp)
    assert res["n_sents"] == len(texts)
    assert res["f"] == 1.0 and res["p"] == 1.0 and res["r"] == 1.0
    assert set(res) >= {"f", "p", "r", "PER", "LOC", "ORG"}
    for label in ("PER", "LOC", "ORG"):
        assert set(res[label]) == {"p", "r", "f"}

    # add one gold entity the model cannot have predicted ("了" as a person): recall drops, precision stays
    text, tags = gold[0]
    k = text.index("了")
    tags = [*tags]
    tags[k] = "S-PER"
    _write_msra(tmp_path / "gold2.txt", [(text, tags), *gold[1:]])
    res2 = evaluate_msra(tmp_path / "gold2.txt", nlp)
    assert res2["p"] == 1.0
    assert res2["r"] == pytest.approx(n_ents / (n_ents + 1))
    assert res2["PER"]["r"] < 1.0


def test_vectorised_ids_match_the_dictionary_lookup(nlp: Language) -> None:
    from kg.ner import CharIds, char_bigram_ids

    component = nlp.get_pipe("kg_char_ner")
    ids = CharIds(component.cvocab, component.bvocab)  # type: ignore[attr-defined]
    # known and unknown characters, characters beyond the BMP, and the text of the BOS/EOS markers themselves
    for text in ["中国科学院院士潘建伟在合肥介绍了成果。", "𠀀😀《十四五》规划", "<s>中</s>", "a", "国网电动汽车公司2×660MW"]:
        expected = char_bigram_ids(list(text), component.cvocab, component.bvocab)  # type: ignore[attr-defined]
        cids, bids = ids(text)
        assert cids.tolist() == expected[0].tolist()
        assert bids.tolist() == expected[1].tolist()


def test_onnx_runtime_and_numpy_agree(nlp: Language) -> None:
    """The shipped model runs its BiLSTM in ONNX Runtime with 8-bit weights; the NumPy fallback (float16
    weights) gives emissions within a few per cent and the same entities."""
    import numpy as np

    component = nlp.get_pipe("kg_char_ner")
    model = component.model  # type: ignore[attr-defined]
    assert model.backend == "onnxruntime"
    assert component.cfg.get("onnx_int8") is True  # type: ignore[attr-defined]
    seqs = [list(t) for t, _ in EXAMPLES] + [list("国网电动汽车公司投资建设的纯电池动力集装箱船在江苏泰州开工。")]
    cids, bids, lex, lengths = component._batch_inputs(seqs)  # type: ignore[attr-defined]
    assert lex.any()
    fast = model.emissions(cids, bids, lex, lengths)
    session, model._session = model._session, None
    try:
        assert model.backend == "numpy"
        slow = model.emissions(cids, bids, lex, lengths)
        slow_spans = component.predict_chars(seqs)  # type: ignore[attr-defined]
    finally:
        model._session = session
    for r, n in enumerate(lengths):  # padding positions are undefined in both
        error = np.linalg.norm(fast[r, :n] - slow[r, :n]) / np.linalg.norm(slow[r, :n])
        assert error < 0.05
    assert component.predict_chars(seqs) == slow_spans  # type: ignore[attr-defined]


def test_lstm_onnx_export_matches_numpy() -> None:
    """lstm_onnx turns any trained parameter set (here: random, two layers, a hidden layer) into an ONNX graph
    whose emissions equal the NumPy reference: the gate reordering and the bidirectional layout are right."""
    import numpy as np

    pytest.importorskip("onnx", reason="the onnx package is a dev dependency")
    from kg.ner import TAGS, BiLstmCrf, lstm_onnx

    rng = np.random.default_rng(0)
    cdim, bdim, ldim, hid = 8, 4, 3, 5
    params: dict[str, np.ndarray] = {
        "emb.char": rng.normal(size=(20, cdim)), "emb.bigram": rng.normal(size=(30, bdim)),
        "lex.w": rng.normal(size=(ldim, 21)), "lex.b": rng.normal(size=ldim),
        "hid.w": rng.normal(size=(6, 2 * hid)), "hid.b": rng.normal(size=6),
        "out.w": rng.normal(size=(len(TAGS), 6)), "out.b": rng.normal(size=len(TAGS)),
        "crf.trans": np.zeros((len(TAGS), len(TAGS))), "crf.start": np.zeros(len(TAGS)),
        "crf.end": np.zeros(len(TAGS)),
    }
    for layer, in_dim in ((0, cdim + 2 * bdim + ldim), (1, 2 * hid)):
        for d in ("fw", "bw"):
            params[f"lstm{layer}.{d}.w_ih"] = rng.normal(size=(4 * hid, in_dim)) * 0.5
            params[f"lstm{layer}.{d}.w_hh"] = rng.normal(size=(4 * hid, hid)) * 0.5
            params[f"lstm{layer}.{d}.b"] = rng.normal(size=4 * hid) * 0.5
    # float16-representable values: the ONNX file stores weights as float16, like weights.npz
    params = {k: v.astype(np.float16).astype(np.float32) for k, v in params.items()}
    cfg = {"lstm_layers": 2}
    reference = BiLstmCrf(params, cfg)
    fast = BiLstmCrf(params, cfg)
    assert fast.attach_onnx(lstm_onnx(params, cfg))
    lengths = np.array([7, 3, 1])
    cids = rng.integers(1, 20, size=(3, 7))
    bids = rng.integers(1, 30, size=(3, 8))
    lex = (rng.random(size=(3, 7, 21)) < 0.3).astype(np.float32)
    want = reference.emissions(cids, bids, lex, lengths)
    got = fast.emissions(cids, bids, lex, lengths)
    for r, n in enumerate(lengths):
        np.testing.assert_allclose(got[r, :n], want[r, :n], rtol=1e-4, atol=1e-4)
    assert reference.viterbi(want, lengths) == fast.viterbi(got, lengths)


def test_int8_export_stays_close_to_float() -> None:
    """The optional 8-bit model (cfg ``onnx_int8``) trades a little precision for speed: its emissions stay
    within 10 % of the float network's, even for this random one (on the trained model F1 moves by 0.0005)."""
    import numpy as np

    pytest.importorskip("onnx", reason="the onnx package is a dev dependency")
    from kg.ner import BiLstmCrf, lstm_onnx

    rng = np.random.default_rng(1)
    params = _one_layer_params(rng, hid=16, scale=0.3)
    cfg = {"lstm_layers": 1}
    reference, quantised = BiLstmCrf(params, cfg), BiLstmCrf(params, cfg)
    model = lstm_onnx(params, cfg, int8=True)
    assert quantised.attach_onnx(model)
    assert len(model) < len(lstm_onnx(params, cfg))  # 8-bit weights take less room than float16 ones
    lengths = np.array([12, 5])
    cids, bids = rng.integers(1, 20, size=(2, 12)), rng.integers(1, 30, size=(2, 13))
    lex = (rng.random(size=(2, 12, 21)) < 0.3).astype(np.float32)
    want = reference.emissions(cids, bids, lex, lengths)
    got = quantised.emissions(cids, bids, lex, lengths)
    for r, n in enumerate(lengths):
        error = np.linalg.norm(got[r, :n] - want[r, :n]) / np.linalg.norm(want[r, :n])
        assert 0 < error < 0.1


def test_batched_viterbi_finds_each_sequences_best_path() -> None:
    """The batch Viterbi (padded sequences of different lengths) equals an exhaustive search per sequence."""
    import functools
    import itertools

    import numpy as np

    from kg.ner import BiLstmCrf

    rng = np.random.default_rng(3)
    k = 4
    model = BiLstmCrf.__new__(BiLstmCrf)  # only the CRF scores are needed
    model.trans = rng.normal(size=(k, k)).astype(np.float32)
    model.start = rng.normal(size=k).astype(np.float32)
    model.end = rng.normal(size=k).astype(np.float32)
    lengths = np.array([5, 1, 3, 4])
    em = rng.normal(size=(len(lengths), 5, k)).astype(np.float32)

    def score(path: tuple[int, ...], row: int) -> float:
        total = model.start[path[0]] + model.end[path[-1]] + sum(em[row, t, tag] for t, tag in enumerate(path))
        return float(total + sum(model.trans[a, b] for a, b in itertools.pairwise(path)))

    expected = [list(max(itertools.product(range(k), repeat=int(n)), key=functools.partial(score, row=r)))
                for r, n in enumerate(lengths)]
    assert model.viterbi(em, lengths) == expected


def test_lexicon_saved_with_its_prefixes_loads_as_the_text_format(tmp_path: Path) -> None:
    import gzip

    import numpy as np

    from kg.ner import Lexicon

    words = {"中国": 0b100, "中国科学院": 0b100, "科学": 0b10000, "院士": 0b1}
    (tmp_path / "old.tsv.gz").write_bytes(gzip.compress("".join(f"{w}\t{m}\n" for w, m in words.items()).encode()))
    Lexicon(words).save(tmp_path / "lexicon.gz")
    old, new = Lexicon.load(tmp_path / "old.tsv.gz"), Lexicon.load(tmp_path / "lexicon.gz")
    chars = list("中国科学院院士说")
    codes = np.array([ord(c) for c in chars])
    scanned = new.features_codes(codes, np.full(len(codes), len(codes)))  # the NER's scan, from the packed form
    assert "entries" not in vars(new)  # ... without making the dict (a load of the real lexicon skips ~0.2 s)
    assert (scanned == old.features(chars)).all()
    assert new.entries == old.entries and new.words == words
    assert (new.features(chars) == old.features(chars)).all()
    assert new.features(chars)[:, 6].tolist() == [1, 0, 0, 0, 0, 0, 0, 0]  # 中国 and 中国科学院 begin at 0 (ORG)
    damaged = gzip.decompress((tmp_path / "lexicon.gz").read_bytes())[:-1]
    (tmp_path / "damaged.gz").write_bytes(gzip.compress(damaged))
    with pytest.raises(ValueError, match="damaged lexicon"):
        Lexicon.load(tmp_path / "damaged.gz")


SENTENCES = [
    "中国科学院院士潘建伟在合肥介绍了成果。",
    "国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船在江苏泰州开工",
    "清华大学",
    "在",
    "国家发展和改革委员会与中华人民共和国科学技术部联合印发《“十四五”规划》",
    "𠀀😀<s>中</s>2×660MW",
]


def test_batched_lexicon_scan_matches_the_per_sentence_scan(nlp: Language) -> None:
    """One scan over a batch of sentences set end to end gives each sentence's own features: no word is
    found across the join (清华大学|在 holds no 学在), words of every length up to the maximum are found."""
    import numpy as np

    lexicon = nlp.get_pipe("kg_char_ner").lexicon  # type: ignore[attr-defined]
    lengths = np.array([len(s) for s in SENTENCES])
    codes = np.array([ord(c) for c in "".join(SENTENCES)])
    got = lexicon.features_codes(codes, np.repeat(np.cumsum(lengths), lengths))
    want = np.concatenate([lexicon.features(list(s)) for s in SENTENCES])
    assert want.sum() > 50  # the sentences do hold lexicon words
    assert (got == want).all()
    assert lexicon.features_codes(codes[:0], codes[:0]).shape == (0, 21)


def test_string_hashes_are_the_scans_fold() -> None:
    import numpy as np

    from kg.ner import Lexicon, _string_hashes

    words = {"中国": 0b100, "中国科学院": 0b100, "学院": 0b100000, "院士": 0b1, "科学院院士大会议": 0b1000000}
    lexicon = Lexicon(words)
    hashes = _string_hashes(list(lexicon.entries))
    assert len(set(hashes.tolist())) == len(lexicon.entries)  # distinct entries, distinct hashes
    assert _string_hashes(["中国"])[0] != _string_hashes(["国中"])[0]
    text = "我在中国科学院院士大会议上"
    codes = np.array([ord(c) for c in text])
    assert (lexicon.features_codes(codes, np.full(len(text), len(text))) == lexicon.features(list(text))).all()


def test_batched_ids_match_the_per_sentence_ids(nlp: Language) -> None:
    """Features computed for all sequences at once, then laid out for any subset of them in any order, hold
    each sequence's own character ids, bigram ids and lexicon features, and zeros in the padding."""
    import numpy as np

    from kg.ner import CharIds

    component = nlp.get_pipe("kg_char_ner")
    ids = CharIds(component.cvocab, component.bvocab)  # type: ignore[attr-defined]
    features = component._featurise(SENTENCES)  # type: ignore[attr-defined]
    for pick in ([2, 0], list(range(len(SENTENCES)))[::-1], [1]):
        cids, bids, lex, lengths = features.batch(np.array(pick))
        assert lengths.tolist() == [len(SENTENCES[k]) for k in pick]
        for r, k in enumerate(pick):
            s, n = SENTENCES[k], len(SENTENCES[k])
            c, b = ids(s)
            assert cids[r, :n].tolist() == c.tolist() and not cids[r, n:].any()
            assert bids[r, : n + 1].tolist() == b.tolist() and not bids[r, n + 1 :].any()
            assert (lex[r, :n] == component.lexicon.features(list(s))).all()  # type: ignore[attr-defined]
            assert not lex[r, n:].any()


def test_path_spans_match_bioes_spans_on_valid_and_invalid_paths() -> None:
    import numpy as np

    from kg.ner import TAGS, path_spans

    rng = np.random.default_rng(7)
    tag = {t: k for k, t in enumerate(TAGS)}
    valid = [tag[t] for t in ["B-ORG", "M-ORG", "E-ORG", "O", "S-PER", "B-LOC", "E-LOC", "S-LOC", "O"]]
    paths = np.zeros((40, 12), dtype=np.intp)
    lengths = rng.integers(1, 13, size=40)
    paths[0, :9], lengths[0] = valid, 9
    paths[1:] = rng.integers(0, len(TAGS), size=(39, 12))  # mostly invalid BIOES: read leniently
    got = path_spans(paths, lengths)
    for r in range(40):
        assert got[r] == bioes_spans([TAGS[k] for k in paths[r, : lengths[r]]])
    assert got[0] == [(0, 3, "ORG"), (4, 5, "PER"), (5, 7, "LOC"), (7, 8, "LOC")]


def test_text_segments_match_the_token_segments() -> None:
    from kg.ner import MAX_SEGMENT, _segments, _text_segments

    texts = ["", "。", "一二三", "一。二三！四", "无标点" * 120, "甲" * (2 * MAX_SEGMENT) + "。", "乙" * MAX_SEGMENT,
             "你好？" + "丙" * (MAX_SEGMENT + 3) + "；丁\n\n戊"]
    for text in texts:
        assert _text_segments(text) == _segments(len(text), list(text))


def test_tagging_does_not_depend_on_batching(nlp: Language) -> None:
    component = nlp.get_pipe("kg_char_ner")
    one_by_one = [component.predict_chars([s])[0] for s in SENTENCES]  # type: ignore[attr-defined]
    assert component.predict_chars(SENTENCES) == one_by_one  # type: ignore[attr-defined]
    assert any(one_by_one)
    budget = component.batch_chars  # type: ignore[attr-defined]
    try:  # one call, every sentence its own network batch (the character budget cuts them apart)
        component.batch_chars = 1  # type: ignore[attr-defined]
        assert component.predict_chars(SENTENCES) == one_by_one  # type: ignore[attr-defined]
    finally:
        component.batch_chars = budget  # type: ignore[attr-defined]


def test_network_batches_cap_rows_and_padded_characters() -> None:
    import numpy as np

    from kg.ner import BATCH_MIN_ROWS, network_batches

    rng = np.random.default_rng(3)
    lengths = np.sort(rng.integers(1, 151, size=500))
    for max_rows, max_chars in ((64, 2048), (8, 100), (64, 1), (1, 10_000)):
        batches = list(network_batches(lengths, max_rows, max_chars))
        assert [b0 for b0, _ in batches] == [0] + [b1 for _, b1 in batches[:-1]]  # consecutive, all covered
        assert batches[-1][1] == len(lengths)
        for b0, b1 in batches:
            rows, longest = b1 - b0, int(lengths[b1 - 1])
            assert rows <= max_rows and (rows * longest <= max_chars or rows == 1)
            # one length a batch, but for the rows that fill a small batch and one row lending its padding
            full_length = int((lengths[b0:b1] == longest).sum())
            assert rows - full_length <= max(0, BATCH_MIN_ROWS - full_length) + 1


def _call_cost(lengths: Any, batches: list[tuple[int, int]]) -> int:
    """Characters ONNX Runtime computes for these batches: rows x longest, plus the calibration slot's cost."""
    from kg.ner import BiLstmCrf

    total = 0
    for b0, b1 in batches:
        longest = int(lengths[b1 - 1])
        steps, rows, _, _ = BiLstmCrf._calibration_slot(lengths[b0:b1], longest)
        total += steps * rows
    return total


def test_network_batches_compute_little_padding() -> None:
    """On sentence lengths like a corpus's (many short, few long), the batches cost less than batches filled from
    the shortest up to the caps with a calibration row each (the policy before), and little beyond the
    characters themselves."""
    import numpy as np

    from kg.ner import network_batches

    rng = np.random.default_rng(5)
    lengths = np.sort(np.minimum(rng.geometric(1 / 35, size=2000), 150))
    new = _call_cost(lengths, list(network_batches(lengths, 64, 2048)))
    filled, start = 0, 0  # the policy before: fill each batch from the shortest, a calibration row per call
    while start < len(lengths):
        stop = start + 1
        while stop < len(lengths) and stop - start < 64 and (stop + 1 - start) * int(lengths[stop]) <= 2048:
            stop += 1
        filled += (stop - start + 1) * int(lengths[stop - 1])
        start = stop
    real = int(lengths.sum())
    assert new < filled
    assert new < 1.03 * real < filled


def test_doctests_of_the_ner_module() -> None:
    import doctest

    import kg.ner

    failed, attempted = doctest.testmod(kg.ner)
    assert attempted > 0 and failed == 0


def test_batch_inputs_look_up_a_multi_character_token_whole(nlp: Language) -> None:
    """A run of spaces kept as one token (not the char tokenizer's output, but allowed) is one unknown id, as
    in training, and its row's features are those of the per-sentence scan."""
    import numpy as np

    from kg.ner import char_bigram_ids

    component = nlp.get_pipe("kg_char_ner")
    seqs = [["中", "国", "   ", "科", "学", "院"], list("中国科学院院士")]
    cids, bids, lex, lengths = component._batch_inputs(seqs)  # type: ignore[attr-defined]
    assert lengths.tolist() == [6, 7]
    for r, seq in enumerate(seqs):
        c, b = char_bigram_ids(seq, component.cvocab, component.bvocab)  # type: ignore[attr-defined]
        assert cids[r, : len(seq)].tolist() == c.tolist() and bids[r, : len(seq) + 1].tolist() == b.tolist()
        assert (lex[r, : len(seq)] == component.lexicon.features(seq)).all()  # type: ignore[attr-defined]
    assert lex[1].sum() > 0 and np.all(lex[0, 6:] == 0)


def _one_layer_params(rng: Any, hid: int, scale: float, rank: int = 0, float16: bool = False) -> dict[str, Any]:
    """Random parameters of a one-layer network (characters 8, bigrams 4, lexicon 3 wide); with ``rank``, its
    input passes through ``in.proj`` (rank x in), the projected dimensions on very different scales (as a
    trained projection has them); ``float16``: values rounded to what weights.npz stores."""
    import numpy as np

    from kg.ner import TAGS

    cdim, bdim, ldim = 8, 4, 3
    in_dim = cdim + 2 * bdim + ldim
    params: dict[str, Any] = {
        "emb.char": rng.normal(size=(20, cdim)), "emb.bigram": rng.normal(size=(30, bdim)),
        "lex.w": rng.normal(size=(ldim, 21)), "lex.b": rng.normal(size=ldim),
    }
    if rank:
        params["in.proj"] = rng.normal(size=(rank, in_dim)) * np.geomspace(0.05, 5.0, rank)[:, None]
    params.update({
        "out.w": rng.normal(size=(len(TAGS), 2 * hid)), "out.b": rng.normal(size=len(TAGS)),
        "crf.trans": np.zeros((len(TAGS), len(TAGS))), "crf.start": np.zeros(len(TAGS)),
        "crf.end": np.zeros(len(TAGS)),
    })
    for d in ("fw", "bw"):
        params[f"lstm0.{d}.w_ih"] = rng.normal(size=(4 * hid, rank or in_dim)) * scale
        params[f"lstm0.{d}.w_hh"] = rng.normal(size=(4 * hid, hid)) * scale
        params[f"lstm0.{d}.b"] = rng.normal(size=4 * hid) * scale
    if float16:
        return {k: v.astype(np.float16).astype(np.float32) for k, v in params.items()}
    return {k: v.astype(np.float32) for k, v in params.items()}


def _factorised_params(seed: int, rank: int = 6, hid: int = 5) -> dict[str, Any]:
    import numpy as np

    return _one_layer_params(np.random.default_rng(seed), hid=hid, scale=0.5, rank=rank, float16=True)


def _inputs(seed: int) -> tuple[Any, Any, Any, Any]:
    import numpy as np

    rng = np.random.default_rng(seed)
    lengths = np.array([9, 4, 1])
    cids = rng.integers(1, 20, size=(3, 9))
    bids = rng.integers(1, 30, size=(3, 10))
    lex = (rng.random(size=(3, 9, 21)) < 0.3).astype(np.float32)
    return cids, bids, lex, lengths


def test_factorised_input_is_the_multiplied_out_network() -> None:
    """A network with ``in.proj`` (the LSTM reads a rank-r map of the features) computes what the same network
    with the product ``w_ih @ in.proj`` as its input weights computes; the ONNX graph (r-wide input, features
    projected in NumPy) agrees with both."""
    import numpy as np

    from kg.ner import BiLstmCrf

    params = _factorised_params(2)
    full = {k: v for k, v in params.items() if k != "in.proj"}
    for d in ("fw", "bw"):
        full[f"lstm0.{d}.w_ih"] = params[f"lstm0.{d}.w_ih"] @ params["in.proj"]
    cids, bids, lex, lengths = _inputs(3)
    cfg = {"lstm_layers": 1}
    want = BiLstmCrf(full, cfg).emissions(cids, bids, lex, lengths)
    got = BiLstmCrf(params, cfg).emissions(cids, bids, lex, lengths)
    for r, n in enumerate(lengths):
        np.testing.assert_allclose(got[r, :n], want[r, :n], rtol=1e-4, atol=1e-4)
    pytest.importorskip("onnx", reason="the onnx package is a dev dependency")
    from kg.ner import lstm_onnx

    fast = BiLstmCrf(params, cfg)
    assert fast.attach_onnx(lstm_onnx(params, cfg))
    assert fast._x_bound > 0
    onnx_em = fast.emissions(cids, bids, lex, lengths)
    for r, n in enumerate(lengths):
        np.testing.assert_allclose(onnx_em[r, :n], want[r, :n], rtol=1e-3, atol=1e-3)


def test_balancing_a_factorised_input_keeps_the_network_and_helps_8_bits() -> None:
    """balance_input_scale is a reparametrisation (same emissions in float) that evens out the projected
    dimensions' ranges; the 8-bit copy of the balanced network is closer to the float one than the 8-bit copy
    of the unbalanced network, whose narrow dimensions get a handful of quantisation steps."""
    import numpy as np

    pytest.importorskip("onnx", reason="the onnx package is a dev dependency")
    from kg.ner import BiLstmCrf, balance_input_scale, lstm_onnx

    params = _factorised_params(4, rank=8, hid=16)
    balanced = balance_input_scale(params)
    assert not np.allclose(balanced["in.proj"], params["in.proj"])
    cids, bids, lex, lengths = _inputs(5)
    cfg = {"lstm_layers": 1}
    want = BiLstmCrf(params, cfg).emissions(cids, bids, lex, lengths)
    same = BiLstmCrf(balanced, cfg).emissions(cids, bids, lex, lengths)
    errors = []
    for p in (params, balanced):
        quantised = BiLstmCrf(p, cfg)
        assert quantised.attach_onnx(lstm_onnx(p, cfg, int8=True))
        got = quantised.emissions(cids, bids, lex, lengths)
        errors.append(sum(float(np.linalg.norm(got[r, :n] - want[r, :n])) for r, n in enumerate(lengths)))
    for r, n in enumerate(lengths):
        np.testing.assert_allclose(same[r, :n], want[r, :n], rtol=1e-4, atol=1e-4)
    assert errors[1] < errors[0]


@pytest.mark.parametrize("dtype", ["int64", "uint64"])
def test_hash_index_finds_every_key_and_only_keys(dtype: str) -> None:
    """HashIndex (the lexicon's and the bigrams' lookup) against a dict: random keys, some of them sharing
    a home slot (consecutive multiples of a large power of two), queries mixing keys and non-keys."""
    import numpy as np

    from kg.ner import HashIndex

    rng = np.random.default_rng(7)
    top = 2**62 if dtype == "int64" else 2**63
    keys = np.unique(np.concatenate([rng.integers(0, top, size=3000), np.arange(40) * 2**50])).astype(dtype)
    values = rng.integers(0, 1000, size=len(keys))
    index = HashIndex(keys, values, missing=-5)
    table = dict(zip(keys.tolist(), values.tolist(), strict=True))
    queries = np.concatenate([keys, rng.integers(0, top, size=3000).astype(dtype), keys[:100]])
    rng.shuffle(queries)
    assert index.lookup(queries).tolist() == [table.get(q, -5) for q in queries.tolist()]
    assert HashIndex(keys[:0], values[:0], missing=3).lookup(keys[:4]).tolist() == [3, 3, 3, 3]
    with pytest.raises(ValueError):
        HashIndex(np.array([np.iinfo(dtype).max], dtype=dtype), np.array([1]), missing=0)
