"""Journey 2, a country officer: the policy list, a search for an exact phrase, narrowed to
a range of years and to policies in force; the CSV of that result (its rows checked); then
one policy's document (the PDF itself) and its official page. With and without JavaScript;
axe-core and a visible keyboard focus on every page; the form used with the keyboard."""

import csv
import io

import pytest
from playwright.sync_api import expect

from .journey import checkbox_id, query_params, result_titles, tab_to, visit_checks
from .journey_data import PHRASE, officer_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

OFFICIAL_PAGE = "<!doctype html><html lang=en><title>Ministry</title><h1>Official page</h1></html>"


def read_csv(download) -> list[dict]:
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(io.StringIO(file.read())))


def officer_journey(page, base_url, world, *, javascript: bool):
    checks = visit_checks if javascript else (lambda page, **kwargs: None)
    # The official page is on another site: the test answers for it, the browser goes there.
    page.route(
        "https://www.education.go.ke/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=OFFICIAL_PAGE),
    )

    page.goto(f"{base_url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Policies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National ICT-in-education policies")
    expect(page.locator("#results-title")).to_have_text("6 policies")
    checks(page)

    # An exact phrase in the list's own search box; Enter submits the filter form.
    query = f'"{PHRASE}"'
    if javascript:
        tab_to(page, "#filters-q")
        page.keyboard.type(query)
    else:
        page.locator("#filters-q").fill(query)
    with page.expect_navigation():
        page.locator("#filters-q").press("Enter")
    assert query_params(page.url)["q"] == [query]
    expect(page.locator("#results-title")).to_have_text("5 policies")
    assert world.dropped["words not as a phrase"].title not in result_titles(page)
    # A search is sorted by relevance unless the reader chose another order.
    expect(page.locator("#filters-sort option:checked")).to_have_text("Relevance")
    checks(page)

    # Narrow by years and legal status.
    in_force = checkbox_id(page, "legal_status", "In force")
    if javascript:  # in the order of the form: the status facet comes before the years
        tab_to(page, f"#{in_force}")
        page.keyboard.press("Space")
        tab_to(page, "#filters-year-from")
        page.keyboard.type("2019")
        page.keyboard.press("Tab")
        page.keyboard.type("2023")
        tab_to(page, "form#filters button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.locator("#filters-year-from").fill("2019")
        page.locator("#filters-year-to").fill("2023")
        page.locator(f"#{in_force}").check()
        with page.expect_navigation():
            page.locator("form#filters button[type=submit]").click()
    params = query_params(page.url)
    assert (params["year_from"], params["year_to"], params["legal_status"]) == (
        ["2019"],
        ["2023"],
        ["in_force"],
    )
    expect(page.locator("#results-title")).to_have_text("2 policies")
    assert sorted(result_titles(page)) == sorted(policy.title for policy in world.wanted)
    expect(page.locator("#filters-q")).to_have_value(query)
    checks(page)

    # The CSV of exactly this result.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    rows = read_csv(download_info.value)
    assert sorted(row["slug"] for row in rows) == sorted(policy.slug for policy in world.wanted)
    for row in rows:
        assert row["legal_status"] == "in_force"
        assert 2019 <= int(row["adopted_year"]) <= 2023
        assert PHRASE in row["summary"]
    document_row = next(row for row in rows if row["slug"] == world.policy_with_document.slug)
    assert document_row["title"] == world.policy_with_document.title
    assert document_row["official_url"] == world.policy_with_document.official_url
    assert document_row["page_url"].endswith(world.policy_with_document.get_absolute_url())
    # The CSV's document address serves the PDF too (media files are not public).
    from_csv = page.context.request.get(document_row["document_url"])
    assert (from_csv.status, from_csv.body()) == (200, world.pdf), document_row["document_url"]

    # One policy: its document is the PDF that was attached, and its official page opens.
    page.get_by_role("link", name=world.policy_with_document.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.policy_with_document.title)
    checks(page)
    document_link = page.get_by_role("link", name="Read the document")
    expect(document_link).to_have_attribute("type", "application/pdf")
    with page.expect_response(lambda response: "document.pdf" in response.url) as response_info:
        document_link.click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The browser shows it in its PDF viewer; the bytes behind it are the attached file.
    assert page.context.request.get(response.url).body() == world.pdf

    page.go_back()
    page.get_by_role("link", name="Official page of the document").click()
    expect(page).to_have_url(world.policy_with_document.official_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Official page")


def test_a_country_officer_searches_a_phrase_narrows_downloads_csv_and_opens_the_document(
    live_server, page
):
    officer_journey(page, live_server.url, officer_world(), javascript=True)


def test_the_officer_journey_works_without_javascript(live_server, nojs_page):
    officer_journey(nojs_page, live_server.url, officer_world(), javascript=False)
