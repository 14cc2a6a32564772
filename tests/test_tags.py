"""Tags are curated in the admin (renamed, deleted, merged) and every record that carries one
follows: its filter, facet, card and search keep finding the records. Cards link their
tags without a query per card or per page."""

import io

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from lxml import html
from taggit.models import Tag, TaggedItem

from practices.models import CaseStudy
from tests.admin_support import PASSWORD, admin_url, login, messages_of
from tests.factories import CaseStudyFactory, ResourceFactory, StaffFactory

pytestmark = pytest.mark.django_db


def superuser():
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def page_of(client, url):
    return html.fromstring(client.get(url).content)


def titles_on(client, url) -> list[str]:
    cards = page_of(client, url).xpath("//*[contains(@class, 'card__title')]/a")
    return [a.text_content().strip() for a in cards]


def card_tags(client, url) -> dict[str, str]:
    links = page_of(client, url).xpath("//article[@class='card']/ul[@class='tags']//a")
    return {a.text_content().strip(): a.get("href") for a in links}


def facet_labels(client, url, param="tag") -> list[str]:
    page = page_of(client, url)
    return [
        page.xpath(f"//label[@for='{box.get('id')}']")[0].text.strip()
        for box in page.xpath(f"//input[@name='{param}']")
    ]


def test_renaming_a_tag_in_the_admin_renames_it_in_every_record_that_carries_it(client):
    study = CaseStudyFactory(title="Tablets for reading", tags=["Mobile lerning", "reading"])
    resource = ResourceFactory(title="Phone lessons", tags=["Mobile lerning"])
    other = CaseStudyFactory(title="Radio school", tags=["radio"])
    tag = Tag.objects.get(name="Mobile lerning")
    version = study.version

    admin = login(superuser())
    url = admin_url(Tag, "change", tag.pk)
    response = admin.post(url, {"name": "Mobile learning", "slug": "mobile-learning"})
    assert response.status_code == 302, response.content.decode()[:2000]

    study.refresh_from_db()
    resource.refresh_from_db()
    other.refresh_from_db()
    assert study.tag_names == ["Mobile learning", "reading"]
    assert resource.tag_names == ["Mobile learning"]
    assert other.tag_names == ["radio"]
    assert study.version == version + 1  # an edit started before is refused, not saved back
    assert titles_on(client, "/en/practices/?tag=mobile-learning") == ["Tablets for reading"]
    assert titles_on(client, "/en/oer/?tag=mobile-learning") == ["Phone lessons"]
    assert "Mobile learning" in facet_labels(client, "/en/practices/")
    assert "Mobile lerning" not in facet_labels(client, "/en/practices/")
    assert card_tags(client, "/en/practices/")["Mobile learning"] == "/en/tags/mobile-learning/"
    tag_page = client.get("/en/tags/mobile-learning/").content.decode()
    assert "Tablets for reading" in tag_page and "Phone lessons" in tag_page
    assert titles_on(client, "/en/practices/?q=learning") == ["Tablets for reading"]


def test_deleting_a_tag_in_the_admin_removes_it_from_the_records(client):
    study = CaseStudyFactory(title="Tablets for reading", tags=["obsolete", "reading"])
    tag = Tag.objects.get(name="obsolete")

    admin = login(superuser())
    response = admin.post(admin_url(Tag, "delete", tag.pk), {"post": "yes"})
    assert response.status_code == 302

    study.refresh_from_db()
    assert study.tag_names == ["reading"]
    assert "obsolete" not in facet_labels(client, "/en/practices/")
    assert list(card_tags(client, "/en/practices/")) == ["reading"]
    assert titles_on(client, "/en/practices/?q=obsolete") == []


