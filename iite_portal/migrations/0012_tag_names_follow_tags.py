"""A record's copy of its tag names (`tag_names`, read by the filters, facets, search, cards,
feeds, OAI-PMH and exports) follows the tags themselves. Before this, a tag renamed or
deleted in the admin stayed in the records' copies under its old name: its filter found
nothing and the facets offered a deleted tag.

- Renaming tags renames them in every record that carries them, deleting (or truncating)
  removes them: statement triggers on taggit_tag, so that the admin's "delete selected"
  or one UPDATE renaming several tags (A -> B and B -> C at once) is one pass per record
  table. Database triggers rather than admin code, so that every path is covered.
- Each changed record gets a new version (an edit started before is refused instead of
  writing the old names back) and a new `updated_at` (OAI-PMH harvesters, sitemaps and
  feeds see the change).
- `iite_sorted_tag_names()` sorts and de-duplicates names as `record_set_tags` does;
  `iite_tag_names_resync()` rebuilds every copy that differs from the tags the record
  carries (run once here, repairing copies left stale by earlier renames and deletions).

The record tables' own triggers refresh their facet keys, rollup counts and search
vectors in the same statement."""

from django.db import migrations

TABLES = ["practices_casestudy", "policies_policy", "oer_resource"]
TABLE_ARRAY = "ARRAY[" + ", ".join(f"'{table}'" for table in TABLES) + "]"
# Each table with the content type taggit files its records under.
KINDS = "VALUES " + ", ".join(
    f"('{table}', '{table.split('_', 1)[0]}', '{table.split('_', 1)[1]}')" for table in TABLES
)

FORWARD = f"""
CREATE FUNCTION iite_sorted_tag_names(names varchar[]) RETURNS varchar[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(n ORDER BY lower(n) COLLATE "C", n COLLATE "C"), '{{}}')
  FROM (SELECT DISTINCT n FROM unnest(names) n WHERE n IS NOT NULL) d
$$;

CREATE FUNCTION iite_tag_names_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tbl text;
  changes text;
  found boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    FOREACH tbl IN ARRAY {TABLE_ARRAY} LOOP
      EXECUTE format('UPDATE %I SET tag_names = ''{{}}'', version = version + 1, '
                     'updated_at = now() WHERE tag_names <> ''{{}}''', tbl);
    END LOOP;
    RETURN NULL;
  END IF;
  -- The old name and the new one (NULL: deleted) of each tag the statement changed.
  IF TG_OP = 'DELETE' THEN
    changes := 'SELECT name AS old, NULL::varchar AS new FROM old_tags';
  ELSE
    changes := 'SELECT o.name AS old, n.name AS new FROM old_tags o JOIN new_tags n '
               'USING (id) WHERE o.name IS DISTINCT FROM n.name';
  END IF;
  EXECUTE format('SELECT EXISTS (%s)', changes) INTO found;
  IF NOT found THEN
    RETURN NULL;
  END IF;
  FOREACH tbl IN ARRAY {TABLE_ARRAY} LOOP
    EXECUTE format(
      'WITH c AS (%s) '
      'UPDATE %I r SET version = r.version + 1, updated_at = now(), '
      'tag_names = iite_sorted_tag_names(ARRAY('
      '  SELECT CASE WHEN c.old IS NULL THEN n ELSE c.new END '
      '  FROM unnest(r.tag_names) n LEFT JOIN c ON c.old = n)) '
      'WHERE r.tag_names && ARRAY(SELECT old FROM c)', changes, tbl);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER iite_tags_renamed AFTER UPDATE ON taggit_tag
  REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags
  FOR EACH STATEMENT EXECUTE FUNCTION iite_tag_names_follow();
CREATE TRIGGER iite_tags_deleted AFTER DELETE ON taggit_tag
  REFERENCING OLD TABLE AS old_tags
  FOR EACH STATEMENT EXECUTE FUNCTION iite_tag_names_follow();
CREATE TRIGGER iite_tags_truncated AFTER TRUNCATE ON taggit_tag
  FOR EACH STATEMENT EXECUTE FUNCTION iite_tag_names_follow();

-- Every record whose copy differs (as a set) from the tags taggit files it under gets the
-- right names; returns how many were repaired.
CREATE FUNCTION iite_tag_names_resync() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  kind record;
  changed bigint;
  total bigint := 0;
BEGIN
  FOR kind IN SELECT k.tbl, ct.id AS content_type
      FROM ({KINDS}) k (tbl, app, model)
      JOIN django_content_type ct ON ct.app_label = k.app AND ct.model = k.model LOOP
    EXECUTE format(
      'UPDATE %I r SET version = r.version + 1, updated_at = now(), tag_names = t.names '
      'FROM (SELECT r2.id, iite_sorted_tag_names(ARRAY('
      '        SELECT g.name FROM taggit_taggeditem i JOIN taggit_tag g ON g.id = i.tag_id '
      '        WHERE i.content_type_id = $1 AND i.object_id = r2.id)) AS names '
      '      FROM %I r2) t '
      'WHERE t.id = r.id AND NOT (coalesce(r.tag_names, ''{{}}'') @> t.names '
      '  AND coalesce(r.tag_names, ''{{}}'') <@ t.names)',
      kind.tbl, kind.tbl) USING kind.content_type;
    GET DIAGNOSTICS changed = ROW_COUNT;
    total := total + changed;
  END LOOP;
  RETURN total;
END $$;

SELECT iite_tag_names_resync();
"""  # noqa: S608 -- table names from this migration, never from input

REVERSE = """
DROP TRIGGER IF EXISTS iite_tags_truncated ON taggit_tag;
DROP TRIGGER IF EXISTS iite_tags_deleted ON taggit_tag;
DROP TRIGGER IF EXISTS iite_tags_renamed ON taggit_tag;
DROP FUNCTION IF EXISTS iite_tag_names_follow();
DROP FUNCTION IF EXISTS iite_tag_names_resync();
DROP FUNCTION IF EXISTS iite_sorted_tag_names(varchar[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0011_search_vector_functions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
