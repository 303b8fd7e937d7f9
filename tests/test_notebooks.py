"""The notebooks in notebooks/ run top to bottom on the seed digest and find what they say they find.

Each notebook ends with a cell that asserts its findings and prints them as one JSON object; this module
executes the notebook with nbclient in a kernel running *this* interpreter (the project's venv) and checks
those findings again from the outside. Notebooks are committed without outputs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["explore", "organisation", "goals"]
TIMEOUT_S = 240  # per cell; a whole notebook takes 15-30 s on two busy cores


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``python3`` kernel spec for this interpreter, first on JUPYTER_PATH, so the notebooks import the kg
    this test imports, whatever kernel specs the user or the system has installed."""
    data_dir = tmp_path_factory.mktemp("jupyter")
    spec_dir = data_dir / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (kg test)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return data_dir


def run_notebook(name: str, kernel_env: Path, monkeypatch: pytest.MonkeyPatch,
                 env: dict[str, str] | None = None, parameters: str | None = None,
                 cwd: Path = NOTEBOOKS) -> tuple[Any, dict[str, Any]]:
    """Execute notebooks/NAME.ipynb in ``cwd`` (notebooks/, as Jupyter would) and return it with the JSON its
    last cell printed.

    ``parameters`` replaces the source of the cell tagged ``parameters`` (as papermill would)."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    if parameters is not None:
        [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        cell.source = parameters
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    last = [cell for cell in nb.cells if cell.cell_type == "code"][-1]
    text = "".join(out.get("text", "") for out in last.outputs
                   if out.output_type == "stream" and out.get("name") == "stdout")
    return nb, json.loads(text.strip().splitlines()[-1])


def outputs(nb: Any, output_type: str | None = None) -> list[Any]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
            if output_type is None or out.output_type == output_type]


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear outputs before committing"
    # the last code cell prints the findings this module checks
    assert "json.dumps(RESULT" in [c for c in nb.cells if c.cell_type == "code"][-1].source


def test_explore(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, result = run_notebook("explore", kernel_env, monkeypatch)
    assert result["python"] == sys.executable, "the notebook ran in another interpreter than the tests"
    assert not outputs(nb, "error")
    # alias-aware lookup: 中科院 is 中国科学院, an organisation with relations and evidence
    lookup = result["lookup"]
    assert (lookup["name"], lookup["type"]) == ("中国科学院", "ORG")
    assert "中科院" in lookup["aliases"]
    assert lookup["facts"] >= 3 and len(lookup["documents"]) >= 2
    assert result["offsets_ok"] is True
    # SPARQL: organisations pursue carbon neutrality or peaking, directly or through their projects — the
    # investor of the electric container ship among them
    assert "国网电动汽车公司" in result["carbon_organisations"]
    goals = {goal for _, goal in result["organisations_pursuing"]}
    assert goals & {"海洋强国", "18亿亩耕地红线", "乡村振兴"}  # 自然资源部's goals in the 2021 work conference
    # centrality: a non-empty ranking, sorted, led by government bodies and academies of the digest
    degree = result["degree_ranking"]
    assert degree and [s for _, s in degree] == sorted((s for _, s in degree), reverse=True)
    assert {"中国科学院", "科学技术部", "自然资源部"} & {name for name, _ in degree[:5]}
    assert result["pagerank_ranking"] and all(s > 0 for _, s in result["pagerank_ranking"])
    # path: the investor reaches 碳中和 through the ship it invests in
    assert result["path"][0].startswith("国网电动汽车公司 -invests_in-> ")
    assert result["path"][-1].endswith("碳中和")
    # the inline HTML view is there, embedded as an iframe
    html_outputs = [out for out in outputs(nb, "execute_result") if "<iframe" in out["data"].get("text/html", "")]
    assert html_outputs and result["html_bytes"] > 10_000
    # IPython's "Consider using IFrame" warning is not shown to the reader
    assert not any("IFrame" in out.get("text", "") for out in outputs(nb, "stream"))


def test_organisation(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, result = run_notebook("organisation", kernel_env, monkeypatch)
    assert result["python"] == sys.executable
    assert not outputs(nb, "error")
    assert (result["query"], result["name"], result["type"]) == ("中科院", "中国科学院", "ORG")
    assert "中科院" in result["aliases"] and result["mentions"] >= 2
    # relations with source sentences and offsets, from SPARQL, agreeing with lookup
    facts = result["facts"]
    assert len(facts) == result["lookup_facts"] >= 3
    assert result["offsets_ok"] is True
    assert all(0 <= start < end for *_, start, end in facts)
    assert "←" in {direction for direction, *_ in facts}
    # the hierarchy below it: its institutes, all found through kg:partOf
    assert result["units_below"] and all(("中国科学院" in unit or "中科院" in unit) for unit in result["units_below"])
    # what points at it: its units (partOf) and the academicians and officers of it (affiliatedWith), nothing else
    incoming = {relation for direction, relation, *_ in facts if direction == "←"}
    assert "partOf" in incoming and incoming <= {"partOf", "affiliatedWith"}
    # the drawing: the organisation and every related entity, in a real PNG in the notebook
    assert set(result["neighbourhood"]) == {result["name"]} | {other for _, _, other, *_ in facts}
    assert result["figure_bytes"] > 10_000
    assert any("image/png" in out.get("data", {}) for out in outputs(nb, "display_data"))


def test_organisation_other_name_without_cjk_font(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name only the abbreviation table knows, no CJK font, run from the repository root: still resolved,
    still drawn, no glyph warnings."""
    nb, result = run_notebook("organisation", kernel_env, monkeypatch, env={"KG_CJK_FONT": "none"},
                              parameters='NAME = "工程院"\nRADIUS = 1', cwd=ROOT)
    assert not outputs(nb, "error")
    assert result["font"] is None
    assert (result["query"], result["name"], result["type"]) == ("工程院", "中国工程院", "ORG")
    assert result["facts"] and result["offsets_ok"] is True
    assert result["figure_bytes"] > 10_000
    assert not any("Glyph" in out.get("text", "") for out in outputs(nb, "stream"))


def test_goals(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb, result = run_notebook("goals", kernel_env, monkeypatch)
    assert result["python"] == sys.executable
    assert not outputs(nb, "error")
    # every goal of the graph is in the table, the carbon goals among them
    assert len(result["goals"]) == result["goal_count"] >= 5
    assert {"碳中和", "碳达峰"} <= set(result["goals"])
    # goals by target year: the dated carbon goals, 2030 and 2060, integers
    years = result["target_years"]
    assert {2030, 2060} & set(years.values()) and all(isinstance(y, int) for y in years.values())
    assert years.get("2030年前碳达峰") == 2030 and years.get("2060年前碳中和") == 2060
    assert result["due_by_2035"] == sorted(goal for goal, year in years.items() if year <= 2035)
    assert result["quantities"].get("18亿亩耕地红线") == "18亿亩"
    # organisations reach the carbon goals through the ship they invest in / lead
    assert ["国网电动汽车公司", "invests_in", "国内首艘纯电池动力集装箱船", "碳中和"] in result["through_projects"]
    # families join the dated and undated names and carry the year and every actor
    families = result["families"]
    assert families["碳达峰"]["goals"] == "2030年前碳达峰、碳达峰" and families["碳达峰"]["target years"] == "2030"
    assert families["碳中和"]["target years"] == "2060" and families["碳中和"]["actors"] >= 3
    # the chart is in the notebook
    assert result["figure_bytes"] > 5_000
    assert any("image/png" in out.get("data", {}) for out in outputs(nb, "display_data"))
