"""OAI-PMH at /oai/: a real client (Sickle) harvests every published record exactly once
across resumption tokens; selective harvesting by set and date; the protocol's errors."""

import datetime as dt
import time
from collections import Counter

import pytest
from django.core import signing
from lxml import etree
from sickle import Sickle, oaiexceptions
from sickle.iterator import OAIResponseIterator

from iite_portal.models import Status
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

NS = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
PAGE_SIZE = 7


def oai_id(record, host="localhost"):
    return f"oai:{host}:{record._meta.app_label}/{record.slug}"


@pytest.fixture
def collection(transactional_db):
    """23 published records over the three kinds, 2 withdrawn, 3 never published."""
    published = [
        *CaseStudyFactory.create_batch(8, countries=["KE"]),
        *PolicyFactory.create_batch(9, countries=["FR"]),
        *ResourceFactory.create_batch(6, countries=["BR"]),
    ]
    withdrawn = [
        PolicyFactory(status=Status.WITHDRAWN),
        ResourceFactory(status=Status.WITHDRAWN),
    ]
    hidden = [
        CaseStudyFactory(status=Status.DRAFT, published_at=None),
        PolicyFactory(status=Status.REVIEW, published_at=None),
        ResourceFactory(status=Status.DRAFT, published_at=None),
    ]
    return {"published": published, "withdrawn": withdrawn, "hidden": hidden}


@pytest.fixture
def harvester(live_server, settings):
    settings.OAI_PAGE_SIZE = PAGE_SIZE
    return Sickle(live_server.url + "/oai/")


def test_list_records_harvest_receives_every_published_record_exactly_once(collection, harvester):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))
    received = Counter(record.header.identifier for record in records)
    assert max(received.values()) == 1
    assert set(received) == {oai_id(r) for r in collection["published"]}
    titles = {record.header.identifier: record.metadata["title"] for record in records}
    assert all(titles[oai_id(r)] == [r.title] for r in collection["published"])


def test_list_identifiers_over_post_receives_every_published_record_exactly_once(
    collection, live_server, settings
):
    settings.OAI_PAGE_SIZE = PAGE_SIZE
    harvester = Sickle(live_server.url + "/oai/", http_method="POST")
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=True))
    received = Counter(header.identifier for header in headers)
    assert max(received.values()) == 1
    assert set(received) == {oai_id(r) for r in collection["published"]}


def test_each_page_reports_cursor_and_complete_list_size_and_the_last_token_is_empty(
    collection, live_server, settings
):
    settings.OAI_PAGE_SIZE = PAGE_SIZE
    harvester = Sickle(live_server.url + "/oai/", iterator=OAIResponseIterator)
    tokens = [
        response.xml.find(".//oai:resumptionToken", NS)
        for response in harvester.ListIdentifiers(metadataPrefix="oai_dc")
    ]
    # 23 published + 2 withdrawn = 25 headers: pages of 7, 7, 7 and 4.
    assert [int(t.get("cursor")) for t in tokens] == [0, 7, 14, 21]
    assert {int(t.get("completeListSize")) for t in tokens} == {25}
    assert [bool(t.text) for t in tokens] == [True, True, True, False]
    assert all(t.get("expirationDate").endswith("Z") for t in tokens[:-1])


def test_withdrawn_records_are_harvested_as_deleted_headers_without_metadata(collection, harvester):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    deleted = {r.header.identifier: r for r in records if r.header.deleted}
    assert set(deleted) == {oai_id(r) for r in collection["withdrawn"]}
    assert all(r.xml.find(".//oai:metadata", NS) is None for r in deleted.values())
    record = harvester.GetRecord(
        identifier=oai_id(collection["withdrawn"][0]), metadataPrefix="oai_dc"
    )
    assert record.header.deleted


