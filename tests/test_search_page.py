"""The /<lang>/search/ page: what a reader sees, whatever they type."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iite_portal.models import Status
from iite_portal.workflow import record_set_tags
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(reverse("search"), params)


@pytest.fixture
def solar():
    """Records about solar power: two policies, a case study, an OER; one draft."""
    a = PolicyFactory(title="Solar schools policy", countries=["KE"], adopted_year=2019)
    b = PolicyFactory(title="Solar energy for education", countries=["FR"], adopted_year=2023)
    c = CaseStudyFactory(title="Solar classrooms", countries=["IN"], start_year=2021)
    d = ResourceFactory(title="Solar power course", countries=["BR"], year=2022)
    PolicyFactory(title="Solar draft", countries=["KE"], status=Status.DRAFT, published_at=None)
    record_set_tags(record=c, names=["Energy access"])
    return a, b, c, d


def test_search_page_shows_matches_of_every_kind_with_a_count_per_kind(client, solar):
    response = get(client, q="solar")
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 records found." in html
    for record in solar:
        assert record.get_absolute_url() in html
    assert "Solar draft" not in html
    assert 'Policies <span class="facet__count">(2)</span>' in html
    assert 'Good practices <span class="facet__count">(1)</span>' in html
    assert 'Open resources <span class="facet__count">(1)</span>' in html


def test_kind_facet_keeps_one_kind_and_still_counts_the_others(client, solar):
    html = get(client, q="solar", kind="policies").content.decode()
    assert "2 records found." in html
    assert solar[2].get_absolute_url() not in html
    assert 'Good practices <span class="facet__count">(1)</span>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KE"}, {0}),
        ({"region": "europe-north-america"}, {1}),
        ({"tag": "energy-access"}, {2}),
        ({"year_from": "2022"}, {1, 3}),
        ({"year_from": "2020", "year_to": "2021"}, {2}),
    ],
)
def test_common_filters_narrow_the_results(client, solar, params, expected):
    html = get(client, q="solar", **params).content.decode()
    shown = {i for i, record in enumerate(solar) if record.get_absolute_url() in html}
    assert shown == expected


def test_invalid_filter_is_reported_and_ignored(client, solar):
    response = get(client, q="solar", year_from="last year", country="XX")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number." in html
    assert "4 records found." in html


def test_results_are_sorted_by_title_on_request(client, solar):
    html = get(client, q="solar", sort="title").content.decode()
    titles = ["Solar classrooms", "Solar energy for education", "Solar power course"]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)


def test_snippet_highlights_the_words_found(client):
    PolicyFactory(title="Plan", document_text="All schools get photovoltaic panels by 2030.")
    html = get(client, q="photovoltaic").content.decode()
    assert "<mark>photovoltaic</mark> panels" in html


def test_a_misspelled_query_gets_a_did_you_mean_link(client, solar):
    html = get(client, q="solra").content.decode()
    assert "0 records found." in html
    assert 'Did you mean <a href="?q=solar">solar</a>?' in html


def test_empty_query_lists_published_records_newest_first(client, solar):
    html = get(client).content.decode()
    assert "4 records found." in html
    assert "Solar draft" not in html


def test_pagination_keeps_the_query_and_filters(client):
    for n in range(23):
        PolicyFactory(title=f"Mobile learning plan {n}")
    html = get(client, q="mobile", kind="policies").content.decode()
    assert "23 records found." in html
    assert 'rel="next" href="?q=mobile&amp;kind=policies&amp;page=2"' in html
    second = get(client, q="mobile", kind="policies", page=2).content.decode()
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("2", 2), ("3", 2), ("99999999999999999999", 2), ("0", 1), ("-3", 1), ("x", 1)],
)
def test_a_page_number_out_of_range_shows_the_nearest_page(client, asked, shown):
    for n in range(23):
        PolicyFactory(title=f"Mobile learning plan {n}")
    for words in ("mobile", ""):  # with words (one query) and without (the paginator)
        response = get(client, q=words, kind="policies", page=asked)
        assert response.status_code == 200
        html = response.content.decode()
        assert "23 records found." in html
        current = f'aria-current="page"><span class="visually-hidden">Page </span>{shown}</a>'
        assert current in html
        assert html.count('<article class="card">') == (3 if shown == 2 else 20)


@pytest.mark.parametrize("size", [3, 23])
def test_query_count_does_not_grow_with_the_page(client, django_assert_num_queries, size):
    for n in range(size):
        PolicyFactory(title=f"Mobile learning {n} plan")  # both kinds on the first page
        CaseStudyFactory(title=f"Mobile learning {n} project")  # in every order
    # 1 plan estimate (EXPLAIN, no rows read) + 1 for the page: each kind's newest matches,
    # counted for the kind facet, ranked and ordered + 1 per kind shown (2) + 1 snippets
    # + 1 content generation
    for sort in ("relevance", "newest", "title"):
        with django_assert_num_queries(6):
            assert get(client, q="mobile", sort=sort).status_code == 200


class StrictParser(HTMLParser):
    """Collects what would make the page invalid: unclosed or stray tags, repeated ids,
    labels for missing fields."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.ids, self.label_targets = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_targets.append(attrs["for"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")

    def check(self, html):
        self.feed(html)
        self.problems += [f"unclosed <{tag}>" for tag in self.stack]
        self.problems += [f"repeated id {i}" for i in set(self.ids) if self.ids.count(i) > 1]
        self.problems += [f"no field #{t}" for t in self.label_targets if t not in self.ids]
        return self.problems


def test_search_page_is_well_formed_html(client, solar):
    html = get(client, q="solar <b>", country="KE", year_from="x").content.decode()
    assert html.startswith("<!doctype html>")
    assert StrictParser().check(html) == []


METACHARACTERS = st.text(alphabet="&|!:*()'\"<>-\\ or", max_size=60)
QUERIES = st.one_of(
    st.text(max_size=300),
    METACHARACTERS,
    st.just(""),
    st.just("\x00"),
    st.text(min_size=1, max_size=4).map(lambda s: (s * 10_000)[:10_240]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=QUERIES, other=st.text(max_size=30))
def test_any_query_gets_a_page_not_an_error(client, solar, q, other):
    response = get(client, q=q, tag=other, year_to=other, sort=other, page=other)
    assert response.status_code == 200
    assert b"records found." in response.content or b"record found." in response.content


@pytest.mark.parametrize("path", ["/en/search/", "/en/policies/", "/en/practices/", "/en/oer/"])
@pytest.mark.parametrize("q", ["-", '""', "- -", "or"])
def test_a_query_with_nothing_searchable_finds_nothing_instead_of_failing(client, path, q):
    PolicyFactory(title="Anything at all")
    response = client.get(path, {"q": q, "sort": "relevance"})
    assert response.status_code == 200
    assert "Anything at all" not in response.content.decode()


def test_the_filter_menus_mark_the_choice_and_keep_their_labels(client):
    html = get(client, q="x", country="KE", sort="newest").content.decode()
    assert '<select name="country" id="id_country">' in html
    assert '<option value="KE" selected>Kenya</option>' in html
    assert '<option value="">All countries</option>' in html
    assert '<option value="newest" selected>Newest</option>' in html
    assert html.count(" selected>") == 4  # with "All kinds" and "All regions", as Django marks them
