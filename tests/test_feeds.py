"""Atom feeds of the filtered lists, read as a feed reader reads them (feedparser)."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from iite_portal.models import Status
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_policy_feed_entries_have_title_summary_link_dates_tags_and_author(client):
    PolicyFactory(
        slug="digital-strategy",
        title="Digital Education Strategy 2030",
        summary="How Kenya brings devices & connectivity to every school.",
        issuing_body="Ministry of Education, Kenya",
        tags=["Devices", "Connectivity"],
    )
    feed = read_feed(client, "/en/policies/feed.atom")
    (entry,) = feed.entries
    assert entry.title == "Digital Education Strategy 2030"
    assert entry.summary == "How Kenya brings devices & connectivity to every school."
    assert entry.link == "http://testserver/en/policies/digital-strategy/"
    assert entry.author == "Ministry of Education, Kenya"
    assert sorted(tag.term for tag in entry.tags) == ["Connectivity", "Devices"]
    assert entry.updated_parsed and entry.published_parsed


def test_feed_lists_published_records_newest_first(client):
    now = timezone.now()
    for days, slug in [(3, "old"), (1, "newest"), (2, "middle")]:
        CaseStudyFactory(slug=slug, published_at=now - datetime.timedelta(days=days))
    CaseStudyFactory(slug="draft", status=Status.DRAFT, published_at=None)
    feed = read_feed(client, "/en/practices/feed.atom?sort=title")
    assert [entry.link.rsplit("/", 2)[-2] for entry in feed.entries] == [
        "newest",
        "middle",
        "old",
    ]


def test_feed_keeps_the_newest_entries_only(client, settings):
    settings.FEED_ENTRIES = 3
    ResourceFactory.create_batch(5)
    assert len(read_feed(client, "/en/oer/feed.atom").entries) == 3


def test_filtered_feed_says_its_filters_and_links_to_the_filtered_list(client):
    PolicyFactory(slug="kenya", countries=["KE"], themes=["teachers"], tags=["Devices"])
    PolicyFactory(slug="peru", countries=["PE"], themes=["teachers"], tags=["Devices"])
    feed = read_feed(client, "/en/policies/feed.atom?country=KE&theme=teachers&page=2")
    assert [entry.link for entry in feed.entries] == ["http://testserver/en/policies/kenya/"]
    assert "Country: Kenya" in feed.feed.title
    assert "Theme: Teachers" in feed.feed.title
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["alternate"] == "http://testserver/en/policies/?country=KE&theme=teachers"
    assert links["self"] == "http://testserver/en/policies/feed.atom?country=KE&theme=teachers"


def test_feed_ignores_invalid_filters_as_the_page_does(client):
    PolicyFactory(slug="kept")
    assert len(read_feed(client, "/en/policies/feed.atom?year_from=soon&country=XX").entries) == 1


def test_feed_is_in_the_language_of_its_address(client):
    PolicyFactory(countries=["UG"])
    feed = read_feed(client, "/fr/policies/feed.atom?country=UG")
    assert feed.feed.language == "fr"
    assert "Ouganda" in feed.feed.title
    assert feed.entries[0].link.startswith("http://testserver/fr/policies/")


@pytest.mark.parametrize("records", [1, 50])
def test_feed_query_count_does_not_grow_with_the_entries(
    client, django_assert_num_queries, records
):
    for _ in range(records):
        CaseStudyFactory(tags=["Devices"])
    # 1 the content generation (ETag), 2 the chosen tags (validating ?tag=), 3 the newest
    # records; tags come from tag_names.
    with django_assert_num_queries(3):
        feed = read_feed(client, "/en/practices/feed.atom?tag=devices")
    assert len(feed.entries) == records


@pytest.mark.parametrize("kind", ["practices", "policies", "oer"])
def test_every_list_page_links_to_its_feed_with_the_current_filters(client, kind):
    html = client.get(f"/en/{kind}/?region=africa&page=1").content.decode()
    url = f"http://testserver/en/{kind}/feed.atom?region=africa"
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{url}" '
        'title="Atom feed of this list">'
    ) in html
    assert f'<a href="{url}" type="application/atom+xml">Atom feed</a>' in html


@pytest.mark.django_db
def test_control_characters_in_filters_or_titles_never_break_the_feed(client):
    PolicyFactory(title="Bell\x07 policy", tags=["alarm\x0bbell"])
    response = client.get("/en/policies/feed.atom", {"q": "bell\x01\x1f", "sort": "newest"})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    response = client.get("/en/policies/feed.atom")
    assert [entry.title for entry in feedparser.parse(response.content).entries] == ["Bell policy"]
