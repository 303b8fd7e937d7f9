"""Character-level Chinese NER (PERSON / LOC / ORG) shipped with kg.

The model is a BiLSTM-CRF over per-character features:

* the character itself,
* the left and right character bigrams,
* soft-lexicon features: for every lexicon word (jieba's dictionary, grouped by its POS tag:
  person / place / organisation / other proper noun / abbreviation / common noun / other) that covers the
  character, whether the character Begins, is in the Middle of, or Ends that word.

It is trained with PyTorch (``training/train_ner.py``) on the MSRA NER corpus; inference needs no torch.
The BiLSTM runs in ONNX Runtime (``lstm.onnx`` beside the weights: ORT's fused LSTM kernel is about twice
as fast as a NumPy loop) where ``onnxruntime`` is installed, and in pure NumPy otherwise; both give the same
emissions to float rounding (``tests/test_ner.py``).  The component works on docs tokenised one token per
character (``spacy.blank("zh")`` with the default ``char`` segmenter) and sets ``doc.ents``.

``import kg.ner`` registers the ``kg_char_ner`` factory, after which ``spacy.load(DEFAULT_MODEL_DIR)``
works; :func:`load_ner` does both.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

try:  # optional: the fused BiLSTM kernel; NumPy is the fallback
    import onnxruntime as ort
except ImportError:  # pragma: no cover
    ort = None

try:  # optional: keeps NumPy's BLAS single-threaded during inference (much faster on a busy machine)
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover
    ThreadpoolController = None

__all__ = [
    "DEFAULT_MODEL_DIR",
    "LEX_GROUPS",
    "TAGS",
    "CharNER",
    "Lexicon",
    "bioes_spans",
    "evaluate_msra",
    "load_ner",
    "read_msra",
]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner"

# MSRA types -> spaCy labels used by kg.
MSRA_TO_LABEL = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
LABEL_TO_MSRA = {v: k for k, v in MSRA_TO_LABEL.items()}
TYPES = ("PER", "LOC", "ORG")
TAGS: tuple[str, ...] = ("O", *(f"{p}-{t}" for t in TYPES for p in "BMES"))

# Lexicon groups (jieba POS tag -> group index).  Each group yields three features: B, M, E.
LEX_GROUPS = ("PER", "LOC", "ORG", "NZ", "ABBR", "NOUN", "OTHER")
_JIEBA_GROUP = {
    "nr": 0,
    "nrt": 0,
    "nrfg": 0,
    "ns": 1,
    "nsf": 1,
    "nt": 2,
    "nz": 3,
    "j": 4,
    "n": 5,
    "ng": 5,
    "vn": 5,
    "an": 5,
}
N_LEX_FEATS = 3 * len(LEX_GROUPS)
BOS, EOS, UNK, PAD = "<s>", "</s>", "<unk>", "<pad>"
MAX_SEGMENT = 150
_SENT_END = re.compile(r"[。！？；!?;\n]")


def jieba_group(pos: str) -> int:
    """Lexicon group index for a jieba POS tag."""
    return _JIEBA_GROUP.get(pos, len(LEX_GROUPS) - 1)


# --------------------------------------------------------------------------------------------- data / tags


def read_msra(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Read a character-tagged MSRA file (``char tag`` per line, blank line between sentences)."""
    sents: list[tuple[list[str], list[str]]] = []
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            parts = line.split()
            if len(parts) < 2:
                if chars:
                    sents.append((chars, tags))
                    chars, tags = [], []
                continue
            chars.append(parts[0])
            tags.append(parts[-1])
    if chars:
        sents.append((chars, tags))
    return sents


