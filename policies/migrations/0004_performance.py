"""Performance: the content-generation triggers on this app's tables (public pages read
them; see iite_portal/generation.py) and the indexes of the list, facet and detail
queries."""

import django.contrib.postgres.indexes
from django.db import migrations, models

from iite_portal.generation import trigger_sql

TABLES = ["policies_policy"]


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_search_vector"),
        ("iite_portal", "0005_content_generation"),
    ]

    operations = [
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
        migrations.AddIndex(
            model_name="policy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="policies_policy_pub_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="policy",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["countries"],
                name="policies_policy_pub_countries",
            ),
        ),
        migrations.AddIndex(
            model_name="policy",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fields=["tag_names"],
                name="policies_policy_pub_tags",
            ),
        ),
        migrations.AddIndex(
            model_name="policy",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["adopted_year"],
                include=(
                    "countries",
                    "regions",
                    "tag_names",
                    "document_type",
                    "legal_status",
                    "themes",
                    "levels",
                    "doc_languages",
                ),
                name="policies_policy_pub_facets",
            ),
        ),
    ]
