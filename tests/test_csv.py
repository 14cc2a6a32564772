"""CSV export of the filtered lists: what a spreadsheet user gets, and that the export
streams (100k rows in bounded memory)."""

import csv
import io
import tracemalloc

import pytest
from django.db import connection
from django.utils import timezone

from iite_portal.models import Status
from oer.models import Resource
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def rows(text):
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_is_utf8_with_bom_an_attachment_and_has_machine_column_names(client):
    PolicyFactory(slug="kenya-strategy", countries=["KE"])
    response, text = download(client, "/en/policies/export.csv?country=KE&theme=teachers")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="iite-policies-ke-teachers-{today}.csv"'
    )
    assert text.startswith("\ufeffslug,title,summary,language,countries,country_names,regions,")
    assert "\r\n" in text  # Excel's line ends


def test_one_column_per_field_multiple_values_joined_with_semicolons(client):
    policy = PolicyFactory(
        slug="digital-strategy",
        countries=["UG", "KE"],
        levels=["1", "2"],
        themes=["teachers", "ai"],
        doc_languages=["en", "sw"],
        tags=["Devices", "Teacher training"],
    )
    PolicyFactory(slug="amendment", amends=policy)
    case_study = CaseStudyFactory(slug="tablets")
    case_study.related_policies.add(policy)
    (row,) = rows(download(client, "/en/policies/export.csv?theme=ai")[1])
    assert row["countries"] == "KE; UG"
    assert row["country_names"] == "Kenya; Uganda"
    assert row["regions"] == "africa"
    assert row["levels"] == "1; 2"
    assert row["themes"] == "teachers; ai"
    assert row["doc_languages"] == "en; sw"
    assert row["tags"] == "Devices; Teacher training"
    assert row["amended_by"] == "amendment"
    assert row["case_studies"] == "tablets"
    assert row["page_url"] == "http://testserver/en/policies/digital-strategy/"
    assert row["document_type"] == "policy"
    assert row["adopted_year"] == "2020"


def test_only_published_records_and_every_record_of_the_list_not_one_page(client, settings):
    settings.PORTAL_PAGE_SIZE = 2
    ResourceFactory.create_batch(5)
    ResourceFactory(status=Status.DRAFT, published_at=None, slug="draft")
    exported = rows(download(client, "/en/oer/export.csv")[1])
    assert len(exported) == 5
    assert "draft" not in {row["slug"] for row in exported}


def test_commas_quotes_and_line_breaks_survive_excel_quoting(client):
    CaseStudyFactory(
        title='Radio "lessons", on air',
        approach="First line\nsecond line, with a comma",
    )
    text = download(client, "/en/practices/export.csv")[1]
    assert '"Radio ""lessons"", on air"' in text
    (row,) = rows(text)
    assert row["title"] == 'Radio "lessons", on air'
    assert row["approach"] == "First line\nsecond line, with a comma"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, start):
    payload = f'{start}HYPERLINK("https://evil.example/","click")'
    CaseStudyFactory(title=payload, organisation=f"{start}1+1")
    (row,) = rows(download(client, "/en/practices/export.csv")[1])
    assert row["title"] == f"'{payload}"
    assert row["organisation"] == f"'{start}1+1"


def test_invalid_filters_are_ignored_as_on_the_page(client):
    CaseStudyFactory(slug="kept", countries=["KE"])
    CaseStudyFactory(slug="other", countries=["PE"])
    exported = rows(download(client, "/en/practices/export.csv?country=KE&year_from=soon")[1])
    assert [row["slug"] for row in exported] == ["kept"]


@pytest.mark.parametrize("records", [1, 50])
def test_export_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries, records):
    for _ in range(records):
        PolicyFactory(tags=["Devices"])
    # 1 the content generation (ETag), 2 the chosen tags (validating ?tag=), 3 the records
    # with their cross-link slugs (sub-queries of the same statement), read through a
    # server-side cursor.
    with django_assert_num_queries(3):
        exported = rows(download(client, "/en/policies/export.csv?tag=devices")[1])
    assert len(exported) == records


@pytest.mark.parametrize("kind", ["practices", "policies", "oer"])
def test_every_list_page_links_to_its_csv_with_the_current_filters(client, kind):
    html = client.get(f"/en/{kind}/?country=KE&page=1").content.decode()
    url = f"http://testserver/en/{kind}/export.csv?country=KE"
    assert f'<link rel="alternate" type="text/csv" href="{url}"' in html
    assert f'<a href="{url}" download>Download CSV</a>' in html


# --- 100k rows ---

ROWS = 100_000


def copy_rows(template, count):
    """`count` published copies of `template` with their own slugs, in one INSERT ...
    SELECT generate_series: fast, and nothing of them sits in Python's memory."""
    model = type(template)
    columns = [field.column for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    values = [
        f"{quote(column)} || '-' || g" if column in ("slug", "title") else quote(column)
        for column in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM {quote(model._meta.db_table)}, "
            "generate_series(1, %s) g WHERE id = %s",
            [count, template.pk],
        )


def open_cursors() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        return cursor.fetchone()[0]


def test_export_of_100k_rows_streams_in_bounded_memory(client):
    template = ResourceFactory(
        summary="An open textbook for primary mathematics, with exercises. " * 3,
        subjects=["mathematics", "geometry"],
        tags=["Mathematics", "Textbooks"],
    )
    copy_rows(template, ROWS - 1)
    assert Resource.objects.published().count() == ROWS

    tracemalloc.start()
    try:
        response = client.get("/en/oer/export.csv")
        chunks = iter(response.streaming_content)
        first = next(chunks)
        # The first bytes are out while the server-side cursor is still open: the query
        # has not been read to its end, let alone held in memory.
        assert first.startswith("\ufeffslug,".encode())
        assert open_cursors() == 1
        size, lines = len(first), first.count(b"\r\n")
        for chunk in chunks:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert lines == ROWS + 1  # the header and every row
    assert open_cursors() == 0  # read to the end, and closed
    # 100k rows are over 40 MB of CSV, and several times that as Python objects; the
    # export held a chunk of 2,000 rows at a time (about 15 MB with the driver's copy),
    # never the rows or the text of the whole file.
    assert size > 40_000_000
    assert peak < min(25_000_000, size / 2), f"peak {peak / 1e6:.1f} MB"
