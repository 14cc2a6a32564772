"""The filters of the three list pages: each filter, combinations, facet counts that tell
the truth, chips, and bad input that never breaks a page."""

import itertools
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from iite_portal.models import Status
from oer.filters import ResourceFilterSet
from policies.filters import PolicyFilterSet
from policies.models import Policy
from practices.filters import CaseStudyFilterSet
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    return [record.slug for record in response.context["object_list"]]


def run(filterset_class, query: str):
    model = filterset_class._meta.model
    return filterset_class(QueryDict(query), queryset=model.objects.published())


@pytest.fixture
def policies():
    return {
        "ke": PolicyFactory(
            slug="ke",
            title="Kenya digital literacy programme",
            countries=["KE"],
            document_type="strategy",
            legal_status="in_force",
            adopted_year=2016,
            themes=["teachers", "infrastructure"],
            levels=["1", "2"],
            doc_languages=["en", "sw"],
            tags=["Teacher training", "Devices"],
        ),
        "fr": PolicyFactory(
            slug="fr",
            title="Stratégie du numérique pour l'éducation",
            countries=["FR"],
            document_type="strategy",
            legal_status="expired",
            adopted_year=2008,
            themes=["resources"],
            levels=["3"],
            doc_languages=["fr"],
            tags=["Teacher training"],
        ),
        "ug": PolicyFactory(
            slug="ug",
            title="Uganda ICT in education policy",
            countries=["UG", "KE"],
            document_type="policy",
            legal_status="draft",
            adopted_year=2021,
            themes=["teachers"],
            levels=["1"],
            doc_languages=["en"],
            tags=["Devices"],
        ),
        "draft": PolicyFactory(
            slug="draft",
            countries=["KE"],
            status=Status.DRAFT,
            published_at=None,
            tags=["Devices"],
        ),
    }


def test_policy_list_shows_published_policies_only(client, policies):
    response = client.get(reverse("policies:list"))
    assert response.status_code == 200
    assert sorted(slugs(response)) == ["fr", "ke", "ug"]
    assert reverse("policies:detail", args=["draft"]) not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=KE", ["ke", "ug"]),
        ("country=ke", ["ke", "ug"]),  # codes in any case
        ("country=FR&country=UG", ["fr", "ug"]),  # repeatable: any of
        ("region=europe-north-america", ["fr"]),
        ("region=africa", ["ke", "ug"]),
        ("tag=teacher-training", ["fr", "ke"]),
        ("tag=teacher-training&tag=devices", ["ke"]),  # repeatable: all of
        ("year_from=2010", ["ke", "ug"]),
        ("year_to=2016", ["fr", "ke"]),
        ("year_from=2010&year_to=2020", ["ke"]),
        ("document_type=policy", ["ug"]),
        ("document_type=policy&document_type=strategy", ["fr", "ke", "ug"]),
        ("legal_status=in_force&legal_status=expired", ["fr", "ke"]),
        ("language=sw", ["ke"]),
        ("theme=teachers", ["ke", "ug"]),
        ("theme=resources&theme=infrastructure", ["fr", "ke"]),
        ("level=3", ["fr"]),
        ("q=uganda", ["ug"]),
        ("q=digital programme", ["ke"]),  # every word must match
        ("q=devices", ["ke", "ug"]),  # tags are searched too
        ("country=KE&theme=teachers&legal_status=draft", ["ug"]),
        ("region=africa&tag=devices&year_to=2018", ["ke"]),
        ("country=FR&document_type=policy", []),
    ],
)
def test_each_policy_filter_and_combinations_select_the_right_records(
    client, policies, query, expected
):
    response = client.get(reverse("policies:list") + "?" + query)
    assert response.status_code == 200
    assert sorted(slugs(response)) == expected