def test_drafts_and_records_in_review_are_never_harvested(collection, harvester):
    harvested = {h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc")}
    for record in collection["hidden"]:
        assert oai_id(record) not in harvested
        with pytest.raises(oaiexceptions.IdDoesNotExist):
            harvester.GetRecord(identifier=oai_id(record), metadataPrefix="oai_dc")


@pytest.mark.parametrize(
    ("set_spec", "expected"),
    [
        ("policies", lambda c: [r for r in c["published"] if isinstance(r, Policy)]),
        ("region:africa", lambda c: [r for r in c["published"] if isinstance(r, CaseStudy)]),
        (
            "oer:latin-america-caribbean",
            lambda c: [r for r in c["published"] if isinstance(r, Resource)],
        ),
    ],
)
def test_a_set_harvest_receives_exactly_the_records_of_that_set(
    collection, harvester, set_spec, expected
):
    headers = harvester.ListIdentifiers(metadataPrefix="oai_dc", set=set_spec, ignore_deleted=True)
    received = [header.identifier for header in headers]
    assert sorted(received) == sorted(oai_id(r) for r in expected(collection))
    assert all(
        set_spec in h.setSpecs
        for h in harvester.ListIdentifiers(metadataPrefix="oai_dc", set=set_spec)
    )


def test_from_and_until_select_by_last_change_in_utc_inclusive_bounds(collection, harvester):
    early, middle, late = collection["published"][:3]
    moments = {
        early: dt.datetime(2024, 3, 1, 23, 59, 59, 900000, tzinfo=dt.UTC),
        middle: dt.datetime(2024, 3, 2, 12, 0, 0, 500000, tzinfo=dt.UTC),
        late: dt.datetime(2024, 3, 3, 0, 0, 0, tzinfo=dt.UTC),
    }
    for record, moment in moments.items():
        type(record).objects.filter(pk=record.pk).update(updated_at=moment)

    def harvest(**bounds):
        headers = harvester.ListIdentifiers(metadataPrefix="oai_dc", **bounds)
        return {header.identifier for header in headers}

    assert harvest(**{"from": "2024-03-02", "until": "2024-03-02"}) == {oai_id(middle)}
    assert harvest(until="2024-03-02T12:00:00Z") == {oai_id(early), oai_id(middle)}
    assert harvest(**{"from": "2024-03-01T23:59:59Z", "until": "2024-03-03T00:00:00Z"}) == {
        oai_id(early),
        oai_id(middle),
        oai_id(late),
    }
    datestamps = {
        h.identifier: h.datestamp
        for h in harvester.ListIdentifiers(metadataPrefix="oai_dc", until="2024-03-03")
    }
    assert datestamps[oai_id(early)] == "2024-03-01T23:59:59Z"


def test_identify_describes_the_repository_and_its_deleted_record_policy(collection, harvester):
    for record in collection["published"]:
        type(record).objects.filter(pk=record.pk).update(
            updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        )
    first = collection["published"][4]
    type(first).objects.filter(pk=first.pk).update(
        updated_at=dt.datetime(2023, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    )
    identify = harvester.Identify()
    assert identify.protocolVersion == "2.0"
    assert identify.baseURL == harvester.endpoint
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.deletedRecord == "transient"
    assert identify.earliestDatestamp == "2023-05-06T07:08:09Z"


def test_list_sets_offers_kinds_regions_and_kinds_within_regions(transactional_db, harvester):
    specs = {s.setSpec: s.setName for s in harvester.ListSets()}
    assert {"practices", "policies", "oer", "region", "region:africa"} <= set(specs)
    assert specs["policies:arab-states"] == "Policies: Arab States"
    assert len(specs) == 3 + 1 + 5 + 15


def test_list_metadata_formats_offers_oai_dc(transactional_db, harvester):
    formats = list(harvester.ListMetadataFormats())
    assert [f.metadataPrefix for f in formats] == ["oai_dc"]
    assert formats[0].metadataNamespace == "http://www.openarchives.org/OAI/2.0/oai_dc/"


def test_get_record_carries_dublin_core_of_an_oer_listing(transactional_db, harvester):
    policy = PolicyFactory(slug="national-oer-policy")
    resource = ResourceFactory(
        title="Open physics <textbook>",
        countries=["KE"],
        licence="CC-BY-SA-4.0",
        url="https://oer.example.org/physics",
        tags=["physics", "secondary"],
        subjects=["physics"],
        languages=["en", "sw"],
    )
    resource.related_policies.add(policy)
    metadata = harvester.GetRecord(identifier=oai_id(resource), metadataPrefix="oai_dc").metadata
    assert metadata["title"] == ["Open physics <textbook>"]
    assert metadata["creator"] == ["OpenStax"]
    assert set(metadata["subject"]) == {"physics", "secondary"}
    assert metadata["rights"] == ["https://creativecommons.org/licenses/by-sa/4.0/"]
    assert metadata["language"] == ["en", "sw"]
    assert metadata["coverage"] == ["Kenya", "Africa"]
    assert metadata["identifier"] == [
        f"{harvester.endpoint.removesuffix('/oai/')}/en/oer/{resource.slug}/",
        "https://oer.example.org/physics",
    ]
    assert metadata["relation"] == [
        f"{harvester.endpoint.removesuffix('/oai/')}/en/policies/national-oer-policy/"
    ]


def test_policy_relations_name_only_published_policies(transactional_db, harvester):
    draft = PolicyFactory(status=Status.DRAFT, published_at=None)
    earlier = PolicyFactory()
    policy = PolicyFactory(amends=earlier, replaces=draft, themes=["teachers"])
    metadata = harvester.GetRecord(identifier=oai_id(policy), metadataPrefix="oai_dc").metadata
    assert metadata["relation"] == [
        f"{harvester.endpoint.removesuffix('/oai/')}/en/policies/{earlier.slug}/"
    ]
    assert "Teachers" in metadata["subject"]
    assert metadata["type"] == ["Text", "Policy"]


def test_sickle_raises_the_protocols_errors_on_bad_harvests(collection, harvester):
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        harvester.ListRecords(metadataPrefix="marc21")
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "2099-01-01"})
    with pytest.raises(oaiexceptions.BadResumptionToken):
        harvester.ListRecords(resumptionToken="not-a-token")


