"""Performance: the content-generation triggers on this app's tables (public pages read
them; see iite_portal/generation.py) and the indexes of the list, facet and detail
queries."""

import django.contrib.postgres.indexes
from django.db import migrations, models

from iite_portal.generation import trigger_sql

TABLES = ["oer_resource", "oer_resource_related_policies"]


class Migration(migrations.Migration):
    dependencies = [
        ("oer", "0002_search_vector"),
        ("iite_portal", "0005_content_generation"),
    ]

    operations = [
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="oer_resource_pub_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["countries"],
                name="oer_resource_pub_countries",
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["tag_names"],
                name="oer_resource_pub_tags",
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["year"],
                include=(
                    "countries",
                    "regions",
                    "tag_names",
                    "resource_type",
                    "levels",
                    "languages",
                    "licence",
                    "accessibility",
                    "offline",
                ),
                name="oer_resource_pub_facets",
            ),
        ),
    ]
