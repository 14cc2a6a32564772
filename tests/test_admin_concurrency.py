"""No lost updates: a save or bulk action based on an outdated version is refused, with a
message that says who changed the record meanwhile, and the earlier change is kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iite_portal.models import Status
from policies.models import Policy
from practices.models import CaseStudy
from tests.admin_support import admin_url, errors_of, form_data, login, messages_of
from tests.factories import CaseStudyFactory, PolicyFactory, editor, publisher

pytestmark = pytest.mark.django_db


def test_second_of_two_edits_from_the_same_version_is_refused_and_the_first_is_kept():
    study = CaseStudyFactory(title="Tablets for schools", summary="Original summary.")
    first_user, second_user = editor(username="amina"), editor(username="boris")
    first, second = login(first_user), login(second_user)
    url = admin_url(CaseStudy, "change", study.pk)
    first_page, second_page = first.get(url), second.get(url)  # both open version 1

    response = first.post(url, form_data(first_page, title="Tablets for rural schools"))
    assert response.status_code == 302

    response = second.post(url, form_data(second_page, summary="Boris's new summary."))
    assert response.status_code == 200
    error = errors_of(response)
    assert "was changed by amina" in error
    assert "after you opened it" in error
    assert "Reload it" in error
    # The refused form keeps what the second editor typed, so nothing of theirs is lost
    # either: they can copy it after reloading.
    assert "Boris&#x27;s new summary." in response.content.decode()

    study.refresh_from_db()
    assert study.title == "Tablets for rural schools"
    assert study.summary == "Original summary."
    assert study.version == 2
    assert study.updated_by == first_user


def test_saving_again_after_reloading_works():
    study = CaseStudyFactory()
    client = login(editor())
    url = admin_url(CaseStudy, "change", study.pk)
    client.post(url, form_data(client.get(url), summary="First change."))
    response = client.post(url, form_data(client.get(url), summary="Second change."))
    assert response.status_code == 302
    study.refresh_from_db()
    assert (study.summary, study.version) == ("Second change.", 3)


def test_a_change_form_post_without_its_version_is_refused():
    policy = PolicyFactory()
    client = login(editor())
    url = admin_url(Policy, "change", policy.pk)
    response = client.post(url, form_data(client.get(url), opened_version=None, title="X"))
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.title != "X"


def test_the_change_form_locks_the_row_inside_the_admin_transaction():
    policy = PolicyFactory()
    client = login(editor())
    url = admin_url(Policy, "change", policy.pk)
    data = form_data(client.get(url), title="Locked while saved")
    with CaptureQueriesContext(connection) as queries:
        client.post(url, data)
    statements = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    update = next(i for i, sql in enumerate(statements) if sql.startswith("UPDATE"))
    assert lock < update


def test_the_changelist_carries_each_rows_version_for_bulk_actions():
    study = CaseStudyFactory()
    study.version = 7
    study.save()
    page = login(editor()).get(admin_url(CaseStudy, "changelist"))
    assert f'<input type="hidden" name="version-{study.pk}" value="7">' in page.content.decode()


def test_bulk_action_skips_a_record_changed_after_the_list_was_loaded():
    changed = CaseStudyFactory(status=Status.DRAFT, published_at=None, title="Changed meanwhile")
    untouched = CaseStudyFactory(status=Status.DRAFT, published_at=None, title="Untouched")
    client = login(publisher())
    page = client.get(admin_url(CaseStudy, "changelist"))
    versions = {f"version-{r.pk}": str(r.version) for r in page.context["cl"].result_list}

    other = login(editor(username="carla"))
    url = admin_url(CaseStudy, "change", changed.pk)
    other.post(url, form_data(other.get(url), summary="Changed by Carla."))

    response = client.post(
        admin_url(CaseStudy, "changelist"),
        {
            "action": "publish",
            "_selected_action": [str(changed.pk), str(untouched.pk)],
            "index": "0",
            **versions,
        },
        follow=True,
    )
    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert changed.status == Status.DRAFT
    assert changed.summary == "Changed by Carla."
    assert untouched.status == Status.PUBLISHED
    shown = messages_of(response)
    assert any("Changed meanwhile" in m and "changed by carla" in m for m in shown)
    assert "1 record published." in shown
