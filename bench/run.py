"""The benchmark harness behind `make bench` (README, "Performance").

Creates once, in a database of its own (var/bench-<SIZE>/), the scale data set; serves the
portal under gunicorn with production settings; drives load from a separate process (wrk)
page type by page type, "cold" (every URL new) and "warm" (a few popular URLs); reports
requests per second, p50/p95/p99, errors and SQL queries per request, and writes
bench/results/<date>-<SIZE>.json and .md."""

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = {
    "S": {"practices": 2_000, "policies": 1_000, "oer": 3_000},
    "M": {"practices": 100_000, "policies": 50_000, "oer": 150_000},
}
SEARCH_QUERIES = [
    "digital literacy", "teacher training", "mobile learning", "open educational resources",
    "school connectivity", "artificial intelligence", "distance learning", "girls education",
    "rural schools", "ict competency", "data protection", "e-learning platform", "broadband",
    "curriculum reform", "radio lessons", "tablets", "coding clubs", "national strategy",
    "master plan", "inclusive education", "accessibility", "refugees", "covid-19 response",
    "teacher professional development", "assessment", "literacy", "mathematics", "science",
    "vocational training", "higher education", "early childhood", "monitoring and evaluation",
    "infrastructure", "policy framework", "open licence", "textbooks", "video lessons",
    "offline content", "low bandwidth", "sms", "learning management system", "emis",
    "digital skills", "cybersecurity", "privacy", "blended learning", "innovation",
    "public private partnership", "kenya", "education digitale",
]  # fmt: skip


