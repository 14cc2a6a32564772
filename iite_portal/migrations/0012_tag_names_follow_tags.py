"""A record's copy of its tag names (`tag_names`, read by the filters, facets, search, feeds
and exports) follows the tags themselves: renaming a tag renames it in every record that
carries it, deleting a tag removes it from them. Before this, a tag renamed or deleted in
the admin stayed in the records' copies under its old name, so its filter found nothing
and the facets still offered the deleted tag.

Database triggers rather than admin code, so that every path is covered (the admin, the
shell, SQL). The record tables' own triggers then refresh their facet keys, rollup counts
and search vectors in the same statement. Names stay sorted as `record_set_tags` sorts
them (lower case, by code point), and each changed record's version goes up, so that an
edit started before the change is refused rather than writing the old names back."""

from django.db import migrations

TABLES = ["practices_casestudy", "policies_policy", "oer_resource"]

FORWARD = """
CREATE FUNCTION iite_tag_names_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tbl text;
  changed text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := 'array_remove(tag_names, $1)';
  ELSE
    changed := 'array_replace(tag_names, $1, $2)';
  END IF;
  FOREACH tbl IN ARRAY %(tables)s LOOP
    EXECUTE format(
      'UPDATE %%I SET version = version + 1, tag_names = ARRAY('
      'SELECT DISTINCT ON (lower(n) COLLATE "C", n) n '
      'FROM unnest(%%s) n ORDER BY lower(n) COLLATE "C", n) '
      'WHERE tag_names @> ARRAY[$1]::varchar[]', tbl, changed)
    USING OLD.name::varchar,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.name END::varchar;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER iite_tag_renamed AFTER UPDATE OF name ON taggit_tag
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION iite_tag_names_follow();
CREATE TRIGGER iite_tag_deleted AFTER DELETE ON taggit_tag
  FOR EACH ROW EXECUTE FUNCTION iite_tag_names_follow();
""" % {"tables": "ARRAY[" + ", ".join(f"'{table}'" for table in TABLES) + "]"}

REVERSE = """
DROP TRIGGER IF EXISTS iite_tag_deleted ON taggit_tag;
DROP TRIGGER IF EXISTS iite_tag_renamed ON taggit_tag;
DROP FUNCTION IF EXISTS iite_tag_names_follow();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0011_search_vector_functions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