def test_merging_tags_leaves_one_tag_on_every_record_that_carried_any_of_them(client):
    both = CaseStudyFactory(title="Both spellings", tags=["e-learning", "elearning", "maths"])
    one = CaseStudyFactory(title="One spelling", tags=["elearning"])
    resource = ResourceFactory(title="Online course", tags=["ELearning"])  # the same tag
    untouched = CaseStudyFactory(title="Radio school", tags=["radio"])
    merged = Tag.objects.filter(name__in=["e-learning", "elearning"])
    selected = [str(tag.pk) for tag in merged]
    admin = login(superuser())
    changelist = admin_url(Tag, "changelist")

    confirm = admin.post(changelist, {"action": "merge_tags", "_selected_action": selected})
    assert confirm.status_code == 200
    page = html.fromstring(confirm.content)
    assert page.xpath("//input[@name='name']/@value") == ["elearning"]  # the most used
    assert "elearning (3 records)" in page.text_content()
    assert "e-learning (1 record)" in page.text_content()

    response = admin.post(
        changelist,
        {"action": "merge_tags", "_selected_action": selected, "name": "Online learning",
         "merge": "Merge"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "2 tags merged into “Online learning”." in messages_of(response)

    for record in (both, one, resource, untouched):
        record.refresh_from_db()
    assert both.tag_names == ["maths", "Online learning"]
    assert one.tag_names == ["Online learning"]
    assert resource.tag_names == ["Online learning"]
    assert untouched.tag_names == ["radio"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"Online learning", "maths", "radio"}
    kept = Tag.objects.get(name="Online learning")
    assert sorted(
        TaggedItem.objects.filter(tag=kept).values_list("object_id", flat=True)
    ) == sorted([both.pk, one.pk, resource.pk])
    assert sorted(both.tags.names(), key=str.lower) == ["maths", "Online learning"]
    assert titles_on(client, f"/en/practices/?tag={kept.slug}") == [
        "One spelling",
        "Both spellings",
    ]
    assert titles_on(client, f"/en/oer/?tag={kept.slug}") == ["Online course"]


def test_merging_into_a_selected_tags_name_written_in_another_case_keeps_that_tag(client):
    first = CaseStudyFactory(title="First", tags=["ict"])
    second = CaseStudyFactory(title="Second", tags=["information technology"])
    kept = Tag.objects.get(name="ict")
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    admin = login(superuser())
    data = {"action": "merge_tags", "_selected_action": selected, "name": "ICT", "merge": "Merge"}
    assert admin.post(admin_url(Tag, "changelist"), data).status_code == 302

    second.refresh_from_db()
    assert second.tag_names == ["ict"]
    assert list(Tag.objects.values_list("pk", flat=True)) == [kept.pk]
    assert titles_on(client, "/en/practices/?tag=ict") == ["Second", "First"]
    first.refresh_from_db()
    assert first.tag_names == ["ict"]


def staff_with(*codenames):
    user = StaffFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="taggit", codename__in=codenames)
    )
    return login(user)


def test_merging_needs_the_permissions_to_change_and_delete_tags_and_to_add_a_new_one():
    CaseStudyFactory(tags=["a-tag", "b-tag"])
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    data = {"action": "merge_tags", "_selected_action": selected, "merge": "Merge"}
    changelist = admin_url(Tag, "changelist")

    no_delete = staff_with("view_tag", "change_tag")
    assert "merge_tags" not in no_delete.get(changelist).content.decode()
    no_delete.post(changelist, {**data, "name": "a-tag"})
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}

    no_add = staff_with("view_tag", "change_tag", "delete_tag")
    response = no_add.post(changelist, {**data, "name": "c-tag"})
    assert "You may merge only into an existing tag" in response.content.decode()
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}
    assert no_add.post(changelist, {**data, "name": "A-TAG"}).status_code == 302
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag"}


def test_taggits_own_merge_view_is_gone():
    CaseStudyFactory(tags=["a-tag", "b-tag"])
    response = login(superuser()).get("/admin/taggit/tag/merge-tags/")
    assert response.status_code == 302  # the admin's "no such object" redirect
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}


def test_a_merge_is_logged_in_the_admin_history():
    CaseStudyFactory(tags=["a-tag", "b-tag"])
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    data = {"action": "merge_tags", "_selected_action": selected, "name": "a-tag", "merge": "1"}
    login(superuser()).post(admin_url(Tag, "changelist"), data)
    entries = {
        (e.object_repr, e.action_flag, e.get_change_message()) for e in LogEntry.objects.all()
    }
    assert entries == {("a-tag", CHANGE, "Merged into it: b-tag."), ("b-tag", DELETION, "")}


def test_merging_needs_two_tags_and_a_name():
    CaseStudyFactory(tags=["a-tag", "b-tag"])
    admin = login(superuser())
    one = [str(Tag.objects.get(name="a-tag").pk)]
    response = admin.post(
        admin_url(Tag, "changelist"), {"action": "merge_tags", "_selected_action": one}
    )
    assert "Choose at least two tags to merge." in messages_of(response)
    both = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    data = {"action": "merge_tags", "_selected_action": both, "name": "  ", "merge": "Merge"}
    response = admin.post(admin_url(Tag, "changelist"), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}


def test_the_tag_list_says_how_many_records_carry_each_tag():
    CaseStudyFactory(tags=["common", "rare"])
    CaseStudyFactory(tags=["common"])
    ResourceFactory(tags=["common"])
    page = login(superuser()).get(admin_url(Tag, "changelist") + "?o=-3")
    rows = html.fromstring(page.content).xpath("//table[@id='result_list']/tbody/tr")
    cells = [[cell.text_content().strip() for cell in row.xpath("th|td")][1:] for row in rows]
    assert [(name, count) for name, _slug, count in cells] == [("common", "3"), ("rare", "1")]


def test_cards_link_their_tags_in_the_readers_language_and_follow_a_changed_slug(client):
    for n in range(3):
        CaseStudyFactory(title=f"Study {n}", tags=["radio", f"tag {n}"])
    assert card_tags(client, "/en/practices/?sort=title")["tag 1"] == "/en/tags/tag-1/"
    assert card_tags(client, "/fr/practices/?sort=title") == {
        "radio": "/fr/tags/radio/", "tag 0": "/fr/tags/tag-0/",
        "tag 1": "/fr/tags/tag-1/", "tag 2": "/fr/tags/tag-2/",
    }  # fmt: skip
    Tag.objects.filter(name="tag 0").update(slug="tag-zero")  # a new content generation
    assert card_tags(client, "/fr/practices/?sort=title")["tag 0"] == "/fr/tags/tag-zero/"


