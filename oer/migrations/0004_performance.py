"""Performance: the content-generation triggers on this app's tables (public pages read
them; see iite_portal/generation.py) and the indexes of the list, facet and detail
queries."""

from django.db import migrations

from iite_portal.generation import trigger_sql

TABLES = ["oer_resource", "oer_resource_related_policies"]


class Migration(migrations.Migration):
    dependencies = [
        ("oer", "0002_search_vector"),
        ("iite_portal", "0005_content_generation"),
    ]

    operations = [
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
    ]
