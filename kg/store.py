"""The embedded SPARQL store (pyoxigraph) and :class:`KnowledgeGraph`, the Python face of a build.

A build directory (``OUTDIR``) holds ``graph.nq`` and ``graph.ttl`` (written by :func:`kg.graph.write_graph`)
and ``store/``, an Oxigraph database bulk-loaded from ``graph.nq``. :func:`build_store` loads into a temporary
directory next to ``store/`` and swaps it in by renaming, so a killed build leaves the previous store usable.

>>> import json, tempfile
>>> from pathlib import Path
>>> records = [json.loads(line) for line in Path("tests/data/records_small.jsonl").read_text().splitlines()]
>>> outdir = Path(tempfile.mkdtemp())
>>> summary = build_outputs(records, outdir)
>>> kg = load(outdir)
>>> kg.lookup("中科院").name
'中国科学院'
>>> kg.select("ASK { ?s ?p ?o }")
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pyoxigraph as ox
import rdflib

# The store's names on disk live with the build (kg.cache), which must not import this module: networkx and
# rdflib's SPARQL machinery would cost every build a quarter of a second for four names.
from kg.cache import STORE_BUILD_PREFIX as _BUILD_PREFIX
from kg.cache import STORE_DIRNAME
from kg.cache import STORE_OLD_PREFIX as _OLD_PREFIX
from kg.cache import clean_stale_stores as _clean_stale
from kg.graph import (
    CLASS_LABEL,
    ENTITY_BASE,
    LABEL_CLASS,
    PREFIXES,
    PROPERTY_RELATION,
    RELATION_PROPERTY,
    name_from_iri,
    normalise_name,
    write_graph,
)
from kg.network import PathStep, shortest_relation_path

#: The SPARQL prologue every query gets for free (kg:, id:, doc:, rdf:, rdfs:, skos:, schema:, prov:, …).
SPARQL_PREFIXES: dict[str, str] = dict(PREFIXES)

OutputFormat = Literal["table", "json", "csv", "tsv", "turtle"]
OUTPUT_FORMATS: tuple[str, ...] = ("table", "json", "csv", "tsv", "turtle")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {f"{_XSD}{name}" for name in ("integer", "int", "long", "short", "nonNegativeInteger",
                                               "positiveInteger", "negativeInteger", "nonPositiveInteger")}


class StoreError(RuntimeError):
    """A build directory has no usable store (missing, or not an Oxigraph database)."""


class QueryError(ValueError):
    """A SPARQL query could not be parsed or evaluated."""


# ------------------------------------------------------------------------------------------------ build


def build_store(outdir: Path | str, nquads: Path | str | None = None) -> Path:
    """Bulk-load ``OUTDIR/graph.nq`` (or ``nquads``) into a fresh Oxigraph store at ``OUTDIR/store``.

    The store is built in ``OUTDIR/.store-build-*`` and then renamed into place; the old store is moved aside
    first and deleted last, so at every instant either the old or the new store is complete on disk.
    """
    outdir = Path(outdir)
    source = Path(nquads) if nquads is not None else outdir / "graph.nq"
    if not source.exists():
        raise FileNotFoundError(f"no N-Quads to load at {source}")
    _clean_stale(outdir)
    build_dir = Path(tempfile.mkdtemp(prefix=_BUILD_PREFIX, dir=outdir))
    try:
        store = ox.Store(str(build_dir))
        store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        store.flush()
        del store  # release the database before it is renamed
        final = outdir / STORE_DIRNAME
        old = outdir / f"{_OLD_PREFIX}{os.getpid()}-{time.time_ns()}"
        if final.exists():
            os.rename(final, old)
        os.rename(build_dir, final)
        shutil.rmtree(old, ignore_errors=True)
        _clean_stale(outdir)  # also any previous store an earlier killed swap left aside
        return final
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise


def build_outputs(records: Iterable[dict[str, Any]], outdir: Path | str, *,
                  validate_shapes: bool = False) -> dict[str, Any]:
    """Everything the graph layer writes for one build: ``graph.nq``, ``graph.ttl`` and ``store/``.

    Returns a summary dict (documents, entities, mentions, relations, dropped_relations, warnings, quads,
    triples, the paths, ``store``; with ``validate_shapes`` also ``conforms`` and ``shacl_report``).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    summary = write_graph(records, outdir)
    summary["store"] = str(build_store(outdir))
    if validate_shapes:
        from kg.graph import validate

        conforms, report = validate(outdir)
        summary.update({"conforms": conforms, "shacl_report": report})
    return summary


