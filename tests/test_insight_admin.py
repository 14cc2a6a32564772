"""Staff see what needs them: the admin index counts records in review, with broken
links and not verified for 18 months, each linking to the filtered list."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from iite_portal.freshness import months_before, stale_cutoff
from iite_portal.models import LinkCheck

from .factories import CaseStudyFactory, PolicyFactory, ResourceFactory, StaffFactory, editor

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.insight_admin_urls")]

TODAY = timezone.localdate()


def broken(url):
    return LinkCheck.objects.create(url=url, ok=False, status_code=404, checked_at=timezone.now())


def working(url):
    return LinkCheck.objects.create(url=url, ok=True, status_code=200, checked_at=timezone.now())


@pytest.fixture
def records():
    broken("https://gone.example/policy")
    working("https://fine.example/policy")
    broken("https://gone.example/report.pdf")
    working("https://gone.example/report.pdf-v2")
    cutoff = stale_cutoff()
    return {
        "policy_broken_stale": PolicyFactory(
            official_url="https://gone.example/policy", last_verified=None
        ),
        "policy_fine_fresh": PolicyFactory(
            official_url="https://fine.example/policy", last_verified=TODAY
        ),
        "policy_review_stale": PolicyFactory(
            status="review",
            published_at=None,
            last_verified=cutoff - datetime.timedelta(days=1),
        ),
        "policy_on_the_cutoff": PolicyFactory(last_verified=cutoff),
        "study_broken": CaseStudyFactory(
            sources="Report: https://gone.example/report.pdf.", last_verified=TODAY
        ),
        "study_similar_link": CaseStudyFactory(
            sources="https://gone.example/report.pdf-v2", last_verified=TODAY
        ),
        "oer_review": ResourceFactory(status="review", published_at=None, last_verified=TODAY),
    }


def changelist(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return set(response.context["cl"].result_list)


@pytest.fixture
def staff_client(client):
    client.force_login(editor())
    return client


def test_eighteen_months_before_is_the_same_day_or_the_month_end():
    assert months_before(datetime.date(2026, 11, 29), 18) == datetime.date(2025, 5, 29)
    assert months_before(datetime.date(2026, 8, 31), 18) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 1, 15), 18) == datetime.date(2023, 7, 15)


def test_freshness_filter_lists_records_never_verified_or_not_for_18_months(staff_client, records):
    stale = changelist(staff_client, "/admin/policies/policy/?freshness=stale")
    assert stale == {records["policy_broken_stale"], records["policy_review_stale"]}
    fresh = changelist(staff_client, "/admin/policies/policy/?freshness=fresh")
    assert fresh == {records["policy_fine_fresh"], records["policy_on_the_cutoff"]}


def test_link_status_filter_lists_records_whose_links_are_broken(staff_client, records):
    assert changelist(staff_client, "/admin/policies/policy/?link=broken") == {
        records["policy_broken_stale"]
    }
    assert changelist(staff_client, "/admin/practices/casestudy/?link=broken") == {
        records["study_broken"]
    }
    assert records["study_similar_link"] in changelist(
        staff_client, "/admin/practices/casestudy/?link=ok"
    )
    assert changelist(staff_client, "/admin/oer/resource/?link=broken") == set()


def test_list_filters_work_without_the_admin_site_through_a_request(records):
    from django.contrib.admin import AdminSite, ModelAdmin

    from iite_portal.admin_filters import FreshnessFilter, LinkStatusFilter
    from policies.models import Policy

    model_admin = ModelAdmin(Policy, AdminSite())
    request = RequestFactory().get("/", {"link": "broken"})
    params = dict(request.GET.lists())
    link = LinkStatusFilter(request, params, Policy, model_admin)
    assert list(link.queryset(request, Policy.objects.all())) == [records["policy_broken_stale"]]
    request = RequestFactory().get("/", {"freshness": "stale"})
    fresh = FreshnessFilter(request, dict(request.GET.lists()), Policy, model_admin)
    assert fresh.queryset(request, Policy.objects.all()).count() == 2


def attention_links(html):
    section = html.split('id="needs-attention"')[1].split("</table>")[0]
    return re.findall(r'<a href="([^"]+)" data-kind="(\w+)">(\d+)</a>', section)


def test_admin_index_greets_staff_with_counts_linking_to_the_filtered_lists(staff_client, records):
    html = staff_client.get("/admin/").content.decode()
    assert "What needs you" in html
    links = attention_links(html)
    assert ("/admin/policies/policy/?status__exact=review", "review", "1") in links
    assert ("/admin/policies/policy/?link=broken", "broken", "1") in links
    assert ("/admin/policies/policy/?freshness=stale", "stale", "2") in links
    assert ("/admin/practices/casestudy/?link=broken", "broken", "1") in links
    assert ("/admin/oer/resource/?status__exact=review", "review", "1") in links
    for url, _kind, count in links:  # each count is the length of the list it links to
        assert len(changelist(staff_client, url)) == int(count), url


def test_admin_index_counts_cost_one_query_per_kind_of_record(records, django_assert_num_queries):
    user = editor()
    request = RequestFactory().get("/admin/")
    request.user = user
    user.has_perm("policies.view_policy")  # load the permission cache outside the count
    template = Template("{% load insight %}{% admin_attention %}")
    with django_assert_num_queries(3):
        template.render(Context({"request": request}))


def test_admin_index_shows_only_the_kinds_a_user_may_see(client, records):
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_policy"))
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    urls = [url for url, _kind, _count in attention_links(html)]
    assert urls and all(url.startswith("/admin/policies/") for url in urls)
