"""The same filter parameters give the same records on the list page, in the API, in the
CSV and in the Atom feed: one FilterSet per kind serves all four."""

import csv
import datetime
import io
import itertools

import feedparser
import pytest
from django.utils import timezone

from iite_portal.models import Status
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db

COUNTRIES = [["KE"], ["UG", "KE"], ["PE"], ["FR"], ["IN", "KE"]]
LEVELS = [["1"], ["2", "3"], ["1", "6"], ["nonformal"]]
TAGS = [["Devices"], ["Devices", "Radio"], ["Radio"], []]


RECORDS = 16


def varied(factory, count=RECORDS, **kinds):
    """`count` records whose countries, levels, tags, years and kind fields vary, published
    on different days (so "newest" has one order), and a draft that matches everything."""
    now = timezone.now()
    cycles = {name: itertools.cycle(values) for name, values in kinds.items()}
    for index in range(count):
        factory(
            slug=f"{factory._meta.model._meta.model_name}-{index}",
            title=f"Record {index} about {'radio' if index % 3 else 'tablets'}",
            countries=COUNTRIES[index % len(COUNTRIES)],
            levels=LEVELS[index % len(LEVELS)],
            tags=TAGS[index % len(TAGS)],
            published_at=now - datetime.timedelta(days=index),
            **{name: next(cycle) for name, cycle in cycles.items()},
        )
    factory(slug="a-draft", status=Status.DRAFT, published_at=None, countries=["KE"])


def slugs_everywhere(client, kind, query):
    """The slugs of the records the page, the API, the CSV and the feed give for `query`."""
    page = client.get(f"/en/{kind}/?{query}")
    assert page.status_code == 200
    api = client.get(f"/api/v1/{kind}/?{query}&page_size=100")
    assert api.status_code == 200, api.content
    export = client.get(f"/en/{kind}/export.csv?{query}")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    feed = feedparser.parse(client.get(f"/en/{kind}/feed.atom?{query}").content)
    return {
        "page": [record.slug for record in page.context["object_list"]],
        "api": [record["slug"] for record in api.json()["results"]],
        "csv": [row["slug"] for row in csv.DictReader(io.StringIO(text))],
        "feed": [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries],
    }


def assert_same_everywhere(found):
    assert 0 < len(found["page"]) < RECORDS, "the filters should select some records"
    assert "a-draft" not in found["page"]
    # The page, the API and the CSV follow the list's sort; the feed is newest first.
    assert found["api"] == found["page"]
    assert found["csv"] == found["page"]
    assert sorted(found["feed"]) == sorted(found["page"])


@pytest.fixture(autouse=True)
def one_page(settings):
    settings.PORTAL_PAGE_SIZE = 100


@pytest.mark.parametrize(
    "query",
    [
        "country=KE&level=1&level=6&tag=devices",
        "region=africa&organisation_type=ngo&connectivity=offline&year_from=2016&sort=title",
        "q=radio&target_group=rural&target_group=girls_women&sort=year",
        "country=ke&year_from=&year_to=2019&q=",
    ],
)
def test_case_studies_are_the_same_on_the_page_in_the_api_csv_and_feed(client, query):
    varied(
        CaseStudyFactory,
        organisation_type=["ngo", "government", "school"],
        connectivity=["offline", "online"],
        target_groups=[["rural"], ["girls_women", "teachers"], []],
        start_year=[2014, 2017, 2019, 2021, 2023],
    )
    assert_same_everywhere(slugs_everywhere(client, "practices", query))


@pytest.mark.parametrize(
    "query",
    [
        "country=KE&theme=teachers&theme=ai&document_type=strategy&document_type=policy",
        "region=africa&legal_status=in_force&year_from=2018&year_to=2024&sort=year_asc",
        "tag=radio&language=fr&level=2&level=3",
        "q=tablets&sort=relevance",
    ],
)
def test_policies_are_the_same_on_the_page_in_the_api_csv_and_feed(client, query):
    varied(
        PolicyFactory,
        themes=[["teachers"], ["ai", "equity"], ["infrastructure"]],
        document_type=["strategy", "policy", "law"],
        legal_status=["in_force", "expired"],
        doc_languages=[["en"], ["fr", "en"], ["es"]],
        adopted_year=[2016, 2019, 2021, 2024],
    )
    assert_same_everywhere(slugs_everywhere(client, "policies", query))


@pytest.mark.parametrize(
    "query",
    [
        "country=KE&licence=CC-BY-4.0&licence=CC0-1.0&offline=true",
        "region=africa&resource_type=video&resource_type=course&accessibility=captions",
        "language=fr&language=ar&tag=devices&year_to=2020&sort=title",
        "level=1&offline=false&year_from=2019&sort=year",
    ],
)
def test_oer_are_the_same_on_the_page_in_the_api_csv_and_feed(client, query):
    varied(
        ResourceFactory,
        licence=["CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0"],
        resource_type=["video", "course", "textbook", "toolkit"],
        accessibility=[["captions"], ["transcripts", "captions"], []],
        languages=[["fr"], ["ar", "en"], ["en"]],
        offline=[True, False],
        year=[2015, 2018, 2020, 2022, 2024],
    )
    assert_same_everywhere(slugs_everywhere(client, "oer", query))
