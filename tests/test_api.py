"""The read-only JSON API: published records only, the pages' filters, pagination, errors
as JSON, bounded queries, and conformance to its own OpenAPI schema (schemathesis)."""

import pytest
import schemathesis
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from iite_portal.exports import COMMON_COLUMNS
from iite_portal.models import Status
from oer.exports import ResourceCSVView
from policies.exports import PolicyCSVView
from practices.exports import CaseStudyCSVView
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db

FACTORIES = {"practices": CaseStudyFactory, "policies": PolicyFactory, "oer": ResourceFactory}


def draft_policy(**kwargs):
    return PolicyFactory(status=Status.DRAFT, published_at=None, **kwargs)


@pytest.fixture
def linked():
    """A published policy linked to a case study, an OER, a later policy and a draft."""
    policy = PolicyFactory(
        slug="digital-education-strategy",
        countries=["KE", "UG"],
        levels=["1", "2"],
        themes=["teachers"],
        tags=["Devices", "Teacher training"],
    )
    draft = draft_policy(slug="secret-draft")
    case_study = CaseStudyFactory(slug="tablets-in-kisumu", target_groups=["rural"])
    case_study.related_policies.add(policy, draft)
    resource = ResourceFactory(slug="open-maths", origin_country="FR")
    resource.related_policies.add(policy)
    case_study.related_resources.add(resource)
    PolicyFactory(slug="strategy-amendment", amends=policy)
    return policy


