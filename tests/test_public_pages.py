"""Detail, country, region, tag, home and search pages, as a visitor sees them."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from iite_portal.models import Status
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory, editor

pytestmark = pytest.mark.django_db

FACTORIES = [PolicyFactory, CaseStudyFactory, ResourceFactory]


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- unpublished records ---


@pytest.mark.parametrize("factory", FACTORIES)
@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
def test_unpublished_records_are_not_found_by_the_public_and_previewed_by_staff(
    client, factory, status
):
    record = factory(status=status, published_at=None if status != Status.WITHDRAWN else None)
    assert client.get(record.get_absolute_url()).status_code == 404
    list_html = html_of(client, reverse(f"{record._meta.app_label}:list"))
    assert record.get_absolute_url() not in list_html

    client.force_login(editor())
    html = html_of(client, record.get_absolute_url())
    assert "Preview — not published." in html
    assert f"This record is “{record.get_status_display()}”" in html


@pytest.mark.parametrize("factory", FACTORIES)
def test_published_records_have_no_preview_banner(client, factory):
    record = factory()
    client.force_login(editor())
    assert "Preview — not published" not in html_of(client, record.get_absolute_url())


def test_unpublished_linked_records_are_not_shown_on_a_detail_page(client):
    policy = PolicyFactory()
    shown = CaseStudyFactory(title="Published practice")
    hidden = CaseStudyFactory(title="Draft practice", status=Status.DRAFT, published_at=None)
    shown.related_policies.add(policy)
    hidden.related_policies.add(policy)
    html = html_of(client, policy.get_absolute_url())
    assert "Published practice" in html
    assert "Draft practice" not in html


# --- detail pages ---


def test_policy_detail_shows_every_field_in_its_sections(client):
    earlier = PolicyFactory(title="The 2010 master plan")
    policy = PolicyFactory(
        title="National ICT in Education Policy",
        original_title="Sera ya TEHAMA katika Elimu",
        summary="How Kenya brings computers into schools.",
        countries=["KE"],
        issuing_body="Ministry of Education, Science and Technology",
        document_type="policy",
        legal_status="in_force",
        adopted_on=datetime.date(2021, 3, 4),
        adopted_year=2021,
        start_year=2021,
        end_year=2030,
        doc_languages=["en", "sw"],
        themes=["teachers", "ai"],
        levels=["1", "2"],
        official_url="https://education.go.ke/ict-policy",
        replaces=earlier,
        last_verified=datetime.date(2025, 1, 15),
        source="Ministry website",
        tags=["Devices", "Teacher training"],
    )
    policy.document.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    policy.document_size = 1_572_864
    policy.save()
    html = html_of(client, policy.get_absolute_url())
    for text in [
        "<h1",
        "National ICT in Education Policy",
        "Sera ya TEHAMA katika Elimu",
        "How Kenya brings computers into schools.",
        "Ministry of Education, Science and Technology",
        "Policy",
        "In force",
        '<time datetime="2021-03-04">',
        "2021–2030",
        "Swahili",
        "AI in education",
        "Primary education",
        "https://education.go.ke/ict-policy",
        "The 2010 master plan",
        "Ministry website",
        '<time datetime="2025-01-15">',
        "1.5\xa0MB",  # filesizeformat
    ]:
        assert text in html, text
    list_url = reverse("policies:list")
    assert f'href="{list_url}?country=KE">Kenya</a>' in html
    assert f'href="{list_url}?tag=teacher-training">Teacher training</a>' in html
    assert f'href="{list_url}?theme=ai">' in html
    assert 'type="application/pdf"' in html


def test_case_study_detail_renders_its_narrative_sections_as_markdown(client):
    case_study = CaseStudyFactory(
        approach="Teachers received **training** and devices.",
        impact="- more girls enrolled\n- better results",
        lessons="",
        target_groups=["girls_women"],
        learners_reached=12000,
        sources="Evaluation report https://example.org/report.pdf",
        contact="info@example.org",
    )
    html = html_of(client, case_study.get_absolute_url())
    assert "<strong>training</strong>" in html
    assert "<li>more girls enrolled</li>" in html
    assert ">Approach</h2>" in html
    assert ">Evidence of impact</h2>" in html
    assert ">Lessons learned</h2>" not in html  # empty sections are left out
    assert "Girls and women" in html
    assert '<a href="https://example.org/report.pdf" rel="external">Evaluation report</a>' in html


def test_oer_detail_links_the_resource_and_its_licence(client):
    resource = ResourceFactory(
        url="https://oer.example.org/maths", licence="CC-BY-SA-4.0", accessibility=["captions"]
    )
    html = html_of(client, resource.get_absolute_url())
    assert 'href="https://oer.example.org/maths"' in html
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license external"' in html
    assert "Captions" in html


@pytest.mark.parametrize("factory", FACTORIES)
def test_detail_pages_have_breadcrumbs_canonical_url_meta_description_and_print_css(
    client, factory
):
    record = factory(summary="A summary that describes the record for search engines.")
    html = html_of(client, record.get_absolute_url())
    list_url = reverse(f"{record._meta.app_label}:list")
    assert 'aria-label="Breadcrumb"' in html
    assert f'<li><a href="{list_url}">' in html
    assert f'<link rel="canonical" href="http://testserver{record.get_absolute_url()}">' in html
    assert (
        '<meta name="description" content="A summary that describes the record for search '
        'engines.">' in html
    )
    assert 'media="print"' in html


@pytest.mark.parametrize("factory", FACTORIES)
def test_more_like_this_prefers_records_sharing_tags_and_skips_unpublished(client, factory):
    record = factory(tags=["Radio"], countries=["KE"], levels=["1"])
    close = factory(title="Shares a tag", tags=["Radio"], countries=["BR"], levels=["3"])
    factory(title="Shares a level", tags=["Other"], countries=["BR"], levels=["1"])
    factory(title="Shares nothing", tags=["Other"], countries=["BR"], levels=["3"])
    factory(
        title="Unpublished twin",
        tags=["Radio"],
        countries=["KE"],
        status=Status.DRAFT,
        published_at=None,
    )
    response = client.get(record.get_absolute_url())
    titles = [similar.title for similar in response.context["similar"]]
    assert titles == [close.title, "Shares a level"]


def test_policy_detail_links_the_policies_related_to_it(client):
    policy = PolicyFactory(title="Master plan 2020")
    PolicyFactory(title="Amendment of 2022", amends=policy)
    PolicyFactory(title="Action plan", implements=policy)
    html = html_of(client, policy.get_absolute_url())
    assert "Amended by" in html and "Amendment of 2022" in html
    assert "Carried out by" in html and "Action plan" in html


# --- navigation ---


def test_main_navigation_marks_the_current_section(client):
    html = html_of(client, reverse("policies:list"))
    assert f'href="{reverse("policies:list")}" aria-current="page"' in html
    policy = PolicyFactory()
    html = html_of(client, policy.get_absolute_url())
    assert f'href="{reverse("policies:list")}" aria-current="true"' in html


# --- countries, regions, tags ---


def test_countries_are_grouped_by_region_with_counts_and_only_when_they_have_records(client):
    PolicyFactory(countries=["KE"])
    PolicyFactory(countries=["KE", "FR"])
    CaseStudyFactory(countries=["FR"])
    PolicyFactory(countries=["BR"], status=Status.DRAFT, published_at=None)
    response = client.get(reverse("countries"))
    regions = {region["slug"]: region["countries"] for region in response.context["regions"]}
    assert [c["code"] for c in regions["africa"]] == ["KE"]
    assert regions["africa"][0]["counts"]["policies"] == 2
    assert [c["code"] for c in regions["europe-north-america"]] == ["FR"]
    assert regions["europe-north-america"][0]["counts"]["practices"] == 1
    assert regions["latin-america-caribbean"] == []  # only a draft there
    html = response.content.decode()
    assert "Brazil" not in html
    assert f'href="{reverse("country", args=["KE"])}">Kenya</a>' in html


def test_country_page_shows_policies_as_a_timeline_and_the_rest_of_its_region(client):
    PolicyFactory(countries=["KE"], title="Old plan", adopted_year=2006, legal_status="expired")
    PolicyFactory(countries=["KE"], title="New policy", adopted_year=2019)
    CaseStudyFactory(countries=["KE"], title="Kenyan tablets")
    ResourceFactory(countries=[], origin_country="KE", title="Made in Kenya")
    PolicyFactory(countries=["UG"])
    PolicyFactory(countries=["FR"])
    response = client.get(reverse("country", args=["KE"]))
    html = response.content.decode()
    assert [policy.title for policy in response.context["timeline"]] == ["New policy", "Old plan"]
    assert '<time datetime="2006">2006</time>' in html
    assert "Expired" in html
    assert "Kenyan tablets" in html
    assert "Made in Kenya" in html
    assert [other["code"] for other in response.context["neighbours"]] == ["UG"]
    assert f'href="{reverse("country", args=["UG"])}">Uganda</a>' in html
    assert "France" not in html
    assert f'href="{reverse("policies:list")}?country=KE"' in html


def test_country_codes_are_upper_case_and_unknown_ones_are_not_found(client):
    response = client.get(reverse("country", args=["ke"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("country", args=["KE"])
    assert client.get("/en/countries/ZZ/").status_code == 404
    assert client.get("/en/countries/K1/").status_code == 404


def test_region_page_lists_its_countries_and_latest_records(client):
    PolicyFactory(countries=["KE"], title="Kenya policy")
    CaseStudyFactory(countries=["FR"], title="French practice")
    response = client.get(reverse("region", args=["africa"]))
    html = response.content.decode()
    assert "Kenya policy" in html
    assert "French practice" not in html
    assert [c["code"] for c in response.context["countries"]] == ["KE"]
    assert f'href="{reverse("policies:list")}?region=africa"' in html
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_tag_page_gathers_the_three_kinds(client):
    PolicyFactory(title="Tagged policy", tags=["Mobile learning"])
    CaseStudyFactory(title="Tagged practice", tags=["Mobile learning"])
    ResourceFactory(title="Tagged resource", tags=["Mobile learning"])
    ResourceFactory(title="Other resource", tags=["Radio"])
    html = html_of(client, reverse("tag", args=["mobile-learning"]))
    for title in ["Tagged policy", "Tagged practice", "Tagged resource"]:
        assert title in html
    assert "Other resource" not in html
    assert f'href="{reverse("oer:list")}?tag=mobile-learning"' in html
    assert client.get(reverse("tag", args=["no-such-tag"])).status_code == 404


# --- home and search ---


def test_home_page_offers_counts_search_featured_and_latest_practices_regions_and_themes(client):
    PolicyFactory.create_batch(2, tags=["Radio"])
    CaseStudyFactory(title="Featured practice", featured=True)
    CaseStudyFactory(title="Latest practice")
    ResourceFactory()
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["totals"] == {"policies": 2, "practices": 2, "oer": 1}
    assert f'action="{reverse("search")}"' in html
    assert "Featured practice" in html and "Latest practice" in html
    assert f'href="{reverse("region", args=["africa"])}"' in html
    assert f'href="{reverse("tag", args=["radio"])}"' in html


def test_search_finds_records_of_every_kind(client):
    PolicyFactory(title="Radio schools policy")
    CaseStudyFactory(title="Radio lessons in Sierra Leone")
    ResourceFactory(title="Interactive radio instruction guide")
    ResourceFactory(title="Unrelated textbook")
    html = client.get(reverse("search") + "?q=radio").content.decode()
    for title in ("Radio schools policy", "Radio lessons in Sierra Leone", "Interactive radio"):
        assert title in html
    assert "Unrelated textbook" not in html


@pytest.mark.parametrize("q", ["", "   ", "%00", "a" * 5000, "' OR 1=1 --", "\u202e\u0000"])
def test_search_never_fails(client, q):
    assert client.get(reverse("search"), {"q": q}).status_code == 200


def test_not_found_pages_help_the_visitor_on(client):
    response = client.get(reverse("policies:detail", args=["no-such-policy"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert f'action="{reverse("search")}"' in html
