"""The demo content: `manage.py load_demo` loads a realistic, clearly labelled sample."""

import io
import re
import shlex
from pathlib import Path

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
MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text()


def load_demo_args(target: str) -> list[str]:
    """The arguments with which the Makefile's `target` runs `manage.py load_demo`."""
    recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", MAKEFILE, re.M).group(1)
    (args,) = re.findall(r"manage\.py load_demo([^;\n]*)", recipe)
    return shlex.split(args)


def run_start_command():
    """What `make run` and `make serve` run on every start, read from the Makefile."""
    for target in ("run", "serve"):
        assert re.search(rf"^{target}:.*\bdemo\b", MAKEFILE, re.M), target
    out = io.StringIO()
    call_command("load_demo", *load_demo_args("demo"), stdout=out)
    return out.getvalue()


def delete_everything():
    for model in MODELS:
        model.objects.all().delete()
        model.history.all().delete()
    Tag.objects.all().delete()


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
        delete_everything()


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


def test_the_explicit_reset_restores_edited_and_deleted_demo_records(demo, capsys):
    assert load_demo_args("reset-demo") == []  # `make reset-demo` is the plain load_demo
    policy = Policy.objects.get(slug="ke-national-ict-policy-2006")
    original_title = policy.title
    policy.title = "Edited by someone"
    policy.save()
    case_study = CaseStudy.objects.published().first()
    case_study.delete()
    call_command("load_demo", *load_demo_args("reset-demo"))
    policy.refresh_from_db()
    assert policy.title == original_title
    assert CaseStudy.objects.published().filter(slug=case_study.slug).exists()
    assert "1 created, 1 updated" in capsys.readouterr().out


def test_the_start_command_loads_the_demo_into_a_database_that_never_had_records(demo):
    expected = snapshot()["records"]
    delete_everything()
    out = run_start_command()
    assert f"Demo content loaded: {sum(map(len, expected.values()))} created" in out
    assert snapshot()["records"] == expected


def test_running_the_start_command_twice_after_an_edit_keeps_the_edit(demo):
    policy = Policy.objects.get(slug="ke-national-ict-policy-2006")
    policy.title = "Edited by staff"
    policy.version += 1
    policy.save()
    before = snapshot()
    for _ in range(2):
        assert "Demo content not loaded" in run_start_command()
    policy.refresh_from_db()
    assert (policy.title, policy.version) == ("Edited by staff", 2)
    assert snapshot() == before


def test_a_deleted_demo_record_is_not_brought_back_by_the_start_command(demo):
    slug = CaseStudy.objects.published().first().slug
    CaseStudy.objects.filter(slug=slug).delete()
    before = snapshot()
    run_start_command()
    assert not CaseStudy.objects.filter(slug=slug).exists()
    assert snapshot() == before


def test_deleting_every_record_does_not_make_the_start_command_load_the_demo_again(demo):
    for model in MODELS:
        model.objects.all().delete()  # their history stays, as after deletes in the admin
    assert "Demo content not loaded" in run_start_command()
    assert not any(model.objects.exists() for model in MODELS)


def test_a_staff_edit_of_a_demo_record_in_the_admin_shows_after_the_start_command(demo):
    from tests.admin_support import admin_url, errors_of, form_data, login
    from tests.factories import publisher

    policy = Policy.objects.get(slug="ke-national-ict-policy-2006")
    client = login(publisher())
    url = admin_url(Policy, "change", policy.pk)
    response = client.post(url, form_data(client.get(url), title="Kenya ICT Policy, edited"))
    assert response.status_code == 302, errors_of(response)
    for _ in range(2):
        run_start_command()
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "Kenya ICT Policy, edited" in page


def test_demo_records_have_no_translations_and_the_reset_removes_a_stray_copy(demo):
    # An earlier loader copied each English title into i18n as its English "translation",
    # which hid later edits from English readers; the reset repairs such a record.
    for model in MODELS:
        assert not any(model.objects.values_list("i18n", flat=True))
    policy = Policy.objects.get(slug="ke-national-ict-policy-2006")
    policy.i18n = {"title_en": policy.title, "summary_en": policy.summary}
    policy.save()
    call_command("load_demo", *load_demo_args("reset-demo"))
    policy.refresh_from_db()
    assert policy.i18n == {}
