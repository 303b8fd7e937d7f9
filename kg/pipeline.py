"""Building the spaCy pipeline from ``kg/pipeline.cfg``: the statistical NER, then the rule components.

>>> nlp = build_nlp(statistical_ner=False)
>>> nlp.pipe_names
['kg_entity_rules', 'kg_normaliser', 'kg_relations', 'kg_sentences']
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

import kg.entities
import kg.normalise
import kg.relations  # noqa: F401  (registers the factories)
from kg.lexicon import DATA_DIR
from kg.tokenizer import CharTokenizer

PACKAGE_DIR = Path(__file__).parent
CONFIG_PATH = PACKAGE_DIR / "pipeline.cfg"
MODEL_DIR = Path(__file__).parent / "models" / "ner"


def load_statistical_ner(model_dir: Path = MODEL_DIR) -> Language | None:
    """The trained NER pipeline shipped in ``kg/models/ner``, or None when it is not there."""
    if not (model_dir / "config.cfg").exists():
        return None
    with contextlib.suppress(ImportError):
        import kg.ner  # noqa: F401  (custom components of the trained pipeline)
    return spacy.load(model_dir)


def build_nlp(config_path: Path = CONFIG_PATH, statistical_ner: bool | None = None,
              model_dir: Path = MODEL_DIR) -> Language:
    """The extraction pipeline: the trained NER when present (and wanted), then the configured components."""
    config = Config().from_disk(config_path)
    use_ner = config["pipeline"].get("statistical_ner", True) if statistical_ner is None else statistical_ner
    nlp = load_statistical_ner(model_dir) if use_ner else None
    if nlp is None:
        nlp = spacy.blank("zh")
    # Same tokens as spaCy's char segmenter (the NER was trained on those), in linear time.
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    # spaCy's 1M-character guard is for its parser and NER models; ours tag sentence by sentence and the
    # rules are linear, so a long single-line document is fine (3 MB: seconds, see tests/test_robustness.py).
    nlp.max_length = 50_000_000
    for name in config["pipeline"]["components"]:
        nlp.add_pipe(name, config=dict(config["components"].get(name, {})))
    return nlp


@cache
def default_nlp(statistical_ner: bool | None = None) -> Language:
    return build_nlp(statistical_ner=statistical_ner)


def release_default_nlp() -> None:
    """Drop the pipelines :func:`default_nlp` keeps (with the NER, ~180 MB once it has run); the next call
    builds them again (~0.5-1 s).

    A build calls this when its extraction is over, so that the graph stage's corpus-wide tables do not stack
    on a pipeline nobody uses any more: the build's peak memory is then the extraction's.
    """
    default_nlp.cache_clear()
    gc.collect()  # a Language's parts refer to each other; a collection gives back ~10 MB more


#: Modules that turn extraction records into the graph (resolved records, named graphs, the build's files):
#: they decide :func:`graph_version`, not :func:`pipeline_version`, so changing them makes the graphs again
#: but keeps the build cache's extractions. (api and parallel also drive the extraction, but no part of a record
#: is made there: records come from kg.extraction and the components, whose modules count in the pipeline version.)
GRAPH_CODE = ("api.py", "cache.py", "graph.py", "parallel.py")
#: Modules that read built graphs or drive the others (CLI, store queries, exports, the server, evaluation,
#: format conversion): they change no cached result, so they count in neither version.
DOWNSTREAM_CODE = ("cli.py", "cli_core.py", "cli_export.py", "cli_graph.py", "cli_serve.py", "convert.py",
                   "evaluate.py", "export.py", "serve.py", "store.py")


def version_files(statistical_ner: bool | None = None) -> tuple[list[Path], list[Path]]:
    """The files hashed into :func:`pipeline_version` (extraction) and into :func:`graph_version` (graph)."""
    modules = sorted(PACKAGE_DIR.glob("*.py"))
    extraction = [*sorted(DATA_DIR.rglob("*")), CONFIG_PATH,
                  *(p for p in modules if p.name not in GRAPH_CODE and p.name not in DOWNSTREAM_CODE)]
    if statistical_ner is not False:  # every model file: a re-exported lstm.onnx changes the tags too (~25 ms)
        extraction += sorted(p for p in MODEL_DIR.rglob("*") if p.is_file())
    graph = [p for p in modules if p.name in GRAPH_CODE]
    return ([p for p in extraction if p.is_file() and "vendor" not in p.parts], graph)


def _hash_files(seed: str, files: list[Path]) -> str:
    h = hashlib.sha256(seed.encode())
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def pipeline_version(statistical_ner: bool | None = None) -> str:
    """A hash of everything that decides the extraction records: code version, config, rule data, model files
    and the code of every extraction stage (a changed rule engine changes the output as much as a changed rule).
    """
    from kg import __version__

    return _hash_files(__version__, version_files(statistical_ner)[0])


def graph_version(statistical_ner: bool | None = None) -> str:
    """:func:`pipeline_version` and the code that makes graphs of the records (:data:`GRAPH_CODE`)."""
    return _hash_files(pipeline_version(statistical_ner), version_files(statistical_ner)[1])