def test_a_tag_renamed_or_deleted_gives_its_records_a_new_version_and_change_date():
    study = CaseStudyFactory(tags=["radio", "tv"])
    before = (study.version, study.updated_at)
    Tag.objects.filter(name="radio").update(name="Radio lessons")
    study.refresh_from_db()
    assert study.tag_names == ["Radio lessons", "tv"]
    assert study.version == before[0] + 1 and study.updated_at > before[1]
    Tag.objects.filter(name="tv").delete()
    study.refresh_from_db()
    assert study.tag_names == ["Radio lessons"] and study.version == before[0] + 2


def test_several_tags_renamed_and_deleted_in_one_statement_each_follow_their_own_change():
    first = CaseStudyFactory(tags=["a", "b"])
    second = ResourceFactory(tags=["b", "c", "d"])
    with connection.cursor() as cursor:  # a -> b and b -> c at once: no chain a -> c
        cursor.execute(
            "UPDATE taggit_tag SET name = CASE name WHEN 'a' THEN 'x' WHEN 'b' THEN 'a' END "
            "WHERE name IN ('a', 'b')"
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.tag_names == ["a", "x"] and second.tag_names == ["a", "c", "d"]
    response = login(superuser()).post(
        admin_url(Tag, "changelist"),
        {"action": "delete_selected", "post": "yes",
         "_selected_action": [str(t.pk) for t in Tag.objects.filter(name__in=["c", "x"])]},
    )  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.tag_names == ["a"] and second.tag_names == ["a", "d"]


def test_renaming_a_tag_to_another_tags_name_in_another_case_is_refused():
    study = CaseStudyFactory(tags=["Broadcast", "radio"])
    tag = Tag.objects.get(name="Broadcast")
    response = login(superuser()).post(
        admin_url(Tag, "change", tag.pk), {"name": "Radio", "slug": "radio-2"}
    )
    assert response.status_code == 200
    assert "The tag “radio” already exists." in response.content.decode()
    study.refresh_from_db()
    assert study.tag_names == ["Broadcast", "radio"]


def test_the_resync_repairs_copies_that_differ_from_the_tags_a_record_carries():
    stale = CaseStudyFactory(tags=["radio"])
    right = ResourceFactory(tags=["tv"])
    CaseStudy.objects.filter(pk=stale.pk).update(tag_names=["radio", "Old name"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT iite_tag_names_resync()")
        assert cursor.fetchone()[0] == 1
    stale.refresh_from_db()
    right.refresh_from_db()
    assert stale.tag_names == ["radio"] and right.tag_names == ["tv"]


def test_changes_to_a_tag_more_records_carry_than_a_page_may_rewrite_are_sent_to_a_command(
    monkeypatch,
):
    monkeypatch.setattr("iite_portal.admin.ADMIN_RECORD_LIMIT", 1)
    for _ in range(2):
        CaseStudyFactory(tags=["big", "small"])
    big = Tag.objects.get(name="big")
    admin = login(superuser())
    command = "python manage.py edit_tags"

    response = admin.post(admin_url(Tag, "change", big.pk), {"name": "huge", "slug": "big"})
    assert "2 records carry this" in response.content.decode()
    assert f"{command} rename" in response.content.decode()
    response = admin.post(admin_url(Tag, "delete", big.pk), {"post": "yes"})
    assert f"{command} delete" in response.content.decode()
    both = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    data = {"action": "merge_tags", "_selected_action": both, "name": "big", "merge": "1"}
    assert f"{command} merge" in admin.post(admin_url(Tag, "changelist"), data).content.decode()
    assert set(Tag.objects.values_list("name", flat=True)) == {"big", "small"}
    assert (
        admin.post(admin_url(Tag, "change", big.pk), {"name": "big", "slug": "big-tag"}).status_code
        == 302
    )  # the slug alone rewrites no record


def test_the_command_renames_merges_and_deletes_tags_with_their_records():
    study = CaseStudyFactory(tags=["e-learning", "elearning", "obsolete"])
    call_command("edit_tags", "rename", "obsolete", "Old", stdout=io.StringIO())
    study.refresh_from_db()
    assert study.tag_names == ["e-learning", "elearning", "Old"]
    out = io.StringIO()
    call_command(
        "edit_tags", "merge", "--into", "Online learning", "e-learning", "ELEARNING", stdout=out
    )
    assert "2 merged into “Online learning”; 1 records." in out.getvalue()
    with pytest.raises(CommandError, match="merge the two instead"):
        call_command("edit_tags", "rename", "Old", "online LEARNING ")
    call_command("edit_tags", "delete", "old", stdout=io.StringIO())
    study.refresh_from_db()
    assert study.tag_names == ["Online learning"]
    with pytest.raises(CommandError, match="No tag “nothing”"):
        call_command("edit_tags", "delete", "nothing")
