"""The statistics page, its CSV downloads, the coverage map and the policy timeline:
numbers equal to counts made here independently, valid SVG, translated and mirrored."""

import csv
import gzip
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.template import Context, Template
from django.utils import translation

from iite_portal.stats import CHARTS
from iite_portal.vocab import region_for
from policies.models import Policy

from .factories import CaseStudyFactory, PolicyFactory, ResourceFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def records():
    policies = [
        PolicyFactory(countries=["KE"], adopted_year=2006, document_type="policy"),
        PolicyFactory(countries=["KE", "UG"], adopted_year=2016, legal_status="expired"),
        PolicyFactory(countries=["FR"], adopted_year=2016, document_type="law"),
        PolicyFactory(countries=["JO", "FR"], adopted_year=2019, document_type="strategy"),
        PolicyFactory(countries=["BR"], adopted_year=None, legal_status="draft"),
        PolicyFactory(countries=["SG"], adopted_year=2021, document_type="plan"),
    ]
    studies = [
        CaseStudyFactory(target_groups=["girls_women", "rural"], levels=["1", "2"]),
        CaseStudyFactory(target_groups=["rural"], levels=["nonformal"]),
        CaseStudyFactory(target_groups=[], levels=["1"]),
    ]
    resources = [
        ResourceFactory(licence="CC-BY-4.0", languages=["en", "fr"]),
        ResourceFactory(licence="CC-BY-SA-3.0-IGO", languages=["ar"]),
        ResourceFactory(licence="CC-BY-4.0", languages=["en"]),
    ]
    # Unpublished records count nowhere.
    PolicyFactory(
        status="draft", published_at=None, countries=["KE"], adopted_year=2016, document_type="law"
    )
    CaseStudyFactory(status="review", published_at=None, target_groups=["rural"])
    ResourceFactory(status="withdrawn", published_at=None, languages=["en"])
    return {"policies": policies, "studies": studies, "resources": resources}


def expected_counts(records):
    """The counts, made in Python from the published records created above."""
    p, s, r = records["policies"], records["studies"], records["resources"]

    def each(rows, values):
        return Counter(value for row in rows for value in values(row))

    return {
        "policies-by-region": each(p, lambda x: {region_for(c) for c in x.countries}),
        "policies-by-year": Counter(x.adopted_year for x in p if x.adopted_year),
        "policies-by-type": Counter(x.document_type for x in p),
        "policies-by-legal-status": Counter(x.legal_status for x in p),
        "case-studies-by-target-group": each(s, lambda x: x.target_groups),
        "case-studies-by-level": each(s, lambda x: x.levels),
        "oer-by-licence": Counter(x.licence for x in r),
        "oer-by-language": each(r, lambda x: x.languages),
    }


def svgs_in(html: str) -> list[ET.Element]:
    """The charts of a page (not the legends' decorative swatches)."""
    found = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    svgs = [ET.fromstring(svg) for svg in found]  # noqa: S314 (our own pages)
    return [svg for svg in svgs if svg.get("aria-hidden") != "true"]


def read_csv(response) -> dict:
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return {code: int(n) for code, _label, n in rows[1:]}


