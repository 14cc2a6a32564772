"""The demo content: `manage.py load_demo` loads a realistic, clearly labelled sample."""

import io

import pytest
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from iite_portal.demo import DEMO_SOURCE
from iite_portal.models import Status
from iite_portal.vocab import Region, regions_for
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

pytestmark = pytest.mark.django_db
MODELS = (Policy, CaseStudy, Resource)


def snapshot():
    """Everything a second load could change: rows, statuses, tags, links, versions, history."""
    return {
        "records": {
            m.__name__: sorted(m.objects.values_list("slug", "status", "version")) for m in MODELS
        },
        "history": [m.history.count() for m in MODELS],
        "tagged_items": TaggedItem.objects.count(),
        "links": [
            CaseStudy.related_policies.through.objects.count(),
            CaseStudy.related_resources.through.objects.count(),
            Resource.related_policies.through.objects.count(),
            Policy.objects.exclude(replaces=None).count(),
            Policy.objects.exclude(amends=None).count(),
        ],
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module (a load takes seconds), and remove it after."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        for model in MODELS:
            model.objects.all().delete()
            model.history.all().delete()
        Tag.objects.all().delete()


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def test_loading_the_demo_twice_gives_the_same_records_and_changes_nothing(demo, capsys):
    before = snapshot()
    call_command("load_demo")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert snapshot() == before


def test_demo_has_enough_published_policies_from_enough_countries_in_every_region(demo):
    policies = Policy.objects.published()
    countries = {code for codes in policies.values_list("countries", flat=True) for code in codes}
    assert policies.count() >= 40
    assert len(countries) >= 30
    assert regions_for(countries) == Region.values
    assert "in 5 UNESCO regions" in demo


def test_demo_has_enough_published_case_studies_and_oer(demo):
    assert CaseStudy.objects.published().count() >= 30
    assert Resource.objects.published().count() >= 40


def test_demo_records_are_cross_linked(demo):
    published = CaseStudy.objects.published()
    assert published.filter(related_policies__isnull=False).distinct().count() >= 10
    assert published.filter(related_resources__isnull=False).distinct().count() >= 3
    assert Resource.objects.filter(related_policies__isnull=False).distinct().count() >= 5
    replacing = Policy.objects.exclude(replaces=None).select_related("replaces")
    assert replacing.exists()
    assert all(p.replaces.countries == p.countries for p in replacing)


def test_demo_has_drafts_and_one_record_in_review_that_the_public_cannot_see(demo):
    unpublished = [m.objects.exclude(status=Status.PUBLISHED) for m in MODELS]
    assert sum(qs.filter(status=Status.DRAFT).count() for qs in unpublished) >= 3
    assert sum(qs.filter(status=Status.REVIEW).count() for qs in unpublished) == 1
    for qs in unpublished:
        assert all(record.title.startswith("Demo draft") for record in qs)
        assert not qs.filter(published_at__isnull=False, status=Status.DRAFT).exists()


def test_every_demo_record_says_it_is_sample_content_and_when_it_was_verified(demo):
    for model in MODELS:
        assert set(model.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
        assert not model.objects.filter(last_verified__isnull=True).exists()
        assert not model.objects.published().filter(published_at__isnull=True).exists()


def test_demo_tags_are_attached_and_their_copy_matches(demo):
    for model in MODELS:
        for record in model.objects.prefetch_related("tags"):
            names = sorted((tag.name for tag in record.tags.all()), key=str.lower)
            assert names, record.slug
            assert record.tag_names == names


def test_demo_regions_follow_the_countries(demo):
    for model in MODELS:
        for countries, regions in model.objects.values_list("countries", "regions"):
            assert regions == regions_for(countries)


def test_loading_the_demo_again_restores_an_edited_record_and_bumps_its_version(demo, capsys):
    policy = Policy.objects.get(slug="ke-national-ict-policy-2006")
    original_title = policy.title
    policy.title = "Edited by someone"
    policy.save()
    call_command("load_demo")
    policy.refresh_from_db()
    assert policy.title == original_title
    assert policy.version == 2
    assert "0 created, 1 updated" in capsys.readouterr().out