def test_case_study_filters_select_the_right_records(client):
    CaseStudyFactory(
        slug="a",
        levels=["1"],
        target_groups=["girls_women", "rural"],
        connectivity="offline",
        organisation_type="ngo",
        start_year=2012,
    )
    CaseStudyFactory(
        slug="b",
        levels=["3"],
        target_groups=["teachers"],
        connectivity="online",
        organisation_type="government",
        start_year=2019,
    )
    url = reverse("practices:list")
    cases = {
        "level=1": ["a"],
        "target_group=teachers&target_group=rural": ["a", "b"],
        "connectivity=online": ["b"],
        "organisation_type=ngo": ["a"],
        "year_from=2015": ["b"],
        "level=3&connectivity=offline": [],
    }
    for query, expected in cases.items():
        assert sorted(slugs(client.get(f"{url}?{query}"))) == expected, query


def test_oer_filters_select_the_right_records(client):
    ResourceFactory(
        slug="a",
        licence="CC-BY-4.0",
        resource_type="video",
        levels=["2"],
        languages=["es"],
        accessibility=["captions"],
        offline=True,
        year=2015,
    )
    ResourceFactory(
        slug="b",
        licence="CC0-1.0",
        resource_type="textbook",
        levels=["1"],
        languages=["en", "fr"],
        accessibility=[],
        offline=False,
        year=2022,
        origin_country="FR",
        countries=[],
    )
    url = reverse("oer:list")
    cases = {
        "licence=CC0-1.0": ["b"],
        "resource_type=video": ["a"],
        "level=1&level=2": ["a", "b"],
        "language=fr": ["b"],
        "accessibility=captions": ["a"],
        "offline=true": ["a"],
        "offline=false": ["a", "b"],  # an unticked box filters nothing
        "country=FR": ["b"],  # the country of origin counts as a country
        "year_to=2020&licence=CC-BY-4.0": ["a"],
    }
    for query, expected in cases.items():
        assert sorted(slugs(client.get(f"{url}?{query}"))) == expected, query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=title", ["ke", "fr", "ug"]),
        ("sort=year", ["ug", "ke", "fr"]),
        ("sort=year_asc", ["fr", "ke", "ug"]),
        ("sort=newest", ["ug", "fr", "ke"]),  # the latest created is published last
        ("sort=relevance", ["ug", "fr", "ke"]),  # without words: newest first
    ],
)
def test_sort_orders_the_list(client, policies, query, expected):
    assert slugs(client.get(reverse("policies:list") + "?" + query)) == expected


def test_searching_sorts_by_relevance_by_default(client):
    PolicyFactory(slug="summary-only", title="A plan", summary="About teachers.")
    PolicyFactory(slug="in-title", title="Teachers first", summary="About teachers.")
    response = client.get(reverse("policies:list") + "?q=teachers")
    assert slugs(response) == ["in-title", "summary-only"]
    assert response.context["filterset"].sort_key() == "relevance"


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=Kenya",
        "region=atlantis",
        "tag=no-such-tag",
        "year_from=abc",
        "year_to=1e9",
        "year_from=99999999999999999999",
        "year_from=2020&year_to=2010",
        "sort=-title",
        "sort=title;drop table",
        "document_type=nope",
        "level=99",
        "q=%00",
        "q=" + "x" * 3000,
        "page=abc",
        "page=0",
        "page=-1",
        "page=99999",
        "page=1.5",
        "country=KE&country=ZZ&tag=&year_from=",
    ],
)
def test_invalid_input_never_causes_a_server_error(client, policies, query):
    response = client.get(reverse("policies:list") + "?" + query)
    assert response.status_code in (200, 404)
    if query.startswith("page="):
        assert response.status_code == 404


def test_invalid_values_are_reported_and_ignored(client, policies):
    response = client.get(reverse("policies:list") + "?country=ZZ&year_from=abc&tag=nope")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in html
    assert "Enter a whole number" in html
    # The invalid values are ignored: every published policy is listed.
    assert sorted(slugs(response)) == ["fr", "ke", "ug"]


def test_a_page_beyond_the_last_is_not_found_but_the_last_page_is_found(client, policies, settings):
    settings.PORTAL_PAGE_SIZE = 2
    url = reverse("policies:list")
    last = client.get(url + "?page=2")
    assert last.status_code == 200
    assert len(slugs(last)) == 1
    assert client.get(url + "?page=3").status_code == 404


