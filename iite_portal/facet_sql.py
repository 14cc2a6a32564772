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


# --- the facet rollup: counts kept ready for the broad filters --------------------------

ROLLUP_TABLE = "iite_facet_rollup"
# The year of records without one, in the rollup (a year filter leaves them out).
NO_YEAR = -1

ROLLUP_CREATE = f"""
CREATE TABLE {ROLLUP_TABLE} (
  kind text NOT NULL,
  anchor text NOT NULL,
  year integer NOT NULL,
  key text COLLATE "C" NOT NULL,
  n integer NOT NULL,
  -- With the count in the index, a sum reads the index alone.
  PRIMARY KEY (kind, anchor, year, key) INCLUDE (n)
);
"""
ROLLUP_DROP = f"DROP TABLE IF EXISTS {ROLLUP_TABLE};"


def _rollup_rows(table: str, year: str, rows: str, sign: int) -> str:
    """The rollup rows of the published records in `rows`: for each record, each anchor
    ('' for the whole kind, and each of its countries and regions) times each facet key
    (and '_total='), with `sign`."""
    return f"""
    SELECT '{table}' AS kind, a AS anchor, coalesce(r.{year}, {NO_YEAR}) AS year, k AS key,
           {sign} AS d
    FROM {rows} r
    CROSS JOIN LATERAL unnest(ARRAY[''] || ARRAY(
      SELECT DISTINCT x FROM unnest(r.{KEYS_COLUMN}) x
      WHERE starts_with(x, 'countries=') OR starts_with(x, 'regions=')
    )) a
    CROSS JOIN LATERAL unnest(r.{KEYS_COLUMN} || '_total='::text) k
    WHERE r.status = 'published'"""  # noqa: S608


def _rollup_upsert(parts: list[str]) -> str:
    # Sorted, so that two transactions lock the counters in the same order (no deadlock).
    union = " UNION ALL ".join(parts)
    return f"""
  INSERT INTO {ROLLUP_TABLE} AS t (kind, anchor, year, key, n)
  SELECT kind, anchor, year, key, sum(d) FROM ({union}) c
  GROUP BY kind, anchor, year, key HAVING sum(d) <> 0
  ORDER BY kind, anchor, year, key
  ON CONFLICT (kind, anchor, year, key) DO UPDATE SET n = t.n + EXCLUDED.n;"""  # noqa: S608


def facet_rollup_sql(table: str, *, year: str) -> tuple[str, str]:
    """(forward SQL, reverse SQL): statement triggers that keep `table`'s part of the
    rollup exact in the same transaction as any change (insert, update, delete, COPY),
    from the statement's old and new rows at once, and the filling of the current rows.

    The rollup holds, per kind, per anchor (the whole kind, or one country, or one
    region), per year, how many published records carry each facet key: the facet counts
    of a list filtered by at most one country or region and a year range are a sum over a
    few thousand rollup rows, however many records match (facets.py)."""
    forward = f"""{facet_rollup_functions_sql(table, year=year)}
CREATE TRIGGER rollup_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {table}_rollup_insert();
CREATE TRIGGER rollup_update AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {table}_rollup_update();
CREATE TRIGGER rollup_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {table}_rollup_delete();
{facet_rollup_rebuild_sql(table, year=year)}
"""
    reverse = f"""
DROP TRIGGER IF EXISTS rollup_insert ON {table};
DROP TRIGGER IF EXISTS rollup_update ON {table};
DROP TRIGGER IF EXISTS rollup_delete ON {table};
DROP FUNCTION IF EXISTS {table}_rollup_insert();
DROP FUNCTION IF EXISTS {table}_rollup_update();
DROP FUNCTION IF EXISTS {table}_rollup_delete();
DELETE FROM {ROLLUP_TABLE} WHERE kind = '{table}';
"""  # noqa: S608
    return forward, reverse


def facet_rollup_functions_sql(table: str, *, year: str) -> str:
    """The trigger functions of `table`'s rollup (CREATE OR REPLACE: a later migration
    that changes what they count calls this again, then rebuilds)."""
    old = _rollup_rows(table, year, "old_rows", -1)
    new = _rollup_rows(table, year, "new_rows", 1)
    return f"""
CREATE OR REPLACE FUNCTION {table}_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_rollup_upsert([new])}
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION {table}_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_rollup_upsert([old, new])}
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION {table}_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_rollup_upsert([old])}
  RETURN NULL;
END $$;
"""


def rollup_table(model) -> tuple[str, str]:
    """(table, year column) of a record model, as the rollup's SQL takes them."""
    return model._meta.db_table, model._meta.get_field(model.year_field).column


def facet_rollup_rebuild_sql(table: str, *, year: str) -> str:
    """`table`'s part of the rollup computed afresh from its rows (what the triggers keep;
    the tests compare the two)."""
    rows = _rollup_rows(table, year, table, 1)
    return f"""
DELETE FROM {ROLLUP_TABLE} WHERE kind = '{table}';
INSERT INTO {ROLLUP_TABLE} (kind, anchor, year, key, n)
SELECT kind, anchor, year, key, count(*) FROM ({rows}) c GROUP BY kind, anchor, year, key;
"""  # noqa: S608


def facet_rollup_truncate_sql(table: str) -> tuple[str, str]:
    """(forward, reverse): TRUNCATE of `table` (which fires no row or DELETE trigger)
    empties its part of the rollup too, in the same transaction."""
    forward = f"""
CREATE FUNCTION {table}_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {ROLLUP_TABLE} WHERE kind = '{table}';
  RETURN NULL;
END $$;
CREATE TRIGGER rollup_truncate AFTER TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION {table}_rollup_truncate();
"""  # noqa: S608
    reverse = f"""
DROP TRIGGER IF EXISTS rollup_truncate ON {table};
DROP FUNCTION IF EXISTS {table}_rollup_truncate();
"""
    return forward, reverse
