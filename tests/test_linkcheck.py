"""Link checking against a local HTTP server on 127.0.0.1: the stored results, the records
found with broken links, and the public link-status note."""

import datetime
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import timezone

from iite_portal.linkcheck import check_urls, collect_urls, record_urls, urls_in_text
from iite_portal.models import LinkCheck
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

from .factories import CaseStudyFactory, PolicyFactory, ResourceFactory

TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    requests = []  # (method, path) of every request the server answered
    active = 0  # requests being answered now ...
    most_active = 0  # ... and the most at any one time
    lock = threading.Lock()

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)

    def answer(self, *, with_body):
        Handler.requests.append((self.command, self.path))
        if self.path.startswith("/slow/"):
            with Handler.lock:
                Handler.active += 1
                Handler.most_active = max(Handler.most_active, Handler.active)
            time.sleep(0.15)
            with Handler.lock:
                Handler.active -= 1
            return self.reply(200, with_body)
        if self.path == "/never":
            time.sleep(TIMEOUT * 3)
            return
        if self.path == "/no-head" and self.command == "HEAD":
            return self.reply(405, with_body)
        if self.path == "/moved":
            return self.reply(301, with_body, location="/ok")
        status = {"/missing": 404, "/error": 500}.get(self.path, 200)
        self.reply(status, with_body)

    def reply(self, status, with_body, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2" if with_body else "0")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    Handler.requests, Handler.active, Handler.most_active = [], 0, 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def only_loopback(monkeypatch):
    """Refuse any connection that is not to this machine's loopback address."""
    real_connect = socket.socket.connect
    refused = []

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in (
            "127.0.0.1",
            "::1",
        ):
            refused.append(address)
            raise ConnectionRefusedError(f"test refuses to contact {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield refused
    assert refused == [], "the link checker tried to contact another host"


@pytest.fixture
def cited(server):
    """A record of each kind citing each of the server's answers."""
    policy_ok = PolicyFactory(official_url=f"{server}/ok")
    policy_broken = PolicyFactory(official_url=f"{server}/missing")
    policy_without_link = PolicyFactory(official_url="")
    oer_moved = ResourceFactory(url=f"{server}/moved")
    oer_error = ResourceFactory(url=f"{server}/error")
    oer_no_head = ResourceFactory(url=f"{server}/no-head")
    study_never = CaseStudyFactory(
        sources=f"Evaluation report: {server}/never.\n[Project site]({server}/ok)"
    )
    study_ok = CaseStudyFactory(sources=f"{server}/ok")
    # Cites a link whose first characters are those of a broken one: it must not count.
    study_prefix = CaseStudyFactory(sources=f"See {server}/missing-page-that-works")
    return locals()


def run_check(**options):
    call_command("check_links", timeout=TIMEOUT, per_host=2, workers=4, verbosity=0, **options)


def test_urls_are_read_from_source_text_without_trailing_punctuation():
    text = "Report: https://a.example/x.pdf.\n[site](https://b.example/y?q=1) (https://c.example)"
    assert urls_in_text(text) == [
        "https://a.example/x.pdf",
        "https://b.example/y?q=1",
        "https://c.example",
    ]


@pytest.mark.django_db
def test_collected_links_are_every_cited_link_and_all_point_to_the_local_server(server, cited):
    urls = collect_urls()
    assert {urlsplit(url).hostname for url in urls} == {"127.0.0.1"}
    assert sorted(urls) == sorted(
        f"{server}{path}"
        for path in [
            "/ok",
            "/missing",
            "/moved",
            "/error",
            "/no-head",
            "/never",
            "/missing-page-that-works",
        ]
    )
    assert record_urls(cited["study_never"]) == [f"{server}/never", f"{server}/ok"]


@pytest.mark.django_db(transaction=True)
def test_check_links_stores_the_status_of_each_link(server, cited, only_loopback):
    started = timezone.now()
    run_check()
    checks = {urlsplit(c.url).path: c for c in LinkCheck.objects.all()}

    assert checks["/ok"].ok and checks["/ok"].status_code == 200
    assert checks["/ok"].redirects == []
    assert checks["/moved"].ok and checks["/moved"].status_code == 200
    assert checks["/moved"].redirects == [[301, f"{server}/ok"]]
    assert checks["/moved"].final_url == f"{server}/ok"
    assert not checks["/missing"].ok and checks["/missing"].status_code == 404
    assert not checks["/error"].ok and checks["/error"].status_code == 500
    assert not checks["/never"].ok and checks["/never"].status_code is None
    assert checks["/never"].error == "timed out"
    assert checks["/no-head"].ok and checks["/no-head"].status_code == 200
    assert all(check.checked_at >= started for check in checks.values())
    # HEAD first; GET only where HEAD failed, and not after a timeout.
    assert ("GET", "/ok") not in Handler.requests
    assert ("GET", "/no-head") in Handler.requests
    assert ("GET", "/never") not in Handler.requests


@pytest.mark.django_db(transaction=True)
def test_records_with_broken_links_are_found_for_each_kind(server, cited, only_loopback):
    run_check()
    assert set(Policy.objects.with_broken_links()) == {cited["policy_broken"]}
    assert set(Resource.objects.with_broken_links()) == {cited["oer_error"]}
    assert set(CaseStudy.objects.with_broken_links()) == {cited["study_never"]}


@pytest.mark.django_db(transaction=True)
def test_only_older_than_skips_links_checked_recently(server, cited, only_loopback):
    run_check()
    recent = timezone.now() - datetime.timedelta(hours=1)
    LinkCheck.objects.filter(url=f"{server}/missing").update(checked_at=recent)
    LinkCheck.objects.exclude(url=f"{server}/missing").update(
        checked_at=timezone.now() - datetime.timedelta(hours=30)
    )
    Handler.requests = []
    run_check(only_older_than=24)
    paths = {path for _, path in Handler.requests}
    assert "/missing" not in paths
    assert {"/ok", "/error"} <= paths
    assert LinkCheck.objects.get(url=f"{server}/missing").checked_at == recent


@pytest.mark.django_db(transaction=True)
def test_links_no_longer_cited_are_forgotten(server, cited, only_loopback):
    run_check()
    Resource.objects.filter(pk=cited["oer_error"].pk).delete()
    run_check()
    assert not LinkCheck.objects.filter(url=f"{server}/error").exists()


def test_no_more_than_per_host_requests_go_to_one_host_at_a_time(server, only_loopback):
    urls = [f"{server}/slow/{n}" for n in range(8)]
    results = dict(check_urls(urls, timeout=2, per_host=2, workers=6))
    assert all(result.ok for result in results.values()) and len(results) == 8
    assert Handler.most_active == 2


@pytest.mark.django_db
def test_check_links_refuses_nonsense_options():
    with pytest.raises(CommandError):
        call_command("check_links", per_host=5, workers=2)


@pytest.fixture
def checked_study():
    when = timezone.now() - datetime.timedelta(days=3)
    LinkCheck.objects.create(url="https://a.example/ok", ok=True, status_code=200, checked_at=when)
    LinkCheck.objects.create(
        url="https://a.example/gone", ok=False, status_code=404, checked_at=when
    )
    return CaseStudyFactory(
        sources="https://a.example/gone\nhttps://a.example/ok\nhttps://a.example/new"
    )


@pytest.mark.django_db
def test_link_status_says_when_a_link_was_checked_and_when_it_is_broken(
    checked_study, django_assert_num_queries
):
    template = Template(
        "{% load insight %}<p>{% link_status 'https://a.example/gone' %}</p>"
        "<p>{% link_status 'https://a.example/ok' %}</p>"
        "<p>{% link_status 'https://a.example/new' %}</p>"
    )
    with django_assert_num_queries(1):  # all the page object's links in one query
        html = template.render(Context({"object": checked_study}))
    gone, works, new = html.split("</p>")[:3]
    checked_on = (timezone.now() - datetime.timedelta(days=3)).date().isoformat()
    assert "broken" in gone.lower() and f'datetime="{checked_on}"' in gone
    assert "checked" in works.lower() and "broken" not in works.lower()
    assert f'datetime="{checked_on}"' in works
    assert new.strip() == "<p>"  # never checked: nothing to say


@pytest.mark.django_db
def test_record_link_status_lists_every_link_of_the_record_with_its_state(
    checked_study, django_assert_num_queries
):
    template = Template("{% load insight %}{% record_link_status object %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"object": checked_study}))
    assert html.count("<li") == 3
    assert "https://a.example/new" in html and "not checked yet" in html.lower()
    assert html.count("was broken when last checked") == 1


@pytest.mark.django_db
def test_a_record_without_external_links_shows_no_link_status(django_assert_num_queries):
    template = Template("{% load insight %}{% record_link_status object %}")
    policy = PolicyFactory(official_url="")
    with django_assert_num_queries(0):
        html = template.render(Context({"object": policy}))
    assert html.strip() == ""
