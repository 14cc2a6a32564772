"""Tags are curated in the admin (renamed, deleted, merged) and every record that carries one
follows: its filter, facet, card and search keep finding the records. Cards link their
tags without a query per card or per page."""

import pytest
from django.contrib.auth.models import User
from lxml import html
from taggit.models import Tag, TaggedItem

from practices.models import CaseStudy
from tests.admin_support import PASSWORD, admin_url, login, messages_of
from tests.factories import CaseStudyFactory, ResourceFactory, editor

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


def test_staff_without_tag_permissions_can_neither_merge_nor_reach_the_old_merge_view():
    CaseStudyFactory(tags=["a-tag", "b-tag"])
    selected = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    staff = login(editor())
    data = {"action": "merge_tags", "_selected_action": selected, "name": "c", "merge": "Merge"}
    response = staff.post(admin_url(Tag, "changelist"), data)
    assert response.status_code == 403
    assert staff.get("/admin/taggit/tag/merge-tags/").status_code in (302, 403, 404)
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}
    superuser_client = login(superuser())
    assert superuser_client.get("/admin/taggit/tag/merge-tags/").status_code in (302, 404)
    assert set(Tag.objects.values_list("name", flat=True)) == {"a-tag", "b-tag"}


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
    client.get("/fr/practices/")  # reads the tags' slugs once for this content generation
    page = client.get("/fr/practices/?sort=title")
    tags = card_tags(client, "/fr/practices/?sort=title")
    assert page.status_code == 200
    assert tags == {
        "radio": "/fr/tags/radio/", "tag 0": "/fr/tags/tag-0/",
        "tag 1": "/fr/tags/tag-1/", "tag 2": "/fr/tags/tag-2/",
    }  # fmt: skip
    CaseStudy.objects.filter(title="Study 0").update(title="Study zero")  # a new generation
    Tag.objects.filter(name="tag 0").update(slug="tag-zero")
    assert card_tags(client, "/fr/practices/?sort=title")["tag 0"] == "/fr/tags/tag-zero/"
