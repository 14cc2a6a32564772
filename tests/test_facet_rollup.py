"""The facet rollup (iite_portal/facet_sql.py): kept exact by the database whatever
changes the records, and giving the broad lists the same counts as counting the records."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from iite_portal import facet_sql
from iite_portal.models import Status
from iite_portal.workflow import record_publish, record_set_tags, record_withdraw
from oer.filters import ResourceFilterSet
from oer.models import Resource
from policies.filters import PolicyFilterSet
from policies.models import Policy
from practices.filters import CaseStudyFilterSet
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory, publisher

pytestmark = pytest.mark.django_db

TABLES = {
    "policies_policy": "adopted_year",
    "practices_casestudy": "start_year",
    "oer_resource": "year",
}


def rollup_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, anchor, year, key, n FROM {facet_sql.ROLLUP_TABLE} "  # noqa: S608
            "WHERE n <> 0 ORDER BY 1, 2, 3, 4"
        )
        return cursor.fetchall()


def rollup_from_scratch() -> list[tuple]:
    """What the triggers should have kept: the rollup computed afresh (in a savepoint that
    is rolled back, so the kept rollup stays as it was)."""
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT afresh")
        for table, year in TABLES.items():
            cursor.execute(facet_sql.facet_rollup_rebuild_sql(table, year=year))
        rows = rollup_rows()
        cursor.execute("ROLLBACK TO SAVEPOINT afresh")
    return rows


def test_the_rollup_stays_exact_through_every_kind_of_change():
    boss = publisher()
    kenya = PolicyFactory(countries=["KE", "UG"], tags=["Radio", "Teachers"], adopted_year=2015)
    PolicyFactory(countries=["FR"], adopted_year=None, legal_status="draft")
    draft = CaseStudyFactory(status=Status.DRAFT, published_at=None, countries=["PE"])
    ResourceFactory(countries=["IN", "KE"], tags=["Radio"], year=2019)
    assert rollup_rows() == rollup_from_scratch() != []

    record_publish(record=draft, user=boss)  # a draft becomes public
    kenya.countries = ["KE", "TZ"]  # a country (and so a region) changes
    kenya.adopted_year = 2016
    kenya.save()
    record_set_tags(record=kenya, names=["Radio", "Girls"])  # tags change
    assert rollup_rows() == rollup_from_scratch()

    record_withdraw(record=kenya, user=boss)  # leaves the public lists
    Resource.objects.filter(year=2019).update(licence="CC0-1.0")  # a bulk update
    Policy.objects.filter(countries__contains=["FR"]).delete()  # a deletion
    ResourceFactory.create_batch(3, countries=["BR"])  # several rows in one go
    assert rollup_rows() == rollup_from_scratch()

    kenya_rows = [row for row in rollup_rows() if row[1] == "countries=KE"]
    assert ("oer_resource", "countries=KE", 2019, "licence=CC0-1.0", 1) in kenya_rows
    assert not [row for row in kenya_rows if row[0] == "policies_policy"]  # withdrawn


def facet_counts(filterset_class, query, *, rollup):
    """The facet counts of a list, from the rollup or from the records, never from the
    cache of counts (which would hand one the other's numbers)."""
    caches[settings.CONTENT_CACHE].clear()
    filterset = filterset_class(
        QueryDict(query), queryset=filterset_class._meta.model.objects.published()
    )
    if not rollup:
        filterset.rollup_for = lambda ignored: None
    with CaptureQueriesContext(connection) as queries:
        counts = filterset.facet_counts()
    # In any order: the SQL's order of options is not kept (the page sorts them).
    counts = {param: sorted(rows, key=repr) for param, rows in counts.items()}
    return counts, " ".join(q["sql"] for q in queries.captured_queries)


BROAD = [
    "",
    "region=africa",
    "country=KE",
    "country=ke&year_from=2016",
    "region=africa&year_to=2018",
    "year_from=2017",
    "year_from=2015&year_to=2019",
]
NARROW = ["tag=radio", "country=KE&country=IN", "q=textbook", "country=KE&licence=CC-BY-4.0"]


@pytest.fixture
def catalogue():
    for index, countries in enumerate([["KE"], ["KE", "UG"], ["IN"], ["FR"], ["PE", "BR"]]):
        for year in (2014, 2016, 2018, None):
            kwargs = {"countries": countries, "tags": ["Radio"] if index % 2 else ["Teachers"]}
            PolicyFactory(adopted_year=year, **kwargs)
            CaseStudyFactory(start_year=year or 2010, **kwargs)
            ResourceFactory(year=year, licence="CC-BY-4.0" if index % 2 else "CC0-1.0", **kwargs)
    PolicyFactory(status=Status.DRAFT, published_at=None, countries=["KE"])


@pytest.mark.parametrize("query", BROAD)
@pytest.mark.parametrize(
    "filterset_class", [PolicyFilterSet, CaseStudyFilterSet, ResourceFilterSet]
)
def test_broad_lists_read_the_rollup_and_get_the_counts_of_the_records(
    catalogue, filterset_class, query
):
    from_rollup, sql = facet_counts(filterset_class, query, rollup=True)
    from_records, records_sql = facet_counts(filterset_class, query, rollup=False)
    assert facet_sql.ROLLUP_TABLE in sql
    assert facet_sql.ROLLUP_TABLE not in records_sql and "facet_keys" in records_sql
    assert from_rollup == from_records
    assert from_rollup["_total"][0][2] > 0


@pytest.mark.parametrize("query", NARROW)
def test_lists_the_rollup_cannot_answer_count_the_records(catalogue, query):
    counts, sql = facet_counts(ResourceFilterSet, query, rollup=True)
    # Every branch but those that ignore the narrowing filter counts the records.
    assert "facet_keys" in sql
    assert counts == facet_counts(ResourceFilterSet, query, rollup=False)[0]


def test_a_filterset_over_other_records_than_the_published_never_reads_the_rollup(catalogue):
    everything = PolicyFilterSet(QueryDict("country=KE"), queryset=Policy.objects.all())
    everything.errors  # noqa: B018 -- validates the form
    assert everything.rollup_for(("sort",)) is None


def test_truncating_a_record_table_empties_its_part_of_the_rollup():
    """TRUNCATE fires no DELETE trigger; the test database's flush between tests uses it."""
    PolicyFactory(countries=["KE"])
    ResourceFactory(countries=["KE"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks left pending
        cursor.execute("TRUNCATE policies_policy CASCADE")
    assert {row[0] for row in rollup_rows()} == {"oer_resource"}
    assert rollup_rows() == rollup_from_scratch()


def test_a_record_whose_countries_repeat_counts_once_as_counting_the_records_does():
    policy = PolicyFactory(countries=["KE"])
    Policy.objects.filter(pk=policy.pk).update(countries=["KE", "KE"])  # as COPY could
    assert rollup_rows() == rollup_from_scratch()
    totals = [row for row in rollup_rows() if row[1] == "countries=KE" and row[3] == "_total="]
    assert [row[4] for row in totals] == [1]


def test_the_rebuild_command_restores_a_rollup_that_was_bypassed(capsys):
    PolicyFactory(countries=["KE"])
    kept = rollup_rows()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {facet_sql.ROLLUP_TABLE}")  # noqa: S608
    call_command("rebuild_facet_rollup")
    assert rollup_rows() == kept != []
    assert "Facet rollup rebuilt" in capsys.readouterr().out


def test_bulk_sample_data_leaves_the_rollup_exact_and_clearing_empties_it():
    """generate_sample_data switches the row triggers off for its COPY and rebuilds."""
    call_command("generate_sample_data", practices=20, policies=10, oer=15, stdout=None)
    kept = rollup_rows()
    assert kept == rollup_from_scratch()
    assert {row[0] for row in kept} == set(TABLES)
    call_command("generate_sample_data", clear=True, stdout=None)
    assert rollup_rows() == rollup_from_scratch() == []