def test_policy_list_gives_published_records_with_count_and_page_links(client, linked):
    draft_policy()
    response = client.get("/api/v1/policies/?page_size=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/policies/?page=2&page_size=1"
    second = client.get(body["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/policies/?page_size=1"
    slugs = {body["results"][0]["slug"], second["results"][0]["slug"]}
    assert slugs == {"digital-education-strategy", "strategy-amendment"}


def test_policy_detail_has_codes_names_tags_and_published_cross_links(client, linked):
    response = client.get("/api/v1/policies/digital-education-strategy/")
    assert response.status_code == 200
    policy = response.json()
    assert policy["countries"] == [
        {"code": "KE", "name": "Kenya"},
        {"code": "UG", "name": "Uganda"},
    ]
    assert policy["regions"] == [{"code": "africa", "name": "Africa"}]
    assert [level["code"] for level in policy["levels"]] == ["1", "2"]
    assert policy["themes"] == [{"code": "teachers", "name": "Teachers"}]
    assert policy["tags"] == [
        {"slug": "devices", "name": "Devices", "page_url": "http://testserver/en/tags/devices/"},
        {
            "slug": "teacher-training",
            "name": "Teacher training",
            "page_url": "http://testserver/en/tags/teacher-training/",
        },
    ]
    assert policy["page_url"] == "http://testserver/en/policies/digital-education-strategy/"
    assert policy["case_studies"] == [
        {
            "slug": "tablets-in-kisumu",
            "page_url": "http://testserver/en/practices/tablets-in-kisumu/",
            "api_url": "http://testserver/api/v1/practices/tablets-in-kisumu/",
        }
    ]
    assert [link["slug"] for link in policy["resources"]] == ["open-maths"]
    assert [link["slug"] for link in policy["amended_by"]] == ["strategy-amendment"]
    assert policy["amends"] is None


def test_links_to_unpublished_records_are_left_out(client, linked):
    case_study = client.get("/api/v1/practices/tablets-in-kisumu/").json()
    assert [link["slug"] for link in case_study["related_policies"]] == [
        "digital-education-strategy"
    ]
    amendment = client.get("/api/v1/policies/strategy-amendment/").json()
    assert amendment["amends"]["slug"] == "digital-education-strategy"


def test_oer_gives_country_of_origin_and_licence_as_code_and_name(client, linked):
    resource = client.get("/api/v1/oer/open-maths/").json()
    assert resource["origin_country"] == {"code": "FR", "name": "France"}
    assert resource["licence"] == {"code": "CC-BY-4.0", "name": "CC BY 4.0"}
    assert [link["slug"] for link in resource["case_studies"]] == ["tablets-in-kisumu"]


def test_names_follow_the_accept_language_header(client, linked):
    policy = client.get(
        "/api/v1/policies/digital-education-strategy/", headers={"accept-language": "fr"}
    ).json()
    assert policy["countries"][1] == {"code": "UG", "name": "Ouganda"}
    assert policy["page_url"] == "http://testserver/fr/policies/digital-education-strategy/"


def test_unpublished_and_unknown_records_are_json_404(client):
    draft_policy(slug="secret-draft")
    for path in ("/api/v1/policies/secret-draft/", "/api/v1/policies/no-such/", "/api/v1/x"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]


def test_the_list_takes_the_same_filters_as_the_page(client):
    PolicyFactory(slug="kenya-teachers", countries=["KE"], themes=["teachers"], adopted_year=2019)
    PolicyFactory(slug="kenya-ai", countries=["KE"], themes=["ai"], adopted_year=2023)
    PolicyFactory(slug="peru-teachers", countries=["PE"], themes=["teachers"])
    response = client.get("/api/v1/policies/?country=ke&theme=teachers&theme=ai&year_to=2020")
    assert [record["slug"] for record in response.json()["results"]] == ["kenya-teachers"]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("year_from=soon", "year_from"),
        ("year_from=2020&year_to=2010", "year_to"),
        ("country=XX", "country"),
        ("tag=no-such-tag", "tag"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page_size=-5", "page_size"),
        ("q=a%00b", "q"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, query, param):
    PolicyFactory()
    response = client.get(f"/api/v1/policies/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert param in body["detail"]
    assert body["errors"][param]


def test_page_size_is_capped_and_a_page_past_the_end_is_404(client):
    PolicyFactory.create_batch(101)
    body = client.get("/api/v1/policies/?page_size=1000").json()
    assert body["count"] == 101
    assert len(body["results"]) == 100
    assert client.get("/api/v1/policies/?page=3&page_size=100").status_code == 404


def test_the_api_only_reads(client, linked):
    for method in (client.post, client.put, client.patch, client.delete):
        response = method("/api/v1/policies/digital-education-strategy/")
        assert response.status_code == 405


@pytest.fixture
def warm_content_types():
    """taggit reads content types through Django's per-process cache; warm it, as a running
    server has it, so that the counts below are those of every request but the first."""
    for factory in FACTORIES.values():
        ContentType.objects.get_for_model(factory._meta.model)


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("records", [1, 50])
def test_list_query_count_does_not_grow_with_the_page(
    client, django_assert_num_queries, warm_content_types, kind, records
):
    for _ in range(records):
        FACTORIES[kind](tags=["Devices", "Radio"])
    # 1 the chosen tags (validating ?tag=), 2 the count, 3 the page of records with their
    # cross-link slugs (sub-queries of the same statement), 4 their tags (one prefetch).
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/{kind}/?tag=devices&country=KE&page_size=50")
    assert len(response.json()["results"]) == records


@pytest.mark.parametrize(
    ("kind", "csv_view"),
    [("practices", CaseStudyCSVView), ("policies", PolicyCSVView), ("oer", ResourceCSVView)],
)
def test_the_json_has_a_field_for_every_csv_column(client, kind, csv_view):
    FACTORIES[kind]()
    record = client.get(f"/api/v1/{kind}/").json()["results"][0]
    # The JSON gives countries as codes with names; the CSV needs a column for the names.
    assert set(record) == {*csv_view().header(), "api_url"} - {"country_names"}
    assert list(record)[: len(COMMON_COLUMNS) - 1] == [
        column for column in COMMON_COLUMNS if column != "country_names"
    ]


def test_schema_is_openapi_3_and_describes_every_endpoint(client):
    response = client.get("/api/v1/schema/", headers={"accept": "application/json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        f"/api/v1/{kind}/{suffix}" for kind in FACTORIES for suffix in ("", "{slug}/")
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/policies/"]["get"]["parameters"]}
    assert parameters >= {"q", "country", "region", "tag", "year_from", "theme", "page_size"}


def test_docs_page_lists_parameters_fields_examples_and_csv_columns(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert 'style="' not in html
    for text in (
        "GET /api/v1/policies/",
        "<code>year_from</code>",
        "<code>document_type</code>",
        "curl 'http://testserver/api/v1/practices/?country=KE",
        "<code>country_names</code>",
        "/en/oer/feed.atom?",
    ):
        assert text in html


# --- schemathesis: every endpoint, generated input ---


@pytest.fixture
def wsgi_app():
    """The real WSGI application, which keeps the test's database connection open between
    requests (as Django's test client does), so it sees the test's data."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema_and_never_fails_on_generated_input(linked, wsgi_app, mode):
    """Requests generated from the schema, valid ones and (negative mode) invalid ones, for
    every operation: each answer must match the schema (status, content type, body) and
    none may be a server error. Bounded: 150 examples per mode, a few seconds."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def check(case):
        # A tag must exist, and the schema cannot list the tags: an unknown one is rightly
        # a 400, so "schema-valid input is accepted" does not hold for `tag`. Every other
        # check runs (no 5xx, documented status, content type, response body schema).
        # Uncompressed: the checks read the body as the WSGI app gives it (a browser or an
        # HTTP library would decompress a gzipped one; tests/test_performance.py).
        response = case.call_and_validate(
            headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance]
        )
        assert response.status_code < 500

    check()


def test_the_api_root_lists_where_everything_is(client):
    root = client.get("/api/v1/")
    assert root.status_code == 200
    links = root.json()
    assert set(links) == {"practices", "policies", "oer", "schema", "docs"}
    for url in links.values():
        assert client.get(url).status_code == 200
