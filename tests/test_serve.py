"""``kg serve`` end to end: a real uvicorn server over a small store, spoken to by SPARQLWrapper."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import typer
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from typer.testing import CliRunner

from kg.cli_serve import register
from kg.serve import (
    QueryWorkerPool,
    ServeConfig,
    SparqlJob,
    SparqlReply,
    build_server,
    names_its_dataset,
    negotiate,
    network_keywords,
)

KG = "https://w3id.org/cnpolicykg/ontology#"
RESOURCE = "https://w3id.org/cnpolicykg/resource/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Three documents, one named graph each; the investment and the goal are in different graphs, so a join
# across them only works when the default graph is the union of the named graphs.
SAMPLE_NQUADS = f"""
<{RESOURCE}org/cas> <{RDF_TYPE}> <{KG}Organization> <{RESOURCE}doc/1> .
<{RESOURCE}org/cas> <{RDFS_LABEL}> "中国科学院"@zh <{RESOURCE}doc/1> .
<{RESOURCE}org/sgev> <{RDF_TYPE}> <{KG}Organization> <{RESOURCE}doc/2> .
<{RESOURCE}org/sgev> <{RDFS_LABEL}> "国网电动汽车公司"@zh <{RESOURCE}doc/2> .
<{RESOURCE}org/sgev> <{KG}investsIn> <{RESOURCE}project/ship> <{RESOURCE}doc/2> .
<{RESOURCE}project/ship> <{RDF_TYPE}> <{KG}Project> <{RESOURCE}doc/2> .
<{RESOURCE}project/ship> <{RDFS_LABEL}> "国内首艘纯电池动力集装箱船"@zh <{RESOURCE}doc/2> .
<{RESOURCE}project/ship> <{KG}pursues> <{RESOURCE}goal/carbon> <{RESOURCE}doc/3> .
<{RESOURCE}goal/carbon> <{RDFS_LABEL}> "碳达峰"@zh <{RESOURCE}doc/3> .
<{RESOURCE}goal/carbon> <{KG}targetYear> "2030"^^<http://www.w3.org/2001/XMLSchema#gYear> <{RESOURCE}doc/3> .
<{RESOURCE}org/cas> <{KG}collaboratesWith> <{RESOURCE}org/sgev> <{RESOURCE}doc/3> .
"""

PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
INVESTMENT_QUERY = PREFIXES + """
SELECT ?investor ?project ?goal WHERE {
  ?i kg:investsIn ?p . ?i rdfs:label ?investor . ?p rdfs:label ?project .
  ?p kg:pursues ?g . ?g rdfs:label ?goal .
}"""
# Three-way cartesian product over every triple of the big store: ~10^10 rows before the COUNT can answer.
CARTESIAN_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def write_store(store_path: Path, nquads: str) -> Path:
    store = ox.Store(str(store_path))
    store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    gc.collect()  # drop the handle: it holds the RocksDB lock the server's workers need
    return store_path


def generated_nquads(organisations: int) -> str:
    """Organisations investing in projects that pursue goals, in the ontology's shape (4 quads each)."""
    lines = []
    for number in range(organisations):
        organisation, project = f"<{RESOURCE}org/g{number}>", f"<{RESOURCE}project/g{number % 300}>"
        graph = f"<{RESOURCE}doc/g{number % 50}>"
        lines += [f'{organisation} <{RDFS_LABEL}> "机构{number}"@zh {graph} .',
                  f"{organisation} <{RDF_TYPE}> <{KG}Organization> {graph} .",
                  f"{organisation} <{KG}investsIn> {project} {graph} .",
                  f"{project} <{KG}pursues> <{RESOURCE}goal/g{number % 20}> {graph} ."]
    return "\n".join(lines) + "\n"


class Client(SPARQLWrapper):
    """SPARQLWrapper, with results typed as Any (its declared union of result types cannot be indexed)."""

    def queryAndConvert(self) -> Any:
        return super().queryAndConvert()


