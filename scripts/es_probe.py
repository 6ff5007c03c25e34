#!/usr/bin/env python3
"""Probe what a running Elasticsearch node can do, for whoever writes mappings.

    python scripts/es_probe.py [URL]      (default http://127.0.0.1:9200)

Standard library only, so it runs before the venv is set up. It creates and
deletes indices named `newsfacet-probe-*`; point it at a throwaway node.
"""
from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

URL = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:9200").rstrip("/")
SAMPLE = "Smith's U.S. 1,000 café end.Start don't 한국어 텍스트"
RESULTS: list[tuple[str, bool, str]] = []


def call(method: str, path: str, body=None, ndjson: str | None = None):
    """Returns (status, parsed json or text); never raises on HTTP errors."""
    data, ctype = None, "application/json"
    if ndjson is not None:
        data, ctype = ndjson.encode(), "application/x-ndjson"
    elif body is not None:
        data = json.dumps(body).encode()
    req = urllib.request.Request(URL + path, data=data, method=method,
                                 headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def error_reason(payload) -> str:
    if isinstance(payload, dict) and "error" in payload:
        err = payload["error"]
        if isinstance(err, dict):
            cause = (err.get("root_cause") or [err])[0]
            return f"{cause.get('type')}: {cause.get('reason')}"[:160]
        return str(err)[:160]
    return str(payload)[:160]


def record(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    print(f"{'OK  ' if ok else 'FAIL'} {name}: {detail}")


def analyze(name: str, spec: dict, text: str = SAMPLE) -> None:
    status, payload = call("POST", "/_analyze", {**spec, "text": text})
    if status == 200:
        tokens = [t["token"] for t in payload["tokens"]]
        record(name, True, json.dumps(tokens, ensure_ascii=False))
    else:
        record(name, False, error_reason(payload))


def probe_analysis() -> None:
    text = "The running foxes jumped quickly over Café Äpfel"
    for analyzer in ["standard", "simple", "whitespace", "stop", "keyword",
                     "english", "russian", "german", "french", "turkish", "cjk"]:
        analyze(f"analyzer {analyzer}", {"analyzer": analyzer}, text)
    for tokenizer in ["standard", "pattern", "keyword", "whitespace",
                      "letter", "classic", "ngram", "icu_tokenizer"]:
        analyze(f"tokenizer {tokenizer}", {"tokenizer": tokenizer}, text)
    plain = {"tokenizer": "standard"}
    for name, flt in [
        ("lowercase", "lowercase"),
        ("stop", "stop"),
        ("asciifolding", "asciifolding"),
        ("cjk_bigram", "cjk_bigram"),
        ("stemmer porter2", {"type": "stemmer", "language": "porter2"}),
        ("stemmer english", {"type": "stemmer", "language": "english"}),
        ("stemmer russian", {"type": "stemmer", "language": "russian"}),
        ("stemmer german", {"type": "stemmer", "language": "german"}),
        ("stemmer french", {"type": "stemmer", "language": "french"}),
        ("stemmer turkish", {"type": "stemmer", "language": "turkish"}),
        ("snowball English", {"type": "snowball", "language": "English"}),
        ("porter_stem", "porter_stem"),
        ("elision", {"type": "elision", "articles": ["l"]}),
        ("shingle", "shingle"),
        ("synonym", {"type": "synonym", "synonyms": ["fox, vixen"]}),
    ]:
        analyze(f"filter {name}", {**plain, "filter": [flt]}, text)
    analyze("filter lowercase (Turkish İ, Russian)", {**plain, "filter": ["lowercase"]},
            "İSTANBUL ЁЛКА Бегущие")
    analyze("char_filter html_strip", {"tokenizer": "standard", "char_filter": ["html_strip"]},
            "<p>Hello <b>world</b></p>")
    analyze("standard on the sample", {"analyzer": "standard"})
    analyze("tokenizer standard on the sample", {"tokenizer": "standard"})
    analyze("whitespace on the sample", {"analyzer": "whitespace"})


def probe_normalizer() -> None:
    idx = "newsfacet-probe-norm"
    call("DELETE", f"/{idx}")
    status, payload = call("PUT", f"/{idx}", {
        "settings": {"number_of_replicas": 0, "analysis": {"normalizer": {
            "lower": {"type": "custom", "filter": ["lowercase"]}}}},
        "mappings": {"properties": {"tag": {"type": "keyword", "normalizer": "lower"}}},
    })
    if status != 200:
        record("normalizer custom lowercase", False, error_reason(payload))
        return
    call("PUT", f"/{idx}/_doc/1?refresh=true", {"tag": "Élysée PARIS"})
    _, hits = call("POST", f"/{idx}/_search", {"query": {"term": {"tag": "élysée paris"}}})
    n = hits["hits"]["total"]["value"]
    record("normalizer custom lowercase", n == 1, f"term 'élysée paris' matched {n} doc(s)")
    # asciifolding in a normalizer needs analysis-common; check separately.
    status, payload = call("PUT", f"/{idx}-fold", {"settings": {"analysis": {"normalizer": {
        "fold": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}}}})
    record("normalizer lowercase+asciifolding", status == 200,
           "created" if status == 200 else error_reason(payload))
    call("DELETE", f"/{idx}-fold")
    call("DELETE", f"/{idx}")


def bulk_body(idx: str) -> str:
    lines = []
    for i, (day, title) in enumerate([
        ("2026-01-05", "alpha"), ("2026-01-20", "beta"), ("2026-02-03", "gamma"),
        ("2026-03-15", "delta"), ("2026-03-30", "epsilon"),
    ]):
        lines.append(json.dumps({"index": {"_index": idx, "_id": str(i)}}))
        lines.append(json.dumps({"title": title, "published": day, "n": i}))
    return "\n".join(lines) + "\n"


def probe_search_features() -> None:
    idx = "newsfacet-probe-a"
    for name in (idx, "newsfacet-probe-b"):
        call("DELETE", f"/{name}")
    call("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0},
                            "mappings": {"properties": {
                                "title": {"type": "text"}, "published": {"type": "date"},
                                "n": {"type": "integer"}}}})
    status, payload = call("POST", "/_bulk?refresh=true", ndjson=bulk_body(idx))
    ok = status == 200 and not payload.get("errors")
    record("_bulk", ok, f"{len(payload.get('items', []))} items, errors={payload.get('errors')}"
           if isinstance(payload, dict) else str(payload)[:120])

    status, pit = call("POST", f"/{idx}/_pit?keep_alive=1m")
    if status != 200:
        record("point in time", False, error_reason(pit))
    else:
        seen, after = [], None
        while True:
            body = {"size": 2, "pit": {"id": pit["id"], "keep_alive": "1m"},
                    "sort": [{"published": "asc"}, {"_shard_doc": "asc"}]}
            if after:
                body["search_after"] = after
            status, page = call("POST", "/_search", body)
            if status != 200:
                record("search_after with PIT", False, error_reason(page))
                break
            hits = page["hits"]["hits"]
            if not hits:
                record("search_after with PIT", len(seen) == 5, f"paged order {seen}")
                break
            seen += [h["_source"]["title"] for h in hits]
            after = hits[-1]["sort"]
        status, _ = call("DELETE", "/_pit", {"id": pit["id"]})
        record("point in time open/close", status == 200, f"close status {status}")

    status, page = call("POST", f"/{idx}/_search", {
        "size": 2, "sort": [{"n": "asc"}], "search_after": [1]})
    record("search_after without PIT", status == 200,
           str([h["_id"] for h in page["hits"]["hits"]]) if status == 200 else error_reason(page))

    status, agg = call("POST", f"/{idx}/_search", {"size": 0, "aggs": {"per_month": {
        "date_histogram": {"field": "published", "calendar_interval": "month"}}}})
    if status == 200:
        buckets = [(b["key_as_string"][:7], b["doc_count"])
                   for b in agg["aggregations"]["per_month"]["buckets"]]
        record("date_histogram calendar_interval=month", True, str(buckets))
    else:
        record("date_histogram calendar_interval=month", False, error_reason(agg))

    status, agg = call("POST", f"/{idx}/_search", {"size": 0, "aggs": {
        "titles": {"terms": {"field": "n"}}}})
    record("terms aggregation", status == 200, "" if status == 200 else error_reason(agg))

    # Alias swap: point `newsfacet-probe` at index a, then atomically at b.
    call("PUT", "/newsfacet-probe-b", {"settings": {"number_of_replicas": 0}})
    s1, p1 = call("POST", "/_aliases", {"actions": [
        {"add": {"index": idx, "alias": "newsfacet-probe"}}]})
    s2, p2 = call("POST", "/_aliases", {"actions": [
        {"remove": {"index": idx, "alias": "newsfacet-probe"}},
        {"add": {"index": "newsfacet-probe-b", "alias": "newsfacet-probe"}}]})
    _, where = call("GET", "/_alias/newsfacet-probe")
    ok = s1 == 200 and s2 == 200 and list(where or {}) == ["newsfacet-probe-b"]
    record("_aliases atomic swap", ok, f"alias now on {list(where or {})}"
           if ok else error_reason(p2 if s2 != 200 else p1))

    for path, name in [("/_refresh", "_refresh"), ("/_count", "_count")]:
        status, payload = call("POST", f"/{idx}{path}")
        record(name, status == 200, "" if status == 200 else error_reason(payload))
    status, payload = call("POST", f"/{idx}/_delete_by_query?refresh=true",
                           {"query": {"term": {"n": 0}}})
    record("_delete_by_query", status == 200, "" if status == 200 else error_reason(payload))
    status, payload = call("POST", f"/{idx}/_update/1", {"script": {"source": "ctx._source.n += 10"}})
    record("painless script update", status == 200,
           "" if status == 200 else error_reason(payload))
    status, payload = call("POST", f"/{idx}/_search", {"query": {"match": {"title": "beta"}},
                                                      "highlight": {"fields": {"title": {}}}})
    record("highlight", status == 200, "" if status == 200 else error_reason(payload))
    status, payload = call("PUT", "/_index_template/newsfacet-probe-tpl", {
        "index_patterns": ["newsfacet-probe-tpl-*"], "template": {"settings": {"number_of_shards": 1}}})
    record("_index_template", status == 200, "" if status == 200 else error_reason(payload))
    call("DELETE", "/_index_template/newsfacet-probe-tpl")
    status, payload = call("GET", "/")
    record("GET / (root info, used by client ping/info)", status == 200,
           "" if status == 200 else error_reason(payload))
    for name in (idx, "newsfacet-probe-b"):
        call("DELETE", f"/{name}")


def probe_modules() -> None:
    _, nodes = call("GET", "/_nodes/plugins")
    for node in nodes["nodes"].values():
        mods = sorted(m["name"] for m in node.get("modules", []))
        plugins = sorted(p["name"] for p in node.get("plugins", []))
        record("modules", True, ", ".join(mods))
        record("plugins", True, ", ".join(plugins) or "(none)")
        print("version", node["version"], "jvm", node.get("jvm", {}).get("version", "?"))


def probe_mapping_types() -> None:
    """Field types and endpoints that live in optional modules."""
    idx = "newsfacet-probe-types"
    for ftype, extra in [("text", {}), ("keyword", {}), ("date", {}), ("nested", {}),
                         ("dense_vector", {"dims": 3}), ("completion", {}),
                         ("scaled_float", {"scaling_factor": 10}),
                         ("search_as_you_type", {}), ("rank_feature", {}),
                         ("token_count", {"analyzer": "standard"}), ("match_only_text", {}),
                         ("wildcard", {}), ("join", {"relations": {"a": "b"}})]:
        status, payload = call("PUT", f"/{idx}", {"mappings": {"properties": {
            "f": {"type": ftype, **extra}}}})
        record(f"field type {ftype}", status == 200,
               "" if status == 200 else error_reason(payload))
        call("DELETE", f"/{idx}")
    # A custom analyzer built only from what this build has.
    status, payload = call("PUT", f"/{idx}", {"settings": {"analysis": {
        "filter": {"news_stop": {"type": "stop", "stopwords": "_english_"}},
        "analyzer": {"news": {"type": "custom", "tokenizer": "standard",
                              "filter": ["lowercase", "news_stop"]}}}}})
    if status == 200:
        # An index's own analyzers are only reachable through its _analyze.
        _, out = call("POST", f"/{idx}/_analyze", {"analyzer": "news",
                                                   "text": "The Quick Fox and the Dog"})
        detail = str([t["token"] for t in out["tokens"]])
    else:
        detail = error_reason(payload)
    record("custom analyzer standard+lowercase+stop(_english_)", status == 200, detail)
    call("DELETE", f"/{idx}")
    call("PUT", f"/{idx}", {"settings": {"number_of_replicas": 0}})
    for method, path, body, name in [
        ("POST", "/_reindex", {"source": {"index": idx}, "dest": {"index": idx + "-copy"}},
         "_reindex"),
        ("POST", f"/{idx}/_update_by_query", None, "_update_by_query"),
        ("POST", "/_msearch", None, "_msearch"),
        ("POST", f"/{idx}/_search", {"query": {"query_string": {"query": "a AND b"}}},
         "query_string query"),
        ("POST", f"/{idx}/_search", {"query": {"simple_query_string": {"query": "a +b"}}},
         "simple_query_string query"),
        ("POST", f"/{idx}/_search", {"query": {"multi_match": {"query": "a", "fields": ["*"]}}},
         "multi_match query"),
        ("POST", f"/{idx}/_search", {"aggs": {"c": {"composite": {"sources": [
            {"k": {"terms": {"field": "_index"}}}]}}}}, "composite aggregation"),
        ("POST", "/_query", {"query": f"FROM {idx} | LIMIT 1"}, "ES|QL"),
    ]:
        if name == "_msearch":
            status, payload = call(method, path, ndjson=json.dumps({"index": idx}) + "\n{}\n")
        else:
            status, payload = call(method, path, body)
        record(name, status == 200, "" if status == 200 else error_reason(payload))
    call("DELETE", f"/{idx}")
    call("DELETE", f"/{idx}-copy")


def main() -> int:
    probe_modules()
    probe_analysis()
    probe_normalizer()
    probe_search_features()
    probe_mapping_types()
    failed = [name for name, ok, _ in RESULTS if not ok]
    print(f"\n{len(RESULTS) - len(failed)} work, {len(failed)} do not: {', '.join(failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