def bioes_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, type)`` from BIOES (or BIO) tags.

    Lenient, like seqeval's default mode: tags are read as BIO (S->B, M/E->I) and an I- tag that does not
    continue an entity of the same type starts a new one.
    """
    spans: list[tuple[int, int, str]] = []
    start, cur = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if not (prefix in ("M", "E", "I") and start >= 0 and typ == cur):
            if start >= 0:
                spans.append((start, i, cur))
                start, cur = -1, ""
            if prefix != "O":
                start, cur = i, typ
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, cur))
            start, cur = -1, ""
    if start >= 0:
        spans.append((start, len(tags), cur))
    return spans


def spans_to_bioes(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for s, e, t in spans:
        if e - s == 1:
            tags[s] = f"S-{t}"
        else:
            tags[s] = f"B-{t}"
            for k in range(s + 1, e - 1):
                tags[k] = f"M-{t}"
            tags[e - 1] = f"E-{t}"
    return tags


# ------------------------------------------------------------------------------------------------ features


#: In :attr:`Lexicon.entries`: the string is a proper prefix of a longer lexicon word (the scan goes on).
_CONTINUES = 1 << 7
#: The first line of a saved lexicon (gzip): then the entries one per line, a NUL, one mask byte per entry.
_LEXICON_MAGIC = b"KGLEX2\n"


class Lexicon:
    """Word -> group-bitmask lexicon with prefix pruning, for soft-lexicon features.

    One dict serves both lookups of the scan in :meth:`features`: ``entries`` maps every word *and* every proper
    prefix of two or more characters to its group mask, with bit 7 (:data:`_CONTINUES`) set where a longer word
    continues. Saved with the prefixes, so loading is two C-level splits and a ``dict(zip())``.

    >>> lexicon = Lexicon({"中国": 0b100, "中国科学院": 0b100})
    >>> lexicon.entries["中国"] == 0b100 | _CONTINUES, lexicon.entries["中国科"] == _CONTINUES
    (True, True)
    >>> [int(v) for v in lexicon.features(list("在中国科学院"))[:, 6]]   # ORG group, B column
    [0, 1, 0, 0, 0, 0]
    """

    def __init__(self, words: dict[str, int], max_len: int = 10, *, entries: dict[str, int] | None = None,
                 packed: tuple[list[str], bytes] | None = None) -> None:
        self.max_len = max_len
        # packed: a saved lexicon's entries and their masks, as loaded; the NER's scan (features_codes) needs no
        # dict, so ``entries`` is made from them only when something asks (a dict of ~485k strings: ~0.2 s)
        self._packed = packed
        if packed is not None:
            return
        if entries is None:
            entries = dict(words)
            for w in words:
                for k in range(2, len(w)):
                    entries[w[:k]] = entries.get(w[:k], 0) | _CONTINUES
        self.entries = entries

    @cached_property
    def entries(self) -> dict[str, int]:
        """Every word and proper prefix (two or more characters) to its group mask, :data:`_CONTINUES` set where a
        longer word goes on."""
        assert self._packed is not None  # otherwise __init__ set it
        keys, masks = self._packed
        return dict(zip(keys, masks, strict=True))

    def _keys_and_masks(self) -> tuple[list[str], bytes]:
        return self._packed if self._packed is not None else (list(self.entries), bytes(self.entries.values()))

    def _size(self) -> int:
        return len(self._packed[0]) if self._packed is not None else len(self.entries)

    @property
    def words(self) -> dict[str, int]:
        """The lexicon words and their group masks (prefix-only entries left out)."""
        return {w: m & ~_CONTINUES for w, m in self.entries.items() if m & ~_CONTINUES}

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a saved lexicon, or a ``word TAB mask`` text file (gzip), the format ``prepare_data`` once wrote."""
        data = gzip.decompress(Path(path).read_bytes())
        if not data.startswith(_LEXICON_MAGIC):
            rows = [line.partition("\t") for line in data.decode("utf-8").splitlines()]
            return cls({w: int(mask) for w, _, mask in rows if w})
        cut = data.index(b"\n\x00")
        keys = data[len(_LEXICON_MAGIC) : cut].decode("utf-8").split("\n")
        masks = data[cut + 2 :]
        if len(keys) != len(masks):
            raise ValueError(f"{path}: damaged lexicon ({len(keys)} entries, {len(masks)} masks)")
        return cls({}, packed=(keys, masks))

    def save(self, path: str | Path) -> None:
        keys = sorted(self.entries)
        data = (_LEXICON_MAGIC + "\n".join(keys).encode("utf-8") + b"\n\x00"
                + bytes(self.entries[k] for k in keys))
        Path(path).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))

    def features(self, chars: Sequence[str]) -> np.ndarray:
        """``(n, N_LEX_FEATS)`` float32 multi-hot B/M/E-per-group features for a character sequence."""
        n = len(chars)
        out = np.zeros((n, N_LEX_FEATS), dtype=np.float32)
        text = "".join(chars)
        if len(text) != n:  # a multi-character token (e.g. a run of spaces) matches no lexicon word
            text = "".join(c if len(c) == 1 else "\x00" for c in chars)
        entries = self.entries
        ngroups = len(LEX_GROUPS)
        for i in range(n - 1):
            for end in range(i + 2, min(n, i + self.max_len) + 1):
                mask = entries.get(text[i:end])
                if mask is None:
                    break
                if mask & ~_CONTINUES:
                    for g in range(ngroups):
                        if mask >> g & 1:
                            out[i, 3 * g] = 1.0
                            out[end - 1, 3 * g + 2] = 1.0
                            if end - i > 2:
                                out[i + 1 : end - 1, 3 * g + 1] = 1.0
                if not mask & _CONTINUES:
                    break
        return out

    @cached_property
    def _hash_table(self) -> HashIndex | None:
        """The entries' masks by 64-bit string hash (:func:`_string_hashes`), for :meth:`features_codes`; None
        where two entries share a hash, or one hashes to the empty-slot marker (then the dict scan is used)."""
        keys, packed_masks = self._keys_and_masks()
        hashes = _string_hashes(keys)
        masks = np.frombuffer(packed_masks, dtype=np.uint8)
        ordered = np.sort(hashes)
        if (ordered[1:] == ordered[:-1]).any():
            return None
        try:
            return HashIndex(hashes, masks, missing=0)
        except ValueError:
            return None

    def features_codes(self, codes: np.ndarray, seg_end: np.ndarray) -> np.ndarray:
        """:meth:`features` for many sequences at once: ``codes`` are their code points one after the other
        (``(N,)``), ``seg_end[k]`` the end (exclusive) of the sequence that holds position ``k``. Returns
        ``(N, N_LEX_FEATS)``.

        The same scan as :meth:`features`, one NumPy step per word length over every start position at once:
        the windows of length L that are entries continue to length L + 1 where the entry says a longer word
        does. Lookups are by 64-bit hash in a :class:`HashIndex` (the entries' hashes are checked to be distinct).

        >>> lexicon = Lexicon({"中国": 0b100, "中国科学院": 0b100, "合肥": 0b10})
        >>> codes = np.array([ord(c) for c in "在中国科学院合肥"])
        >>> seg_end = np.array([6] * 6 + [8] * 2)   # 在中国科学院 | 合肥
        >>> bool((lexicon.features_codes(codes, seg_end) ==
        ...       np.concatenate([lexicon.features(list("在中国科学院")), lexicon.features(list("合肥"))])).all())
        True
        """
        n = len(codes)
        out = np.zeros((n, N_LEX_FEATS), dtype=np.float32)
        table = self._hash_table
        if table is None:  # pragma: no cover - a hash collision among the entries: scan sequence by sequence
            start = 0
            while start < n:
                end = int(seg_end[start])
                out[start:end] = self.features([chr(c) for c in codes[start:end].tolist()])
                start = end
            return out
        if not self._size():
            return out
        step = codes.astype(np.uint64) + np.uint64(1)
        pos = np.flatnonzero(np.arange(n) + 2 <= seg_end)  # windows of two characters that fit
        hashed = step[pos] * _HASH_MUL
        found_pos, found_len, found_mask = [], [], []
        for length in range(2, self.max_len + 1):
            if not len(pos):
                break
            hashed = (hashed + step[pos + length - 1]) * _HASH_MUL
            mask = table.lookup(hashed)
            word = (mask & ~np.uint8(_CONTINUES)) != 0
            if word.any():
                found_pos.append(pos[word])
                found_len.append(np.full(int(word.sum()), length, dtype=np.int64))
                found_mask.append(mask[word] & ~np.uint8(_CONTINUES))
            going = ((mask & np.uint8(_CONTINUES)) != 0) & (pos + length < seg_end[pos])
            pos, hashed = pos[going], hashed[going]
        if not found_pos:
            return out
        starts, lengths = np.concatenate(found_pos), np.concatenate(found_len)
        bits = (np.concatenate(found_mask)[:, None] >> np.arange(len(LEX_GROUPS), dtype=np.uint8)) & 1
        word_at, group = np.nonzero(bits)
        first, size, col = starts[word_at], lengths[word_at], 3 * group
        out[first, col] = 1.0
        out[first + size - 1, col + 2] = 1.0
        inner = size - 2  # characters in the middle of each word
        mid = inner > 0
        if mid.any():
            counts = inner[mid]
            offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            out[np.repeat(first[mid] + 1, counts) + offsets, np.repeat(col[mid] + 1, counts)] = 1.0
        return out


