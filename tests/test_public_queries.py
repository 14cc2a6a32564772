"""Query counts of the public pages: they must not grow with the page size or the data."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db

FACTORIES = {
    "policies": PolicyFactory,
    "practices": CaseStudyFactory,
    "oer": ResourceFactory,
}

# Two filters, one of them a tag (the tag filter adds its own query).
FILTERS = {
    "policies": "?country=KE&tag=devices&theme=teachers",
    "practices": "?country=KE&tag=devices&level=1",
    "oer": "?country=KE&tag=devices&licence=CC-BY-4.0",
}
EXTRA = {
    "policies": {"themes": ["teachers"]},
    "practices": {},
    "oer": {},
}


@pytest.fixture(autouse=True)
def warm_content_types():
    """taggit reads content types through Django's per-process cache; warm it as a running
    server would have, so that the counts below are those of every request but the first."""
    for factory in FACTORIES.values():
        ContentType.objects.get_for_model(factory._meta.model)


def make(kind, count, **kwargs):
    return [
        FACTORIES[kind](tags=["Devices", "Radio"], **EXTRA[kind], **kwargs) for _ in range(count)
    ]


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("records", [1, 50])
def test_list_page_query_count_does_not_grow_with_the_page(
    client, settings, django_assert_num_queries, kind, records
):
    settings.PORTAL_PAGE_SIZE = 50
    make(kind, records)
    # 1 the content generation (ETag, cache keys), 2 the chosen tags (validating ?tag=),
    # 3 the number found with every facet's counts (one UNION ALL statement), 4 the page
    # of records, 5 the slugs of the tags the cards link (once per content generation).
    with django_assert_num_queries(5):
        response = client.get(reverse(f"{kind}:list") + FILTERS[kind])
    assert len(response.context["object_list"]) == records
    assert response.content.decode().count('class="tags"') == records
    # Sorted otherwise: the facet counts and the tags' slugs come from the cache.
    with django_assert_num_queries(3):
        response = client.get(reverse(f"{kind}:list") + FILTERS[kind] + "&sort=title")
    assert response.content.decode().count('class="tags"') == records


@pytest.mark.parametrize("kind", FACTORIES)
def test_list_page_without_filters_runs_four_queries_then_two(
    client, django_assert_num_queries, kind
):
    make(kind, 3)
    # The content generation, the number found with the facets, the page, the tags' slugs
    # (once per content generation).
    with django_assert_num_queries(4):
        client.get(reverse(f"{kind}:list"))
    with django_assert_num_queries(2):  # the counts and the tags' slugs: cached
        client.get(reverse(f"{kind}:list") + "?sort=title")


def test_policy_detail_query_count(client, django_assert_num_queries):
    earlier = PolicyFactory()
    policy = PolicyFactory(tags=["Devices"], amends=earlier, replaces=earlier)
    for _ in range(3):
        PolicyFactory(amends=policy, tags=["Devices"])
        CaseStudyFactory().related_policies.add(policy)
        ResourceFactory().related_policies.add(policy)
    # 0 the content generation (ETag), 1 the policy with the policies it amends, replaces
    # and implements (one join), 2 its tags, 3 case studies, 4 OER, 5 the policies that
    # amend, replace or implement it (one query for the three), 6 "more like this".
    with django_assert_num_queries(7):
        response = client.get(policy.get_absolute_url())
    assert len(response.context["amended_by"]) == 3


def test_case_study_detail_query_count(client, django_assert_num_queries):
    case_study = CaseStudyFactory(tags=["Devices"])
    for _ in range(3):
        case_study.related_policies.add(PolicyFactory())
        case_study.related_resources.add(ResourceFactory())
        CaseStudyFactory(tags=["Devices"])
    # 0 the content generation (ETag), 1 the case study, 2 its tags, 3 policies, 4 OER,
    # 5 "more like this".
    with django_assert_num_queries(6):
        client.get(case_study.get_absolute_url())


def test_oer_detail_query_count(client, django_assert_num_queries):
    resource = ResourceFactory(tags=["Devices"])
    for _ in range(3):
        resource.related_policies.add(PolicyFactory())
        CaseStudyFactory().related_resources.add(resource)
        ResourceFactory(tags=["Devices"])
    # 0 the content generation (ETag), 1 the resource, 2 its tags, 3 policies, 4 case
    # studies, 5 "more like this", 6 the last check of its link.
    with django_assert_num_queries(7):
        client.get(resource.get_absolute_url())


@pytest.mark.parametrize("records", [1, 20])
def test_cross_kind_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, records):
    for kind in FACTORIES:
        make(kind, records, featured=True)
    # Each page first reads the content generation (ETag, cache keys).
    # Home: totals, featured, latest, region counts, top tags.
    with django_assert_num_queries(6):
        client.get(reverse("home"))
    # Countries: one count statement for the three kinds.
    with django_assert_num_queries(2):
        client.get(reverse("countries"))
    # A country: timeline, its chart, case studies, OER, the counts of its region's countries.
    with django_assert_num_queries(6):
        client.get(reverse("country", args=["KE"]))
    # A region: totals and the latest of each kind; its per-country counts are those the
    # country page above counted (the same records, cached for this content generation).
    with django_assert_num_queries(5):
        client.get(reverse("region", args=["africa"]))
    # A tag: the tag, totals, and the latest of each kind.
    with django_assert_num_queries(6):
        client.get(reverse("tag", args=["devices"]))
