"""The admin as editors use it day to day: the end-to-end path from draft to published, list
columns and filters, search, autocomplete, preview of drafts, validation messages and the
duplicate warning."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iite_portal.admin import translation_field_names
from iite_portal.models import Status
from policies.models import Policy
from practices.models import CaseStudy
from tests.admin_support import PASSWORD, admin_url, errors_of, form_data, login, messages_of
from tests.factories import (
    CaseStudyFactory,
    PolicyFactory,
    ResourceFactory,
    editor,
    publisher,
)

pytestmark = pytest.mark.django_db

BODY = """Teachers met **every week**.

- tablets with offline content
- a [teacher guide](https://example.org/guide)
"""


def log_in_through_the_form(user) -> Client:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    return client


def test_editor_creates_and_submits_a_case_study_and_a_publisher_publishes_it():
    author = editor(username="amina")
    client = log_in_through_the_form(author)
    page = client.get(admin_url(CaseStudy, "add"))
    data = form_data(
        page,
        title="Offline tablets for nomadic schools",
        slug="offline-tablets",
        summary="Tablets with offline lessons follow pastoralist families.",
        organisation="Ministry of Education",
        organisation_type="government",
        countries=["KE", "ET"],
        levels=["1", "2"],
        tags="offline, tablets, nomadic learners",
        approach=BODY,
        start_year="2019",
    )
    response = client.post(admin_url(CaseStudy, "add"), data)
    assert response.status_code == 302, errors_of(response)
    study = CaseStudy.objects.get(slug="offline-tablets")
    assert study.status == Status.DRAFT
    assert study.countries == ["ET", "KE"]
    assert study.levels == ["1", "2"]
    assert sorted(study.tags.names()) == ["nomadic learners", "offline", "tablets"]
    assert Client().get(study.get_absolute_url()).status_code == 404  # not public yet

    url = admin_url(CaseStudy, "change", study.pk)
    response = client.post(url, form_data(client.get(url), status=Status.REVIEW))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.status == Status.REVIEW

    reviewer = log_in_through_the_form(publisher(username="pablo"))
    changelist = reviewer.get(admin_url(CaseStudy, "changelist") + "?status__exact=review")
    assert [r.pk for r in changelist.context["cl"].result_list] == [study.pk]
    response = reviewer.post(
        admin_url(CaseStudy, "changelist"),
        {
            "action": "publish",
            "_selected_action": [str(study.pk)],
            "index": "0",
            f"version-{study.pk}": str(study.version),
        },
        follow=True,
    )
    assert "1 record published." in messages_of(response)
    study.refresh_from_db()
    assert study.status == Status.PUBLISHED
    assert (study.created_by.username, study.updated_by.username) == ("amina", "pablo")

    public = Client().get(study.get_absolute_url())
    assert public.status_code == 200
    html = public.content.decode()
    assert "<strong>every week</strong>" in html
    assert "<li>tablets with offline content</li>" in html


@pytest.mark.parametrize(
    "factory", [CaseStudyFactory, PolicyFactory, ResourceFactory], ids=lambda f: f.__name__
)
def test_every_field_an_editor_fills_in_on_the_change_form_explains_what_to_enter(factory):
    draft = factory(status=Status.DRAFT, published_at=None)
    page = login(editor()).get(admin_url(type(draft), "change", draft.pk))
    form = page.context["adminform"].form
    # The translations of the title and summary are explained once, by their fieldset.
    translations = {
        name for code, _name in settings.LANGUAGES for name in translation_field_names(code)
    }
    editable = [
        name
        for name, field in form.fields.items()
        if not field.widget.is_hidden and not field.disabled and name not in translations
    ]
    assert {"title", "status", "countries", "levels", "tags"} <= set(editable)
    assert [name for name in editable if not form.fields[name].help_text] == []


def test_list_shows_title_countries_status_update_time_and_who_changed_it():
    CaseStudyFactory(
        title="Mobile maths", countries=["BR", "KE"], updated_by=editor(username="zoe")
    )
    html = login(editor()).get(admin_url(CaseStudy, "changelist")).content.decode()
    for text in ("Mobile maths", "BR, KE", "Published", "zoe", "<time datetime="):
        assert text in html


def test_country_filter_offers_only_the_countries_in_use_and_filters_by_them():
    kenya = PolicyFactory(countries=["KE"])
    PolicyFactory(countries=["BR", "AR"])
    CaseStudyFactory(countries=["FR"])  # another kind: not offered for policies
    page = login(editor()).get(admin_url(Policy, "changelist"))
    specs = page.context["cl"].filter_specs
    country_filter = next(f for f in specs if getattr(f, "parameter_name", "") == "country")
    assert [code for code, _ in country_filter.lookup_choices] == ["AR", "BR", "KE"]

    page = login(editor()).get(admin_url(Policy, "changelist") + "?country=KE")
    assert [r.pk for r in page.context["cl"].result_list] == [kenya.pk]


def test_region_type_and_year_filters_narrow_the_list():
    old = PolicyFactory(countries=["FR"], document_type="law", adopted_year=2005,
                        start_year=2005, end_year=2010)  # fmt: skip
    PolicyFactory(countries=["KE"], document_type="strategy", adopted_year=2020)
    client = login(editor())
    for query in ("region=europe-north-america", "document_type__exact=law", "year=2005"):
        page = client.get(admin_url(Policy, "changelist") + "?" + query)
        assert [r.pk for r in page.context["cl"].result_list] == [old.pk], query


def test_search_finds_records_by_title_and_issuing_body():
    target = PolicyFactory(title="Digital Rwanda", issuing_body="Rwanda Education Board")
    PolicyFactory(title="Something else")
    client = login(editor())
    for term in ("Digital Rwanda", "Education Board"):
        page = client.get(admin_url(Policy, "changelist"), {"q": term})
        assert [r.pk for r in page.context["cl"].result_list] == [target.pk]


def test_changelist_query_count_does_not_grow_with_the_number_of_rows():
    client = login(editor())
    PolicyFactory.create_batch(3, updated_by=editor())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(admin_url(Policy, "changelist")).status_code == 200
        return len(queries)

    few = count()
    PolicyFactory.create_batch(20, updated_by=editor())
    # Rows come with their "updated by" user in one join; filters and counts are fixed.
    assert count() == few


def test_related_records_are_chosen_with_autocomplete():
    PolicyFactory(title="Kenya Digital Literacy Programme")
    client = login(editor())
    page = client.get(admin_url(CaseStudy, "add")).content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in page
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "practices", "model_name": "casestudy", "field_name": "related_policies",
         "term": "Kenya"},
    )  # fmt: skip
    assert [r["text"] for r in response.json()["results"]] == ["Kenya Digital Literacy Programme"]


def test_drafts_have_a_preview_link_that_staff_can_open_and_the_public_cannot():
    draft = CaseStudyFactory(status=Status.DRAFT, published_at=None, title="Secret draft")
    client = login(editor())
    html = client.get(admin_url(CaseStudy, "changelist")).content.decode()
    assert f'<a href="{draft.get_absolute_url()}">Preview</a>' in html
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Preview — not published." in preview.content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_end_year_before_start_year_gets_a_message_that_says_what_to_fix():
    policy = PolicyFactory()
    client = login(editor())
    url = admin_url(Policy, "change", policy.pk)
    response = client.post(url, form_data(client.get(url), start_year="2020", end_year="2018"))
    assert response.status_code == 200
    assert "The end year cannot be before the start year." in response.content.decode()
    study = CaseStudyFactory()
    url = admin_url(CaseStudy, "change", study.pk)
    response = client.post(url, form_data(client.get(url), ongoing="on", end_year="2022"))
    assert "An ongoing initiative has no end year." in response.content.decode()


def test_saving_a_record_with_the_same_address_warns_and_links_to_the_other_one():
    existing = PolicyFactory(title="Education Sector Plan", official_url="https://moe.example/esp")
    other = PolicyFactory(title="Completely different title")
    client = login(editor())
    url = admin_url(Policy, "change", other.pk)
    response = client.post(
        url, form_data(client.get(url), official_url="https://moe.example/esp"), follow=True
    )
    link = f'<a href="{admin_url(Policy, "change", existing.pk)}">Education Sector Plan</a>'
    assert any(link in m and "Possible duplicate" in m for m in messages_of(response))
    assert link in response.content.decode()  # shown as a link, not escaped text


def test_a_very_similar_title_warns_and_a_different_one_does_not():
    existing = CaseStudyFactory(title="One Laptop per Child in Rwanda")
    client = login(editor())
    page = client.get(admin_url(CaseStudy, "add"))
    base = {"summary": "S.", "organisation": "OLPC", "organisation_type": "ngo"}
    response = client.post(
        admin_url(CaseStudy, "add"),
        form_data(page, title="One Laptop per Child, Rwanda", slug="olpc-rw", **base),
        follow=True,
    )
    change = admin_url(CaseStudy, "change", existing.pk)
    assert any(change in m for m in messages_of(response))

    response = client.post(
        admin_url(CaseStudy, "add"),
        form_data(page, title="Radio instruction in Zambia", slug="radio-zm", **base),
        follow=True,
    )
    assert not any("Possible duplicate" in m for m in messages_of(response))


def test_staff_can_list_records_with_broken_links_and_stale_records_in_the_real_admin():
    from datetime import date

    from django.utils import timezone

    from iite_portal.models import LinkCheck

    broken = PolicyFactory(title="Broken link policy", official_url="https://gone.example.org/p")
    PolicyFactory(title="Fresh verified policy", last_verified=date.today())
    LinkCheck.objects.create(
        url=broken.official_url, ok=False, status_code=404, checked_at=timezone.now()
    )
    client = login(editor())
    listing = client.get(admin_url(Policy, "changelist"), {"link": "broken"}).content.decode()
    assert "Broken link policy" in listing
    assert "Fresh verified policy" not in listing
    stale = client.get(admin_url(Policy, "changelist"), {"freshness": "stale"}).content.decode()
    assert "Broken link policy" in stale
    assert "Fresh verified policy" not in stale


@pytest.mark.parametrize(
    "factory", [CaseStudyFactory, PolicyFactory, ResourceFactory], ids=lambda f: f.__name__
)
def test_the_change_form_shows_each_field_once_in_sections_in_the_records_order(factory):
    record = factory(status=Status.DRAFT, published_at=None)
    page = login(editor()).get(admin_url(type(record), "change", record.pk))
    html = page.content.decode()
    sections = list(page.context["adminform"])
    # Every field of the record sits in exactly one section: none lost, none shown twice.
    placed = [name for fieldset in sections for line in fieldset for name in line.fields]
    assert sorted(placed) == sorted(set(placed))
    adminform = page.context["adminform"]
    hidden = {name for name, field in adminform.form.fields.items() if field.widget.is_hidden}
    assert set(placed) - set(adminform.readonly_fields) <= set(adminform.form.fields)
    assert set(adminform.form.fields) - hidden <= set(placed)
    model = type(record)
    editable = {
        f.name for f in model._meta.get_fields() if f.concrete and f.editable and not f.primary_key
    }
    assert editable - set(placed) == set()  # every field of the record has its place
    # The sections appear on the page under their headings, in the order they are declared.
    named = [str(fieldset.name) for fieldset in sections if fieldset.name]
    assert len(named) >= 4
    positions = [html.index(f">{name}</h2>") for name in named]
    assert positions == sorted(positions)
    if factory is CaseStudyFactory:  # the narrative follows the case-study template's order
        narrative = [name for name in placed if name in CaseStudy.NARRATIVE_FIELDS]
        assert narrative == list(CaseStudy.NARRATIVE_FIELDS)