class HashIndex:
    """Distinct integer keys (< 2**63 for int64 keys, any for uint64) and a value each, in an open-addressing
    table looked up for many queries at once: one random read per query where ``np.searchsorted`` over
    the sorted keys makes ~20 (the lexicon has ~485k words, looked up ~1.5 times per character of text).
    Slots are the top bits of ``key * _HASH_MUL``, collisions go to the next free slot (linear probing), the
    table is at most half full.

    >>> index = HashIndex(np.array([3, 10, 42], dtype=np.int64), np.array([7, 8, 9]), missing=-1)
    >>> index.lookup(np.array([42, 5, 3, 3], dtype=np.int64)).tolist()
    [9, -1, 7, 7]
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray, missing: int) -> None:
        self.missing = missing
        bits = max(4, int(2 * max(len(keys), 1) - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        size = 1 << bits
        self._mask = size - 1
        self._empty = keys.dtype.type(np.iinfo(keys.dtype).max)  # a key no entry has (checked)
        if len(keys) and (keys == self._empty).any():
            raise ValueError("HashIndex: a key equals the empty-slot marker")
        self._keys = np.full(size, self._empty, dtype=keys.dtype)
        self._values = np.full(size, missing, dtype=values.dtype)
        slot = self._slots(keys)
        todo = np.arange(len(keys))
        while len(todo):  # each round, one of the keys aiming at each free slot takes it; the others move on
            free = np.flatnonzero(self._keys[slot] == self._empty)
            aimed, contenders = slot[free], todo[free]
            # Where several keys are written to one slot, one of them stays (which one NumPy does not say, and
            # need not: the keys are distinct, so reading the slot back tells who won). No sort per round.
            self._keys[aimed] = keys[contenders]
            won = self._keys[aimed] == keys[contenders]
            self._values[aimed[won]] = values[contenders[won]]
            left = np.ones(len(todo), dtype=bool)
            left[free[won]] = False
            todo, slot = todo[left], (slot[left] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        mixed = keys.astype(np.uint64) * _HASH_MUL
        return (mixed >> self._shift).astype(np.int64)

    def lookup(self, queries: np.ndarray) -> np.ndarray:
        """The value of each query key (any shape), ``missing`` where it is not a key."""
        shape = queries.shape
        queries = queries.ravel()
        out = np.full(len(queries), self.missing, dtype=self._values.dtype)
        slot = self._slots(queries)
        pending = np.arange(len(queries))
        while len(pending):
            found = self._keys[slot]
            hit = found == queries[pending]
            out[pending[hit]] = self._values[slot[hit]]
            going = ~hit & (found != self._empty)
            pending, slot = pending[going], (slot[going] + 1) & self._mask
        return out.reshape(shape)


#: Multiplier of :func:`_string_hashes` (odd: multiplication modulo 2**64 is then a bijection).
_HASH_MUL = np.uint64(0x9E3779B97F4A7C15)


def _string_hashes(strings: Sequence[str]) -> np.ndarray:
    """A 64-bit hash per string: ``h = (h + code + 1) * _HASH_MUL`` over its code points, modulo 2**64 (the
    same fold :meth:`Lexicon.features_codes` runs over windows of text)."""
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    starts = np.cumsum(lengths) - lengths
    hashes = np.zeros(len(strings), dtype=np.uint64)
    for k in range(int(lengths.max(initial=0))):
        rows = np.flatnonzero(lengths > k)
        hashes[rows] = (hashes[rows] + codes[starts[rows] + k]) * _HASH_MUL
    return hashes


class Vocab:
    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)
        self.index = {s: i for i, s in enumerate(self.items)}
        self.unk = self.index[UNK]

    def ids(self, seq: Iterable[str]) -> np.ndarray:
        get, unk = self.index.get, self.unk
        return np.fromiter((get(s, unk) for s in seq), dtype=np.int64)


def char_bigram_ids(chars: Sequence[str], cvocab: Vocab, bvocab: Vocab) -> tuple[np.ndarray, np.ndarray]:
    """Character ids ``(n,)`` and bigram ids ``(n+1,)``; bigram k is chars[k-1]+chars[k] with BOS/EOS."""
    padded = [BOS, *chars, EOS]
    return cvocab.ids(chars), bvocab.ids(a + b for a, b in itertools.pairwise(padded))


_BOS_CODE, _EOS_CODE = 0x110000, 0x110001  # past the last Unicode code point


def _bigram_codes(item: str) -> tuple[int, int] | None:
    """A bigram vocabulary item as two codes (BOS/EOS as their own), None for anything else (<pad>, <unk>)."""
    if item.startswith(BOS):
        left, rest = _BOS_CODE, item[len(BOS) :]
    elif item:
        left, rest = ord(item[0]), item[1:]
    else:
        return None
    if rest == EOS:
        return left, _EOS_CODE
    return (left, ord(rest)) if len(rest) == 1 else None


class CharIds:
    """:func:`char_bigram_ids` vectorised for a string of single characters: a code-point table for the
    characters and a sorted key array for the bigrams replace two dictionary lookups per character.

    >>> cv, bv = Vocab([PAD, UNK, "中", "国"]), Vocab([PAD, UNK, BOS + "中", "中国", "国" + EOS])
    >>> cids, bids = CharIds(cv, bv)("中国人")
    >>> cids.tolist(), bids.tolist()
    ([2, 3, 1], [2, 3, 1, 1])
    """

    def __init__(self, cvocab: Vocab, bvocab: Vocab) -> None:
        self.char_table = np.full(_EOS_CODE + 1, cvocab.unk, dtype=np.int64)
        for i, item in enumerate(cvocab.items):
            if len(item) == 1:
                self.char_table[ord(item)] = i
        # Two-character items (nearly all) converted in one go; BOS/EOS items one by one.
        items = bvocab.items
        plain = [i for i, item in enumerate(items) if len(item) == 2]
        codes32 = np.frombuffer("".join(items[i] for i in plain).encode("utf-32-le"), dtype=np.uint32)
        pairs = codes32.astype(np.int64).reshape(-1, 2)
        keys: list[int] = (pairs[:, 0] << 21 | pairs[:, 1]).tolist()
        ids = plain
        for i, item in enumerate(items):
            codes = _bigram_codes(item) if len(item) != 2 else None
            if codes is not None:
                keys.append(codes[0] << 21 | codes[1])
                ids.append(i)
        self.bigram_unk = bvocab.unk
        # keys are below 2**42 (two 21-bit code points): the int64 maximum is free as the empty-slot marker
        self.bigrams = HashIndex(np.array(keys, dtype=np.int64), np.array(ids, dtype=np.int64), missing=bvocab.unk)

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        padded = np.empty(len(codes) + 2, dtype=np.int64)
        padded[0], padded[1:-1], padded[-1] = _BOS_CODE, codes, _EOS_CODE
        return self.char_table[codes], self.bigram_ids(padded[:-1] << 21 | padded[1:])

    def bigram_ids(self, keys: np.ndarray) -> np.ndarray:
        """The vocabulary id of each bigram key (left code << 21 | right code), the unknown id where none."""
        return self.bigrams.lookup(keys)


# --------------------------------------------------------------------------------------- numpy BiLSTM-CRF


def allowed_transitions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BIOES constraints as additive masks (0 allowed, -1e4 forbidden): transitions, start, end."""
    k = len(TAGS)
    trans = np.full((k, k), -1e4, dtype=np.float32)
    start = np.full(k, -1e4, dtype=np.float32)
    end = np.full(k, -1e4, dtype=np.float32)
    for j, tj in enumerate(TAGS):
        pj, _, yj = tj.partition("-")
        if pj in ("O", "B", "S"):
            start[j] = 0
        if pj in ("O", "E", "S"):
            end[j] = 0
        for i, ti in enumerate(TAGS):
            pi, _, yi = ti.partition("-")
            ok = pj in ("O", "B", "S") if pi in ("O", "E", "S") else pj in ("M", "E") and yi == yj
            if ok:
                trans[i, j] = 0
    return trans, start, end


_ALLOWED = allowed_transitions()
#: Rows the Viterbi decoder takes at once (several network batches).
_DECODE_ROWS = 512


