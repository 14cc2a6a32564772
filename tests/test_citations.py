"""Cite this record: the citation text with its access date on every detail page, and
BibTeX and RIS downloads of published policies that real parsers read."""

import datetime as dt
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from django.utils import timezone

from iite_portal.models import Status
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory, editor

pytestmark = pytest.mark.django_db


def today_in_words():
    today = timezone.localdate()
    return f"{today.day} {today.strftime('%B')} {today.year}"


@pytest.mark.parametrize(
    ("factory", "creator", "year"),
    [
        (
            lambda: PolicyFactory(issuing_body="Ministry of ICT", adopted_year=2019),
            "Ministry of ICT",
            "2019",
        ),
        (
            lambda: CaseStudyFactory(organisation="Tablet Trust", start_year=2017),
            "Tablet Trust",
            "2017",
        ),
        (lambda: ResourceFactory(publisher="OpenStax", year=2022), "OpenStax", "2022"),
    ],
)
def test_detail_pages_show_a_citation_with_author_year_title_url_and_access_date(
    client, factory, creator, year
):
    record = factory()
    page = client.get(record.get_absolute_url()).content.decode()
    citation = re.search(r'<p class="citation">(.*?)</p>', page, re.S).group(1)
    url = f"http://testserver{record.get_absolute_url()}"
    assert citation.startswith(f"{creator}. ({year}). <cite>{record.title}</cite>.")
    assert citation.endswith(f"Retrieved {today_in_words()}, from {url}")


def test_a_record_without_any_year_is_cited_as_no_date(client):
    case = CaseStudyFactory(status=Status.DRAFT, published_at=None, start_year=None)
    client.force_login(editor())  # staff preview a draft, which has no year yet
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"Ministry of Education. (n.d.). <cite>{case.title}</cite>." in page


def test_policy_pages_link_bibtex_and_ris_downloads_and_other_kinds_do_not(client):
    policy, resource = PolicyFactory(), ResourceFactory()
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f'href="/en/policies/{policy.slug}/cite.bib"' in page
    assert f'href="/en/policies/{policy.slug}/cite.ris"' in page
    assert "cite.bib" not in client.get(resource.get_absolute_url()).content.decode()


SPECIALS = "ICT & AI: 100% {digital} #1 plan_2030 for $0 ~ \\ Éducation numérique"


def test_bibtex_download_parses_and_round_trips_special_characters(client):
    policy = PolicyFactory(
        title=SPECIALS,
        issuing_body="Ministère de l'Éducation & de la Jeunesse",
        adopted_on=dt.date(2021, 3, 15),
        adopted_year=2021,
        tags=["AI", "teachers"],
        countries=["FR", "SN"],
    )
    response = client.get(f"/en/policies/{policy.slug}/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{policy.slug}.bib"'
    text = response.content.decode("utf-8")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("misc", policy.slug)
    assert entry["title"] == SPECIALS
    assert entry["author"] == "Ministère de l'Éducation & de la Jeunesse"
    assert (entry["year"], entry["date"]) == ("2021", "2021-03-15")
    assert entry["keywords"] == "AI, teachers"
    assert entry["note"] == "France; Senegal"
    assert entry["url"] == f"http://testserver/en/policies/{policy.slug}/"
    assert entry["urldate"] == timezone.localdate().isoformat()


def test_bibtex_escapes_every_latex_special_character():
    from iite_portal.citations import bibtex_escape

    assert bibtex_escape("a&b%c$d#e_f{g}h~i^j\\k\n l") == (
        r"a\&b\%c\$d\#e\_f\{g\}h\textasciitilde{}i\textasciicircum{}j\textbackslash{}k l"
    )


def test_ris_download_has_correct_lines_and_parses(client):
    policy = PolicyFactory(
        title="Digital education\nstrategy 2030",
        document_type="law",
        adopted_on=dt.date(2020, 1, 2),
        adopted_year=2020,
        doc_languages=["fr", "ar"],
        tags=["AI", "teachers"],
        original_title="Stratégie du numérique éducatif",
    )
    response = client.get(f"/en/policies/{policy.slug}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{policy.slug}.ris"'
    text = response.content.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "TY  - STAT"
    assert lines[-2:] == ["ER  - ", ""]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    [entry] = rispy.loads(text)
    assert entry["title"] == "Digital education strategy 2030"
    assert entry["authors"] == ["Ministry of Education"]
    assert entry["keywords"] == ["AI", "teachers"]
    assert entry["date"] == "2020/01/02/"
    assert entry["urls"] == [f"http://testserver/en/policies/{policy.slug}/"]
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d")
    assert "LA  - French\r\nLA  - Arabic\r\n" in text
    assert "N1  - Stratégie du numérique éducatif\r\n" in text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
@pytest.mark.parametrize("suffix", ["cite.bib", "cite.ris"])
def test_citation_downloads_of_unpublished_policies_are_not_found(client, status, suffix):
    policy = PolicyFactory(status=status, published_at=timezone.now())
    client.force_login(editor())  # even staff: a citation points to a public page
    assert client.get(f"/en/policies/{policy.slug}/{suffix}").status_code == 404
