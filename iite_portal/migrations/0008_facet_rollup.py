"""The facet rollup (facet_sql.py): per kind, anchor (the whole kind, a country or a
region) and year, how many published records carry each facet key, kept exact by
statement triggers; facets.py reads it for the broad lists (no filter, one country or
region, a year range) instead of counting every matching record."""

from django.db import migrations

from iite_portal.facet_sql import ROLLUP_CREATE, ROLLUP_DROP, facet_rollup_sql

# Table -> its year column (each model's `year_field`), frozen here as in 0004.
TABLES = {
    "practices_casestudy": "start_year",
    "policies_policy": "adopted_year",
    "oer_resource": "year",
}


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0007_term_query_distinct"),
        ("practices", "0004_performance"),
        ("policies", "0004_performance"),
        ("oer", "0004_performance"),
    ]

    operations = [
        migrations.RunSQL(ROLLUP_CREATE, ROLLUP_DROP),
        *(migrations.RunSQL(*facet_rollup_sql(table, year=year)) for table, year in TABLES.items()),
    ]
