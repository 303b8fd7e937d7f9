"""Bounded load test of ``kg serve`` on loopback (see benchmarks/SERVE.md for figures).

Builds (once, cached) a store in the shape of the ontology — organisations investing in projects that pursue
goals, labelled in Chinese, one named graph per document — starts ``kg serve`` over it in a subprocess, and
sends a fixed number of queries from a fixed number of concurrent clients (keep-alive HTTP/1.1, stdlib only),
a mix of cheap lookups and aggregates. Then it repeats a shorter run while one more client sends a cartesian
product that only the server's timeout can stop, to show that the others are still served.

    nice -n 10 .venv/bin/python benchmarks/serve_load.py --organisations 100000

Exit status 1 if any query of the mix failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

KG = "https://w3id.org/cnpolicykg/ontology#"
RESOURCE = "https://w3id.org/cnpolicykg/resource/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

CARTESIAN_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class StoreShape:
    organisations: int

    @property
    def projects(self) -> int:
        return max(1, self.organisations // 4)

    @property
    def goals(self) -> int:
        return max(1, self.organisations // 200)

    @property
    def documents(self) -> int:
        return max(1, self.organisations // 20)


def generate_nquads(shape: StoreShape, seed: int = 7) -> bytes:
    """About 4.6 quads per organisation: label, type, one or two investments; projects and goals likewise."""
    randomness = random.Random(seed)
    lines: list[str] = []
    label, rdf_type = f"<{RDFS_LABEL}>", f"<{RDF_TYPE}>"
    invests_in, pursues = f"<{KG}investsIn>", f"<{KG}pursues>"
    for number in range(shape.organisations):
        graph = f"<{RESOURCE}doc/{number % shape.documents}>"
        organisation = f"<{RESOURCE}org/{number}>"
        lines.append(f'{organisation} {label} "机构{number}号"@zh {graph} .')
        lines.append(f"{organisation} {rdf_type} <{KG}Organization> {graph} .")
        for _ in range(randomness.choice((1, 1, 2))):
            project = f"<{RESOURCE}project/{randomness.randrange(shape.projects)}>"
            lines.append(f"{organisation} {invests_in} {project} {graph} .")
    for number in range(shape.projects):
        graph = f"<{RESOURCE}doc/{number % shape.documents}>"
        project = f"<{RESOURCE}project/{number}>"
        lines.append(f'{project} {label} "项目{number}号"@zh {graph} .')
        lines.append(f"{project} {rdf_type} <{KG}Project> {graph} .")
        lines.append(f"{project} {pursues} <{RESOURCE}goal/{randomness.randrange(shape.goals)}> {graph} .")
    for number in range(shape.goals):
        goal = f"<{RESOURCE}goal/{number}>"
        lines.append(f'{goal} {label} "目标{number}号"@zh <{RESOURCE}doc/goals> .')
        lines.append(f"{goal} {rdf_type} <{KG}Goal> <{RESOURCE}doc/goals> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_store(store_path: Path, shape: StoreShape) -> int:
    """Write the store unless it is already there; the number of quads in it."""
    import pyoxigraph as ox

    marker = store_path / "kg-serve-load-shape.json"
    if marker.is_file() and json.loads(marker.read_text()) == {"organisations": shape.organisations}:
        return len(ox.Store.read_only(str(store_path)))
    if store_path.exists():
        raise SystemExit(f"{store_path} exists and was not made by this script for this size; remove it")
    store = ox.Store(str(store_path))
    store.bulk_load(generate_nquads(shape), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    quads = len(store)
    del store
    marker.write_text(json.dumps({"organisations": shape.organisations}))
    return quads


# ---------------------------------------------------------------------------------------------------------
# The query mix
# ---------------------------------------------------------------------------------------------------------


def query_mix(shape: StoreShape, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """``count`` (kind, query) pairs: 85% cheap lookups, 15% aggregates, shuffled."""
    randomness = random.Random(seed)
    organisation = lambda: randomness.randrange(shape.organisations)  # noqa: E731
    project = lambda: randomness.randrange(shape.projects)  # noqa: E731
    goal = lambda: randomness.randrange(shape.goals)  # noqa: E731
    cheap = [
        ("label lookup", lambda: PREFIXES + "SELECT ?o WHERE { "
         f'?o rdfs:label "机构{organisation()}号"@zh }}'),
        ("investments of an org", lambda: PREFIXES + "SELECT ?project ?label WHERE { "
         f"<{RESOURCE}org/{organisation()}> kg:investsIn ?project . ?project rdfs:label ?label }}"),
        ("investors in a project", lambda: PREFIXES + "SELECT ?investor ?label WHERE { "
         f"?investor kg:investsIn <{RESOURCE}project/{project()}> . ?investor rdfs:label ?label }}"),
        ("org to goal path", lambda: PREFIXES + "SELECT ?goal WHERE { "
         f"<{RESOURCE}org/{organisation()}> kg:investsIn/kg:pursues ?g . ?g rdfs:label ?goal }}"),
        ("ask", lambda: PREFIXES + f"ASK {{ <{RESOURCE}org/{organisation()}> kg:investsIn ?p }}"),
    ]
    aggregates = [
        ("count investors per goal", lambda: PREFIXES + "SELECT (COUNT(DISTINCT ?o) AS ?investors) WHERE { "
         f"?o kg:investsIn ?p . ?p kg:pursues <{RESOURCE}goal/{goal()}> }}"),
        ("projects of a goal, top investors", lambda: PREFIXES + "SELECT ?p (COUNT(?o) AS ?n) WHERE { "
         f"?p kg:pursues <{RESOURCE}goal/{goal()}> . ?o kg:investsIn ?p }} "
         "GROUP BY ?p ORDER BY DESC(?n) LIMIT 10"),
        ("count by class", lambda: PREFIXES + "SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } "
         "GROUP BY ?class"),
    ]
    mix = []
    for _ in range(count):
        kind, make = randomness.choice(aggregates) if randomness.random() < 0.15 else randomness.choice(cheap)
        mix.append((kind, make()))
    return mix


# ---------------------------------------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str
    status: int
    seconds: float
    detail: str = ""


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)
    wall_seconds: float = 0.0

    def summary(self) -> dict[str, object]:
        latencies = sorted(outcome.seconds for outcome in self.outcomes)
        errors = [outcome for outcome in self.outcomes if outcome.status != 200]
        quantiles = ([0.0] * 99 if len(latencies) < 2
                     else statistics.quantiles(latencies, n=100, method="inclusive"))
        per_kind = {}
        for kind in sorted({outcome.kind for outcome in self.outcomes}):
            kind_latencies = [outcome.seconds for outcome in self.outcomes if outcome.kind == kind]
            per_kind[kind] = {"n": len(kind_latencies),
                              "p50_ms": round(1000 * statistics.median(kind_latencies), 1),
                              "max_ms": round(1000 * max(kind_latencies), 1)}
        return {
            "queries": len(self.outcomes),
            "errors": len(errors),
            "error_examples": [f"{error.status} {error.detail[:120]}" for error in errors[:5]],
            "wall_s": round(self.wall_seconds, 2),
            "throughput_qps": round(len(self.outcomes) / self.wall_seconds, 1) if self.wall_seconds else 0.0,
            "p50_ms": round(1000 * quantiles[49], 1),
            "p90_ms": round(1000 * quantiles[89], 1),
            "p99_ms": round(1000 * quantiles[98], 1),
            "max_ms": round(1000 * latencies[-1], 1) if latencies else 0.0,
            "per_kind": per_kind,
        }


# /sparql for kg serve, /query for `oxigraph serve-read-only` (both answer on /query, in fact).
ENDPOINT_PATH = "/query"


def send(connection: http.client.HTTPConnection, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    connection.request("POST", ENDPOINT_PATH, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def run_clients(port: int, mix: list[tuple[str, str]], clients: int,
                until: threading.Event | None = None) -> RunReport:
    """``clients`` threads, each with its own keep-alive connection, sending ``mix`` as fast as answered.

    Once through the mix; or, with ``until``, round and round the mix until that event is set.
    """
    report = RunReport()
    next_index = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal next_index
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if (next_index >= len(mix) and until is None) or (until is not None and until.is_set()):
                    break
                kind, query = mix[next_index % len(mix)]
                next_index += 1
            started = time.perf_counter()
            try:
                status, body = send(connection, query)
                detail = "" if status == 200 else body.decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as error:
                status, detail = 0, repr(error)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            outcome = Outcome(kind, status, time.perf_counter() - started, detail)
            with lock:
                report.outcomes.append(outcome)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.wall_seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------------------------
# Server process
# ---------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(server_kind: str, store_path: Path, port: int, timeout_s: float,
                 workers: int | None) -> subprocess.Popen[bytes]:
    """``kg serve`` (through its Python API: the rest of the CLI is not needed) or, to compare,
    ``oxigraph serve-read-only``, in a child process."""
    if server_kind == "oxigraph":
        command = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only",
                   "--location", str(store_path), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph", "--timeout-s", f"{timeout_s:g}"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    else:
        repository = Path(__file__).resolve().parent.parent
        worker_argument = f", workers={workers}" if workers else ""
        program = ("from pathlib import Path; from kg.serve import ServeConfig, build_server; "
                   f"build_server(ServeConfig(store_path=Path({str(store_path)!r}), port={port}, "
                   f"timeout_s={timeout_s}{worker_argument}), log_level='warning', access_log=False).run()")
        environment = {**os.environ, "PYTHONPATH": str(repository)}
        process = subprocess.Popen([sys.executable, "-c", program], env=environment)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", ENDPOINT_PATH + "?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not become healthy in 120 s")


def machine_description() -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()}-core {platform.machine()}, {memory_gib:.0f} GiB, "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--store", type=Path, default=None, help="store directory (cached between runs)")
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's --timeout")
    parser.add_argument("--workers", type=int, default=None, help="the server's --workers (default: its own)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--server", choices=("kg", "oxigraph"), default="kg",
                        help="kg serve, or oxigraph serve-read-only for comparison")
    arguments = parser.parse_args()

    shape = StoreShape(arguments.organisations)
    store_path = arguments.store or Path(f"/tmp/kg-serve-load-{shape.organisations}")
    started = time.perf_counter()
    quads = build_store(store_path, shape)
    print(f"store: {quads:,} quads at {store_path} ({time.perf_counter() - started:.1f} s to build or open)")

    load_at_start = os.getloadavg()[0]
    port = free_port()
    server = start_server(arguments.server, store_path, port, arguments.timeout, arguments.workers)
    try:
        warm_up = query_mix(shape, 50, seed=1)
        run_clients(port, warm_up, 4)

        mix = query_mix(shape, arguments.queries)
        print(f"load: {len(mix)} queries from {arguments.clients} clients ...", flush=True)
        steady = run_clients(port, mix, arguments.clients).summary()
        print(json.dumps(steady, ensure_ascii=False, indent=2))

        # The same again, shorter, with one extra client stuck on a query only the timeout can stop.
        pathological: dict[str, object] = {}
        pathological_done = threading.Event()

        def run_pathological() -> None:
            # The client gives up 20 s after the server's timeout: a server that never ends the response
            # must not hang the benchmark.
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=arguments.timeout + 20)
            query_started = time.perf_counter()
            try:
                status, body = send(connection, CARTESIAN_QUERY)
                pathological.update(status=status, message=body.decode("utf-8", "replace").strip()[-200:])
            except (OSError, http.client.HTTPException) as error:
                pathological.update(status=0, message=f"client error: {error!r}")
            finally:
                pathological["seconds"] = round(time.perf_counter() - query_started, 2)
                pathological_done.set()

        stuck_client = threading.Thread(target=run_pathological)
        stuck_client.start()
        time.sleep(0.2)  # let it reach a worker first: the point is what happens while it runs
        during = run_clients(port, query_mix(shape, arguments.queries, seed=12), arguments.clients - 1,
                             until=pathological_done)
        stuck_client.join()
        during_summary = during.summary()
        print("pathological query:", json.dumps(pathological, ensure_ascii=False))
        print("mix while it ran:", json.dumps(during_summary, ensure_ascii=False, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)

    figures = {"server": arguments.server, "machine": machine_description(), "quads": quads,
               # The machine is shared (a training job, other engineers' tests): say how busy it was.
               "load_average_1min_at_start": load_at_start, "load_average_1min_at_end": os.getloadavg()[0],
               "organisations": shape.organisations,
               "clients": arguments.clients, "server_timeout_s": arguments.timeout, "steady": steady,
               "pathological": pathological, "during_pathological": during_summary}
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    failures = int(steady["errors"]) + int(during_summary["errors"])  # type: ignore[call-overload]
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