def input_projection(p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A factorised input layer (``in.proj``, (r, in)) split by feature: the character table already projected
    ``(V, r)``, the left and right bigram maps ``(bigram_dim, r)``, the lexicon map from the 0/1 features
    ``(N_LEX_FEATS, r)`` and its bias ``(r,)``."""
    proj = p["in.proj"].astype(np.float32)
    cdim, bdim = p["emb.char"].shape[1], p["emb.bigram"].shape[1]
    lex_part = proj[:, cdim + 2 * bdim :]
    return (np.ascontiguousarray(p["emb.char"].astype(np.float32) @ proj[:, :cdim].T),
            np.ascontiguousarray(proj[:, cdim : cdim + bdim].T),
            np.ascontiguousarray(proj[:, cdim + bdim : cdim + 2 * bdim].T),
            np.ascontiguousarray(p["lex.w"].astype(np.float32).T @ lex_part.T),
            (p["lex.b"].astype(np.float32) @ lex_part.T).astype(np.float32))


def _stacked_input(
    projection: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`input_projection` as one lookup and one product: the character table with the lexicon bias folded in
    ``(V, r)``, and the left bigram, right bigram and lexicon maps stacked ``(2 bigram_dim + N_LEX_FEATS, r)``."""
    chars, left, right, lex_w, lex_b = projection
    return chars + lex_b, np.ascontiguousarray(np.concatenate([left, right, lex_w]))


def projected_input_bounds(
    p: dict[str, np.ndarray],
    projection: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per dimension of a factorised input, the largest |value| any character can give: the sums of each
    feature's largest contribution (any character, any bigram on either side, any lexicon features).
    ``projection``: :func:`input_projection` of ``p`` where the caller has it already."""
    chars, left, right, lex_w, lex_b = projection if projection is not None else input_projection(p)
    both = np.concatenate([left, right], axis=1)
    bigram_max = np.zeros(both.shape[1], dtype=np.float32)
    for start in range(0, len(p["emb.bigram"]), 8192):  # in slices: the whole product is ~100 MB at load time
        rows = p["emb.bigram"][start : start + 8192].astype(np.float32)
        np.maximum(bigram_max, np.abs(rows @ both).max(axis=0), out=bigram_max)
    width = left.shape[1]
    return np.asarray(np.abs(chars).max(axis=0) + bigram_max[:width] + bigram_max[width:]
                      + np.abs(lex_w).sum(axis=0) + np.abs(lex_b))


def balance_input_scale(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same network with each dimension j of a factorised input divided by ``t_j`` and the LSTM's input
    weights' column j multiplied by it, ``t_j = sqrt(bound_j / max|w_ih[:, j]|)`` (SmoothQuant's migration,
    Xiao et al., 2023). The 8-bit LSTM quantises its input and its weights with one scale each: a dimension
    whose values run 10x wider than another's would otherwise leave the narrow one a few steps of resolution.
    After it every dimension spans the same range in both. No-op without ``in.proj``.

    >>> rng = np.random.default_rng(0)
    >>> p = {"emb.char": rng.normal(size=(5, 2)), "emb.bigram": rng.normal(size=(4, 1)),
    ...      "lex.w": rng.normal(size=(1, N_LEX_FEATS)), "lex.b": rng.normal(size=1),
    ...      "in.proj": rng.normal(size=(3, 5)) * [[1], [10], [100]],
    ...      "lstm0.fw.w_ih": rng.normal(size=(8, 3)), "lstm0.bw.w_ih": rng.normal(size=(8, 3))}
    >>> q = balance_input_scale(p)
    >>> bool(np.allclose(q["lstm0.fw.w_ih"] @ q["in.proj"], p["lstm0.fw.w_ih"] @ p["in.proj"]))
    True
    >>> w = np.abs(np.concatenate([q["lstm0.fw.w_ih"], q["lstm0.bw.w_ih"]])).max(axis=0)
    >>> bool(np.allclose(projected_input_bounds(q) / w, 1.0))
    True
    """
    if "in.proj" not in p:
        return p
    w_max = np.maximum(np.abs(p["lstm0.fw.w_ih"]).max(axis=0), np.abs(p["lstm0.bw.w_ih"]).max(axis=0))
    t = np.sqrt(projected_input_bounds(p) / np.maximum(w_max, 1e-12))
    q = dict(p)
    q["in.proj"] = p["in.proj"] / t[:, None]
    for d in ("fw", "bw"):
        q[f"lstm0.{d}.w_ih"] = p[f"lstm0.{d}.w_ih"] * t[None, :]
    return q


class BiLstmCrf:
    """NumPy inference for the network trained by training/train_ner.py."""

    def __init__(self, params: dict[str, np.ndarray], cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.p = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
        self.layers = int(cfg.get("lstm_layers", 1))
        self._cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # -1: layer-0 char table
        c_trans, c_start, c_end = allowed_transitions()
        self.trans = self.p["crf.trans"] + c_trans
        self.start = self.p["crf.start"] + c_start
        self.end = self.p["crf.end"] + c_end
        self._session: Any = None  # ONNX Runtime session of lstm.onnx, when attached
        self._x_bound = 0.0
        self._stacked: tuple[np.ndarray, np.ndarray] | None = None  # see _stacked_projection

    def attach_onnx(self, model: str | Path | bytes, threads: int = 1) -> bool:
        """Run the BiLSTM and output layer through ONNX Runtime from now on (see :func:`lstm_onnx`).
        False, and NumPy stays in charge, where onnxruntime is not installed."""
        if ort is None:
            return False
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        source = model if isinstance(model, bytes) else str(model)
        self._session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
        # The largest |input| the network can see: embeddings, and the lexicon projection of 0/1 features.
        p = self.p
        if "in.proj" in p:
            projection = input_projection(p)
            self._x_bound = 1.01 * float(projected_input_bounds(p, projection).max())
            self._stacked = _stacked_input(projection)
        else:
            self._x_bound = 1.01 * float(max(np.abs(p["emb.char"]).max(), np.abs(p["emb.bigram"]).max(),
                                             (np.abs(p["lex.w"]).sum(axis=1) + np.abs(p["lex.b"])).max()))
        return True

    def _stacked_projection(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`_stacked_input` of the weights, computed once (the only form of them :meth:`emissions` keeps)."""
        if self._stacked is None:
            self._stacked = _stacked_input(input_projection(self.p))
        return self._stacked

    @property
    def backend(self) -> str:
        return "onnxruntime" if self._session is not None else "numpy"

    def _packed(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """Both directions' weights as ``(2, in+H, 4H)`` (input and recurrent stacked) and biases
        ``(2, 1, 4H)``, gates reordered to (i, f, o, g) and the sigmoid gates pre-scaled by 0.5 so
        that one tanh serves all gates: sigmoid(x) = 0.5 * tanh(x / 2) + 0.5."""
        cached = self._cache.get(layer)
        if cached is not None:
            return cached
        ws, bs = [], []
        for d in ("fw", "bw"):
            w_ih, w_hh, b = (self.p[f"lstm{layer}.{d}.{k}"] for k in ("w_ih", "w_hh", "b"))
            if layer == 0 and "in.proj" in self.p:  # a factorised input layer: NumPy multiplies it out once
                w_ih = w_ih @ self.p["in.proj"]
            hid = w_hh.shape[1]
            # gate order i, f, o, g (torch: i, f, g, o) so the three sigmoid gates are contiguous
            perm = np.r_[0 : 2 * hid, 3 * hid : 4 * hid, 2 * hid : 3 * hid]
            scale = np.full(4 * hid, 0.5, dtype=np.float32)
            scale[3 * hid :] = 1.0
            ws.append(np.concatenate([w_ih, w_hh], axis=1)[perm].T * scale)
            bs.append((b[perm] * scale)[None, :])
        packed = (np.ascontiguousarray(np.stack(ws)), np.stack(bs))
        self._cache[layer] = packed
        return packed

    def _char_table(self) -> tuple[np.ndarray, np.ndarray]:
        """Layer-0 input projection of every character embedding, bias folded in: ``(2, V, 4H)``; and the
        remaining input weights (bigrams + lexicon) ``(2, in - char_dim, 4H)``."""
        if -1 not in self._cache:
            w, b = self._packed(0)
            cdim = self.p["emb.char"].shape[1]
            in_dim = w.shape[1] - w.shape[2] // 4
            table = np.stack([self.p["emb.char"] @ w[d, :cdim] + b[d] for d in range(2)])
            self._cache[-1] = (table, np.ascontiguousarray(w[:, cdim:in_dim]))
        return self._cache[-1]

    def _bilstm(self, x: np.ndarray, lengths: np.ndarray, layer: int, cids: np.ndarray | None = None) -> np.ndarray:
        """Bidirectional LSTM over right-padded ``x`` (B, T, in) -> (B, T, 2H); both directions at once.

        With ``cids`` (layer 0), ``x`` lacks the character embeddings, whose projection is looked up instead."""
        w, b = self._packed(layer)
        bsz, tlen, in_dim = x.shape
        hid = w.shape[2] // 4
        t_idx = np.arange(tlen)[None, :]
        rev = np.where(t_idx < lengths[:, None], lengths[:, None] - 1 - t_idx, t_idx)  # per-sequence reversal
        x_rev = np.take_along_axis(x, rev[:, :, None], axis=1)
        if cids is None:
            w_in = w[:, :in_dim]
            # input projections for all steps as two large GEMMs: (2, B, T, 4H), bias included
            xp = np.stack(
                [(xd.reshape(-1, in_dim) @ w_in[d]).reshape(bsz, tlen, -1) for d, xd in enumerate((x, x_rev))]
            )
            xp += b[:, :, None, :]
        else:
            table, w_in = self._char_table()
            cids_rev = np.take_along_axis(cids, rev, axis=1)
            xp = np.stack(
                [
                    table[d][cd] + (xd.reshape(-1, in_dim) @ w_in[d]).reshape(bsz, tlen, -1)
                    for d, (cd, xd) in enumerate(((cids, x), (cids_rev, x_rev)))
                ]
            )
        w_hh = np.ascontiguousarray(w[:, w.shape[1] - hid :])
        h = np.zeros((2, bsz, hid), dtype=np.float32)
        c = np.zeros((2, bsz, hid), dtype=np.float32)
        out = np.empty((tlen, 2, bsz, hid), dtype=np.float32)
        for t in range(tlen):
            g = np.matmul(h, w_hh)
            g += xp[:, :, t]
            np.tanh(g, out=g)
            sig = g[:, :, : 3 * hid]
            sig += 1.0
            sig *= 0.5
            c *= g[:, :, hid : 2 * hid]
            c += g[:, :, :hid] * g[:, :, 3 * hid :]
            h = np.tanh(c)
            h *= g[:, :, 2 * hid : 3 * hid]
            out[t] = h
        fw = out[:, 0].transpose(1, 0, 2)
        bw = np.take_along_axis(out[:, 1].transpose(1, 0, 2), rev[:, :, None], axis=1)
        return np.concatenate([fw, bw], axis=-1)

    @staticmethod
    def _calibration_slot(lengths: np.ndarray, tlen: int) -> tuple[int, int, int, int]:
        """Where the 8-bit LSTM's calibration values go in an ONNX Runtime call: ``(steps, rows, step, row)``,
        the input's time steps and rows, and the slot. ONNX Runtime computes every row at every step, so a slot
        costs what it adds: a padded step of the shortest sequence (past its end, so no output reads it and its
        backward pass never reaches it) costs nothing; without padding, a step after the last (every row once)
        or a row of its own (one step long, yet computed at every step), whichever is fewer characters.

        >>> BiLstmCrf._calibration_slot(np.array([3, 5, 5]), 5)
        (5, 3, 4, 0)
        >>> BiLstmCrf._calibration_slot(np.array([5, 5, 5]), 5)  # three rows: a sixth step
        (6, 3, 5, 0)
        >>> BiLstmCrf._calibration_slot(np.array([2] * 10), 2)  # ten rows of two: a row of its own
        (2, 11, 0, 10)
        """
        bsz = len(lengths)
        shortest = int(lengths.argmin())
        if lengths[shortest] < tlen:
            return tlen, bsz, tlen - 1, shortest
        if bsz <= tlen:
            return tlen + 1, bsz, tlen, 0
        return tlen, bsz + 1, 0, bsz

    def emissions(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        p = self.p
        if self._session is not None:
            # Time-major input (T, B, in), ORT's LSTM layout, filled in place: characters, left and right
            # bigrams, lexicon projection. Sequence lengths keep the backward pass per sequence.
            bsz, tlen = cids.shape
            bids_t = bids.T
            steps, rows, step, row = self._calibration_slot(lengths, tlen)
            if "in.proj" in p:  # factorised input: the features arrive already projected to the LSTM's width
                chars, stacked = self._stacked_projection()
                x = np.empty((steps, rows, chars.shape[1]), dtype=np.float32)
                xb = x[:tlen, :bsz]
                np.take(chars, cids.T, axis=0, out=xb)
                # both bigrams and the lexicon features side by side, projected in one product (not three)
                bdim = p["emb.bigram"].shape[1]
                feats = np.empty((tlen, bsz, stacked.shape[0]), dtype=np.float32)
                np.take(p["emb.bigram"], bids_t[:-1], axis=0, out=feats[:, :, :bdim])
                np.take(p["emb.bigram"], bids_t[1:], axis=0, out=feats[:, :, bdim : 2 * bdim])
                feats[:, :, 2 * bdim :] = lex.transpose(1, 0, 2)
                xb += (feats.reshape(-1, stacked.shape[0]) @ stacked).reshape(tlen, bsz, -1)
            else:
                cdim, bdim = p["emb.char"].shape[1], p["emb.bigram"].shape[1]
                x = np.empty((steps, rows, cdim + 2 * bdim + p["lex.w"].shape[0]), dtype=np.float32)
                x[:tlen, :bsz, :cdim] = p["emb.char"][cids.T]
                x[:tlen, :bsz, cdim : cdim + bdim] = p["emb.bigram"][bids_t[:-1]]
                x[:tlen, :bsz, cdim + bdim : cdim + 2 * bdim] = p["emb.bigram"][bids_t[1:]]
                x[:tlen, :bsz, cdim + 2 * bdim :] = lex.transpose(1, 0, 2) @ p["lex.w"].T + p["lex.b"]
            # An 8-bit LSTM quantises its input with one scale per call, from the batch's min and max: the
            # calibration values +-bound pin that scale, so a sentence is tagged the same whatever shares its
            # batch (a document extracted alone in a rebuild, or with others in a full build). They go where
            # no output reads them (:meth:`_calibration_slot`).
            x[tlen:] = 0.0
            x[:, bsz:] = 0.0
            x[step, row, :2] = self._x_bound, -self._x_bound
            ort_lengths = lengths.astype(np.int32)
            if rows > bsz:  # a row of its own, one step long
                ort_lengths = np.append(ort_lengths, np.int32(1))
            (em,) = self._session.run(None, {"x": x, "lengths": ort_lengths})
            return np.ascontiguousarray(em[:tlen, :bsz].transpose(1, 0, 2))
        bl = p["emb.bigram"][bids[:, :-1]]
        br = p["emb.bigram"][bids[:, 1:]]
        x = np.concatenate([bl, br, lex @ p["lex.w"].T + p["lex.b"]], axis=-1)  # char part: see _char_table
        for layer in range(self.layers):
            x = self._bilstm(x, lengths, layer, cids if layer == 0 else None)
        if "hid.w" in p:
            x = np.tanh(x @ p["hid.w"].T + p["hid.b"])
        return x @ p["out.w"].T + p["out.b"]

    def viterbi(self, em: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
        """The best tag path of each sequence in the batch (BIOES constraints in the transition scores)."""
        paths = self.viterbi_paths(em, lengths)
        return [paths[b, : int(lengths[b])].tolist() for b in range(len(lengths))]

    def viterbi_paths(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """:meth:`viterbi` as a ``(B, T)`` tag-index array (0 past each sequence's end)."""
        bsz, tlen, _k = em.shape
        # Tags-major layout (T, K, B): each step's max over the previous tag is then an elementwise maximum of
        # K contiguous (K, B) slices, several times cheaper than a max/argmax over a small inner axis. Only
        # the scores are kept going forward; the backtrack recomputes the one back-pointer each row needs.
        em_t = np.ascontiguousarray(em.transpose(1, 2, 0))
        alphas = np.empty((tlen, _k, bsz), dtype=np.float32)
        alphas[0] = self.start[:, None] + em_t[0]
        trans = self.trans[:, :, None]  # (from, to, 1)
        for t in range(1, tlen):
            new = (alphas[t - 1][:, None, :] + trans).max(axis=0)
            new += em_t[t]
            alphas[t] = np.where((t < lengths)[None, :], new, alphas[t - 1])
        # Backtrack the whole batch at once: one NumPy step per position, not one Python step per character.
        current = (alphas[-1] + self.end[:, None]).argmax(axis=0)
        paths = np.zeros((bsz, tlen), dtype=np.intp)
        trans_to = np.ascontiguousarray(self.trans.T)  # (to, from)
        for t in range(tlen - 1, 0, -1):
            inside = t < lengths  # rows whose sequence reaches position t
            paths[inside, t] = current[inside]
            back = (alphas[t - 1].T + trans_to[current]).argmax(axis=1)
            current = np.where(inside, back, current)
        paths[:, 0] = current
        return paths


def path_spans(paths: np.ndarray, lengths: np.ndarray) -> list[list[tuple[int, int, str]]]:
    """:func:`bioes_spans` of each row of a ``(B, T)`` tag-index array, decoded with NumPy where every path
    is valid BIOES (what the constrained Viterbi returns); any other row is read by :func:`bioes_spans`.

    >>> tag = {t: k for k, t in enumerate(TAGS)}
    >>> paths = np.array([[tag["B-ORG"], tag["E-ORG"], tag["O"], tag["S-PER"]], [tag["S-LOC"], 0, 0, 0]])
    >>> path_spans(paths, np.array([4, 1]))
    [[(0, 2, 'ORG'), (3, 4, 'PER')], [(0, 1, 'LOC')]]
    """
    bsz, tlen = paths.shape
    inside = np.arange(tlen)[None, :] < lengths[:, None]
    tagged = inside & (paths > 0)
    prefix = (paths - 1) % 4  # B M E S
    trans, start, end = _ALLOWED
    valid = (start[paths[:, 0]] == 0) & (end[paths[np.arange(bsz), np.maximum(lengths - 1, 0)]] == 0)
    steps = trans[paths[:, :-1], paths[:, 1:]] == 0
    valid &= (steps | ~inside[:, 1:]).all(axis=1)
    out: list[list[tuple[int, int, str]]] = [[] for _ in range(bsz)]
    for r in np.flatnonzero(~valid).tolist():
        out[r] = bioes_spans([TAGS[k] for k in paths[r, : int(lengths[r])].tolist()])
    keep = tagged & valid[:, None]
    begin_rows, begins = np.nonzero(keep & ((prefix == 0) | (prefix == 3)))
    ends = np.nonzero(keep & ((prefix == 2) | (prefix == 3)))[1]
    kinds = (paths[begin_rows, begins] - 1) // 4
    for r, b, e, k in zip(begin_rows.tolist(), begins.tolist(), ends.tolist(), kinds.tolist(), strict=True):
        out[r].append((b, e + 1, TYPES[k]))
    return out


def lstm_onnx(params: dict[str, np.ndarray], cfg: dict[str, Any], *, int8: bool = False) -> bytes:
    """The network after the input features as an ONNX model: ``x`` (T, B, in) float32 and ``lengths`` (B,)
    int32 -> ``emissions`` (T, B, tags). Weights are stored as float16 (cast to float32 when ORT loads the
    model), like ``weights.npz``; with ``int8``, the LSTM weights are quantised to 8 bits instead
    (ONNX Runtime's dynamic quantisation of the LSTM: faster, emissions within about 1 %). Needs ``onnx``,
    which only saving a model requires."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        if value.dtype == np.float32 and not int8:  # stored half size, cast back once when the session is built
            inits.append(numpy_helper.from_array(value.astype(np.float16), name + "_f16"))
            nodes.append(helper.make_node("Cast", [name + "_f16"], [name], to=TensorProto.FLOAT))
        else:
            inits.append(numpy_helper.from_array(value, name))
        return name

    x = "x"
    # torch gate order (i, f, g, o) -> ONNX (i, o, f, c)
    for layer in range(int(cfg.get("lstm_layers", 1))):
        ws, rs, bs = [], [], []
        for d in ("fw", "bw"):
            w_ih, w_hh, b = (params[f"lstm{layer}.{d}.{k}"].astype(np.float32) for k in ("w_ih", "w_hh", "b"))
            hid = w_hh.shape[1]
            perm = np.r_[0:hid, 3 * hid : 4 * hid, hid : 2 * hid, 2 * hid : 3 * hid]
            ws.append(w_ih[perm])
            rs.append(w_hh[perm])
            bs.append(np.concatenate([b[perm], np.zeros(4 * hid, dtype=np.float32)]))
        hid = rs[0].shape[1]
        y = f"lstm{layer}_y"
        nodes.append(helper.make_node(
            "LSTM", [x, const(f"lstm{layer}_w", np.stack(ws)), const(f"lstm{layer}_r", np.stack(rs)),
                     const(f"lstm{layer}_b", np.stack(bs)), "lengths"], [y],
            direction="bidirectional", hidden_size=hid))
        nodes.append(helper.make_node("Transpose", [y], [y + "_t"], perm=[0, 2, 1, 3]))  # (T, B, 2, H)
        shape = const(f"lstm{layer}_shape", np.array([0, 0, -1], dtype=np.int64))
        nodes.append(helper.make_node("Reshape", [y + "_t", shape], [y + "_cat"]))  # (T, B, 2H)
        x = y + "_cat"
    if "hid.w" in params:
        nodes.append(helper.make_node("MatMul", [x, const("hid_w", params["hid.w"].astype(np.float32).T.copy())],
                                      ["hid_mm"]))
        nodes.append(helper.make_node("Add", ["hid_mm", const("hid_b", params["hid.b"].astype(np.float32))],
                                      ["hid_pre"]))
        nodes.append(helper.make_node("Tanh", ["hid_pre"], ["hid"]))
        x = "hid"
    nodes.append(helper.make_node("MatMul", [x, const("out_w", params["out.w"].astype(np.float32).T.copy())],
                                  ["out_mm"]))
    nodes.append(helper.make_node("Add", ["out_mm", const("out_b", params["out.b"].astype(np.float32))],
                                  ["emissions"]))
    in_dim = params["lstm0.fw.w_ih"].shape[1]
    graph = helper.make_graph(
        nodes, "kg_char_ner",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", "B", in_dim]),
         helper.make_tensor_value_info("lengths", TensorProto.INT32, ["B"])],
        [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, ["T", "B", len(TAGS)])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="kg")
    model.ir_version = 8  # readable by every onnxruntime >= 1.10
    onnx.checker.check_model(model)
    if not int8:
        return bytes(model.SerializeToString())
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "float.onnx", Path(tmp) / "int8.onnx"
        source.write_bytes(model.SerializeToString())
        # The LSTM only: a quantised output MatMul would quantise the LSTM's outputs per batch, so a sentence's
        # tags would depend on its batch; the output layer is a sliver of the time.
        quantize_dynamic(source, target, weight_type=QuantType.QInt8, op_types_to_quantize=["LSTM"])
        return target.read_bytes()


# ----------------------------------------------------------------------------------------- spaCy component

_BLAS_CONTROLLER: Any = None


def _blas_threads(n: int) -> contextlib.AbstractContextManager[Any]:
    """Limit BLAS threads to ``n`` inside the block (no-op for n <= 0 or without threadpoolctl)."""
    global _BLAS_CONTROLLER
    if n <= 0 or ThreadpoolController is None:
        return contextlib.nullcontext()
    if _BLAS_CONTROLLER is None:
        _BLAS_CONTROLLER = ThreadpoolController()
    return _BLAS_CONTROLLER.limit(limits=n, user_api="blas")


def _segments(n: int, texts: Sequence[str]) -> list[tuple[int, int]]:
    """Split a token sequence into sentence-like chunks of at most MAX_SEGMENT tokens."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(texts):
        if (_SENT_END.fullmatch(t) and i + 1 - start >= 1) or i + 1 - start >= MAX_SEGMENT:
            out.append((start, i + 1))
            start = i + 1
    if start < n:
        out.append((start, n))
    return out


def _text_segments(text: str) -> list[tuple[int, int]]:
    """:func:`_segments` of a one-token-per-character text, found by a regex search instead of a test per
    character.

    >>> _text_segments("一。二三！") == _segments(5, list("一。二三！"))
    True
    """
    out: list[tuple[int, int]] = []
    start = 0
    for match in _SENT_END.finditer(text):
        stop = match.end()
        while stop - start > MAX_SEGMENT:
            out.append((start, start + MAX_SEGMENT))
            start += MAX_SEGMENT
        out.append((start, stop))
        start = stop
    n = len(text)
    while n - start > MAX_SEGMENT:
        out.append((start, start + MAX_SEGMENT))
        start += MAX_SEGMENT
    if start < n:
        out.append((start, n))
    return out


class _Features:
    """The NER's inputs for a list of sequences, flat (one row per character, sequence after sequence), and
    :meth:`batch` to lay any of the sequences out as a right-padded network batch."""

    def __init__(self, lengths: np.ndarray, starts: np.ndarray, char_ids: np.ndarray, bigrams_in: np.ndarray,
                 bigrams_last: np.ndarray, lex: np.ndarray, whole: dict[int, tuple[np.ndarray, np.ndarray]]) -> None:
        self.lengths, self.starts = lengths, starts
        self.char_ids = char_ids  # (N,)
        self.bigrams_in = bigrams_in  # (N,): the bigram ending at each character (its left neighbour + it)
        self.bigrams_last = bigrams_last  # (n_seqs,): each sequence's last character + EOS
        self.lex = lex  # (N, N_LEX_FEATS)
        self.whole = whole  # sequence -> (char ids, bigram ids) where a token is several characters

    def batch(self, seq_index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Character ids ``(B, T)``, bigram ids ``(B, T + 1)``, lexicon features ``(B, T, N_LEX_FEATS)``
        (zeros in the padding) and lengths of the sequences ``seq_index``."""
        lengths = self.lengths[seq_index]
        bsz, tlen = len(seq_index), int(lengths.max())
        total = int(lengths.sum())
        rows = np.repeat(np.arange(bsz), lengths)
        cols = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        source = np.repeat(self.starts[seq_index], lengths) + cols
        cids = np.zeros((bsz, tlen), dtype=np.int64)
        cids[rows, cols] = self.char_ids[source]
        bids = np.zeros((bsz, tlen + 1), dtype=np.int64)
        bids[rows, cols] = self.bigrams_in[source]
        bids[np.arange(bsz), lengths] = self.bigrams_last[seq_index]
        lex = np.zeros((bsz, tlen, self.lex.shape[1]), dtype=np.float32)
        lex[rows, cols] = self.lex[source]
        if self.whole:
            for r, k in enumerate(seq_index.tolist()):
                if k in self.whole:
                    c, bg = self.whole[k]
                    cids[r, : len(c)] = c
                    bids[r, : len(bg)] = bg
        return cids, bids, lex, lengths


#: Padded characters per network batch (:func:`network_batches`): ~27 MB of ONNX Runtime working memory.
BATCH_CHARS = 2048


#: A network batch takes sequences shorter than its longest while it has fewer rows than this: each ONNX Runtime call
#: costs about as much as six characters, so tiny batches of one length would cost more than their padding saves.
BATCH_MIN_ROWS = 8


def network_batches(lengths: np.ndarray, max_rows: int, max_chars: int,
                    min_rows: int = BATCH_MIN_ROWS) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of consecutive network batches over sequences sorted by length (shortest first): at
    most ``max_rows`` sequences, and at most ``max_chars`` padded characters (rows x the longest) unless one
    sequence alone is longer.

    ONNX Runtime's LSTM computes every row of a call at every step, whatever the sequence lengths, so a batch
    costs its rows x its longest sequence: padding is paid in full. A batch therefore holds sequences of one
    length, cut from the longest down, and takes a shorter one only while it has fewer than ``min_rows`` rows,
    or once where that one's padding costs less than a place of its own for the 8-bit LSTM's calibration values
    (:meth:`BiLstmCrf.emissions` puts them in a padded step for free; without padding they cost an extra step
    or row). On the 1 MB benchmark corpus ONNX Runtime now computes 0.7 % more characters than the sentences
    hold (padding and calibration), against 7.0 % when batches were filled from the shortest up, in twice as
    many calls (481 against 234; a call costs about as much as six characters).

    The LSTM's working memory in ONNX Runtime grows with a call's padded size (~13 kB a character, measured),
    and its arena keeps the largest it has served: a cap on characters bounds what a build holds whatever the
    corpus, instead of following the longest 64 sentences it happens to meet.

    >>> list(network_batches(np.array([5, 5, 5, 5, 5, 30, 40, 40]), max_rows=4, max_chars=80))
    [(0, 4), (4, 6), (6, 8)]
    >>> list(network_batches(np.array([100, 120]), max_rows=4, max_chars=80))
    [(0, 1), (1, 2)]
    >>> lengths = np.array([3] * 10 + [9] * 20 + [10] * 20)  # a length a batch, each with a shorter one's padding
    >>> list(network_batches(lengths, max_rows=64, max_chars=2048))
    [(0, 9), (9, 29), (29, 50)]
    """
    batches: list[tuple[int, int]] = []
    sizes = lengths.tolist()  # Python ints: the loop reads each one once or twice
    stop = len(sizes)
    while stop > 0:
        longest = sizes[stop - 1]
        cap = min(max_rows, max(1, max_chars // longest))
        start = stop - 1
        padded = False  # holds a shorter sequence, whose padding takes the calibration values
        while start > 0 and stop - start < cap:
            length, rows = sizes[start - 1], stop - start
            if length != longest and rows >= min_rows and (padded or longest - length >= min(rows + 1, longest)):
                break
            padded = padded or length < longest
            start -= 1
        batches.append((start, stop))
        stop = start
    yield from reversed(batches)


class CharNER:
    """spaCy pipeline component: BiLSTM-CRF NER over one-token-per-character docs."""

    def __init__(self, nlp: Language, name: str = "kg_char_ner", batch_size: int = 64, blas_threads: int = 1,
                 batch_chars: int = BATCH_CHARS) -> None:
        self.name = name
        self.batch_size = batch_size
        self.batch_chars = batch_chars
        self.blas_threads = blas_threads
        self.model: BiLstmCrf | None = None
        self.cvocab: Vocab | None = None
        self.bvocab: Vocab | None = None
        self.lexicon: Lexicon | None = None
        self.cfg: dict[str, Any] = {}
        self._ids: CharIds | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(MSRA_TO_LABEL[t] for t in TYPES)

    # -- serialisation
    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CharNER:
        path = Path(path)
        self.cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        self.cvocab = Vocab(vocab["chars"])
        self.bvocab = Vocab(vocab["bigrams"])
        with np.load(path / "weights.npz") as z:
            params = {k: z[k] for k in z.files}
        self.model = BiLstmCrf(params, self.cfg)
        if (path / "lstm.onnx").is_file():
            self.model.attach_onnx(path / "lstm.onnx", threads=max(1, self.blas_threads))
        # lexicon.gz since the prefixes are saved with the words; models saved before have lexicon.tsv.gz
        lexicon = path / "lexicon.gz"
        self.lexicon = Lexicon.load(lexicon if lexicon.is_file() else path / "lexicon.tsv.gz")
        self._ids = None
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model is None or self.cvocab is None or self.bvocab is None or self.lexicon is None:
            raise ValueError("kg_char_ner: nothing to save, the component has no weights")
        (path / "cfg.json").write_text(json.dumps(self.cfg, indent=2), encoding="utf-8")
        vocab = {"chars": self.cvocab.items, "bigrams": self.bvocab.items}
        (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        # the factorised input's dimensions balanced against the LSTM's weights for the 8-bit ONNX copy
        balanced = balance_input_scale(self.model.p)
        params = {k: v if k.startswith("crf.") else v.astype(np.float16) for k, v in balanced.items()}
        np.savez(path / "weights.npz", **params)  # type: ignore[arg-type]
        self.lexicon.save(path / "lexicon.gz")
        (path / "lexicon.tsv.gz").unlink(missing_ok=True)
        try:  # the ONNX Runtime copy of the BiLSTM; without the onnx package the model runs on NumPy
            onnx_bytes = lstm_onnx({k: v.astype(np.float32) for k, v in params.items()}, self.cfg,
                                   int8=bool(self.cfg.get("onnx_int8", False)))
        except ImportError:
            (path / "lstm.onnx").unlink(missing_ok=True)
        else:
            (path / "lstm.onnx").write_bytes(onnx_bytes)

    def set_weights(
        self,
        params: dict[str, np.ndarray],
        cfg: dict[str, Any],
        chars: list[str],
        bigrams: list[str],
        lexicon: Lexicon,
    ) -> None:
        self.cfg = cfg
        self.model = BiLstmCrf(params, cfg)
        self.cvocab, self.bvocab, self.lexicon = Vocab(chars), Vocab(bigrams), lexicon
        self._ids = None

    # -- prediction
    def predict_chars(self, seqs: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """Entity spans ``(start, end, MSRA type)`` for each character sequence."""
        assert self.model is not None and self.cvocab is not None and self.bvocab is not None
        assert self.lexicon is not None
        results: list[list[tuple[int, int, str]]] = [[] for _ in seqs]
        order = sorted((i for i in range(len(seqs)) if len(seqs[i])), key=lambda i: len(seqs[i]))
        # The network runs batch by batch; the Viterbi decoder, whose cost is NumPy calls per position rather
        # than arithmetic, runs over several batches at once (rows are decoded independently: same paths).
        pending: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        features = self._featurise([seqs[i] for i in order])
        for b0, b1 in network_batches(features.lengths, self.batch_size, self.batch_chars):
            cids, bids, lex, lengths = features.batch(np.arange(b0, b1))
            pending.append((order[b0:b1], self.model.emissions(cids, bids, lex, lengths), lengths))
            if sum(len(rows) for rows, _, _ in pending) >= _DECODE_ROWS or b1 == len(order):
                self._decode(pending, results)
                pending = []
        return results

    def _decode(self, pending: list[tuple[list[int], np.ndarray, np.ndarray]],
                results: list[list[tuple[int, int, str]]]) -> None:
        """Viterbi paths of several batches' emissions at once, stored as spans in ``results``."""
        assert self.model is not None
        rows = [i for idx, _, _ in pending for i in idx]
        tlen = max(em.shape[1] for _, em, _ in pending)
        em = np.zeros((len(rows), tlen, len(TAGS)), dtype=np.float32)
        at = 0
        for _, part, _ in pending:
            em[at : at + len(part), : part.shape[1]] = part
            at += len(part)
        lengths = np.concatenate([lengths for _, _, lengths in pending])
        for r, spans in enumerate(path_spans(self.model.viterbi_paths(em, lengths), lengths)):
            results[rows[r]] = spans

    def _batch_inputs(self, seqs: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Character ids ``(B, T)``, bigram ids ``(B, T + 1)``, lexicon features ``(B, T, N_LEX_FEATS)`` and
        lengths of a batch of non-empty sequences, computed for the whole batch at once."""
        return self._featurise(seqs).batch(np.arange(len(seqs)))

    def _featurise(self, seqs: Sequence[Sequence[str]]) -> _Features:
        """Every input feature of non-empty sequences, computed over all of them at once (:class:`_Features`):
        the lexicon scan and the id lookups then run on arrays of tens of thousands of characters, where their
        per-call cost no longer counts, instead of once per network batch."""
        assert self.lexicon is not None and self.cvocab is not None and self.bvocab is not None
        if self._ids is None:
            self._ids = CharIds(self.cvocab, self.bvocab)
        lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        texts: list[str] = []
        whole: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # rows with a multi-character token (a run of spaces)
        for r, seq in enumerate(seqs):
            text = "".join(seq)
            if len(text) != len(seq):  # such a token matches no word, and is looked up whole, as in training
                whole[r] = char_bigram_ids(seq, self.cvocab, self.bvocab)
                text = "".join(c if len(c) == 1 else "\x00" for c in seq)
            texts.append(text)
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        before = np.empty_like(codes)  # each character's left neighbour, BOS at a sequence's start
        before[1:] = codes[:-1]
        before[starts] = _BOS_CODE
        return _Features(
            lengths, starts, self._ids.char_table[codes],
            self._ids.bigram_ids(before << 21 | codes), self._ids.bigram_ids(codes[ends - 1] << 21 | _EOS_CODE),
            self.lexicon.features_codes(codes, np.repeat(ends, lengths)), whole)

    def _set_doc_ents(self, docs: Sequence[Doc]) -> None:
        seqs: list[Sequence[str]] = []  # a str where one token is one character
        where: list[tuple[int, int]] = []
        for d, doc in enumerate(docs):
            # one token per character (the char segmenter, no whitespace): take the characters directly
            text = doc.user_data.get("kg_text")  # kg's tokenizer keeps the text: no walk over the tokens
            if not isinstance(text, str):
                text = doc.text
            if len(text) == len(doc):
                for s, e in _text_segments(text):
                    seqs.append(text[s:e])
                    where.append((d, s))
                continue
            texts = [t.text for t in doc]
            for s, e in _segments(len(texts), texts):
                seqs.append(texts[s:e])
                where.append((d, s))
        with _blas_threads(self.blas_threads):
            found = self.predict_chars(seqs)
        per_doc: list[list[Span]] = [[] for _ in docs]
        for (d, off), spans in zip(where, found, strict=True):
            doc = docs[d]
            for s, e, t in spans:
                if doc[off + s].is_space or doc[off + e - 1].is_space:
                    continue
                per_doc[d].append(Span(doc, off + s, off + e, label=MSRA_TO_LABEL[t]))
        for doc, ents in zip(docs, per_doc, strict=True):
            doc.set_ents(ents, default="outside")

    def __call__(self, doc: Doc) -> Doc:
        self._set_doc_ents([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._set_doc_ents(batch)
                yield from batch
                batch = []
        if batch:
            self._set_doc_ents(batch)
            yield from batch


@Language.factory("kg_char_ner", default_config={"batch_size": 64, "blas_threads": 1, "batch_chars": BATCH_CHARS})
def make_char_ner(nlp: Language, name: str, batch_size: int, blas_threads: int, batch_chars: int) -> CharNER:
    """``batch_size``: character segments per network batch, and ``batch_chars``: padded characters per network
    batch (long segments go in fewer rows; see :func:`network_batches`); ``blas_threads``: BLAS threads while
    tagging (1 by default, 0 = leave NumPy's setting alone)."""
    return CharNER(nlp, name, batch_size=batch_size, blas_threads=blas_threads, batch_chars=batch_chars)


# ------------------------------------------------------------------------------------------ loading / eval


def load_ner(path: str | Path | None = None) -> Language | None:
    """The shipped NER pipeline (``spacy.blank("zh")`` char tokenizer + ``kg_char_ner``), or None."""
    import spacy

    model_dir = Path(path) if path is not None else DEFAULT_MODEL_DIR
    if not (model_dir / "config.cfg").is_file():
        return None
    return spacy.load(model_dir)


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f}


def score_spans(
    gold: Sequence[Iterable[tuple[int, int, str]]], pred: Sequence[Iterable[tuple[int, int, str]]]
) -> dict[str, Any]:
    """Entity-level exact-match P/R/F overall and per MSRA type (PER / LOC / ORG)."""
    tp: dict[str, int] = dict.fromkeys(TYPES, 0)
    ng: dict[str, int] = dict.fromkeys(TYPES, 0)
    npr: dict[str, int] = dict.fromkeys(TYPES, 0)
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        for _, _, t in gs:
            ng[t] = ng.get(t, 0) + 1
        for _, _, t in ps:
            npr[t] = npr.get(t, 0) + 1
        for _, _, t in gs & ps:
            tp[t] = tp.get(t, 0) + 1
    res: dict[str, Any] = _prf(sum(tp.values()), sum(npr.values()), sum(ng.values()))
    for t in TYPES:
        res[t] = _prf(tp[t], npr[t], ng[t])
    return res


def _gold_type(t: str) -> str:
    t = t.upper()
    if t in ("PER", "PERSON", "NR"):
        return "PER"
    if t in ("LOC", "NS", "GPE"):
        return "LOC"
    if t in ("ORG", "NT"):
        return "ORG"
    return t


def evaluate_msra(path: str | Path, nlp: Language | None = None) -> dict[str, Any]:
    """Score the NER (default: the shipped one) on a character-tagged MSRA-format file.

    Returns ``{"f", "p", "r", "PER": {"p", "r", "f"}, "LOC": {...}, "ORG": {...}, "n_sents", "chars_per_s"}``
    with entity-level exact-match scores.
    """
    import time

    if nlp is None:
        nlp = load_ner()
        if nlp is None:
            raise FileNotFoundError(f"no NER model at {DEFAULT_MODEL_DIR}")
    sents = read_msra(path)
    gold = [[(s, e, _gold_type(t)) for s, e, t in bioes_spans(tags)] for _, tags in sents]
    docs = [Doc(nlp.vocab, words=chars, spaces=[False] * len(chars)) for chars, _ in sents]
    t0 = time.perf_counter()
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    elapsed = time.perf_counter() - t0
    pred = [[(e.start, e.end, LABEL_TO_MSRA.get(e.label_, e.label_)) for e in doc.ents] for doc in docs]
    res = score_spans(gold, pred)
    res["n_sents"] = len(sents)
    res["chars_per_s"] = sum(len(c) for c, _ in sents) / elapsed if elapsed > 0 else 0.0
    return res
