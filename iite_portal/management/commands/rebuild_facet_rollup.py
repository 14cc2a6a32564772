"""python manage.py rebuild_facet_rollup: the facet rollup computed afresh from the records.

The triggers keep it exact through any insert, update, delete, COPY or TRUNCATE; this is
for what bypasses triggers (a data-only restore with triggers disabled, replication with
session_replication_role=replica)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from iite_portal.facet_sql import ROLLUP_TABLE, facet_rollup_rebuild_sql, rollup_table

KINDS = [("practices", "CaseStudy"), ("policies", "Policy"), ("oer", "Resource")]


class Command(BaseCommand):
    help = "Compute the facet rollup afresh from the published records."

    @transaction.atomic
    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            for app_label, name in KINDS:
                table, year = rollup_table(apps.get_model(app_label, name))
                cursor.execute(facet_rollup_rebuild_sql(table, year=year))
            cursor.execute(f"SELECT count(*) FROM {ROLLUP_TABLE}")  # noqa: S608
            rows = cursor.fetchone()[0]
        self.stdout.write(f"Facet rollup rebuilt: {rows} rows.")
