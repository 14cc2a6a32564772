"""Stored, weighted full-text vector of each case study, kept by a trigger, GIN-indexed."""

from django.db import migrations

from iite_portal.search_sql import record_search_sql

NARRATIVE = [
    "context", "approach", "implementation", "monitoring", "impact",
    "costs", "challenges", "lessons", "sustainability",
]

FORWARD, REVERSE = record_search_sql(
    "practices_casestudy",
    a=["title"],
    b=["summary", "tag_names:array"],
    c=[*NARRATIVE, "organisation", "partners", "technologies"],
)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_case_study"),
        ("iite_portal", "0003_text_search_configs"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
