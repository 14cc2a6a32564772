"""SQL for a record table's `facet_keys` column: every facet value of the record as one
text array of "column=value" keys (`countries=KE`, `tag_names=Radio`, `offline=true`),
kept by a trigger, so that the facet counts of any set of records are ONE unnest and ONE
hash aggregate over one narrow column (iite_portal/facets.py) instead of one per facet.
With the covering index on it, counting reads an index, not the wide rows.

Used by the apps' 0004_performance migrations, so treat it as frozen: indexing another
column is a new migration that replaces the function (CREATE OR REPLACE) and refreshes."""

KEYS_COLUMN = "facet_keys"


def facet_keys_sql(
    table: str, *, arrays: list[str], singles: list[str], year: str
) -> tuple[str, str]:
    """(forward SQL, reverse SQL): the column, its trigger (BEFORE INSERT OR UPDATE, so the
    keys change in the same statement as the record), the filling of existing rows, and
    the covering index of published records (the year, the filtered arrays, the keys)."""
    parts = [f"ARRAY(SELECT '{col}=' || v FROM unnest(NEW.{col}) v)" for col in arrays]  # noqa: S608
    parts.append("ARRAY[" + ", ".join(f"'{col}=' || NEW.{col}::text" for col in singles) + "]")
    keys = "array_remove(" + " || ".join(parts) + ", NULL)"  # a NULL single value: no key
    # Names come from the migrations, never from input.
    forward = f"""
ALTER TABLE {table} ADD COLUMN {KEYS_COLUMN} text[];

CREATE FUNCTION {table}_facet_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{KEYS_COLUMN} := {keys};
  RETURN NEW;
END $$;

CREATE TRIGGER facet_keys BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {table}_facet_keys();

UPDATE {table} SET {KEYS_COLUMN} = NULL;

CREATE INDEX {table}_pub_facets ON {table} ({year})
  INCLUDE (countries, regions, tag_names, {KEYS_COLUMN}) WHERE status = 'published';
"""  # noqa: S608
    reverse = f"""
DROP INDEX IF EXISTS {table}_pub_facets;
DROP TRIGGER IF EXISTS facet_keys ON {table};
DROP FUNCTION IF EXISTS {table}_facet_keys();
ALTER TABLE {table} DROP COLUMN IF EXISTS {KEYS_COLUMN};
"""
    return forward, reverse