@pytest.mark.django_db
def test_every_chart_counts_only_published_records_and_equals_an_independent_count(client, records):
    expected = expected_counts(records)
    for chart in CHARTS:
        response = client.get(f"/en/stats/{chart.slug}.csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        got = {code: n for code, n in read_csv(response).items() if n}
        want = {str(k): n for k, n in expected[chart.slug].items()}
        assert got == want, chart.slug


@pytest.mark.django_db
def test_the_year_chart_fills_the_years_without_policies_with_zero(client, records):
    counts = read_csv(client.get("/en/stats/policies-by-year.csv"))
    assert list(counts) == [str(year) for year in range(2006, 2022)]
    assert counts["2010"] == 0 and counts["2016"] == 2


@pytest.mark.django_db
def test_the_page_shows_each_number_in_a_table_beside_its_chart(client, records):
    html = client.get("/en/stats/").content.decode()
    expected = expected_counts(records)
    for chart in CHARTS:
        section = html.split(f'id="{chart.slug}-heading"')[1].split("</section>")[0]
        assert "<svg" in section and "<table" in section
        assert f'href="/en/stats/{chart.slug}.csv"' in section
        for _key, n in expected[chart.slug].items():
            assert f"<td>{n}</td>" in section
    assert "Large Language" not in html  # no stray vocabulary
    assert "Girls and women</th><td>1</td>" in html
    assert "Rural learners</th><td>2</td>" in html


@pytest.mark.django_db
def test_every_chart_is_valid_svg_with_a_title_and_description_named_for_assistive_tech(
    client, records
):
    html = client.get("/en/stats/").content.decode()
    svgs = svgs_in(html)
    assert len(svgs) == len(CHARTS)
    for svg in svgs:
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text.strip()
        assert desc is not None and desc.text.strip()
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        assert svg.get("style") is None and not svg.findall(".//*[@style]")
    assert "<script" not in html and "style=" not in html


@pytest.mark.django_db
def test_the_stats_page_needs_the_same_number_of_queries_whatever_the_data(
    client, django_assert_num_queries
):
    # One aggregate query per chart and the content generation (ETag), nothing else (no
    # session for anonymous visitors).
    with django_assert_num_queries(len(CHARTS) + 1):
        client.get("/en/stats/")
    PolicyFactory.create_batch(5, countries=["KE", "UG"])
    ResourceFactory.create_batch(5, languages=["en", "fr", "es"])
    with django_assert_num_queries(len(CHARTS) + 1):
        client.get("/en/stats/")


@pytest.mark.django_db
def test_an_empty_portal_shows_a_sentence_instead_of_charts(client):
    html = client.get("/en/stats/").content.decode()
    assert html.count("Nothing published yet.") == len(CHARTS)


@pytest.mark.django_db
def test_unknown_chart_csv_is_404(client):
    assert client.get("/en/stats/no-such-chart.csv").status_code == 404


@pytest.mark.django_db
def test_labels_follow_the_page_language(client, records):
    french = client.get("/fr/stats/oer-by-language.csv").content.decode()
    assert "anglais" in french.lower() and "arabe" in french.lower()
    chinese = client.get("/zh-hans/stats/").content.decode()
    assert "英语" in chinese


def bars(svg):
    rects = svg.findall(f"{SVG}rect")
    labels = [t for t in svg.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    return rects, labels


@pytest.mark.django_db
def test_right_to_left_pages_mirror_the_bars(client, records):
    ltr = svgs_in(client.get("/en/stats/").content.decode())[0]
    rtl = svgs_in(client.get("/ar/stats/").content.decode())[0]
    assert ltr.get("direction") == "ltr" and rtl.get("direction") == "rtl"
    width = float(ltr.get("width"))
    ltr_rects, ltr_labels = bars(ltr)
    rtl_rects, rtl_labels = bars(rtl)
    # Left to right: bars start together, right of their labels.
    assert len({float(r.get("x")) for r in ltr_rects}) == 1
    assert float(ltr_labels[0].get("x")) < float(ltr_rects[0].get("x"))
    # Right to left: the mirror image.
    ends = {round(float(r.get("x")) + float(r.get("width")), 1) for r in rtl_rects}
    assert len(ends) == 1
    assert float(rtl_labels[0].get("x")) > ends.pop()
    for a, b in zip(ltr_rects, rtl_rects, strict=True):
        mirrored = width - float(a.get("x")) - float(a.get("width"))
        assert float(b.get("x")) == pytest.approx(mirrored, abs=0.2)


@pytest.mark.django_db
def test_right_to_left_year_chart_runs_from_right_to_left(client, records):
    def year_positions(lang):
        svg = svgs_in(client.get(f"/{lang}/stats/").content.decode())[1]
        labels = [t for t in svg.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
        return [(int(t.text), float(t.get("x"))) for t in labels]

    ltr, rtl = year_positions("en"), year_positions("ar")
    assert [x for _, x in ltr] == sorted(x for _, x in ltr)
    assert [x for _, x in rtl] == sorted((x for _, x in rtl), reverse=True)


@pytest.mark.django_db
def test_the_stats_page_stays_small(client, records):
    html = client.get("/en/stats/").content
    assert len(gzip.compress(html)) < 60 * 1024


# --- the coverage map ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_map_shades_countries_by_published_policies_in_force_and_links_each(client, records):
    response = client.get("/en/stats/map/")
    assert response.status_code == 200
    html = response.content.decode()
    (svg,) = svgs_in(html)
    assert svg.find(f"{SVG}title").text.strip() and svg.find(f"{SVG}desc").text.strip()
    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert len(links) > 200
    # In force and published: KE once (its other policy expired), FR twice, JO, SG once.
    counts = {"KE": 1, "UG": 0, "FR": 2, "JO": 1, "SG": 1, "BR": 0}
    for code, n in counts.items():
        link = links[f"/en/countries/{code}/"]
        assert link.find(f"{SVG}title").text.endswith(
            f": {n} {'policy' if n == 1 else 'policies'} in force"
        )
    kenya, uganda = links["/en/countries/KE/"], links["/en/countries/UG/"]
    assert kenya.find(f"{SVG}path").get("fill") != uganda.find(f"{SVG}path").get("fill")
    assert links["/en/countries/SG/"].find(f"{SVG}circle") is not None  # too small to see
    table = html.split('id="coverage-table"')[1]
    rows = re.findall(r'<a href="/en/countries/(\w\w)/">[^<]+</a></th><td>(\d+)</td>', table)
    assert dict(rows) == {code: str(n) for code, n in counts.items() if n}


@pytest.mark.django_db
def test_map_country_names_follow_the_page_language(client, records):
    html = client.get("/fr/stats/map/").content.decode()
    assert "Allemagne" in html and 'href="/fr/countries/FR/"' in html


@pytest.mark.django_db
def test_the_map_page_stays_under_150_kb_compressed(client, records):
    html = client.get("/en/stats/map/").content
    assert len(gzip.compress(html)) < 150 * 1024


# --- the policy timeline of a country page --------------------------------------------


def render_timeline(code, **context):
    template = Template("{% load insight %}{% policy_timeline code this_year=2024 %}")
    return template.render(Context({"code": code, **context}))


@pytest.mark.django_db
def test_policy_timeline_draws_a_bar_per_published_dated_policy_of_the_country():
    PolicyFactory(countries=["KE"], start_year=2006, end_year=2010, adopted_year=2006)
    PolicyFactory(countries=["KE"], start_year=2019, end_year=None, adopted_year=2019)
    PolicyFactory(countries=["KE"], start_year=None, end_year=None, adopted_year=None)
    PolicyFactory(countries=["UG"], start_year=2015, end_year=2020)
    PolicyFactory(
        status="draft", published_at=None, countries=["KE"], start_year=2000, end_year=2001
    )
    html = render_timeline("KE")
    (svg,) = svgs_in(html)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    assert len(svg.findall(f"{SVG}rect")) == 2
    years = [int(t.text) for t in svg.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert 2006 <= years[0] <= 2010 and 2020 <= years[-1] <= 2024  # round years on the axis
    assert "<td>2006–2010</td>" in html
    assert "<td>2019–</td>" in html  # open-ended: drawn until this year
    assert html.count("<tr>") == 3  # head + two policies
    assert "One more policy has no known year." in html


@pytest.mark.django_db
def test_policy_timeline_accepts_a_queryset_and_mirrors_in_right_to_left():
    PolicyFactory(countries=["JO"], start_year=2010, end_year=2012)
    PolicyFactory(countries=["JO"], start_year=2020, end_year=2022)
    with translation.override("ar"):
        template = Template("{% load insight %}{% policy_timeline policies %}")
        (svg,) = svgs_in(template.render(Context({"policies": Policy.objects.all()})))
    first, second = svg.findall(f"{SVG}rect")
    assert float(first.get("x")) > float(second.get("x"))  # the earlier is further right


@pytest.mark.django_db
def test_policy_timeline_renders_nothing_for_a_country_without_policies():
    assert render_timeline("NO").strip() == ""


@pytest.mark.django_db
def test_policy_timeline_draws_only_the_most_recent_policies_of_a_country_with_many(
    django_assert_num_queries,
):
    """At scale a country has thousands of policies: the chart (and its table) keeps the
    TIMELINE_CHART_LIMIT most recent, says how many have a year, in one query."""
    from iite_portal.templatetags.insight import TIMELINE_CHART_LIMIT

    for year in range(1960, 1960 + TIMELINE_CHART_LIMIT + 10):
        PolicyFactory(countries=["KE"], title=f"Plan {year}", start_year=year, end_year=year)
    PolicyFactory(countries=["KE"], start_year=None, end_year=None, adopted_year=None)
    with django_assert_num_queries(1):
        html = render_timeline("KE")
    (svg,) = svgs_in(html)
    assert len(svg.findall(f"{SVG}rect")) == TIMELINE_CHART_LIMIT
    assert "Plan 1969" not in html and "Plan 1970" in html and "Plan 1999" in html
    assert f"Drawn: the {TIMELINE_CHART_LIMIT} most recent. Policies with a known year: 40." in html
    assert "One more policy has no known year." in html
