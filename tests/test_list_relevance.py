"""A list searched by words and sorted by relevance ranks the most recent matches only when
there are many (a common word matches most of the catalogue): those come first, best
first, then the older ones, newest first, and the page says so. With few matches, every
match is ranked."""

import datetime as dt

import pytest
from django.utils import timezone

from iite_portal import listing
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

NOTE = "most recent matches are sorted by relevance; the older ones follow, newest first."


@pytest.fixture
def studies():
    """Seven matches of "radio", one a day (r0 the oldest); the word in the title makes a
    record rank high. Newest first: r6 r5 r4 r3 r2 r1 r0."""
    now = timezone.now()
    in_title = {1, 4, 5}
    for n in range(7):
        title = f"Radio lessons {n}" if n in in_title else f"School study {n}"
        CaseStudyFactory(
            slug=f"r{n}",
            title=title,
            summary="Lessons by radio for remote schools.",
            published_at=now - dt.timedelta(days=7 - n),
        )
    CaseStudyFactory(slug="other", title="Tablets", summary="No match here.")


def slugs(client, query) -> list[str]:
    response = client.get("/en/practices/?q=radio" + query)
    assert response.status_code == 200
    return [record.slug for record in response.context["object_list"]]


def test_with_few_matches_every_match_is_ranked_and_no_note_is_shown(client, studies):
    response = client.get("/en/practices/?q=radio")
    assert [r.slug for r in response.context["object_list"]][:3] == ["r5", "r4", "r1"]
    assert NOTE not in response.content.decode()


def test_with_many_matches_the_most_recent_are_ranked_and_the_others_follow_newest_first(
    client, settings, monkeypatch, studies
):
    monkeypatch.setattr(listing, "MATCH_LIMIT", 4)  # r6 r5 r4 r3 are ranked
    settings.PORTAL_PAGE_SIZE = 3
    pages = [slugs(client, f"&page={n}") for n in (1, 2, 3)]
    assert pages[0][:2] == ["r5", "r4"]  # the titled ones among the four most recent
    assert sorted(pages[0][2:] + pages[1][:1]) == ["r3", "r6"]
    assert pages[1][1:] == ["r2", "r1"]  # past the four: newest first (r1, titled, not first)
    assert pages[2] == ["r0"]
    assert sorted(sum(pages, [])) == [f"r{n}" for n in range(7)]  # each once, none lost
    response = client.get("/en/practices/?q=radio")
    assert "7 case studies" in response.content.decode()
    assert f"The 4 {NOTE}" in response.content.decode()


def test_other_orders_and_lists_without_words_are_not_windowed(
    client, settings, monkeypatch, studies
):
    monkeypatch.setattr(listing, "MATCH_LIMIT", 2)
    assert slugs(client, "&sort=newest") == ["r6", "r5", "r4", "r3", "r2", "r1", "r0"]
    response = client.get("/en/practices/?q=radio&sort=newest")
    assert NOTE not in response.content.decode()
    response = client.get("/en/practices/")
    assert NOTE not in response.content.decode()


def test_the_api_ranks_the_same_way_and_counts_every_match(client, monkeypatch, studies):

    monkeypatch.setattr(listing, "MATCH_LIMIT", 4)
    body = client.get("/api/v1/practices/?q=radio&sort=relevance&page_size=7").json()
    list_page = client.get("/en/practices/?q=radio")
    assert body["count"] == 7
    assert [r["slug"] for r in body["results"]] == [
        r.slug for r in list_page.context["object_list"]
    ]
    assert [r["slug"] for r in body["results"]][:2] == ["r5", "r4"]
    assert [r["slug"] for r in body["results"]][4:] == ["r2", "r1", "r0"]
    assert client.get("/api/v1/practices/?q=tablets").json()["count"] == 1
    assert client.get("/api/v1/practices/?q=nowhere").json()["count"] == 0
