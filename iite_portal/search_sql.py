"""SQL for a record table's search vector: column, trigger and GIN index. Used by the apps'
0002_search_vector migrations, so treat it as frozen: a later change to what is indexed
is a new migration that replaces the trigger function (CREATE OR REPLACE) and refreshes."""


def _text(column: str, row: str = "NEW") -> str:
    """A column of `row` as text: arrays (tags, subjects) joined with spaces."""
    name, _, kind = column.partition(":")
    return f"array_to_string({row}.{name}, ' ')" if kind == "array" else f"{row}.{name}"


def _joined(columns, row: str = "NEW") -> str:
    return "concat_ws(E'\\n', " + ", ".join(_text(c, row) for c in columns) + ")"


def _unchanged(columns) -> str:
    """SQL: none of `columns` changed in this UPDATE (columns named "x:array" too)."""
    names = [column.partition(":")[0] for column in columns]
    new = ", ".join(f"NEW.{name}" for name in names)
    old = ", ".join(f"OLD.{name}" for name in names)
    return f"({new}) IS NOT DISTINCT FROM ({old})"


def record_search_sql(table: str, *, a: list[str], b: list[str], c: list[str]) -> tuple[str, str]:
    """(forward SQL, reverse SQL) for `table`: a BEFORE INSERT OR UPDATE trigger sets
    `search_vector` in the same statement as the edit, recomputing only when an indexed
    column changed; columns named "x:array" are text arrays."""
    unchanged = _unchanged(["language", "countries", *a, *b, *c])
    # Table and column names come from the migrations, never from input.
    forward = f"""
ALTER TABLE {table} ADD COLUMN search_vector tsvector;

CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.search_vector IS NOT NULL
     AND {unchanged} THEN
    RETURN NEW;  -- a status change or a version bump: nothing indexed changed
  END IF;
  NEW.search_vector := iite_record_vector(
    NEW.language, {_joined(a)}, {_joined(b)}, {_joined(c)}, NEW.countries);
  PERFORM iite_search_terms_add(
    concat_ws(' ', {_joined(a)}, array_to_string(NEW.tag_names, ' ')));
  RETURN NEW;
END $$;

CREATE TRIGGER search_vector BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();

UPDATE {table} SET search_vector = NULL;

CREATE INDEX {table}_search ON {table} USING gin (search_vector);
"""  # noqa: S608
    reverse = f"""
DROP TRIGGER IF EXISTS search_vector ON {table};
DROP FUNCTION IF EXISTS {table}_search_vector();
ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector;
"""
    return forward, reverse


# Interface language -> the record language (ISO 639-1) that picks its text search
# configuration in iite_ts_config; the i18n keys are title_<code with "_" for "-">.
TRANSLATION_LANGUAGES = {
    "ar": "ar",
    "zh-hans": "zh",
    "en": "en",
    "fr": "fr",
    "ru": "ru",
    "es": "es",
}


def _i18n(field: str, lang: str, row: str = "NEW") -> str:
    return f"{row}.i18n->>'{field}_{lang.replace('-', '_')}'"


def _translated(translations, row: str = "NEW") -> tuple[str, str]:
    """SQL: the translated titles (weight A) and summaries (B) appended to a row's vector,
    each parsed in its language; and the translated titles for the word list."""
    vector = "".join(
        f"\n    || iite_text_vector('{iso}', {_i18n('title', lang, row)}, 'A')"
        f" || iite_text_vector('{iso}', {_i18n('summary', lang, row)}, 'B')"
        for lang, iso in translations.items()
    )
    titles = "".join(f", {_i18n('title', lang, row)}" for lang in translations)
    return vector, titles


def record_search_function_sql(
    table: str, *, a: list[str], b: list[str], c: list[str], translations=TRANSLATION_LANGUAGES
) -> str:
    """CREATE OR REPLACE of `table`'s trigger function (made by record_search_sql), adding
    the translated titles (weight A) and summaries (B), each parsed with its language's
    configuration, and ending with a refresh of every row. Setting search_vector to NULL
    in an UPDATE recomputes that row."""
    unchanged = _unchanged(
        ["language", "countries", *(["i18n"] if translations else []), *a, *b, *c]
    )
    translated, titles = _translated(translations)
    # Table and column names come from the migrations, never from input.
    return f"""
CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_vector IS NOT NULL
     AND {unchanged} THEN
    RETURN NEW;  -- a status change or a version bump: nothing indexed changed
  END IF;
  NEW.search_vector := iite_record_vector(
    NEW.language, {_joined(a)}, {_joined(b)}, {_joined(c)}, NEW.countries){translated};
  PERFORM iite_search_terms_add(
    concat_ws(' ', {_joined(a)}, array_to_string(NEW.tag_names, ' '){titles}));
  RETURN NEW;
END $$;

UPDATE {table} SET search_vector = NULL;
"""  # noqa: S608


# --- since iite_portal 0011: the vector and the word list of a row as SQL functions ------
#
# Each table gets `<table>_vector(row)` and `<table>_search_words(row)`, PARALLEL SAFE and
# STABLE (as concat_ws is: an IMMUTABLE wrapper would not be inlined, and cost a plan per
# call), which the trigger calls with NEW. Bulk loaders call them on many rows at
# once in a parallel query (iite_portal/sample_data.py), so the trigger and the bulk path
# cannot drift apart.


def vector_function(table: str) -> str:
    return f"{table}_vector"


def words_function(table: str) -> str:
    return f"{table}_search_words"


def record_vector_functions_sql(
    table: str, *, a: list[str], b: list[str], c: list[str], translations=TRANSLATION_LANGUAGES
) -> str:
    """CREATE OR REPLACE of `table`'s vector and word-list functions and of its trigger
    function, which now calls them (same early exit as before: nothing indexed changed)."""
    unchanged = _unchanged(["language", "countries", "i18n", *a, *b, *c])
    translated, titles = _translated(translations, "r")
    # Table and column names come from the migrations, never from input.
    return f"""
CREATE OR REPLACE FUNCTION {vector_function(table)}(r {table}) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT iite_record_vector(r.language, {_joined(a, "r")}, {_joined(b, "r")},
    {_joined(c, "r")}, r.countries){translated}
$$;

CREATE OR REPLACE FUNCTION {words_function(table)}(r {table}) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ', {_joined(a, "r")}, array_to_string(r.tag_names, ' '){titles})
$$;

CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_vector IS NOT NULL
     AND {unchanged} THEN
    RETURN NEW;  -- a status change or a version bump: nothing indexed changed
  END IF;
  NEW.search_vector := {vector_function(table)}(NEW);
  PERFORM iite_search_terms_add({words_function(table)}(NEW));
  RETURN NEW;
END $$;
"""  # noqa: S608


def record_vector_functions_drop_sql(table: str) -> str:
    return (
        f"DROP FUNCTION IF EXISTS {vector_function(table)}({table});\n"
        f"DROP FUNCTION IF EXISTS {words_function(table)}({table});\n"
    )
