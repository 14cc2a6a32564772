"""Bulk import and export in the admin (django-import-export, CSV and XLSX): a dry run first,
errors named by row, nothing written unless every row is valid; imported records are drafts
stamped with the importing user; multi-valued cells are ";"-separated."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iite_portal.models import Status
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy
from tests.admin_support import admin_url, login, messages_of
from tests.factories import PolicyFactory, ResourceFactory, editor

pytestmark = pytest.mark.django_db

POLICY_HEADER = [
    "slug", "title", "summary", "countries", "levels", "tags", "issuing_body",
    "document_type", "legal_status", "adopted_year", "start_year", "end_year",
    "doc_languages", "themes", "official_url",
]  # fmt: skip
POLICY_ROWS = [
    ["kenya-dlp", "Digital Literacy Programme", "Laptops and tablets for primary schools.",
     "ke", "1", "devices; primary", "Ministry of Education", "plan", "in_force",
     "2016", "2016", "2022", "en; sw", "infrastructure; teachers", "https://example.org/ke"],
    ["", "Rwanda ICT in Education Policy", "ICT in every school.",
     "RW", "1; 2; 3", "connectivity", "Ministry of Education", "policy", "in_force",
     "2016", "2016", "2020", "en; fr; rw", "vision", ""],
]  # fmt: skip
BAD_ROW = [
    "bad-years", "A policy that ends before it starts", "Bad years.", "FR", "2", "",
    "Ministry", "strategy", "in_force", "2020", "2021", "2019", "fr", "", "",
]  # fmt: skip


def csv_file(header, rows, name="policies.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def xlsx_file(header, rows, name="policies.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def dry_run(client, model, upload, fmt=0):
    """The first step of an import: upload, preview; fmt is 0 for CSV, 1 for XLSX."""
    return client.post(admin_url(model, "import"), {"import_file": upload, "format": str(fmt)})


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return client.post(admin_url(model, "process_import"), data, follow=True)


def test_a_valid_csv_is_previewed_then_imports_every_row_as_drafts_stamped_with_the_user():
    user = editor(username="importer")
    client = login(user)
    preview = dry_run(client, Policy, csv_file(POLICY_HEADER, POLICY_ROWS))
    assert preview.status_code == 200
    assert not preview.context["result"].has_validation_errors()
    assert "confirm_form" in preview.context
    assert not Policy.objects.exists()  # the dry run writes nothing

    response = confirm(client, Policy, preview)
    assert response.status_code == 200
    assert Policy.objects.count() == 2
    kenya = Policy.objects.get(slug="kenya-dlp")
    assert kenya.status == Status.DRAFT
    assert kenya.published_at is None
    assert (kenya.created_by, kenya.updated_by, kenya.version) == (user, user, 1)
    assert kenya.countries == ["KE"]
    assert kenya.regions == ["africa"]
    assert kenya.doc_languages == ["en", "sw"]
    assert kenya.themes == ["infrastructure", "teachers"]
    assert sorted(kenya.tags.names()) == ["devices", "primary"]
    assert kenya.tag_names == ["devices", "primary"]
    rwanda = Policy.objects.get(title="Rwanda ICT in Education Policy")
    assert rwanda.slug == "rwanda-ict-in-education-policy"  # made from the title
    assert rwanda.levels == ["1", "2", "3"]
    assert rwanda.history.get().history_user == user


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row():
    client = login(editor())
    rows = [POLICY_ROWS[0], BAD_ROW, POLICY_ROWS[1]]
    preview = dry_run(client, Policy, csv_file(POLICY_HEADER, rows))
    result = preview.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert "confirm_form" not in preview.context
    html = preview.content.decode()
    assert "Some rows failed to validate" in html
    assert "The end year cannot be before the start year." in html
    assert not Policy.objects.exists()


def test_an_unknown_country_code_is_reported_for_its_row():
    client = login(editor())
    rows = [POLICY_ROWS[0], [*POLICY_ROWS[1][:3], "XX", *POLICY_ROWS[1][4:]]]
    preview = dry_run(client, Policy, csv_file(POLICY_HEADER, rows))
    invalid = preview.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert "XX" in str(invalid[0].field_specific_errors["countries"])
    assert not Policy.objects.exists()


def test_an_xlsx_file_imports_every_row():
    client = login(editor())
    rows = [[int(c) if c.isdigit() else c for c in row] for row in POLICY_ROWS]
    preview = dry_run(client, Policy, xlsx_file(POLICY_HEADER, rows), fmt=1)
    assert not preview.context["result"].has_validation_errors()
    confirm(client, Policy, preview)
    assert Policy.objects.count() == 2


def test_oer_and_case_studies_import_too():
    client = login(editor())
    PolicyFactory(slug="kenya-dlp")
    oer = csv_file(
        ["slug", "title", "summary", "url", "publisher", "resource_type", "licence",
         "languages", "subjects", "related_policies", "countries"],
        [["openstax-physics", "College Physics", "An open textbook.",
          "https://openstax.org/details/books/college-physics", "OpenStax", "textbook",
          "CC-BY-4.0", "en", "physics; science", "kenya-dlp", "US"]],
    )  # fmt: skip
    confirm(client, Resource, dry_run(client, Resource, oer))
    resource = Resource.objects.get(slug="openstax-physics")
    assert resource.subjects == ["physics", "science"]
    assert list(resource.related_policies.values_list("slug", flat=True)) == ["kenya-dlp"]

    study = csv_file(
        ["slug", "title", "summary", "organisation", "organisation_type", "countries",
         "target_groups", "start_year", "related_resources"],
        [["radio-lessons", "Radio lessons", "Lessons by radio.", "Ministry", "government",
          "NE; ML", "rural; girls_women", "2020", "openstax-physics"]],
    )  # fmt: skip
    confirm(client, CaseStudy, dry_run(client, CaseStudy, study))
    imported = CaseStudy.objects.get(slug="radio-lessons")
    assert imported.countries == ["ML", "NE"]
    assert imported.target_groups == ["rural", "girls_women"]
    assert imported.related_resources.get() == resource


def test_export_writes_multi_valued_fields_separated_by_semicolons():
    ResourceFactory(slug="khan", countries=["US", "IN"], levels=["1", "2"], tags=["maths", "video"])
    client = login(editor())
    response = client.post(
        admin_url(Resource, "export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"resourceresource_{f}": "on"
                for f in ("slug", "countries", "levels", "tags", "status")
            },
        },
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["slug"] == "khan"
    assert rows[0]["countries"] == "IN; US"
    assert rows[0]["levels"] == "1; 2"
    assert rows[0]["tags"] == "maths; video"
    assert rows[0]["status"] == "published"


def test_editors_may_import_but_staff_without_add_permission_may_not():
    assert login(editor()).get(admin_url(Policy, "import")).status_code == 200
    from tests.factories import StaffFactory

    assert login(StaffFactory()).get(admin_url(Policy, "import")).status_code == 403


def test_the_confirm_step_writes_nothing_if_the_file_turned_bad_after_the_preview():
    from import_export.tmp_storages import TempFolderStorage

    client = login(editor())
    preview = dry_run(client, Policy, csv_file(POLICY_HEADER, POLICY_ROWS))
    name = preview.context["confirm_form"]["import_file_name"].value()
    bad = csv_file(POLICY_HEADER, [POLICY_ROWS[0], BAD_ROW]).read().decode()
    TempFolderStorage(name=name, encoding="utf-8", read_mode="r").save(bad)

    response = confirm(client, Policy, preview)
    assert not Policy.objects.exists()
    assert any("Nothing was imported: row(s) 2 failed" in m for m in messages_of(response))
