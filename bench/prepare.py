"""Builds the URL lists of the benchmark and counts SQL queries per page type; runs inside
Django with the benchmark's environment (called by bench/run.py)."""

import gc
import json
import os
import random
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iite_portal.settings.base")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from iite_portal.vocab import Region  # noqa: E402
from oer.models import Resource  # noqa: E402
from policies.models import Policy  # noqa: E402
from practices.models import CaseStudy  # noqa: E402

LANGS = ["en", "fr", "es", "ru", "ar", "zh-hans"]
KINDS = {"practices": CaseStudy, "policies": Policy, "oer": Resource}
COLD = 4000  # distinct URLs per cold list: more than any run requests


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _countries(model, n=200):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c, count(*) FROM {model._meta.db_table}, unnest(countries) c "  # noqa: S608
            "WHERE status = 'published' GROUP BY c ORDER BY 2 DESC LIMIT %s",
            [n],
        )
        return cursor.fetchall()


def _list_urls(kind, model, rng):
    countries = [c for c, _ in _countries(model)]
    tags = list(Tag.objects.order_by("?").values_list("slug", flat=True)[:300])
    regions = [r.value for r in Region]
    combos = set()
    while len(combos) < COLD:
        shape = rng.randrange(3)
        if shape == 0:
            params = {"country": rng.choice(countries), "tag": rng.choice(tags)}
        elif shape == 1:
            params = {"region": rng.choice(regions), "year_from": rng.randrange(1995, 2024)}
        else:
            params = {"country": rng.choice(countries), "year_from": rng.randrange(1995, 2024)}
        combos.add(f"/{rng.choice(LANGS)}/{kind}/?{urlencode(params)}")
    warm = [
        f"/en/{kind}/?{urlencode({'country': countries[0], 'tag': tags[0]})}",
        f"/en/{kind}/?{urlencode({'region': 'africa', 'year_from': 2015})}",
        f"/fr/{kind}/?{urlencode({'country': countries[1], 'year_from': 2010})}",
        f"/es/{kind}/",
        f"/en/{kind}/",
    ]
    return sorted(combos, key=lambda _: rng.random()), warm


def _write(work, name, urls):
    (work / name).write_text("\n".join(urls) + "\n")
    return name


def _queries_for(client, urls):
    counts = []
    for url in urls[:5]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if response.streaming:  # a CSV export queries while it streams
                b"".join(response.streaming_content)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(ctx.captured_queries))
    return max(counts)


def prepare(work_dir, search_queries):
    rng = random.Random(7)  # noqa: S311 - load patterns, not secrets
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST="127.0.0.1")
    plan, skipped = [], []

    def add(name, pattern, urls, *, optional=False):
        if optional:
            status = client.get(urls[0]).status_code
            if status == 404:  # built on another branch; measured once it is merged
                skipped.append({"name": name, "pattern": pattern, "url": urls[0],
                                "note": f"not measured: {urls[0].split('?')[0]} answers 404 "
                                        "(not built on this branch yet)"})  # fmt: skip
                return
        file = _write(work, f"{name}-{pattern}.txt", urls)
        plan.append({"name": name, "pattern": pattern, "file": file,
                     "urls": len(urls), "queries": _queries_for(client, urls)})  # fmt: skip

    _write(work, "bare.txt", ["/bench/bare/"])
    plan.append({"name": "bare", "pattern": "warm", "file": "bare.txt", "urls": 1, "queries": 1})
    add("home", "warm", [f"/{lang}/" for lang in LANGS])
    for kind, model in KINDS.items():
        cold, warm = _list_urls(kind, model, rng)
        add(f"{kind}_list", "cold", cold)
        add(f"{kind}_list", "warm", warm)
    # A list searched by words (the 50 queries of the search rows), sorted by relevance, with
    # a year bound as a second filter so that each address is counted anew (the facet
    # counts are cached per filter, not per language).
    words = [
        f"/{rng.choice(LANGS)}/{kind}/?{urlencode({'q': q, 'year_to': year})}"
        for kind in KINDS for q in search_queries for year in range(2016, 2036)
    ]  # fmt: skip
    rng.shuffle(words)
    add("list_words", "cold", words)
    for kind, model in KINDS.items():
        slugs = list(model.objects.published().order_by("?").values_list("slug", flat=True)[:COLD])
        add(f"{kind}_detail", "cold", [f"/{rng.choice(LANGS)}/{kind}/{s}/" for s in slugs])
    search_cold = [
        f"/{lang}/search/?{urlencode({'q': q, 'sort': sort})}"
        for q in search_queries for lang in LANGS for sort in ("relevance", "newest")
    ]  # fmt: skip
    rng.shuffle(search_cold)
    add("search", "cold", search_cold)
    add("search", "warm", [f"/en/search/?{urlencode({'q': q})}" for q in search_queries[:5]])
    countries = [c for c, _ in _countries(Policy, 250)]
    # Every country in every language, four times over: more distinct addresses than a
    # 15 s row requests, so that kept pages (generation.py) do not answer them.
    country_urls = [
        f"/{lang}/countries/{c}/?v={n}" for n in range(4) for c in countries for lang in LANGS
    ]  # the view ignores `v`; each address is a page that was never kept
    rng.shuffle(country_urls)
    add("country", "cold", country_urls)
    api_countries = [c for c, _ in _countries(Policy, 250)]
    add(
        "api_list", "cold", [f"/api/v1/policies/?country={c}&page=1" for c in api_countries],
        optional=True,
    )  # fmt: skip
    csv_country = min(_countries(Policy, 250), key=lambda pair: abs(pair[1] - 1000))
    add("csv_export", "warm", [f"/en/policies/export.csv?country={csv_country[0]}"], optional=True)
    mixed = [u for entry in plan for u in (work / entry["file"]).read_text().split()[:300]]
    rng.shuffle(mixed)
    _write(work, "mixed.txt", mixed)
    (work / "plan.json").write_text(json.dumps(plan, indent=2))
    meta = {
        "search_sql": _search_sql(client, search_queries),
        "csv_rows": csv_country[1],
        "skipped": skipped,
    }
    (work / "meta.json").write_text(json.dumps(meta, indent=2))


def _search_sql(client, queries, repeat=3):
    """Page time against the time of its SQL, in process, for each search query: the
    median of `repeat` runs of each, in a process set up as a gunicorn worker is
    (iite_portal/wsgi.py: the objects made while loading are frozen out of the GC)."""
    gc.collect()
    gc.freeze()
    page, sql = [], []
    for q in queries:
        url = f"/en/search/?{urlencode({'q': q})}"
        runs = []
        for n in range(repeat):
            # Warm the process and the database as a gunicorn worker would be, through
            # another address of the same search: the page itself would be kept
            # (generation.py) and served without running the view or its SQL.
            client.get(f"{url}&page=1&run={n}")
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                client.get(f"{url}&run={n}")
                elapsed = (time.perf_counter() - started) * 1000
            runs.append((elapsed, sum(float(x["time"]) for x in ctx.captured_queries) * 1000))
        median_run = sorted(runs)[len(runs) // 2]  # by page time, with that run's SQL
        page.append(median_run[0])
        sql.append(median_run[1])

    def p95(values):
        return sorted(values)[int(len(values) * 0.95) - 1]

    return {
        "queries": len(queries),
        "page_p50_ms": round(statistics.median(page), 1),
        "sql_p50_ms": round(statistics.median(sql), 1),
        "page_p95_ms": round(p95(page), 1),
        "sql_p95_ms": round(p95(sql), 1),
        "ratio_p50": round(statistics.median(page) / max(statistics.median(sql), 0.001), 2),
    }
