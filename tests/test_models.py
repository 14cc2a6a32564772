"""Constraints and shared vocabularies of the content model."""

import pytest
from django.db import IntegrityError, transaction
from django_countries import countries

from iite_portal.models import Status
from iite_portal.vocab import Region, region_map, regions_for
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory


def test_every_country_django_countries_knows_maps_to_a_unesco_region():
    mapping = region_map()
    known = {code for code, _ in countries}
    assert known - set(mapping) == set()
    assert set(mapping) - known == set()
    assert set(mapping.values()) == {r.value for r in Region}


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("KE", "africa"),
        ("EG", "arab-states"),
        ("CN", "asia-pacific"),
        ("FR", "europe-north-america"),
        ("BR", "latin-america-caribbean"),
        ("RU", "europe-north-america"),
        ("JO", "arab-states"),
    ],
)
def test_well_known_countries_are_in_their_unesco_region(code, region):
    assert regions_for([code]) == [region]


@pytest.mark.django_db
def test_regions_are_derived_from_countries_on_save():
    study = CaseStudyFactory(countries=["br", "KE", "KE"])
    study.refresh_from_db()
    assert study.countries == ["BR", "KE"]
    assert study.regions == ["africa", "latin-america-caribbean"]


@pytest.mark.django_db
def test_end_year_before_start_year_is_refused_by_the_database():
    with (
        pytest.raises(IntegrityError, match="end_year_not_before_start_year"),
        transaction.atomic(),
    ):
        PolicyFactory(start_year=2020, end_year=2019)


@pytest.mark.django_db
def test_published_record_without_publication_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError, match="published_has_date"), transaction.atomic():
        ResourceFactory(status=Status.PUBLISHED, published_at=None)


@pytest.mark.django_db
def test_ongoing_case_study_cannot_have_an_end_year():
    with pytest.raises(IntegrityError, match="ongoing_has_no_end_year"), transaction.atomic():
        CaseStudyFactory(ongoing=True, start_year=2015, end_year=2020)


@pytest.mark.django_db
def test_two_records_cannot_share_a_slug():
    PolicyFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(slug="same")


@pytest.mark.django_db
def test_one_tag_space_serves_all_three_kinds():
    p = PolicyFactory(tags=["Digital literacy"])
    c = CaseStudyFactory(tags=["digital literacy"])
    r = ResourceFactory(tags=["Digital Literacy"])
    assert p.tags.get().pk == c.tags.get().pk == r.tags.get().pk
    assert c.tag_names == ["Digital literacy"]


@pytest.mark.django_db
def test_oer_country_of_origin_counts_as_a_country_of_the_record():
    resource = ResourceFactory(countries=["KE"], origin_country="US")
    assert resource.countries == ["KE", "US"]


@pytest.mark.django_db
def test_cross_links_between_the_three_kinds():
    policy = PolicyFactory()
    newer = PolicyFactory(replaces=policy)
    resource = ResourceFactory()
    resource.related_policies.add(policy)
    study = CaseStudyFactory()
    study.related_policies.add(policy)
    study.related_resources.add(resource)
    assert list(policy.case_studies.all()) == [study]
    assert list(policy.resources.all()) == [resource]
    assert list(resource.case_studies.all()) == [study]
    assert list(policy.replaced_by.all()) == [newer]