@dataclass
class RunningServer:
    url: str  # of the /sparql endpoint
    base: str
    server: Any

    @property
    def pool(self) -> QueryWorkerPool:
        return self.server.config.app.state.pool

    def client(self, query: str, return_format: str = JSON) -> Client:
        client = Client(self.url, returnFormat=return_format)
        client.setQuery(query)
        client.setTimeout(30)
        return client


@contextmanager
def running_server(config: ServeConfig) -> Iterator[RunningServer]:
    """Serve ``config`` from uvicorn in a thread (port 0: the OS picks a free one) until the block ends."""
    server = build_server(config, log_level="warning", access_log=False)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # readiness: the lifespan (worker pool) has started and the socket is bound
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    base = f"http://{host}:{port}"
    try:
        yield RunningServer(url=f"{base}/sparql", base=base, server=server)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("sample") / "store", SAMPLE_NQUADS)


@pytest.fixture(scope="module")
def endpoint(sample_store: Path) -> Iterator[RunningServer]:
    """Everything at its defaults (read-only, no SERVICE, no CORS, 127.0.0.1) except the port."""
    with running_server(ServeConfig(store_path=sample_store, port=0)) as server:
        yield server


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("big") / "store", generated_nquads(1_000))


@pytest.fixture(scope="module")
def strict_endpoint(big_store: Path) -> Iterator[RunningServer]:
    """A short timeout and a small result limit over the generated store."""
    config = ServeConfig(store_path=big_store, port=0, timeout_s=1.5, max_results=25, workers=2)
    with running_server(config) as server:
        yield server