def test_pagination_links_keep_the_filters(client, policies, settings):
    settings.PORTAL_PAGE_SIZE = 1
    html = client.get(reverse("policies:list") + "?theme=teachers").content.decode()
    assert 'rel="next" href="?theme=teachers&amp;page=2"' in html
    # Numbered pages: the current one marked, the first without a page parameter.
    assert (
        'href="?theme=teachers" aria-current="page"><span class="visually-hidden">Page </span>1'
        in html
    )
    assert (
        '<a href="?theme=teachers&amp;page=2"><span class="visually-hidden">Page </span>2' in html
    )
    html = client.get(reverse("policies:list") + "?theme=teachers&page=2").content.decode()
    assert 'rel="prev" href="?theme=teachers"' in html


# --- facet counts ---


def facet_counts(filterset) -> dict[str, dict[str, int]]:
    return {
        facet.param: {option.value: option.count for option in facet.options}
        for facet in filterset.facet_results()
    }


def expected_count(filterset_class, query: str, param: str, value: str, conjunctive: bool):
    """What a visitor gets by choosing `value` for `param`: for "any of" facets the option
    alone in its group; for tags (all of) the option added to the chosen ones."""
    params = QueryDict(query, mutable=True)
    if conjunctive:
        params.appendlist(param, value)
    else:
        params.setlist(param, [value])
    params.pop("sort", None)
    return run(filterset_class, params.urlencode()).qs.count()


def make_varied_records():
    combos = itertools.product(["KE", "FR", "BR"], ["1", "3"], ["devices", "radio"])
    for index, (code, level, tag) in enumerate(combos):
        PolicyFactory(
            countries=[code, "UG"] if index % 4 == 0 else [code],
            levels=[level],
            document_type=["law", "policy", "strategy"][index % 3],
            legal_status=["in_force", "expired"][index % 2],
            themes=[["teachers"], ["ai", "teachers"], []][index % 3],
            doc_languages=[["en"], ["fr", "en"]][index % 2],
            adopted_year=2005 + index,
            tags=[tag, "ict"] if index % 3 else [tag],
        )
        CaseStudyFactory(
            countries=[code],
            levels=[level],
            target_groups=[["rural"], ["rural", "teachers"]][index % 2],
            connectivity=["offline", "online", "low_bandwidth"][index % 3],
            organisation_type=["ngo", "government"][index % 2],
            start_year=2005 + index,
            tags=[tag],
        )
        ResourceFactory(
            countries=[code],
            levels=[level],
            licence=["CC-BY-4.0", "CC0-1.0"][index % 2],
            resource_type=["video", "textbook", "course"][index % 3],
            languages=[["en"], ["en", "es"]][index % 2],
            accessibility=[["captions"], []][index % 2],
            offline=bool(index % 2),
            year=2005 + index,
            tags=[tag, "ict"] if index % 2 else [tag],
        )


FACET_CASES = [
    (PolicyFilterSet, ""),
    (PolicyFilterSet, "country=KE&country=UG&level=1"),
    (PolicyFilterSet, "region=africa&tag=devices&document_type=law&document_type=policy"),
    (PolicyFilterSet, "theme=teachers&legal_status=expired&language=fr&year_from=2008"),
    (PolicyFilterSet, "q=policy&tag=ict&country=BR"),
    (CaseStudyFilterSet, ""),
    (CaseStudyFilterSet, "country=FR&target_group=teachers&connectivity=online"),
    (CaseStudyFilterSet, "region=latin-america-caribbean&organisation_type=ngo&tag=radio"),
    (ResourceFilterSet, ""),
    (ResourceFilterSet, "licence=CC0-1.0&offline=true&language=es"),
    (ResourceFilterSet, "level=3&resource_type=video&resource_type=course&accessibility=captions"),
]


