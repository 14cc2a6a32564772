"""Journey 3, staff: an editor logs in to the admin with its login form, creates a case study
(two countries, tags, levels, a Markdown body) and submits it for review; a publisher logs
in and publishes it with the bulk action; the public then finds it under its country and
tag filters, its body rendered as HTML. axe-core and a visible keyboard focus are checked
on every page, the admin's included (but for Django's own Select2 widget: ADMIN_AXE_EXCLUDE)."""

import pytest
from playwright.sync_api import expect

from iite_portal.models import Status
from practices.models import CaseStudy
from tests.admin_support import PASSWORD
from tests.factories import editor, publisher

from .journey import checkbox_id, result_titles, visit_checks
from .journey_data import staff_groups

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TITLE = "Girls code their own learning apps"
SLUG = "girls-code-their-own-learning-apps"
BODY = "Girls **coded** apps for their schools.\n\n- weekly clubs\n- shared tablets"


# Django's admin bundles Select2 for autocomplete fields (related policies and OER); its
# search box has no label (axe: "label"). It is Django's widget, not ours: left out of the
# check, everything else of the admin pages (our fieldsets, help texts, widgets) is checked.
ADMIN_AXE_EXCLUDE = (".select2-container",)


def admin_checks(page, what):
    visit_checks(page, what=f"the admin's {what}", axe_exclude=ADMIN_AXE_EXCLUDE)


def log_in(page, base_url, user):
    page.goto(f"{base_url}/admin/")
    expect(page).to_have_url(f"{base_url}/admin/login/?next=/admin/")
    admin_checks(page, "login page")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(f"Welcome, {user.username}")


def log_out(page):
    page.locator("#logout-form button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logged out")


def test_an_editor_writes_a_case_study_a_publisher_publishes_it_and_the_public_finds_it(
    live_server, page
):
    base = live_server.url
    staff_groups()
    edith, paul = editor(username="edith"), publisher(username="paul")

    # The editor writes the case study and submits it for review.
    log_in(page, base, edith)
    admin_checks(page, "index")
    page.get_by_role("link", name="Case studies").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select case study to change")
    page.get_by_role("link", name="Add case study").click()
    expect(page).to_have_url(f"{base}/admin/practices/casestudy/add/")
    admin_checks(page, "add form")
    page.locator("#id_title").press_sequentially(TITLE)  # typed: the admin's script
    expect(page.get_by_label("Slug")).to_have_value(SLUG)  # filled in from the title
    page.locator("#id_summary").fill("Coding clubs for girls in Kenya and Uganda.")
    page.get_by_label("Tags").fill("girls in STEM, coding clubs")
    page.get_by_label("Countries").select_option(["KE", "UG"])  # a multi-select
    page.get_by_label("Lower secondary education", exact=True).check()
    page.get_by_label("Upper secondary education", exact=True).check()
    page.get_by_label("Implementing organisation").fill("Code Club Africa")
    page.get_by_label("Organisation type").select_option("ngo")
    page.get_by_label("Approach").fill(BODY)
    page.get_by_label("Status").select_option(Status.REVIEW)
    page.get_by_role("button", name="Save", exact=True).click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert errors == [], errors
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    record = CaseStudy.objects.get(slug=SLUG)
    assert (record.status, record.countries, record.levels) == (
        Status.REVIEW,
        ["KE", "UG"],
        ["2", "3"],
    )
    assert sorted(record.tag_names) == ["coding clubs", "girls in STEM"]
    log_out(page)

    # Not public while in review.
    assert page.goto(f"{base}/en/practices/{SLUG}/").status == 404

    # The publisher publishes it from the list with the bulk action.
    log_in(page, base, paul)
    page.goto(f"{base}/admin/practices/casestudy/?status__exact=review")
    admin_checks(page, "case-study list")
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("ublished")
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    log_out(page)

    # The public finds it under its country and tag filters, its body as HTML.
    page.goto(f"{base}/en/practices/")
    visit_checks(page)
    page.locator(f"#{checkbox_id(page, 'country', 'Uganda')}").check()
    page.locator(f"#{checkbox_id(page, 'tag', 'girls in STEM')}").check()
    with page.expect_navigation():
        page.locator("form#filters button[type=submit]").click()
    assert result_titles(page) == [TITLE]
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    approach = page.locator(".prose").filter(has_text="weekly clubs")
    expect(approach.locator("strong")).to_have_text("coded")
    expect(approach.locator("li")).to_have_text(["weekly clubs", "shared tablets"])
    assert "**" not in approach.inner_text()
    visit_checks(page)