def http(method: str, url: str, *, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A bare HTTP exchange, for what SPARQLWrapper hides (status codes, headers, OPTIONS)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# ---------------------------------------------------------------------------------------------------------
# Queries through a real client, in every results format
# ---------------------------------------------------------------------------------------------------------


def test_select_json_joins_across_document_graphs(endpoint: RunningServer) -> None:
    results = endpoint.client(INVESTMENT_QUERY, JSON).queryAndConvert()
    rows = [{name: binding[name]["value"] for name in binding} for binding in results["results"]["bindings"]]
    expected = {"investor": "国网电动汽车公司", "project": "国内首艘纯电池动力集装箱船", "goal": "碳达峰"}
    assert rows == [expected]
    assert results["results"]["bindings"][0]["goal"]["xml:lang"] == "zh"


def test_in_memory_workers_answer_from_their_copy(tmp_path: Path) -> None:
    """--in-memory: each worker loads OUTDIR/graph.nq (the file the store was built from) into memory at start
    and answers from that copy. Shown here by a graph.nq that holds one quad less than the store."""
    (tmp_path / "out").mkdir()
    store_path = write_store(tmp_path / "out" / "store", SAMPLE_NQUADS)
    lines = [line for line in SAMPLE_NQUADS.splitlines(keepends=True) if line.strip()]
    graph_nq = tmp_path / "out" / "graph.nq"
    graph_nq.write_text("".join(lines[:-1]), encoding="utf-8")
    os.utime(graph_nq, (1_000_000_000, 1_000_000_000))  # older than the store: the store came from it
    count = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def quads(server: RunningServer) -> int:
        return int(server.client(count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"])

    with running_server(ServeConfig(store_path=store_path, port=0, workers=1)) as server:
        on_disk = quads(server)
    with running_server(ServeConfig(store_path=store_path, port=0, workers=1, in_memory=True)) as server:
        assert quads(server) == on_disk - 1 == len(lines) - 1
        results = server.client(INVESTMENT_QUERY, JSON).queryAndConvert()
        assert [b["investor"]["value"] for b in results["results"]["bindings"]] == ["国网电动汽车公司"]


def test_from_and_default_graph_uri_restrict_the_dataset(endpoint: RunningServer) -> None:
    labels = PREFIXES + "SELECT ?label {dataset} WHERE {{ ?o rdfs:label ?label }} ORDER BY ?label"

    def labels_of(client: Client) -> list[str]:
        return [binding["label"]["value"] for binding in client.queryAndConvert()["results"]["bindings"]]

    assert len(labels_of(endpoint.client(labels.format(dataset="")))) == 4  # the union of the three documents
    from_clause = endpoint.client(labels.format(dataset=f"FROM <{RESOURCE}doc/2>"))
    assert labels_of(from_clause) == ["国内首艘纯电池动力集装箱船", "国网电动汽车公司"]
    protocol_parameter = endpoint.client(labels.format(dataset=""))
    protocol_parameter.addDefaultGraph(f"{RESOURCE}doc/1")
    assert labels_of(protocol_parameter) == ["中国科学院"]


def test_select_xml(endpoint: RunningServer) -> None:
    document = endpoint.client(INVESTMENT_QUERY, XML).queryAndConvert()
    literals = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert literals == {"国网电动汽车公司", "国内首艘纯电池动力集装箱船", "碳达峰"}


def test_select_csv_and_tsv(endpoint: RunningServer) -> None:
    query = PREFIXES + "SELECT ?label WHERE { ?o a kg:Organization ; rdfs:label ?label } ORDER BY ?label"
    csv_text = endpoint.client(query, CSV).queryAndConvert().decode("utf-8")
    assert csv_text.split("\r\n") == ["label", "中国科学院", "国网电动汽车公司", ""]
    tsv_text = endpoint.client(query, TSV).queryAndConvert().decode("utf-8")
    assert tsv_text.splitlines() == ["?label", '"中国科学院"@zh', '"国网电动汽车公司"@zh']


def test_typed_literals_and_unbound_values(endpoint: RunningServer) -> None:
    query = PREFIXES + "SELECT ?year ?missing { ?g kg:targetYear ?year OPTIONAL { ?g kg:nothing ?missing } }"
    binding = endpoint.client(query, JSON).queryAndConvert()["results"]["bindings"][0]
    assert binding == {"year": {"type": "literal", "value": "2030",
                                "datatype": "http://www.w3.org/2001/XMLSchema#gYear"}}


def test_ask(endpoint: RunningServer) -> None:
    yes = PREFIXES + 'ASK { ?o rdfs:label "中国科学院"@zh }'
    no = PREFIXES + 'ASK { ?o rdfs:label "不存在"@zh }'
    assert endpoint.client(yes, JSON).queryAndConvert()["boolean"] is True
    assert endpoint.client(no, JSON).queryAndConvert()["boolean"] is False


def test_construct_as_turtle(endpoint: RunningServer) -> None:
    query = PREFIXES + ("CONSTRUCT { ?i kg:investsIn ?p . ?p rdfs:label ?l } "
                        "WHERE { ?i kg:investsIn ?p . ?p rdfs:label ?l }")
    turtle = endpoint.client(query, TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    ship = rdflib.URIRef(f"{RESOURCE}project/ship")
    assert (rdflib.URIRef(f"{RESOURCE}org/sgev"), rdflib.URIRef(f"{KG}investsIn"), ship) in graph
    assert graph.value(ship, rdflib.RDFS.label) == rdflib.Literal("国内首艘纯电池动力集装箱船", lang="zh")


RDFLIB_PARSERS = {"application/n-triples": "nt", "application/rdf+xml": "xml",
                  "application/ld+json": "json-ld"}


@pytest.mark.parametrize("media_type", list(RDFLIB_PARSERS))
def test_construct_in_other_rdf_formats(endpoint: RunningServer, media_type: str) -> None:
    query = PREFIXES + "CONSTRUCT WHERE { ?p rdfs:label ?l . ?i kg:investsIn ?p }"
    status, headers, body = http("POST", endpoint.url, body=query.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query", "Accept": media_type})
    assert status == 200
    assert headers["content-type"].startswith(media_type)
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=RDFLIB_PARSERS[media_type])
    assert len(graph) == 2


def test_all_ways_of_sending_a_query(endpoint: RunningServer) -> None:
    query = PREFIXES + 'ASK { ?o rdfs:label "碳达峰"@zh }'
    form_post = endpoint.client(query, JSON)
    form_post.setMethod(POST)
    direct_post = endpoint.client(query, JSON)
    direct_post.setMethod(POST)
    direct_post.setRequestMethod(POSTDIRECTLY)
    alias = Client(endpoint.base + "/query", returnFormat=JSON)
    alias.setQuery(query)
    for client in (form_post, direct_post, alias):
        assert client.queryAndConvert()["boolean"] is True


def test_result_size_limit_truncates_and_says_so(strict_endpoint: RunningServer) -> None:
    query = PREFIXES + "SELECT ?o WHERE { ?o a kg:Organization }"
    response = strict_endpoint.client(query, JSON).query()
    assert response.info()["x-sparql-maxrows"] == "25"
    assert len(json.loads(response.response.read())["results"]["bindings"]) == 25
    small = strict_endpoint.client(query + " LIMIT 5", JSON).query()
    assert "x-sparql-maxrows" not in small.info()


def test_a_rebuilt_store_is_served_without_restart(tmp_path: Path) -> None:
    store_path = write_store(tmp_path / "store", SAMPLE_NQUADS)
    query = PREFIXES + 'ASK { ?o rdfs:label "国家能源局"@zh }'
    with running_server(ServeConfig(store_path=store_path, port=0, workers=2)) as server:
        assert server.client(query).queryAndConvert()["boolean"] is False
        # What `kg build` does: build the new store beside the old one, then rename it into place.
        extra = f'<{RESOURCE}org/nea> <{RDFS_LABEL}> "国家能源局"@zh <{RESOURCE}doc/4> .\n'
        write_store(tmp_path / "store-new", SAMPLE_NQUADS + extra)
        store_path.rename(tmp_path / "store-old")
        (tmp_path / "store-new").rename(store_path)
        assert server.client(query).queryAndConvert()["boolean"] is True


# ---------------------------------------------------------------------------------------------------------
# Safety
# ---------------------------------------------------------------------------------------------------------


def test_update_is_refused_by_default(endpoint: RunningServer) -> None:
    client = endpoint.client(f'INSERT DATA {{ <{RESOURCE}org/x> <{RDFS_LABEL}> "入侵者" }}')
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert b"read-only" in refused.value.read()
    status, _, _ = http("POST", endpoint.url, body=b"CLEAR ALL",
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    assert endpoint.client(f'ASK {{ ?s <{RDFS_LABEL}> "入侵者" }}').queryAndConvert()["boolean"] is False


def test_update_works_with_allow_update(tmp_path: Path) -> None:
    store_path = write_store(tmp_path / "store", SAMPLE_NQUADS)
    with running_server(ServeConfig(store_path=store_path, port=0, allow_update=True)) as server:
        new_fact = f'<{RESOURCE}org/new> <{RDFS_LABEL}> "国家能源局"@zh'
        insert = server.client(f"INSERT DATA {{ GRAPH <{RESOURCE}doc/9> {{ {new_fact} }} }}")
        insert.setMethod(POST)
        insert.query()
        check = server.client(f'ASK {{ ?o <{RDFS_LABEL}> "国家能源局"@zh }}')
        assert check.queryAndConvert()["boolean"] is True
        # The other way to send one: the update as the body.
        status, _, _ = http("POST", server.url, body=f"DELETE DATA {{ GRAPH <{RESOURCE}doc/9> {{ {new_fact} }} }}".encode(),
                            headers={"Content-Type": "application/sparql-update"})
        assert status == 204
        assert check.queryAndConvert()["boolean"] is False
        # LOAD makes the server fetch a URL: it stays refused without --allow-service.
        status, _, body = http("POST", server.url, body=b"LOAD <http://example.org/data.ttl>",
                               headers={"Content-Type": "application/sparql-update"})
        assert status == 403
        assert b"--allow-service" in body


def test_service_is_refused(endpoint: RunningServer) -> None:
    federated = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } LIMIT 1"
    with pytest.raises(urllib.error.HTTPError) as refused:
        endpoint.client(federated).query()
    assert refused.value.code == 403
    assert b"SERVICE" in refused.value.read()


def test_service_works_with_allow_service(sample_store: Path, endpoint: RunningServer) -> None:
    config = ServeConfig(store_path=sample_store, port=0, allow_service=True, workers=1)
    with running_server(config) as server:
        # Federate to the other test server (a SERVICE call to itself would need a second worker).
        federated = PREFIXES + f'SELECT ?o {{ SERVICE <{endpoint.url}> {{ ?o rdfs:label "碳达峰"@zh }} }}'
        bindings = server.client(federated).queryAndConvert()["results"]["bindings"]
        assert [binding["o"]["value"] for binding in bindings] == [f"{RESOURCE}goal/carbon"]


def test_workers_cannot_reach_the_network_without_allow_service(sample_store: Path,
                                                                endpoint: RunningServer) -> None:
    """The second line of defence: a SERVICE that got past the request check still reaches nothing."""
    federated = SparqlJob(operation="query", text=f"SELECT * {{ SERVICE <{endpoint.url}> {{ ?s ?p ?o }} }}",
                          solution_media_type="application/sparql-results+json")

    async def run(isolate_network: bool) -> tuple[SparqlReply, bool]:
        pool = QueryWorkerPool(sample_store, 1, isolate_network=isolate_network)
        await pool.start()
        try:
            return await pool.execute(federated, 10), pool.network_isolated
        finally:
            await pool.close()

    connected, _ = asyncio.run(run(isolate_network=False))
    assert connected.status == 200
    isolated, network_isolated = asyncio.run(run(isolate_network=True))
    if not network_isolated:
        pytest.skip("no network namespaces on this machine")
    assert isolated.status == 500
    assert b"Network is unreachable" in isolated.body


def test_malformed_query_is_a_400_with_the_parser_message(endpoint: RunningServer) -> None:
    with pytest.raises(QueryBadFormed) as bad:
        endpoint.client("SELECT ?x WHERE { ?x ?y }").query()
    assert "syntax error" in str(bad.value)
    assert "1:" in str(bad.value)  # the parser's line:column


def test_oversized_requests_get_413(endpoint: RunningServer) -> None:
    padding = "#" + "x" * 120_000 + "\n"  # a comment: the query would be valid if it were accepted
    get = endpoint.client(padding + "ASK {}")
    with pytest.raises(urllib.error.HTTPError) as too_long_url:
        get.query()
    assert too_long_url.value.code == 413
    post = endpoint.client(padding + "ASK {}")
    post.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as too_long_body:
        post.query()
    assert too_long_body.value.code == 413


def test_timeout_stops_a_cartesian_product_while_cheap_queries_are_served(
        strict_endpoint: RunningServer) -> None:
    pool = strict_endpoint.pool
    workers_before = set(pool.worker_pids)
    stopped_before = pool.queries_stopped_by_timeout
    outcome: dict[str, Any] = {}

    def run_pathological_query() -> None:
        started = time.monotonic()
        try:
            strict_endpoint.client(CARTESIAN_QUERY).query()
            outcome["status"] = 200
        except urllib.error.HTTPError as error:
            outcome["status"], outcome["message"] = error.code, error.read()
        outcome["seconds"] = time.monotonic() - started

    pathological = threading.Thread(target=run_pathological_query)
    pathological.start()
    deadline = time.monotonic() + 5
    while pool.idle_worker_count == pool.size and time.monotonic() < deadline:  # wait for it to be picked up
        time.sleep(0.005)
    cheap_latencies = []
    cheap = strict_endpoint.client(PREFIXES + 'SELECT ?o WHERE { ?o rdfs:label "机构42"@zh }')
    while pathological.is_alive():
        started = time.monotonic()
        bindings = cheap.queryAndConvert()["results"]["bindings"]
        cheap_latencies.append(time.monotonic() - started)
        assert [b["o"]["value"] for b in bindings] == [f"{RESOURCE}org/g42"]
    pathological.join()

    assert outcome["status"] == 503
    assert b"--timeout" in outcome["message"]
    assert 1.5 <= outcome["seconds"] < 6
    assert len(cheap_latencies) >= 3 and max(cheap_latencies) < 1.0
    assert pool.queries_stopped_by_timeout == stopped_before + 1
    # The worker that ran it was killed (its CPU is free again), and a fresh one took its place.
    deadline = time.monotonic() + 10
    while len(pool.worker_pids) < pool.size and time.monotonic() < deadline:
        time.sleep(0.01)
    killed = workers_before - set(pool.worker_pids)
    assert len(killed) == 1 and len(pool.worker_pids) == 2
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)


def test_a_query_whose_client_hangs_up_is_stopped(strict_endpoint: RunningServer) -> None:
    pool = strict_endpoint.pool
    cancelled_before, timeouts_before = pool.jobs_cancelled, pool.queries_stopped_by_timeout
    host, port = strict_endpoint.server.servers[0].sockets[0].getsockname()[:2]
    started = time.monotonic()
    with socket.create_connection((host, port)) as connection:
        target = "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN_QUERY})
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("ascii"))
        while pool.idle_worker_count == pool.size and time.monotonic() - started < 5:
            time.sleep(0.005)  # until a worker has taken the query
    # The client has hung up, long before the server's 1.5 s timeout.
    while pool.jobs_cancelled == cancelled_before and time.monotonic() - started < 5:
        time.sleep(0.01)
    assert pool.jobs_cancelled == cancelled_before + 1
    assert time.monotonic() - started < 1.5  # stopped on hang-up, not by the timeout
    assert pool.queries_stopped_by_timeout == timeouts_before


def test_binds_to_loopback_by_default(endpoint: RunningServer) -> None:
    assert ServeConfig(store_path=Path("store")).host == "127.0.0.1"
    assert endpoint.server.servers[0].sockets[0].getsockname()[0] == "127.0.0.1"


def test_no_cors_headers_by_default(endpoint: RunningServer) -> None:
    status, headers, _ = http("GET", endpoint.url + "?query=ASK%7B%7D", headers={"Origin": "https://yasgui.org"})
    assert status == 200
    assert "access-control-allow-origin" not in {name.lower() for name in headers}
    preflight, _, _ = http("OPTIONS", endpoint.url, headers={
        "Origin": "https://yasgui.org", "Access-Control-Request-Method": "POST"})
    assert preflight == 405


def test_cors_headers_and_preflight_with_cors(sample_store: Path) -> None:
    with running_server(ServeConfig(store_path=sample_store, port=0, cors=True, workers=1)) as server:
        client = server.client("ASK {}")
        client.addCustomHttpHeader("Origin", "https://yasgui.org")
        assert client.query().info()["access-control-allow-origin"] == "*"
        status, headers, _ = http("OPTIONS", server.url, headers={
            "Origin": "https://yasgui.org", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        lowered = {name.lower(): value for name, value in headers.items()}
        assert status == 200
        assert lowered["access-control-allow-origin"] == "*"
        assert "POST" in lowered["access-control-allow-methods"]


# ---------------------------------------------------------------------------------------------------------
# The rest of the HTTP surface
# ---------------------------------------------------------------------------------------------------------


def test_health_and_home_page(endpoint: RunningServer) -> None:
    assert http("GET", endpoint.base + "/health")[::2] == (200, b"ok\n")
    status, headers, page = http("GET", endpoint.base + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<form" in page and b"SPARQL" in page


def test_protocol_errors(endpoint: RunningServer) -> None:
    assert http("GET", endpoint.url)[0] == 400  # no query
    assert http("POST", endpoint.url, body=b"ASK {}", headers={"Content-Type": "text/plain"})[0] == 415
    assert http("GET", endpoint.url + "?query=ASK%7B%7D", headers={"Accept": "image/png"})[0] == 406
    assert http("GET", endpoint.url + "?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400
    assert http("GET", endpoint.url + "?query=ASK%7B%7D&default-graph-uri=not%20an%20iri")[0] == 400


def test_format_parameter_overrides_accept(endpoint: RunningServer) -> None:
    status, headers, body = http("GET", endpoint.url + "?query=ASK%7B%7D&format=text/csv",
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["content-type"].startswith("text/csv")
    # SPARQLWrapper-style short names are ignored in favour of the Accept header.
    status, headers, body = http("GET", endpoint.url + "?query=ASK%7B%7D&format=xml",
                                 headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body) == {"head": {}, "boolean": True}


def test_cli_reports_a_missing_outdir_in_one_line(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command, so that "serve" stays a subcommand
    for outdir in (tmp_path / "missing", tmp_path):
        result = CliRunner().invoke(app, ["serve", str(outdir)])
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1
        assert result.output.startswith("error:")


# ---------------------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "keywords"), [
    ("SELECT * { SERVICE <http://x.org/> { ?s ?p ?o } }", {"SERVICE"}),
    ("SELECT * { service silent ?endpoint { ?s ?p ?o } }", {"SERVICE"}),
    ("SELECT * {SERVICE<http://x.org/>{?s ?p ?o}}", {"SERVICE"}),
    ('SELECT * { ?s ?p "SERVICE <http://x.org/>" }', set()),
    ("SELECT * { ?s ?p '''a '' SERVICE''' }", set()),
    ("SELECT * { ?s <http://x.org/SERVICE> ?service } # SERVICE in a comment", set()),
    ("PREFIX service: <http://x.org/> SELECT * { ?s service:p ex:service }", set()),
    ('SELECT * { ?s ?p """a""" . SERVICE <http://x.org/> {} }', {"SERVICE"}),
    ("SELECT * { FILTER(?a<?b) SERVICE<http://x.org/>{} FILTER(?c>?d) }", {"SERVICE"}),
    ("LOAD <http://x.org/data.ttl>", {"LOAD"}),
    # An escaped '#' or quote in a prefixed name starts no comment or string that could hide a SERVICE.
    (r"SELECT * { ?s ex:a\#b ?o . SERVICE <http://x.org/> { ?x ?y ?z } }", {"SERVICE"}),
    (r"SELECT * { ?s ex:a\'b ?o . SERVICE <http://x.org/> { ?x ?y 'z' } }", {"SERVICE"}),
])
def test_network_keywords(query: str, keywords: set[str]) -> None:
    assert network_keywords(query) == keywords


@pytest.mark.parametrize(("query", "names_dataset"), [
    ("SELECT * { ?s ?p ?o }", False),
    ("SELECT * FROM <http://x.org/g> { ?s ?p ?o }", True),
    ("select * from named <http://x.org/g> { GRAPH ?g { ?s ?p ?o } }", True),
    ('SELECT * { ?s ?p "FROM <x>" } # FROM', False),
    ("PREFIX ex: <http://x.org/> SELECT * { ?s ex:a.from ?from }", False),
])
def test_names_its_dataset(query: str, names_dataset: bool) -> None:
    assert names_its_dataset(query) is names_dataset


def test_negotiate() -> None:
    offered = ("application/sparql-results+json", "text/csv")
    aliases = {"application/json": "application/sparql-results+json"}
    assert negotiate(None, offered, aliases) == "application/sparql-results+json"
    assert negotiate("*/*", offered, aliases) == "application/sparql-results+json"
    assert negotiate("text/*", offered, aliases) == "text/csv"
    assert negotiate("text/csv;q=0.5, application/json", offered, aliases) == offered[0]
    assert negotiate("application/sparql-results+json;q=0.1, text/csv", offered, aliases) == "text/csv"
    assert negotiate("image/png", offered, aliases) is None
