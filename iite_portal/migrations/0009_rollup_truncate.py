"""TRUNCATE of a record table empties its part of the facet rollup (a TRUNCATE fires no
DELETE trigger: without this, the rollup kept counting the records it removed)."""

from django.db import migrations

from iite_portal.facet_sql import facet_rollup_truncate_sql

TABLES = ["practices_casestudy", "policies_policy", "oer_resource"]


class Migration(migrations.Migration):
    dependencies = [("iite_portal", "0008_facet_rollup")]

    operations = [migrations.RunSQL(*facet_rollup_truncate_sql(table)) for table in TABLES]
