"""The search vector of every record covers its translated titles (weight A) and summaries
(B), each parsed with its own language's configuration; the "Did you mean ...?" words take
the translated titles too. Re-creates the three trigger functions and refreshes every row."""

from django.db import migrations

from iite_portal.search_sql import record_search_function_sql

# The indexed columns of each table, as its 0002_search_vector migration set them.
TABLES = {
    "practices_casestudy": {
        "a": ["title"],
        "b": ["summary", "tag_names:array"],
        "c": [
            "context", "approach", "implementation", "monitoring", "impact", "costs",
            "challenges", "lessons", "sustainability", "organisation", "partners",
            "technologies",
        ],
    },
    "policies_policy": {
        "a": ["title", "original_title"],
        "b": ["summary", "tag_names:array"],
        "c": ["document_text", "issuing_body", "jurisdiction"],
    },
    "oer_resource": {
        "a": ["title"],
        "b": ["summary", "tag_names:array"],
        "c": ["publisher", "subjects:array"],
    },
}

FORWARD = "".join(record_search_function_sql(table, **cols) for table, cols in TABLES.items())
REVERSE = "".join(
    record_search_function_sql(table, **cols, translations={}) for table, cols in TABLES.items()
)


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0004_link_checks"),
        ("practices", "0003_record_translations"),
        ("policies", "0003_record_translations"),
        ("oer", "0003_record_translations"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
