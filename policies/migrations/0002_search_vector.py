"""Stored, weighted full-text vector of each policy, including the text extracted from its
PDF, kept by a trigger, GIN-indexed."""

from django.db import migrations

from iite_portal.search_sql import record_search_sql

FORWARD, REVERSE = record_search_sql(
    "policies_policy",
    a=["title", "original_title"],
    b=["summary", "tag_names:array"],
    c=["document_text", "issuing_body", "jurisdiction"],
)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_policy"),
        ("iite_portal", "0003_text_search_configs"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
