"""History in the admin: every save is kept with who and when, tag changes included, and an
earlier version can be restored, tags and all."""

import pytest
from django.urls import reverse

from iite_portal.models import Status
from practices.models import CaseStudy
from tests.admin_support import admin_url, form_data, login
from tests.factories import editor, publisher

pytestmark = pytest.mark.django_db


def create_through_admin(client):
    page = client.get(admin_url(CaseStudy, "add"))
    data = form_data(
        page,
        title="Solar-powered school servers",
        slug="solar-servers",
        summary="Offline servers in rural schools.",
        organisation="Learning Equality",
        organisation_type="ngo",
        countries=["KE"],
        tags="offline, rural",
    )
    assert client.post(admin_url(CaseStudy, "add"), data).status_code == 302
    return CaseStudy.objects.get(slug="solar-servers")


def edit_through_admin(client, study, **changes):
    url = admin_url(CaseStudy, "change", study.pk)
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302
    study.refresh_from_db()


def test_history_records_create_update_and_tag_changes_with_who_did_them():
    author, reviser = editor(username="amina"), editor(username="boris")
    study = create_through_admin(login(author))
    edit_through_admin(login(reviser), study, title="Solar-powered offline school servers")
    edit_through_admin(login(reviser), study, tags="offline, rural, solar")

    entries = list(study.history.order_by("history_date", "history_id"))
    assert [e.history_type for e in entries] == ["+", "~", "~"]
    assert [e.history_user.username for e in entries] == ["amina", "boris", "boris"]
    assert entries[0].title == "Solar-powered school servers"
    assert entries[1].title == "Solar-powered offline school servers"
    assert entries[0].tag_names == ["offline", "rural"]
    assert entries[2].tag_names == ["offline", "rural", "solar"]
    assert [e.version for e in entries] == [1, 2, 3]


def test_history_page_shows_who_changed_the_record_and_when():
    study = create_through_admin(login(editor(username="amina")))
    edit_through_admin(login(editor(username="boris")), study, summary="Changed.")
    page = login(publisher()).get(admin_url(CaseStudy, "history", study.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "amina" in html
    assert "boris" in html
    first = study.history.earliest("history_date")
    assert first.history_date.strftime("%Y") in html
    assert reverse("admin:practices_casestudy_simple_history", args=[study.pk, first.pk]) in html


def test_restoring_an_earlier_version_brings_back_its_content_and_tags():
    client = login(editor(username="amina"))
    study = create_through_admin(client)
    original = study.history.earliest("history_date")
    edit_through_admin(client, study, title="A worse title", tags="solar")
    assert study.tag_names == ["solar"]

    reverter = editor(username="boris")
    client = login(reverter)
    url = reverse("admin:practices_casestudy_simple_history", args=[study.pk, original.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page))
    assert response.status_code == 302

    study.refresh_from_db()
    assert study.title == "Solar-powered school servers"
    assert sorted(study.tags.names()) == ["offline", "rural"]
    assert study.tag_names == ["offline", "rural"]
    assert study.version == 3  # a restore is a new version, not a rewrite of history
    assert study.updated_by == reverter
    latest = study.history.latest("history_date")
    assert (latest.title, latest.history_user) == ("Solar-powered school servers", reverter)


def test_restoring_keeps_the_current_workflow_status():
    client = login(publisher())
    study = create_through_admin(client)
    original = study.history.earliest("history_date")
    edit_through_admin(client, study, status=Status.PUBLISHED, title="Published title")

    url = reverse("admin:practices_casestudy_simple_history", args=[study.pk, original.pk])
    # An editor restores the draft-era text of a published record: content comes back,
    # the record stays published (editors cannot unpublish).
    editor_client = login(editor())
    response = editor_client.post(url, form_data(editor_client.get(url)))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.title == "Solar-powered school servers"
    assert study.status == Status.PUBLISHED
    assert study.published_at is not None


def test_restoring_from_an_outdated_page_is_refused():
    client = login(editor())
    study = create_through_admin(client)
    original = study.history.earliest("history_date")
    url = reverse("admin:practices_casestudy_simple_history", args=[study.pk, original.pk])
    stale_page = client.get(url)
    edit_through_admin(login(editor(username="carla")), study, summary="Carla's edit.")

    response = client.post(url, form_data(stale_page))
    assert response.status_code == 200
    assert "changed by carla" in response.content.decode()
    study.refresh_from_db()
    assert study.summary == "Carla's edit."
