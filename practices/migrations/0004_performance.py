"""Performance: the content-generation triggers on this app's tables (public pages read
them; see iite_portal/generation.py) and the indexes of the list, facet and detail
queries."""

from django.db import migrations

from iite_portal.generation import trigger_sql

TABLES = ["practices_casestudy", "practices_casestudy_related_policies", "practices_casestudy_related_resources"]


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_search_vector"),
        ("iite_portal", "0005_content_generation"),
    ]

    operations = [
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
    ]
