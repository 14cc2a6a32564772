"""Stored, weighted full-text vector of each OER listing, kept by a trigger, GIN-indexed."""

from django.db import migrations

from iite_portal.search_sql import record_search_sql

FORWARD, REVERSE = record_search_sql(
    "oer_resource",
    a=["title"],
    b=["summary", "tag_names:array"],
    c=["publisher", "subjects:array"],
)


class Migration(migrations.Migration):
    dependencies = [
        ("oer", "0001_oer_listing"),
        ("iite_portal", "0003_text_search_configs"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