# --- bad requests, through Django's test client (no HTTP server needed) ---


def oai_error(client, query, method="get"):
    response = (
        getattr(client, method)("/oai/", query)
        if isinstance(query, dict)
        else client.get("/oai/?" + query)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    error = root.find("oai:error", NS)
    return error.get("code") if error is not None else None, root.find("oai:request", NS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Harvest", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=", "badArgument"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01T10:00:00", "badArgument"),
        (
            "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01&until=2020-02-01T00:00:00Z",
            "badArgument",
        ),
        (
            "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01",
            "badArgument",
        ),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=nowhere", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2099-01-01", "noRecordsMatch"),
        ("verb=ListIdentifiers&resumptionToken=garbage", "badResumptionToken"),
        ("verb=ListIdentifiers&resumptionToken=garbage&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
        ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
        (
            "verb=GetRecord&identifier=oai:testserver:policies/missing&metadataPrefix=oai_dc",
            "idDoesNotExist",
        ),
        (
            "verb=GetRecord&identifier=oai:testserver:policies/policy-x&metadataPrefix=mods",
            "cannotDisseminateFormat",
        ),
        (
            "verb=GetRecord&identifier=oai:elsewhere.org:policies/x&metadataPrefix=oai_dc",
            "idDoesNotExist",
        ),
        ("verb=ListMetadataFormats&identifier=oai:testserver:nothing/x", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:testserver:%00%0b", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:testserver:policies/%00", "idDoesNotExist"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&until=9999-12-31", None),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&until=20-01-01", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=0001-01-01T00:00:00Z", None),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01&until=9999-12-31", None),
    ],
)
def test_bad_requests_get_the_protocols_error_code(client, query, code):
    PolicyFactory()
    assert oai_error(client, query)[0] == code


@pytest.mark.django_db
def test_bad_verb_and_bad_argument_answers_repeat_no_request_attributes(client):
    _, request = oai_error(client, "verb=ListRecords&metadataPrefix=oai_dc&bogus=1")
    assert request.attrib == {}
    assert request.text == "http://testserver/oai/"
    _, request = oai_error(client, "verb=ListRecords&metadataPrefix=marc21")
    assert request.attrib == {"verb": "ListRecords", "metadataPrefix": "marc21"}


@pytest.mark.django_db
def test_a_resumption_token_cannot_be_altered_reused_for_another_verb_or_kept_too_long(
    client, settings, monkeypatch
):
    settings.OAI_PAGE_SIZE = 2
    PolicyFactory.create_batch(3)
    response = client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    token = etree.fromstring(response.content).find(".//oai:resumptionToken", NS).text
    assert oai_error(client, {"verb": "ListIdentifiers", "resumptionToken": token})[0] is None
    assert oai_error(client, {"verb": "ListRecords", "resumptionToken": token})[0] == (
        "badResumptionToken"
    )
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert oai_error(client, {"verb": "ListIdentifiers", "resumptionToken": tampered})[0] == (
        "badResumptionToken"
    )
    later = time.time() + settings.OAI_TOKEN_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert oai_error(client, {"verb": "ListIdentifiers", "resumptionToken": token})[0] == (
        "badResumptionToken"
    )


@pytest.mark.django_db
def test_records_with_control_characters_still_give_well_formed_xml(client):
    PolicyFactory(summary="Bell\x07 and vertical tab\x0b inside", title="A & B <policy>")
    response = client.post("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    root = etree.fromstring(response.content)
    assert root.findtext(".//dc:description", namespaces=NS) == "Bell and vertical tab inside"
    assert root.findtext(".//dc:title", namespaces=NS) == "A & B <policy>"


@pytest.mark.django_db
def test_other_http_methods_are_refused(client):
    assert client.put("/oai/?verb=Identify").status_code == 405


@pytest.mark.django_db
def test_list_records_query_count_does_not_grow_with_page_size(
    client, settings, django_assert_num_queries
):
    # 5 case studies, 5 policies, 20 OER, with relations: a page of 12 and a page of 100
    # both reach all three kinds. Per kind: the records (policies join their related
    # policies in the same query), then prefetches: case studies 2 (related policies, OER),
    # OER 1 (related policies); then one count per kind for completeListSize: 3+1+2+3 = 9.
    policy = PolicyFactory()
    for case in CaseStudyFactory.create_batch(5, tags=["ai"]):
        case.related_policies.add(policy)
    PolicyFactory.create_batch(4, amends=policy)
    for resource in ResourceFactory.create_batch(20):
        resource.related_policies.add(policy)
    for page_size, shown in ((12, 12), (100, 30)):
        settings.OAI_PAGE_SIZE = page_size
        with django_assert_num_queries(9):
            response = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
        assert len(etree.fromstring(response.content).findall(".//oai:record", NS)) == shown
