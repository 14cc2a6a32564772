"""Caching that never shows stale content: the content generation, cached facet counts and
home-page blocks, conditional GET (ETag, 304), and static files served hashed, compressed
and with far-future cache headers."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iite_portal import generation
from iite_portal.models import LinkCheck, Status
from iite_portal.workflow import record_publish, record_set_tags, record_withdraw
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory, publisher

pytestmark = pytest.mark.django_db


def current_generation():
    return generation.current()[0]


# --- the generation -----------------------------------------------------------------------


@pytest.mark.parametrize("factory", [PolicyFactory, CaseStudyFactory, ResourceFactory])
def test_every_kind_of_change_to_a_record_makes_a_new_generation(factory):
    seen = [current_generation()]
    record = factory(status=Status.DRAFT, published_at=None)
    seen.append(current_generation())
    record_publish(record=record, user=publisher())
    seen.append(current_generation())
    record.refresh_from_db()
    record.title = "A new title"
    record.save()
    seen.append(current_generation())
    record_set_tags(record=record, names=["Radio"])
    seen.append(current_generation())
    record_withdraw(record=record, user=publisher())
    seen.append(current_generation())
    type(record).objects.filter(pk=record.pk).update(featured=True)  # no save(), no signal
    seen.append(current_generation())
    record.delete()
    seen.append(current_generation())
    assert seen == sorted(set(seen)), seen


def test_links_between_records_tags_and_link_checks_make_a_new_generation():
    case_study, policy = CaseStudyFactory(), PolicyFactory()
    before = current_generation()
    case_study.related_policies.add(policy)
    after_link = current_generation()
    LinkCheck.objects.create(
        url="https://oer.example.org/1", ok=False, checked_at="2026-01-01T00:00Z"
    )
    after_check = current_generation()
    from taggit.models import Tag

    Tag.objects.create(name="Robots", slug="robots")
    assert before < after_link < after_check < current_generation()


def test_reading_pages_does_not_change_the_generation(client):
    PolicyFactory(tags=["Radio"])
    before = current_generation()
    for url in (
        reverse("home"),
        reverse("policies:list") + "?country=KE",
        reverse("search") + "?q=policy",
    ):
        assert client.get(url).status_code == 200
    assert current_generation() == before


# --- cached facet counts and home-page blocks ----------------------------------------------


def facet_counts(response, param):
    facet = next(f for f in response.context["facets"] if f.param == param)
    return {option.value: option.count for option in facet.options}


def test_facet_counts_are_reused_until_a_record_is_published_then_counted_again(
    client, django_assert_max_num_queries
):
    PolicyFactory(countries=["KE"])
    url = reverse("policies:list") + "?country=KE"
    first = client.get(url)
    assert facet_counts(first, "country") == {"KE": 1}
    # Sorted otherwise (another page, so not the kept page): the generation, the page, its
    # tags; the facets and the count come from the cache.
    with django_assert_max_num_queries(4):
        again = client.get(url + "&sort=title")
    assert facet_counts(again, "country") == {"KE": 1}

    draft = PolicyFactory(countries=["KE"], status=Status.DRAFT, published_at=None)
    assert facet_counts(client.get(url), "country") == {"KE": 1}  # a draft counts for nothing
    record_publish(record=draft, user=publisher())
    assert facet_counts(client.get(url), "country") == {"KE": 2}
    record_withdraw(record=draft, user=publisher())
    assert facet_counts(client.get(url), "country") == {"KE": 1}


def test_home_page_counts_follow_a_change_at_once(client):
    policy = PolicyFactory(tags=["Radio"])
    assert client.get(reverse("home")).context["totals"]["policies"] == 1
    PolicyFactory(tags=["Radio"])
    home = client.get(reverse("home")).context
    assert home["totals"]["policies"] == 2
    assert ("radio", "Radio", 2) in home["tags"]
    policy.title = "Renamed"
    policy.status = Status.WITHDRAWN
    policy.save()
    assert client.get(reverse("home")).context["totals"]["policies"] == 1


# --- conditional GET ----------------------------------------------------------------------


def test_public_pages_answer_304_without_running_the_view_until_content_changes(
    client, django_assert_num_queries
):
    policy = PolicyFactory()
    url = reverse("policies:list")
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert "no-cache" in response["Cache-Control"]

    with django_assert_num_queries(1):  # the generation, nothing else
        not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    policy.title = "A corrected title"
    policy.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "A corrected title" in changed.content.decode()
    assert changed["ETag"] != etag


def test_the_next_anonymous_visitor_gets_the_kept_page_until_content_changes(
    client, django_assert_num_queries
):
    policy = PolicyFactory(title="Radio lessons for all")
    url = reverse("policies:list") + "?country=KE"
    first = client.get(url)
    with django_assert_num_queries(1):  # the generation, nothing else: no view runs
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]

    policy.title = "Radio lessons, corrected"
    policy.save()
    assert "Radio lessons, corrected" in client.get(url).content.decode()


def test_a_kept_detail_page_still_leads_back_to_the_list_each_visitor_came_from(client):
    policy = PolicyFactory(countries=["KE"])
    lists = [reverse("policies:list") + "?country=KE", reverse("policies:list") + "?tag=none"]
    for _ in range(2):  # the second round is served from what the first kept
        for came_from in lists:
            page = client.get(
                policy.get_absolute_url(), headers={"referer": f"http://testserver{came_from}"}
            ).content.decode()
            assert f'href="{came_from.replace("&", "&amp;")}"' in page


def test_staff_and_visitors_with_a_message_waiting_never_get_a_kept_page(client):
    policy = PolicyFactory()
    client.get(policy.get_absolute_url())  # kept for anonymous visitors
    client.cookies["messages"] = "something-to-show"
    assert client.get(policy.get_absolute_url()).context is not None  # the view ran
    del client.cookies["messages"]
    client.force_login(publisher())
    response = client.get(policy.get_absolute_url())
    assert response.context is not None
    assert not response.has_header("ETag")


def test_a_kept_page_is_never_served_for_another_host(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org", "mirror.example.org"]
    PolicyFactory()
    url = reverse("policies:list")
    first = client.get(url, headers={"host": "portal.example.org"}).content.decode()
    other = client.get(url, headers={"host": "mirror.example.org"}).content.decode()
    assert "http://portal.example.org/" in first
    assert "http://mirror.example.org/" in other and "portal.example.org" not in other


def test_a_page_that_sets_a_csrf_cookie_is_not_kept(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    request = rf.get("/en/policies/")
    get_token(request)  # what {% csrf_token %} does
    generation.page_store(request, 'W/"etag"', HttpResponse("<form>token</form>"))
    assert generation.page_cached(rf.get("/en/policies/"), 'W/"etag"') is None


def test_each_language_and_each_day_has_its_own_etag(client, monkeypatch):
    english = client.get("/en/policies/")["ETag"]
    french = client.get("/fr/policies/")["ETag"]
    assert english != french
    assert client.get("/en/policies/", headers={"if-none-match": french}).status_code == 200

    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(generation.timezone, "localdate", lambda: tomorrow)
    assert client.get("/en/policies/", headers={"if-none-match": english}).status_code == 200


def test_logged_in_staff_always_get_the_full_page(client):
    policy = PolicyFactory()
    etag = client.get(policy.get_absolute_url())["ETag"]
    client.force_login(publisher())
    response = client.get(policy.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_admin_errors_and_writes_get_no_etag(client):
    assert not client.get("/en/policies/no-such-policy/").has_header("ETag")
    assert not client.get("/admin/login/").has_header("ETag")
    assert not client.get("/healthz").has_header("ETag")


# --- static files -------------------------------------------------------------------------


@pytest.fixture
def collected(tmp_path):
    """collectstatic as in production: hashed names, gzip and brotli copies."""
    production = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path, STORAGES=production, WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):  # fmt: skip
        call_command("collectstatic", "--noinput", "-v", "0")
        yield tmp_path


def test_static_files_are_hashed_and_compressed_with_gzip_and_brotli(collected):
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = staticfiles_storage.stored_name("css/site.css")
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    for suffix in ("", ".gz", ".br"):
        assert (collected / (hashed + suffix)).exists(), hashed + suffix
    assert (collected / hashed).stat().st_size > (collected / (hashed + ".br")).stat().st_size


@pytest.mark.parametrize(("encoding", "expected"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_hashed_static_files_are_served_compressed_with_far_future_cache_headers(
    collected, encoding, expected
):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.http import HttpResponse
    from whitenoise.middleware import WhiteNoiseMiddleware

    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    url = "/static/" + staticfiles_storage.stored_name("css/site.css")
    response = middleware(RequestFactory().get(url, headers={"accept-encoding": encoding}))
    response.close()  # the file is not read, only its headers
    assert response.status_code == 200
    assert response["Content-Encoding"] == expected
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control
    assert "Accept-Encoding" in response["Vary"]


def test_the_generation_table_has_one_row():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {generation.TABLE}")  # noqa: S608
        assert cursor.fetchone() == (1,)


# --- search over very many matches ----------------------------------------------------------


def test_a_query_matching_more_than_the_limit_says_so_and_shows_the_most_recent(
    client, monkeypatch
):
    import datetime

    from django.utils import timezone

    from iite_portal import search

    monkeypatch.setattr(search, "MATCH_LIMIT", 2)
    now = timezone.now()
    for days in (1, 2, 3):
        PolicyFactory(
            title=f"Radio lessons policy {days}",
            published_at=now - datetime.timedelta(days=days),
        )
    html = client.get(reverse("search") + "?q=radio").content.decode()
    assert "More than 2 records found: the 2 most recent of each kind are shown." in html
    assert "Radio lessons policy 1" in html
    assert "Radio lessons policy 2" in html
    assert "Radio lessons policy 3" not in html
    assert "(2+)" in html


def test_a_query_within_the_limit_counts_exactly_and_finds_old_records(client, monkeypatch):
    import datetime

    from django.utils import timezone

    from iite_portal import search

    monkeypatch.setattr(search, "MATCH_LIMIT", 2)
    PolicyFactory(title="Radio lessons", published_at=timezone.now() - datetime.timedelta(days=900))
    for _ in range(3):
        PolicyFactory(title="Something else")
    html = client.get(reverse("search") + "?q=radio").content.decode()
    assert "1 record found." in html
    assert "Radio lessons" in html


@pytest.fixture
def radio_and_rare():
    """200 policies that all mention radio, one of which also mentions a rare word; the
    table analysed, so that the planner's estimates are real."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for n in range(200):
        PolicyFactory(
            title=f"Radio lessons {n}" + (" with solar panels" if n == 150 else ""),
            published_at=now - datetime.timedelta(days=n),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE policies_policy")


def test_few_estimated_matches_are_found_through_the_index_and_many_by_the_walk(radio_and_rare):
    from iite_portal import search

    rare = search.newest_first_plans(["policies"], limit=2, q="solar")
    common = search.newest_first_plans(["policies"], limit=2, q="radio")
    assert rare == {"policies": True}  # 1 estimated match: the walk would read them all
    assert common == {"policies": False}  # every record matches: the first 2 will do


@pytest.mark.parametrize("q", ["radio", "solar", "radio -solar", '"radio lessons" or solar'])
def test_both_paths_find_the_same_newest_matches(radio_and_rare, q):
    from iite_portal import search

    found = [
        search.matches_page(
            shown=["policies"], sort="newest", limit=5, offset=0, size=10,
            plans={"policies": through_index}, q=q,
        )
        for through_index in (False, True)
    ]  # fmt: skip
    assert found[0] == found[1]
    assert found[0][1]  # the query finds something, so the comparison means something


def test_the_icon_is_linked_from_every_page_and_favicon_ico_leads_to_it(client):
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    icon = client.get(response["Location"])
    icon.close()
    assert icon.status_code == 200


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    import gzip

    PolicyFactory()
    plain = client.get(reverse("policies:list"))
    packed = client.get(reverse("policies:list"), headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2


def test_every_page_links_to_the_statistics_the_map_and_the_open_data(client):
    html = client.get(reverse("home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for url in (reverse("stats"), reverse("stats_map"), reverse("api:docs")):
        assert f'href="{url}"' in footer


def test_list_and_search_pages_leave_out_the_long_texts_no_card_shows(client):
    """A case study's narrative is ~10 KB and a policy's document text can be far more:
    the cards show neither, so the pages do not read them (and no card reads them later,
    one query per record: the query-count tests)."""
    CaseStudyFactory(title="Solar schools", context="Long narrative. " * 500)
    PolicyFactory(title="Solar plan", document_text="Long document. " * 500)
    for url in ("/en/practices/", "/en/policies/", "/en/search/?q=solar"):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert "Solar" in html
        read = " ".join(q["sql"] for q in ctx.captured_queries)
        assert '"practices_casestudy"."context"' not in read
        assert '"policies_policy"."document_text"' not in read
        assert '"policies_policy"."title"' in read or '"practices_casestudy"."title"' in read
