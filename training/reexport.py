"""Re-save a trained kg NER pipeline, e.g. with the 8-bit ONNX BiLSTM, without retraining.

    python training/reexport.py training/output/ner training/output/ner-int8 --int8
    python training/reexport.py kg/models/ner /tmp/ner-float --float

Weights, vocabularies and lexicon are copied as they are (float16 stays float16); ``lstm.onnx`` is rebuilt
from them, float16-stored (``--float``) or quantised to 8 bits (``--int8``), and ``cfg.json`` records which.
Needs the training extras (``onnx``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ner import CharNER, load_ner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    precision = parser.add_mutually_exclusive_group(required=True)
    precision.add_argument("--int8", action="store_true")
    precision.add_argument("--float", action="store_true")
    args = parser.parse_args()
    nlp = load_ner(args.source)
    if nlp is None:
        raise SystemExit(f"no kg NER pipeline at {args.source}")
    component = nlp.get_pipe("kg_char_ner")
    assert isinstance(component, CharNER)
    component.cfg["onnx_int8"] = bool(args.int8)
    if args.target.exists():
        shutil.rmtree(args.target)
    nlp.to_disk(args.target)
    size = sum(f.stat().st_size for f in args.target.rglob("*") if f.is_file())
    print(f"{args.target}: {'int8' if args.int8 else 'float16'} BiLSTM, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
