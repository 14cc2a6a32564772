"""The editorial workflow in the admin: who may set which status, by the status field and by
the bulk actions, and the stamps the admin writes without the editor typing them."""

import pytest
from django.test import Client

from iite_portal.models import Status
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy
from tests.admin_support import admin_url, errors_of, form_data, login, messages_of
from tests.factories import (
    CaseStudyFactory,
    PolicyFactory,
    ResourceFactory,
    editor,
    publisher,
)

pytestmark = pytest.mark.django_db

MODELS = [CaseStudy, Policy, Resource]
FACTORIES = {CaseStudy: CaseStudyFactory, Policy: PolicyFactory, Resource: ResourceFactory}


def draft(model, **kwargs):
    return FACTORIES[model](status=Status.DRAFT, published_at=None, **kwargs)


def bulk(client, model, action, *records):
    """Post the changelist form as a browser does: the action, the ticked rows, and the
    hidden version input of every row on the page."""
    page = client.get(admin_url(model, "changelist"))
    data = {"action": action, "_selected_action": [str(r.pk) for r in records], "index": "0"}
    for record in page.context["cl"].result_list:
        data[f"version-{record.pk}"] = str(record.version)
    return client.post(admin_url(model, "changelist"), data, follow=True)


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_visitors_get_the_admin_login_page(model):
    record = FACTORIES[model]()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
        admin_url(model, "import"),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("model", MODELS)
def test_staff_of_both_groups_can_open_every_admin_page_of_each_kind(model):
    record = FACTORIES[model]()
    history_id = record.history.latest("history_date").pk
    for user in (editor(), publisher()):
        client = login(user)
        for url in (
            admin_url(model, "changelist"),
            admin_url(model, "add"),
            admin_url(model, "change", record.pk),
            admin_url(model, "history", record.pk),
            admin_url(model, "simple_history", record.pk, history_id),
            admin_url(model, "import"),
            admin_url(model, "export"),
        ):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_editor_can_submit_a_draft_by_bulk_action_but_not_publish_it(model):
    record = draft(model)
    client = login(editor())
    actions = dict(
        client.get(admin_url(model, "changelist")).context["action_form"].fields["action"].choices
    )
    assert "submit_for_review" in actions
    assert "publish" not in actions
    assert "withdraw" not in actions

    bulk(client, model, "publish", record)
    record.refresh_from_db()
    assert record.status == Status.DRAFT

    response = bulk(client, model, "submit_for_review", record)
    record.refresh_from_db()
    assert record.status == Status.REVIEW
    assert "1 record submitted for review." in messages_of(response)


@pytest.mark.parametrize("model", MODELS)
def test_editor_cannot_publish_by_the_status_field(model):
    record = draft(model)
    client = login(editor())
    url = admin_url(model, "change", record.pk)
    page = client.get(url)
    offered = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert offered == [Status.DRAFT, Status.REVIEW]

    response = client.post(url, form_data(page, status=Status.PUBLISHED))
    assert response.status_code == 200
    assert "Only publishers can publish or withdraw a record" in errors_of(response)
    record.refresh_from_db()
    assert record.status == Status.DRAFT


def test_editor_cannot_create_a_record_already_published():
    client = login(editor())
    page = client.get(admin_url(Policy, "add"))
    data = form_data(
        page,
        title="Digital Education Strategy",
        slug="digital-education-strategy",
        summary="A strategy.",
        issuing_body="Ministry of Education",
        document_type="strategy",
        status=Status.PUBLISHED,
    )
    response = client.post(admin_url(Policy, "add"), data)
    assert response.status_code == 200
    assert "Only publishers" in errors_of(response)
    assert not Policy.objects.exists()


def test_editor_cannot_change_the_status_of_a_published_record_even_by_forging_the_post():
    record = PolicyFactory()
    client = login(editor())
    url = admin_url(Policy, "change", record.pk)
    page = client.get(url)
    assert page.context["adminform"].form.fields["status"].disabled

    response = client.post(url, form_data(page, status=Status.DRAFT, title="Edited title"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED  # the disabled field ignores what was posted
    assert record.title == "Edited title"  # editing the content itself is allowed


@pytest.mark.parametrize("model", MODELS)
def test_publisher_can_publish_by_bulk_action_and_withdraw_again(model):
    record = draft(model)
    client = login(publisher())
    response = bulk(client, model, "publish", record)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at is not None
    assert "1 record published." in messages_of(response)

    bulk(client, model, "withdraw", record)
    record.refresh_from_db()
    assert record.status == Status.WITHDRAWN


def test_publisher_can_publish_by_the_status_field():
    record = draft(CaseStudy)
    user = publisher()
    client = login(user)
    url = admin_url(CaseStudy, "change", record.pk)
    response = client.post(url, form_data(client.get(url), status=Status.PUBLISHED))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at is not None
    assert record.updated_by == user


def test_bulk_action_skips_records_it_cannot_move_and_says_why():
    published = CaseStudyFactory(title="Already out")
    response = bulk(login(editor()), CaseStudy, "submit_for_review", published)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert any(
        "Already out" in m and "cannot be changed that way" in m for m in messages_of(response)
    )


def test_who_created_and_changed_a_record_and_its_version_are_stamped_not_typed():
    author, other = editor(), editor()
    client = login(author)
    page = client.get(admin_url(CaseStudy, "add"))
    data = form_data(
        page,
        title="Radio lessons for remote villages",
        slug="radio-lessons",
        summary="Lessons by radio.",
        organisation="Ministry of Education",
        organisation_type="government",
        countries=["NE"],
        # Forged values for fields the admin stamps itself: they must be ignored.
        created_by=str(other.pk),
        updated_by=str(other.pk),
        version="99",
    )
    response = client.post(admin_url(CaseStudy, "add"), data)
    assert response.status_code == 302, errors_of(response)
    study = CaseStudy.objects.get(slug="radio-lessons")
    assert (study.created_by, study.updated_by, study.version) == (author, author, 1)

    client = login(other)
    url = admin_url(CaseStudy, "change", study.pk)
    client.post(url, form_data(client.get(url), summary="Lessons by radio, in two languages."))
    study.refresh_from_db()
    assert (study.created_by, study.updated_by, study.version) == (author, other, 2)
    assert study.regions == ["africa"]