def _store_path(outdir: Path) -> Path:
    final = outdir / STORE_DIRNAME
    if final.is_dir():
        return final
    # A build killed between its two renames leaves only the previous store, moved aside: still usable.
    leftovers = sorted(outdir.glob(f"{_OLD_PREFIX}*"))
    if leftovers:
        return leftovers[-1]
    raise StoreError(f"no store in {outdir} (run `kg build` first)")


def load(outdir: Path | str, *, in_memory: bool = False) -> KnowledgeGraph:
    """Open a build directory's store read-only and return its :class:`KnowledgeGraph`.

    With ``in_memory=True`` the graph is copied into an in-memory Oxigraph store instead: opening takes
    longer (about 15 s per million quads), but queries that scan much of the graph (aggregates, GROUP BY over
    all facts) run several times faster than on the on-disk RocksDB store. Worth it for analysis sessions in
    notebooks; not for one query.

    Raises :class:`FileNotFoundError` when OUTDIR does not exist and :class:`StoreError` when it has no store.
    """
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise FileNotFoundError(f"no build directory at {outdir}")
    path = _store_path(outdir)
    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store at {path}: {error}") from error
    if in_memory:
        store = copy_to_memory(store, path, outdir / "graph.nq")
    return KnowledgeGraph(store, outdir)


def copy_to_memory(store: ox.Store, store_path: Path, nquads: Path) -> ox.Store:
    """An in-memory copy of ``store``. Oxigraph's N-Quads bulk loader is ~3x faster than re-inserting the
    store's own quads, so ``nquads`` (the file the store was loaded from) is read when it is not newer than
    the store; otherwise (a build killed between writing the file and swapping the store) the store is copied.
    """
    memory = ox.Store()
    try:
        from_file = nquads.is_file() and nquads.stat().st_mtime <= store_path.stat().st_mtime
    except OSError:
        from_file = False
    if from_file:
        memory.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    else:
        memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return memory


# ------------------------------------------------------------------------------------------------ results


