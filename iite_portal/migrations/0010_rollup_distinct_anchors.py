"""The facet rollup counts a record once per country even when its countries repeat one
(COPY or raw SQL can store ['KE', 'KE']), as counting the records does; then rebuilt."""

from django.db import migrations

from iite_portal.facet_sql import facet_rollup_functions_sql, facet_rollup_rebuild_sql

TABLES = {
    "practices_casestudy": "start_year",
    "policies_policy": "adopted_year",
    "oer_resource": "year",
}


class Migration(migrations.Migration):
    dependencies = [("iite_portal", "0009_rollup_truncate")]

    operations = [
        migrations.RunSQL(
            facet_rollup_functions_sql(table, year=year) + facet_rollup_rebuild_sql(table, year=year),
            migrations.RunSQL.noop,
        )
        for table, year in TABLES.items()
    ]
