"""Constraints and shared vocabularies of the content model."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_countries import countries

from iite_portal.models import Status, VocabularyConstraint
from iite_portal.vocab import (
    Isced,
    Licence,
    Region,
    country_codes,
    language_codes,
    region_map,
    regions_for,
)
from oer.models import Resource
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

# (factory, field, a value outside the field's vocabulary); the last item of a list is the
# unknown one.
OUTSIDE_THE_VOCABULARY = [
    pytest.param(ResourceFactory, "licence", "CC-BY-5.0", id="licence-not-in-the-spdx-list"),
    pytest.param(CaseStudyFactory, "levels", ["1", "9"], id="isced-level"),
    pytest.param(PolicyFactory, "language", "xx", id="iso-639-1-language"),
    pytest.param(ResourceFactory, "languages", ["en", "xx"], id="iso-639-1-languages"),
    pytest.param(PolicyFactory, "countries", ["KE", "ZZ"], id="iso-3166-1-country"),
    pytest.param(ResourceFactory, "origin_country", "ZZ", id="iso-3166-1-country-of-origin"),
]


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


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "value"), OUTSIDE_THE_VOCABULARY)
def test_a_code_outside_its_vocabulary_is_refused_by_validation_naming_field_and_value(
    factory, field, value
):
    record = factory.build(**{field: value})
    with pytest.raises(ValidationError) as refused:
        record.full_clean(validate_unique=False)
    unknown = value if isinstance(value, str) else value[-1]
    assert list(refused.value.message_dict) == [field]
    assert f"Value '{unknown}' is not a valid choice." in " ".join(
        refused.value.message_dict[field]
    )
    # The model's own copy of the database constraint says the same, under the field.
    with pytest.raises(ValidationError) as checked:
        record.validate_constraints()
    assert checked.value.message_dict == {field: ["A value here is not in the list of choices."]}


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [CaseStudyFactory, PolicyFactory, ResourceFactory])
def test_validation_checks_the_vocabularies_without_asking_the_database(
    factory, django_assert_num_queries
):
    record = factory()
    constraints = [c for c in record._meta.constraints if isinstance(c, VocabularyConstraint)]
    assert len(constraints) >= 7
    with django_assert_num_queries(0):
        for constraint in constraints:
            constraint.validate(type(record), record)


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "value"), OUTSIDE_THE_VOCABULARY)
def test_a_code_outside_its_vocabulary_is_refused_by_the_database(factory, field, value):
    record = factory()
    model = type(record)
    constraint = f"{model._meta.db_table}_{field}_in_vocabulary"
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{field: value})
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.bulk_create([factory.build(slug="bulk", **{field: value})])


@pytest.mark.django_db
def test_every_code_of_the_shared_vocabularies_is_accepted_by_the_database():
    resource = ResourceFactory()
    row = Resource.objects.filter(pk=resource.pk)
    for licence in Licence.values:
        row.update(licence=licence)
    row.update(
        levels=Isced.values,
        countries=country_codes(),
        languages=language_codes(),
        origin_country="",
        regions=Region.values,
    )
