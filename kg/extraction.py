"""Documents → extraction records (the ``ANNOTATION.md`` JSON format plus provenance extras).

The way of the data: read (:mod:`kg.read`) → split into articles (:mod:`kg.split`) → clean with an offset
map (:mod:`kg.clean`) → the spaCy pipeline (:mod:`kg.pipeline`) on clean text → offsets mapped back to the raw
article text. See ``docs/RECORDS.md`` for the record layout.

>>> rec = extract_text("由国网电动汽车公司投资的国内首艘纯电池动力集装箱船开工。", doc_id="t", statistical_ner=False)
>>> [(e["text"], e["label"]) for e in rec["entities"]]
[('国网电动汽车公司', 'ORG'), ('国内首艘纯电池动力集装箱船', 'PROJECT')]
>>> [(r["head"], r["relation"], r["tail"]) for r in rec["relations"]]
[('国网电动汽车公司', 'invests_in', '国内首艘纯电池动力集装箱船')]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg.clean import clean
from kg.convert import matching_text
from kg.entities import entity_spans
from kg.normalise import goal_attributes
from kg.read import InputError, expand_inputs, read_text
from kg.split import Article, split_articles

Record = dict[str, Any]
ErrorHandler = Callable[[InputError], None]


def _print_error(err: InputError) -> None:
    print(f"kg: error: {err}", file=sys.stderr)


def iter_articles(paths: Iterable[str | Path], split: str = "auto",
                  on_error: ErrorHandler = _print_error) -> Iterator[Article]:
    """Articles of all inputs; an unreadable input is reported through ``on_error`` and skipped."""
    for _file, article in iter_file_articles(paths, split, on_error):
        yield article


def iter_file_articles(paths: Iterable[str | Path], split: str = "auto",
                       on_error: ErrorHandler = _print_error) -> Iterator[tuple[Path, Article]]:
    """:func:`iter_articles` with the file each article comes from (``Article.path`` is its printable name,
    which for a file name that is not UTF-8 is not the name on disk)."""
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            on_error(item)
            continue
        try:
            raw = read_text(item)
        except InputError as err:
            on_error(err)
            continue
        if not raw.strip():
            on_error(InputError(item, "is empty; skipped"))
            continue
        for article in split_articles(item.stem, raw, split, str(item)):
            yield item, article


def article_record(nlp: Language, article: Article) -> Record:
    """Run the pipeline on one article and return its record with raw offsets."""
    return records_from_docs(nlp, [article])[0]


def records_from_docs(nlp: Language, articles: list[Article], batch_size: int | None = None) -> list[Record]:
    """The records of ``articles``, run through ``nlp`` in batches of ``batch_size`` (default: all of them, one
    batch: the caller's list is already a batch, and the statistical NER makes its network batches of similar
    lengths from all the sentences it gets, so short documents in small batches waste its time on padding)."""
    cleaned = [clean(a.text) for a in articles]
    # Traditional Chinese is matched as simplified text of the same length: offsets and `text` stay raw.
    texts = (matching_text(c.text) for c in cleaned)
    out: list[Record] = []
    pipe_batch = batch_size or max(1, len(articles))
    for article, ct, doc in zip(articles, cleaned, nlp.pipe(texts, batch_size=pipe_batch), strict=True):
        out.append(_record(article, ct, doc))
        # The components keep Spans in the doc's extension attributes (`doc._.relations`, `doc._.kg_ents`): a
        # Span refers to its Doc, so the doc is in a reference cycle that only the cyclic collector frees, late
        # (~1 MB of token arrays each: a build's memory rose by ~8 MB a batch until a full collection). Its
        # record is made; dropping them frees it now.
        doc.user_data.clear()
    return out


def _record(article: Article, ct: Any, doc: Any) -> Record:
    raw = article.text
    entities = []
    for ent in entity_spans(doc):
        start, end = ct.raw_span(ent.start_char, ent.end_char)
        underscore = ent._  # one extension accessor for the three reads (each `ent._` makes a new one)
        entities.append({"start": start, "end": end, "label": ent.label_, "text": raw[start:end],
                         "canonical": underscore.canonical, "rule": underscore.rule,
                         "confidence": round(float(underscore.confidence or 0.8), 3)})
    relations = []
    for rel in sorted(doc._.relations or [], key=lambda r: (r.sent_start, r.relation, r.head, r.tail)):
        start, end = ct.raw_span(rel.sent_start, rel.sent_end)
        relations.append({"head": rel.head, "head_label": rel.head_label, "relation": rel.relation,
                          "tail": rel.tail, "tail_label": rel.tail_label, "confidence": rel.confidence,
                          "rule": rel.rule, "evidence": {"start": start, "end": end, "text": raw[start:end]}})
    goals: dict[str, dict[str, Any]] = {}
    for e in entities:
        if e["label"] == "GOAL" and e["canonical"] not in goals:
            attrs = goal_attributes(e["canonical"])
            if attrs:
                goals[e["canonical"]] = {"goal": e["canonical"], **attrs}
    return {"doc": article.doc_id, "title": article.title, "source": article.source, "path": article.path,
            "raw_start": article.raw_start, "text": raw, "entities": entities, "relations": relations,
            "goal_attributes": list(goals.values())}


def extract_text(text: str, doc_id: str = "text", nlp: Language | None = None,
                 statistical_ner: bool | None = None) -> Record:
    """Extract one record from a string (no splitting)."""
    from kg.pipeline import default_nlp

    return article_record(nlp or default_nlp(statistical_ner), Article(doc_id, text))


def extract_records(paths: Iterable[str | Path], split: str = "auto", nlp: Language | None = None,
                    on_error: ErrorHandler = _print_error, batch_size: int = 16,
                    statistical_ner: bool | None = None) -> Iterator[Record]:
    """Records of every article of ``paths``, streamed in batches of ``batch_size`` articles."""
    from kg.pipeline import default_nlp

    nlp = nlp or default_nlp(statistical_ner)
    batch: list[Article] = []
    for article in iter_articles(paths, split, on_error):
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _safe_batch(nlp, batch, on_error)
            batch = []
    if batch:
        yield from _safe_batch(nlp, batch, on_error)


def _safe_batch(nlp: Language, batch: list[Article], on_error: ErrorHandler) -> Iterator[Record]:
    try:
        yield from records_from_docs(nlp, batch)
    except Exception:  # an internal error: retry one by one so the failing document is named
        for article in batch:
            try:
                yield article_record(nlp, article)
            except Exception as err:
                on_error(InputError(article.doc_id, f"internal error while extracting: {type(err).__name__}: {err}"))
