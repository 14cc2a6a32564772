"""Cheaper search vectors, computed by one SQL function per table that bulk loaders can call
on many rows in a parallel query as well as the trigger on one.

- The long texts (weight C: narratives, the PDF text) are parsed once, in the record's
  language, instead of also as written: the query side already parses every term in every
  language (iite_term_query), so the stemmed form matches; titles, summaries and tags keep
  both parses. The long texts were most of the cost of a save (two parses of ~10 KB).
- Empty texts (most translation slots) are not parsed at all, and a language without a
  stemmer is parsed once, not twice with the same configuration.
- `<table>_vector(row)` and `<table>_search_words(row)` hold what the trigger computed
  inline (iite_portal.search_sql.record_vector_functions_sql).

Then every row's vector is recomputed."""

from django.db import migrations

from iite_portal.search_sql import (
    record_search_function_sql,
    record_vector_functions_drop_sql,
    record_vector_functions_sql,
)

# The indexed columns of each table, as migration 0005_search_translations set them.
TABLES = {
    "practices_casestudy": {
        "a": ["title"],
        "b": ["summary", "tag_names:array"],
        "c": [
            "context", "approach", "implementation", "monitoring", "impact", "costs",
            "challenges", "lessons", "sustainability", "organisation", "partners",
            "technologies",
        ],
    },
    "policies_policy": {
        "a": ["title", "original_title"],
        "b": ["summary", "tag_names:array"],
        "c": ["document_text", "issuing_body", "jurisdiction"],
    },
    "oer_resource": {
        "a": ["title"],
        "b": ["summary", "tag_names:array"],
        "c": ["publisher", "subjects:array"],
    },
}

SHARED = """
CREATE OR REPLACE FUNCTION iite_text_vector(lang text, body text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN body IS NULL OR body = '' THEN ''::tsvector
    WHEN iite_ts_config(lang) = 'iite_simple'::regconfig
      THEN setweight(to_tsvector('iite_simple', iite_cjk_split(body)), weight)
    ELSE setweight(
      to_tsvector(iite_ts_config(lang), iite_cjk_split(body)) ||
      to_tsvector('iite_simple', iite_cjk_split(body)),
      weight)
  END
$$;

CREATE OR REPLACE FUNCTION iite_record_vector(lang text, a text, b text, c text, countries text[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT iite_text_vector(lang, a, 'A') || iite_text_vector(lang, b, 'B') ||
         CASE WHEN c IS NULL OR c = '' THEN ''::tsvector
              ELSE setweight(to_tsvector(iite_ts_config(lang), iite_cjk_split(c)), 'C') END ||
         iite_country_vector(countries)
$$;
"""

SHARED_BEFORE = """
CREATE OR REPLACE FUNCTION iite_text_vector(lang text, body text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(
    to_tsvector(iite_ts_config(lang), iite_cjk_split(coalesce(body, ''))) ||
    to_tsvector('iite_simple', iite_cjk_split(coalesce(body, ''))),
    weight)
$$;

CREATE OR REPLACE FUNCTION iite_record_vector(lang text, a text, b text, c text, countries text[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT iite_text_vector(lang, a, 'A') || iite_text_vector(lang, b, 'B') ||
         iite_text_vector(lang, c, 'C') || iite_country_vector(countries)
$$;
"""

# Table names are the constants above.
FORWARD = (
    SHARED
    + "".join(record_vector_functions_sql(table, **cols) for table, cols in TABLES.items())
    + "".join(f"UPDATE {table} SET search_vector = NULL;\n" for table in TABLES)  # noqa: S608
)
REVERSE = (
    SHARED_BEFORE
    + "".join(record_search_function_sql(table, **cols) for table, cols in TABLES.items())
    + "".join(record_vector_functions_drop_sql(table) for table in TABLES)
)


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0010_rollup_distinct_anchors"),
        ("practices", "0007_similar_covering"),
        ("policies", "0007_similar_covering"),
        ("oer", "0007_similar_covering"),
    ]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