@pytest.mark.parametrize(("filterset_class", "query"), FACET_CASES)
def test_every_facet_count_equals_the_records_the_option_gives(filterset_class, query):
    make_varied_records()
    filterset = run(filterset_class, query)
    conjunctive = {facet.param for facet in filterset.facets if facet.conjunctive}
    checked = 0
    for param, counts in facet_counts(filterset).items():
        for value, count in counts.items():
            assert count == expected_count(
                filterset_class, query, param, value, param in conjunctive
            ), (param, value)
            checked += 1
    assert checked >= 4  # the case is not vacuous


def test_facets_list_only_values_that_exist_and_hide_options_that_give_nothing(client):
    make_varied_records()
    response = client.get(reverse("policies:list") + "?country=FR")
    facets = {facet.param: facet for facet in response.context["facets"]}
    # Only countries that have records, not all 250.
    assert {option.value for option in facets["country"].options} == {"KE", "FR", "BR", "UG"}
    html = response.content.decode()
    # Level 1 and 3 exist among French policies; an ISCED level nobody uses is not offered.
    assert 'name="level" value="1"' in html
    assert 'name="level" value="8"' not in html
    # A tag that no French policy carries gives nothing and is not offered.
    fr_tags = set(
        itertools.chain.from_iterable(
            Policy.objects.filter(countries__contains=["FR"]).values_list("tag_names", flat=True)
        )
    )
    offered = {option.value for option in facets["tag"].visible_options}
    assert offered == {name.lower() for name in fr_tags}


def test_facet_counts_appear_beside_the_options(client):
    make_varied_records()
    html = client.get(reverse("policies:list") + "?country=KE").content.decode()
    count_ke = Policy.objects.published().filter(countries__contains=["KE"]).count()
    assert re.search(
        rf'value="KE" checked> <label[^>]*>Kenya <span class="count">\({count_ke}\)', html
    )


def test_facets_come_from_one_query_whatever_the_options(django_assert_num_queries):
    make_varied_records()
    filterset = run(PolicyFilterSet, "country=KE&level=1&theme=teachers&legal_status=expired")
    filterset.form.is_valid()
    # The content generation (the key of the cached counts), then every facet at once.
    with django_assert_num_queries(2):
        filterset.facet_results()


# --- chips ---


def test_each_active_filter_is_a_chip_that_removes_itself(client, policies):
    url = reverse("policies:list")
    response = client.get(url + "?country=KE&country=UG&tag=devices&year_from=2010&page=1")
    chips = {
        (chip["group"], chip["label"]): chip["remove_url"] for chip in response.context["chips"]
    }
    assert chips == {
        ("Country", "Kenya"): "?country=UG&tag=devices&year_from=2010",
        ("Country", "Uganda"): "?country=KE&tag=devices&year_from=2010",
        ("Tags", "Devices"): "?country=KE&country=UG&year_from=2010",
        ("From year", "2010"): "?country=KE&country=UG&tag=devices",
    }
    html = response.content.decode()
    assert "Remove filter </span>Country: Kenya" in html
    assert f'<a href="{url}">Clear all filters</a>' in html
    # Following a chip's link really removes that filter.
    after = client.get(url + chips[("Country", "Kenya")])
    assert [chip["label"] for chip in after.context["chips"] if chip["group"] == "Country"] == [
        "Uganda"
    ]


def test_chips_match_codes_typed_in_lower_case(client, policies):
    response = client.get(reverse("policies:list") + "?country=ke")
    assert [chip["remove_url"] for chip in response.context["chips"]] == ["?"]


def test_no_chips_and_no_clear_all_without_filters(client, policies):
    html = client.get(reverse("policies:list")).content.decode()
    assert "Clear all filters" not in html
    assert "Active filters" not in html


def test_invalid_values_make_no_chips(client, policies):
    response = client.get(reverse("policies:list") + "?country=ZZ&tag=nope&year_from=abc")
    assert response.context["chips"] == []


def test_facet_options_escape_what_staff_typed(client):
    PolicyFactory(tags=['<img src=x onerror="alert(1)">'], countries=["KE"])
    html = client.get(reverse("policies:list")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<input type="checkbox" id="filters-country-1" name="country" value="KE">' in html