def term_to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value: IRIs as ``str``, integers as ``int``, decimals as
    ``Decimal``, doubles as ``float``, booleans as ``bool``, other literals as their lexical ``str``.

    >>> term_to_python(ox.Literal("2030", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    2030
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype == f"{_XSD}decimal":
                return Decimal(term.value)
            if datatype in (f"{_XSD}double", f"{_XSD}float"):
                return float(term.value)
            if datatype == f"{_XSD}boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    return term.value


def shorten(iri: str) -> str:
    """A compact, readable form of an IRI for tables: prefixed names, entity/document names decoded.

    >>> shorten("https://w3id.org/cnpolicykg/id/%E4%B8%AD%E7%A7%91%E9%99%A2")
    'id:中科院'
    >>> shorten("https://w3id.org/cnpolicykg/ontology#partOf")
    'kg:partOf'
    """
    for prefix in ("id", "doc"):
        base = SPARQL_PREFIXES[prefix]
        if iri.startswith(base):
            return f"{prefix}:{name_from_iri(iri)}{_suffix_after_name(iri[len(base):])}"
    for prefix, namespace in SPARQL_PREFIXES.items():
        if iri.startswith(namespace) and prefix not in ("id", "doc"):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _suffix_after_name(local: str) -> str:
    return "" if "/" not in local else "/" + local.split("/", 1)[1]


@dataclass
class QueryResult:
    """A materialised SPARQL result: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # pyoxigraph terms or None (unbound)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of plain Python values (see :func:`term_to_python`); unbound variables are
        left out."""
        return [{var: term_to_python(term) for var, term in zip(self.variables, row, strict=True)
                 if term is not None} for row in self.rows]

    # -- formatting -------------------------------------------------------------------------------------

    def format(self, fmt: str = "table") -> str:
        """The result as text: ``table`` (plain aligned text; the CLI draws a rich table instead), ``json``
        (SPARQL 1.1 JSON results), ``csv``/``tsv`` (SPARQL 1.1 CSV/TSV results) or ``turtle`` (graph
        results only)."""
        if fmt == "json":
            return self.to_json()
        if fmt in ("csv", "tsv"):
            return self.to_csv() if fmt == "csv" else self.to_tsv()
        if fmt == "turtle":
            return self.to_turtle()
        if fmt == "table":
            return self.to_text_table()
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(OUTPUT_FORMATS)}")

    def _graph_as_rows(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        return ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in self.triples]

    def _tabular(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        if self.kind == "select":
            return self.variables, self.rows
        if self.kind == "ask":
            return ["boolean"], [(ox.Literal("true" if self.boolean else "false",
                                             datatype=ox.NamedNode(f"{_XSD}boolean")),)]
        return self._graph_as_rows()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (graph results as subject/predicate/object bindings)."""
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        variables, rows = self._tabular()
        bindings = [{var: sparql_json_term(term) for var, term in zip(variables, row, strict=True)
                     if term is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False)

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: lexical values only."""
        variables, rows = self._tabular()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if term is None else term.value for term in row])
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results: terms in N-Triples/Turtle syntax."""
        variables, rows = self._tabular()
        lines = ["\t".join(f"?{var}" for var in variables)]
        lines.extend("\t".join("" if term is None else _tsv_term(term) for term in row) for row in rows)
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        """Turtle for CONSTRUCT/DESCRIBE results (with the project's prefixes)."""
        if self.kind != "graph":
            raise QueryError("turtle output needs a CONSTRUCT or DESCRIBE query")
        data = ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=SPARQL_PREFIXES)
        return (data or b"").decode("utf-8")

    def table_cells(self) -> tuple[list[str], list[list[str]]]:
        """Header and cell strings for a human table: IRIs shortened (:func:`shorten`), literals as values."""
        variables, rows = self._tabular()
        return variables, [["" if term is None else _cell(term) for term in row] for row in rows]

    def to_text_table(self) -> str:
        """A plain-text table whose columns line up in a terminal: Chinese characters take two columns."""
        header, cells = self.table_cells()
        widths = [max([display_width(h), *(display_width(row[i]) for row in cells)]) for i, h in enumerate(header)]

        def pad(text: str, width: int) -> str:
            return text + " " * (width - display_width(text))

        lines = ["  ".join(pad(h, w) for h, w in zip(header, widths, strict=True))]
        lines.extend("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells)
        return "\n".join(lines) + "\n"


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide and full-width characters (CJK) count two.

    >>> display_width("中国科学院"), display_width("ORG")
    (10, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sparql_json_term(term: Any) -> dict[str, Any]:
    """One RDF term as the SPARQL 1.1 Query Results JSON format writes it (RDF-star triples nested)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != f"{_XSD}string":
            encoded["datatype"] = term.datatype.value
        return encoded
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": sparql_json_term(term.subject),
                                            "predicate": sparql_json_term(term.predicate),
                                            "object": sparql_json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _tsv_term(term: Any) -> str:
    if isinstance(term, ox.Literal) and term.datatype.value in _INTEGER_TYPES | {f"{_XSD}decimal"}:
        return term.value  # TSV allows Turtle's bare numbers
    return str(term)


def _cell(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value.replace("\n", "⏎")
    return str(term)


# ------------------------------------------------------------------------------------------------ views


@dataclass
class Fact:
    """One relation assertion seen from an entity: the other end, the direction, and its evidence."""

    assertion: str
    relation: str
    direction: Literal["out", "in"]
    other: str
    other_name: str
    other_type: str | None
    doc: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float

    def describe(self, name: str) -> str:
        arrow = f"-{self.relation}->" if self.direction == "out" else f"<-{self.relation}-"
        return f"{name} {arrow} {self.other_name}"


@dataclass
class Mention:
    """Where an entity was read: document, offsets into its text, the raw text, and the rule."""

    doc: str
    start: int
    end: int
    text: str
    rule: str


@dataclass
class EntityView:
    """Everything the graph says about one entity (what :meth:`KnowledgeGraph.lookup` returns)."""

    iri: str
    name: str
    type: str | None
    aliases: list[str]
    target_year: int | None
    quantity: str | None
    facts: list[Fact]
    mentions: list[Mention]

    @property
    def documents(self) -> list[str]:
        """Doc ids where the entity is mentioned or a fact about it was read, sorted."""
        return sorted({m.doc for m in self.mentions} | {f.doc for f in self.facts})

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "name": self.name, "type": self.type, "aliases": self.aliases,
                "target_year": self.target_year, "quantity": self.quantity, "documents": self.documents,
                "facts": [fact.__dict__ for fact in self.facts],
                "mentions": [mention.__dict__ for mention in self.mentions]}


# ------------------------------------------------------------------------------------------------ the graph


_ENTITIES_QUERY = """
SELECT ?e ?type ?label WHERE {
  ?e a ?type ; rdfs:label ?label .
  VALUES ?type { kg:Organization kg:Person kg:Place kg:Project kg:Goal kg:Policy }
}"""

_ATTRIBUTES_QUERY = """
SELECT ?e ?p ?v WHERE {
  VALUES ?p { skos:altLabel kg:targetYear kg:quantity }
  ?e ?p ?v .
}"""

_ENTITY_QUERY = """
SELECT ?label ?type ?alias ?year ?quantity WHERE {
  { <$ENTITY> rdfs:label ?label }
  UNION { <$ENTITY> a ?type . FILTER(STRSTARTS(STR(?type), STR(kg:))) }
  UNION { <$ENTITY> skos:altLabel ?alias }
  UNION { <$ENTITY> kg:targetYear ?year }
  UNION { <$ENTITY> kg:quantity ?quantity }
}"""

_FACTS_QUERY = """
SELECT ?a ?p ?dir ?other ?otherLabel ?otherType ?doc ?docId ?sentence ?start ?end ?rule ?conf WHERE {
  { ?a rdf:subject <$ENTITY> ; rdf:object ?other . BIND("out" AS ?dir) }
  UNION
  { ?a rdf:object <$ENTITY> ; rdf:subject ?other . BIND("in" AS ?dir) }
  # No `?a a kg:RelationAssertion` and no VALUES inside OPTIONAL: Oxigraph would start from every assertion
  # or every typed entity (seconds on a million triples instead of milliseconds).
  ?a rdf:predicate ?p ; prov:wasDerivedFrom ?doc ; kg:startOffset ?start ; kg:endOffset ?end .
  OPTIONAL { ?doc kg:docId ?docId }
  OPTIONAL { ?a kg:sentence ?sentence }
  OPTIONAL { ?a kg:rule ?rule }
  OPTIONAL { ?a kg:confidence ?conf }
  OPTIONAL { ?other rdfs:label ?otherLabel }
  OPTIONAL { ?other a ?otherType . FILTER(STRSTARTS(STR(?otherType), STR(kg:))) }
}"""

_ASSERTIONS_QUERY = """
SELECT ?a ?s ?p ?o ?doc ?docId ?sentence ?start ?end ?rule ?conf WHERE {
  ?a a kg:RelationAssertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?doc ; kg:startOffset ?start ; kg:endOffset ?end .
  OPTIONAL { ?doc kg:docId ?docId }
  OPTIONAL { ?a kg:sentence ?sentence }
  OPTIONAL { ?a kg:rule ?rule }
  OPTIONAL { ?a kg:confidence ?conf }
}"""


class KnowledgeGraph:
    """A built knowledge graph: SPARQL over the union of the per-document graphs, plus Python views.

    Get one with :func:`load` (an OUTDIR) or :meth:`from_records` (in memory, for tests and notebooks).
    """

    def __init__(self, store: ox.Store, outdir: Path | None = None) -> None:
        self.store = store
        self.outdir = outdir

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> KnowledgeGraph:
        """An in-memory graph from extraction records (nothing written to disk)."""
        from kg.graph import _nquad_line, records_to_quads

        store = ox.Store()
        text = "".join(_nquad_line(*quad) for quad in records_to_quads(records))
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        return cls(store, None)

    # -- SPARQL ---------------------------------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        """Run SELECT/ASK/CONSTRUCT/DESCRIBE over the union of all named graphs; the project's prefixes
        (kg:, id:, doc:, rdfs:, skos:, prov:, schema:, …) are predeclared.

        Raises :class:`QueryError` on a syntax or evaluation error.
        """
        try:
            result = self.store.query(sparql, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = [variable.value for variable in result.variables]
                rows = [tuple(solution[v] for v in variables) for solution in result]
                return QueryResult("select", variables=variables, rows=rows)
            return QueryResult("graph", triples=list(result))
        except (SyntaxError, ValueError, OSError) as error:
            message = str(error).strip()
            raise QueryError(" ".join(message.split()) if message else repr(error)) from error

    def select(self, sparql: str) -> list[dict[str, Any]] | bool | list[ox.Triple]:
        """Convenience: SELECT → list of dicts of Python values; ASK → bool; graph queries → triples."""
        result = self.query(sparql)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            return result.triples
        return result.records()

    # -- other views -----------------------------------------------------------------------------------

    def rdflib_graph(self, backend: Literal["auto", "oxrdflib", "rdflib"] = "auto") -> rdflib.Graph:
        """The merged graph as an :class:`rdflib.Graph` for rdflib-based code.

        ``oxrdflib`` (the default when installed; see benchmarks/SPARQL.md) gives rdflib's Graph API over
        an in-memory Oxigraph store, filled by Oxigraph's parser; ``rdflib`` uses rdflib's store and parser.
        Both are independent copies: changing them does not touch the build.
        """
        if backend == "auto":
            try:
                import oxrdflib  # noqa: F401  (only probing that the plugin is installed)

                backend = "oxrdflib"
            except ImportError:
                backend = "rdflib"
        graph = rdflib.Graph(store="Oxigraph") if backend == "oxrdflib" else rdflib.Graph()
        for prefix, namespace in SPARQL_PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        ttl_path = self.outdir / "graph.ttl" if self.outdir is not None else None
        if ttl_path is not None and ttl_path.exists():
            graph.parse(data=ttl_path.read_bytes(), format="ox-turtle" if backend == "oxrdflib" else "turtle")
        else:  # in-memory graph (from_records): serialise the union
            triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            graph.parse(data=data, format="ox-ntriples" if backend == "oxrdflib" else "nt")
        return graph

    @cached_property
    def _networkx(self) -> nx.MultiDiGraph:
        return self._build_networkx()

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph as a :class:`networkx.MultiDiGraph` (a fresh copy each call).

        Nodes are entity IRIs with ``label`` (canonical name), ``type`` (ORG/PERSON/LOC/PROJECT/GOAL/POLICY),
        ``aliases`` (list) and, for goals, ``target_year``/``quantity`` when known. Each relation assertion is
        one edge keyed by its IRI, with ``relation`` (snake_case), ``confidence``, ``rule``, ``doc`` (doc id),
        ``doc_iri``, ``sentence``, ``start`` and ``end``.
        """
        return self._networkx.copy()

    def _build_networkx(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        for row in self.query(_ENTITIES_QUERY).records():
            G.add_node(row["e"], label=row["label"], type=CLASS_LABEL.get(rdflib.URIRef(row["type"])),
                       aliases=[])
        for row in sorted(self.query(_ATTRIBUTES_QUERY).records(), key=lambda r: (r["e"], str(r["v"]))):
            if row["e"] not in G:
                continue
            attrs = G.nodes[row["e"]]
            if row["p"].endswith("altLabel"):
                attrs["aliases"].append(row["v"])
            elif row["p"].endswith("targetYear"):
                attrs["target_year"] = row["v"]
            else:
                attrs["quantity"] = row["v"]
        for row in self.query(_ASSERTIONS_QUERY).records():
            G.add_edge(row["s"], row["o"], key=row["a"],
                       relation=PROPERTY_RELATION.get(rdflib.URIRef(row["p"]), row["p"]),
                       confidence=float(row.get("conf", 1.0)), rule=row.get("rule", ""),
                       doc=row.get("docId") or name_from_iri(row["doc"]), doc_iri=row["doc"],
                       sentence=row.get("sentence", ""), start=row["start"], end=row["end"])
        return G

    # -- names ------------------------------------------------------------------------------------------

    def resolve(self, name: str) -> str | None:
        """The IRI of the entity called ``name``: canonical label first, then an alias (``skos:altLabel``),
        then the normaliser's abbreviation table (``kg/data/abbreviations.tsv``). None when unknown.

        Also accepts an entity IRI or ``id:NAME``.
        """
        text = name.strip()
        if text.startswith(ENTITY_BASE):
            # only a well-formed IRI goes into the query text
            if any(char in text for char in '<>"{}|^`\\ \t\n'):
                return None
            return text if self._is_entity(text) else None
        if text.startswith("id:"):
            text = text[3:]
        key = normalise_name(text)
        if not key:
            return None
        literal = json.dumps(key, ensure_ascii=False)
        for predicate in ("rdfs:label", "skos:altLabel"):
            rows = self.query(f"SELECT DISTINCT ?e WHERE {{ ?e {predicate} {literal}@zh }} ORDER BY ?e").rows
            if rows:
                return rows[0][0].value
        for candidate in _abbreviation_candidates(key):
            if candidate != key and (iri := self.resolve(candidate)):
                return iri
        return None

    def _is_entity(self, iri: str) -> bool:
        return bool(self.query(f"ASK {{ <{iri}> rdfs:label ?l }}").boolean)

    def suggest(self, name: str, limit: int = 10) -> list[str]:
        """Canonical names whose label or alias contains ``name`` (for 'did you mean' messages)."""
        key = json.dumps(normalise_name(name), ensure_ascii=False)
        rows = self.query(f"""SELECT DISTINCT ?label WHERE {{
            ?e rdfs:label ?label . OPTIONAL {{ ?e skos:altLabel ?alias }}
            FILTER(CONTAINS(STR(?label), {key}) || CONTAINS(STR(?alias), {key})
                   || CONTAINS({key}, STR(?label)))
        }} ORDER BY STRLEN(?label) ?label LIMIT {int(limit)}""").rows
        return [row[0].value for row in rows]

    def lookup(self, name: str) -> EntityView | None:
        """An entity by name or alias (中科院 finds 中国科学院), with its relations in both directions, the
        evidence sentence of each, and where it was mentioned. None when the name is unknown.

        Answered by three indexed SPARQL queries, so it stays fast on large builds (no networkx graph).
        """
        iri = self.resolve(name)
        if iri is None:
            return None
        attributes = self.query(_ENTITY_QUERY.replace("$ENTITY", iri)).records()
        label = next((row["label"] for row in attributes if "label" in row), name_from_iri(iri))
        types = [CLASS_LABEL.get(rdflib.URIRef(row["type"])) for row in attributes if "type" in row]
        entity_type = types[0] if types else None
        aliases = sorted({row["alias"] for row in attributes if "alias" in row})
        year = next((row["year"] for row in attributes if "year" in row), None)
        quantity = next((row["quantity"] for row in attributes if "quantity" in row), None)
        facts = [Fact(assertion=row["a"], relation=PROPERTY_RELATION.get(rdflib.URIRef(row["p"]), row["p"]),
                      direction="out" if row["dir"] == "out" else "in", other=row["other"],
                      other_name=row.get("otherLabel", name_from_iri(row["other"])),
                      other_type=CLASS_LABEL.get(rdflib.URIRef(row.get("otherType", ""))),
                      doc=row.get("docId") or name_from_iri(row["doc"]), sentence=row.get("sentence", ""),
                      start=row["start"], end=row["end"], rule=row.get("rule", ""),
                      confidence=float(row.get("conf", 1.0)))
                 for row in self.query(_FACTS_QUERY.replace("$ENTITY", iri)).records()]
        facts.sort(key=lambda f: (f.direction != "out", f.relation, f.other_name, f.doc, f.start))
        mention_rows = self.query(f"""SELECT ?docId ?doc ?start ?end ?text ?rule WHERE {{
            ?m kg:denotes <{iri}> ; prov:wasDerivedFrom ?doc ; kg:startOffset ?start ; kg:endOffset ?end ;
               kg:mentionText ?text ; kg:rule ?rule .
            OPTIONAL {{ ?doc kg:docId ?docId }}
        }} ORDER BY ?doc ?start""").records()
        mentions = [Mention(doc=row.get("docId") or name_from_iri(row["doc"]), start=row["start"],
                            end=row["end"], text=row["text"], rule=row["rule"]) for row in mention_rows]
        return EntityView(iri=iri, name=label, type=entity_type, aliases=aliases, target_year=year,
                          quantity=quantity, facts=facts, mentions=mentions)

    def path(self, a: str, b: str) -> list[PathStep] | None:
        """The shortest relation path between two entities named alias-aware, ignoring edge direction but
        reporting it (:class:`kg.network.PathStep`). None when there is no path.

        Raises :class:`KeyError` when a name does not resolve to an entity.
        """
        ends = []
        for name in (a, b):
            iri = self.resolve(name)
            if iri is None:
                raise KeyError(name)
            ends.append(iri)
        G = self._networkx
        for iri in ends:
            if iri not in G:
                G.add_node(iri)
        try:
            return shortest_relation_path(G, ends[0], ends[1])
        except nx.NetworkXNoPath:
            return None

    def name(self, iri: Any) -> str:
        """Canonical name of an entity IRI (falls back to decoding the IRI)."""
        node = self._networkx.nodes.get(iri) if iri in self._networkx else None
        return node.get("label") if node and node.get("label") else name_from_iri(str(iri))

    def stats(self) -> dict[str, int]:
        """Counts: quads, entities by type, relation assertions, documents."""
        counts: dict[str, int] = {"quads": len(self.store)}
        for label, cls in LABEL_CLASS.items():
            rows = self.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{cls}> }}").records()
            counts[label] = int(rows[0]["n"])
        for name, sparql in (("relations", "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:RelationAssertion }"),
                             ("documents", "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }")):
            counts[name] = int(self.query(sparql).records()[0]["n"])
        return counts


def _abbreviation_candidates(key: str) -> Iterator[str]:
    """Full names for ``key`` from the normaliser's abbreviation table (``kg/data/abbreviations.tsv``).

    Uses :func:`kg.lexicon.abbreviations` (columns: id, alias, canonical, label); a missing or unreadable
    table yields nothing, so lookups still work on builds made without it.
    """
    try:
        from kg.lexicon import abbreviations

        entry = abbreviations().get(key)
    except (ImportError, OSError, ValueError):
        return
    if entry is not None:
        yield entry.canonical


__all__ = [
    "OUTPUT_FORMATS",
    "RELATION_PROPERTY",
    "EntityView",
    "Fact",
    "KnowledgeGraph",
    "Mention",
    "QueryError",
    "QueryResult",
    "StoreError",
    "build_outputs",
    "build_store",
    "load",
    "shorten",
    "term_to_python",
]
