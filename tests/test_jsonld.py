"""schema.org JSON-LD on detail pages: LearningResource for OER, Legislation for policies,
Article for case studies; safe inside <script> whatever a record's text contains."""

import json
import re

import pytest

from iite_portal.models import Status
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db
ISCED = "https://uis.unesco.org/en/topic/international-standard-classification-education-isced"


def jsonld_of(client, record):
    page = client.get(record.get_absolute_url()).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == f"http://testserver{record.get_absolute_url()}"
    return data


def test_oer_pages_describe_a_learning_resource(client):
    resource = ResourceFactory(
        title="Open physics",
        publisher="OpenStax",
        url="https://oer.example.org/physics",
        resource_type="video",
        licence="CC-BY-SA-4.0",
        languages=["en", "fr"],
        accessibility=["captions", "transcripts", "screen_reader"],
        levels=["2", "3"],
        countries=["KE"],
        year=2021,
        tags=["physics"],
        subjects=["mechanics"],
    )
    data = jsonld_of(client, resource)
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Open physics"
    assert data["url"] == "https://oer.example.org/physics"
    assert data["learningResourceType"] == "Video"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["inLanguage"] == ["en", "fr"]
    assert data["accessibilityFeature"] == ["captions", "transcript"]
    assert data["accessibilitySummary"] == "Captions, Transcripts, Screen-reader friendly"
    assert data["publisher"] == {"@type": "Organization", "name": "OpenStax"}
    assert data["datePublished"] == "2021"
    assert data["keywords"] == ["physics"]
    assert data["about"] == ["mechanics"]
    assert data["educationalLevel"] == [
        {
            "@type": "DefinedTerm",
            "termCode": "2",
            "name": "Lower secondary education",
            "inDefinedTermSet": ISCED,
        },
        {
            "@type": "DefinedTerm",
            "termCode": "3",
            "name": "Upper secondary education",
            "inDefinedTermSet": ISCED,
        },
    ]
    assert {"@type": "Country", "name": "Kenya", "identifier": "KE"} in data["spatialCoverage"]
    assert {"@type": "Place", "name": "Africa"} in data["spatialCoverage"]


def test_a_licence_without_a_url_is_named(client):
    data = jsonld_of(client, ResourceFactory(licence="not-open"))
    assert data["license"] == "Not openly licensed (free to read)"


@pytest.mark.parametrize(
    ("legal_status", "force"),
    [
        ("in_force", "https://schema.org/InForce"),
        ("expired", "https://schema.org/NotInForce"),
        ("superseded", "https://schema.org/NotInForce"),
        ("draft", "https://schema.org/NotInForce"),
    ],
)
def test_policy_pages_describe_legislation_and_its_legal_force(client, legal_status, force):
    policy = PolicyFactory(legal_status=legal_status, document_type="law", countries=["SN"])
    data = jsonld_of(client, policy)
    assert data["@type"] == "Legislation"
    assert data["legislationLegalForce"] == force
    assert data["legislationType"] == "Law or act"
    assert data["legislationJurisdiction"] == ["Senegal"]
    assert data["legislationDate"] == "2020"
    assert data["legislationPassedBy"] == {"@type": "Organization", "name": "Ministry of Education"}
    assert data["inLanguage"] == ["en"]


def test_policy_relations_point_to_published_policies_only(client):
    earlier, draft = PolicyFactory(), PolicyFactory(status=Status.DRAFT, published_at=None)
    strategy = PolicyFactory(title="National strategy")
    policy = PolicyFactory(
        amends=earlier,
        replaces=draft,
        implements=strategy,
        jurisdiction="Ontario",
        scope="subnational",
        themes=["teachers", "ai"],
        official_url="https://gov.example.org/policy",
        original_title="Politique numérique",
    )
    data = jsonld_of(client, policy)
    assert data["legislationChanges"] == [
        {
            "@type": "Legislation",
            "name": earlier.title,
            "url": f"http://testserver{earlier.get_absolute_url()}",
        }
    ]
    assert data["isBasedOn"]["name"] == "National strategy"
    assert data["legislationJurisdiction"] == "Ontario"
    assert data["about"] == ["Teachers", "AI in education"]
    assert data["sameAs"] == "https://gov.example.org/policy"
    assert data["alternateName"] == "Politique numérique"


def test_case_study_pages_describe_an_article_about_the_initiative(client):
    case = CaseStudyFactory(
        organisation="Tablet Trust",
        partners="UNICEF, Ministry of Education",
        target_groups=["girls_women", "rural"],
        start_year=2018,
        ongoing=True,
        tags=["tablets"],
        levels=["1"],
        countries=["GH"],
    )
    data = jsonld_of(client, case)
    assert data["@type"] == "Article"
    assert data["author"] == {"@type": "Organization", "name": "Tablet Trust"}
    assert [c["name"] for c in data["contributor"]] == ["UNICEF", "Ministry of Education"]
    assert data["about"] == [
        {"@type": "Thing", "name": "Girls and women"},
        {"@type": "Thing", "name": "Rural learners"},
    ]
    assert data["temporalCoverage"] == "2018/.."
    assert data["dateCreated"] == case.created_at.isoformat()
    assert data["keywords"] == ["tablets"]
    assert data["educationalLevel"][0]["termCode"] == "1"
    assert {"@type": "Country", "name": "Ghana", "identifier": "GH"} in data["spatialCoverage"]


def test_record_text_cannot_close_the_script_block(client):
    title = "</script><script>alert(1)</script><!-- & more"
    policy = PolicyFactory(title=title, summary="</SCRIPT>")
    page = client.get(policy.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert (data["name"], data["description"]) == (title, "</SCRIPT>")
    # The only <script> elements on the page are JSON-LD data blocks, never executable code.
    assert re.findall(r"<script[^>]*>", page, re.I) == ['<script type="application/ld+json">']
