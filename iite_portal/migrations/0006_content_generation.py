"""The content generation (generation.py): its table, the function that bumps it, and the
triggers on the shared tables public pages read (tags, link checks). Each app's
0004_performance adds the triggers on its own tables."""

from django.db import migrations

from iite_portal.generation import CREATE_SQL, DROP_SQL, trigger_sql

TABLES = ["iite_portal_linkcheck", "taggit_tag", "taggit_taggeditem"]


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0005_search_translations"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(CREATE_SQL, DROP_SQL),
        *(migrations.RunSQL(*trigger_sql(table)) for table in TABLES),
    ]
