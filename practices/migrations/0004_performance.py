"""Performance: the facet keys (iite_portal/facet_sql.py), finer statistics of the search
vector, the content-generation triggers on this app's tables (public pages read them;
see iite_portal/generation.py) and the indexes of the list and home queries."""

import django.contrib.postgres.indexes
from django.db import migrations, models

from iite_portal.facet_sql import facet_keys_sql
from iite_portal.generation import trigger_sql

TABLES = [
    "practices_casestudy",
    "practices_casestudy_related_policies",
    "practices_casestudy_related_resources",
]

FACET_KEYS = facet_keys_sql(
    "practices_casestudy",
    arrays=['countries', 'regions', 'tag_names', 'levels', 'target_groups'],
    singles=['connectivity', 'organisation_type'],
    year="start_year",
)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_record_translations"),
        ("iite_portal", "0006_content_generation"),
    ]

    operations = [
        migrations.RunSQL(*FACET_KEYS),
        # A finer picture of the words' frequencies, so that the planner tells a rare
        # word (read the few matches through the GIN index) from a common one (walk the
        # newest records until enough match): the search page's candidates.
        migrations.RunSQL(
            "ALTER TABLE practices_casestudy ALTER COLUMN search_vector SET STATISTICS 3000",
            "ALTER TABLE practices_casestudy ALTER COLUMN search_vector SET STATISTICS -1",
        ),
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
        migrations.AddIndex(
            model_name="casestudy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="practices_cs_pub_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="casestudy",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["countries"],
                name="practices_cs_pub_countries",
            ),
        ),
        migrations.AddIndex(
            model_name="casestudy",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["tag_names"],
                name="practices_cs_pub_tags",
            ),
        ),
    ]