def log(msg):
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def bench_env(size):
    env = dict(os.environ)
    env.update(
        IITE_VAR_DIR=str(ROOT / "var" / f"bench-{size}"),
        DJANGO_SETTINGS_MODULE="iite_portal.settings.base",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        # The load comes from one address: every rate limit is off for the run.
        RATE_LIMIT_SEARCH="off",
        RATE_LIMIT_API="off",
        RATE_LIMIT_CSV="off",
        BENCH_ENDPOINTS="1",
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_data(env, size):
    marker = Path(env["IITE_VAR_DIR"]) / f"generated-{size}.json"
    manage(env, "migrate", "--noinput", "-v", "0")
    if marker.exists():
        log(f"reusing data set {size}: {marker.read_text().strip()}")
        return
    counts = SIZES[size]
    log(f"creating data set {size}: {counts} (once)")
    started = time.monotonic()
    manage(
        env, "generate_sample_data", "--practices", str(counts["practices"]), "--policies",
        str(counts["policies"]), "--oer", str(counts["oer"]), "--seed", "1",
    )  # fmt: skip
    manage(env, "load_demo")
    subprocess.run(
        [PYTHON, "-c", "from bench.prepare import analyze; analyze()"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    marker.write_text(json.dumps({**counts, "seconds": round(time.monotonic() - started)}))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port, workers):
    cmd = [
        str(Path(PYTHON).parent / "gunicorn"), "iite_portal.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("gunicorn did not become healthy")


def stop_server(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(30)


def wrk(port, url_file, seconds, connections):
    env = dict(os.environ, BENCH_URLS=str(url_file))
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "urls.lua"), f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["status_errors"] + raw["socket_errors"] + raw["timeouts"],
        "kb_per_response": round(raw["bytes"] / max(raw["requests"], 1) / 1024, 1),
    }


def worker_rss_mb(proc):
    import psutil

    parent = psutil.Process(proc.pid)
    return round(sum(c.memory_info().rss for c in parent.children()) / 2**20, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=SIZES, default="M")
    parser.add_argument("--seconds", type=int, default=15, help="per page type and pattern")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--soak", type=int, default=120, help="seconds of the load check; 0: skip")
    parser.add_argument("--only", help="comma-separated page types to run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: sudo apt-get install wrk (Debian) or brew install wrk")

    env = bench_env(args.size)
    ensure_data(env, args.size)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    work = Path(env["IITE_VAR_DIR"]) / "urls"
    log("building URL lists and counting queries per page type")
    subprocess.run(
        [PYTHON, "-c", f"from bench.prepare import prepare; prepare({str(work)!r}, {SEARCH_QUERIES!r})"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    plan = json.loads((work / "plan.json").read_text())
    only = set(args.only.split(",")) if args.only else None

    port = free_port()
    server = start_server(env, port, args.workers)
    results = []
    try:
        wrk(port, work / "bare.txt", 3, args.connections)  # warm up every worker
        for entry in plan:
            if only and entry["name"] not in only and entry["name"] != "bare":
                continue
            log(f"{entry['name']} ({entry['pattern']})")
            measured = wrk(port, work / entry["file"], args.seconds, args.connections)
            results.append({**entry, **measured})
        soak = run_soak(port, server, work, args) if args.soak else None
    finally:
        stop_server(server)
    write_results(args, results, soak, plan_meta=json.loads((work / "meta.json").read_text()))


def run_soak(port, server, work, args):
    """Load check: the mixed URL list at the best connection count found, for args.soak s."""
    best = max(
        ((c, wrk(port, work / "mixed.txt", 5, c)["rps"]) for c in (2, 4, 8, 16)),
        key=lambda pair: pair[1],
    )
    log(f"load check: {args.soak}s at {best[0]} connections ({best[1]} req/s in the probe)")
    before = worker_rss_mb(server)
    samples = []
    slices = max(args.soak // 20, 1)
    totals = {"requests": 0, "errors": 0}
    for _ in range(slices):
        part = wrk(port, work / "mixed.txt", args.soak // slices, best[0])
        totals["requests"] += part["requests"]
        totals["errors"] += part["errors"]
        samples.append(worker_rss_mb(server))
    return {
        "seconds": args.soak, "connections": best[0], "rps": round(totals["requests"] / args.soak, 1),
        "requests": totals["requests"], "errors": totals["errors"], "worker_rss_mb_start": before,
        "worker_rss_mb_samples": samples,
        "worker_rss_growth_mb": round(samples[-1] - samples[0], 1) if samples else None,
    }  # fmt: skip


def write_results(args, results, soak, plan_meta):
    bare = next((r for r in results if r["name"] == "bare"), None)
    for r in results:
        r["ratio_to_bare"] = round(r["rps"] / bare["rps"], 3) if bare else None
    stamp = dt.date.today().isoformat()
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "date": stamp, "size": args.size, "counts": SIZES[args.size], "seconds": args.seconds,
        "connections": args.connections, "workers": args.workers, "cpu_count": os.cpu_count(),
        "pages": results, "skipped": plan_meta.get("skipped", []),
        "search_sql": plan_meta.get("search_sql"), "load_check": soak,
    }  # fmt: skip
    (out_dir / f"{stamp}-{args.size}.json").write_text(json.dumps(data, indent=2) + "\n")
    table = markdown_table(data)
    (out_dir / f"{stamp}-{args.size}.md").write_text(table)
    print(table)


def markdown_table(data):
    lines = [
        f"Benchmark {data['date']}, data set {data['size']} ({data['counts']}), "
        f"{data['workers']} gunicorn workers, wrk 1 thread x {data['connections']} connections, "
        f"{data['seconds']} s per row, {data['cpu_count']} cores shared by client, server and database.",
        "",
        "| page type | pattern | req/s | p50 ms | p95 ms | p99 ms | errors | queries | KB | x bare |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["pages"]:
        lines.append(
            f"| {r['name']} | {r['pattern']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['p99_ms']} | {r['errors']} | {r.get('queries', '')} | {r['kb_per_response']} | "
            f"{r['ratio_to_bare']} |"
        )
    for skipped in data.get("skipped", []):
        lines.append(f"| {skipped['name']} | {skipped['pattern']} | {skipped['note']} |||||||| ")
    sql = data.get("search_sql")
    if sql:
        lines += [
            "",
            f"Search, {sql['queries']} queries in process: page p50 {sql['page_p50_ms']} ms, "
            f"SQL p50 {sql['sql_p50_ms']} ms, page/SQL ratio {sql['ratio_p50']} "
            f"(p95: page {sql['page_p95_ms']} ms, SQL {sql['sql_p95_ms']} ms).",
        ]
    soak = data.get("load_check")
    if soak:
        lines += [
            "",
            f"Load check: {soak['seconds']} s at {soak['connections']} connections, "
            f"{soak['rps']} req/s, {soak['requests']} requests, {soak['errors']} errors; worker "
            f"memory {soak['worker_rss_mb_start']} MB before, samples {soak['worker_rss_mb_samples']} MB "
            f"(growth over the run {soak['worker_rss_growth_mb']} MB).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
