"""Full-text search building blocks: accent-insensitive text search configurations per
language, the SQL functions that build a record's weighted vector and parse a query term,
and the word list behind "Did you mean ...?".

The configurations copy PostgreSQL's own (stemming where a Snowball stemmer exists) and put
`unaccent` before the stemmer, so "Bogotá" and "Bogota" give one lexeme while every
function stays immutable. Each app's 0002_search_vector migration adds the column, its GIN
index and the trigger that fills it from these functions."""

import django.contrib.postgres.indexes
from django.db import migrations, models

# Record language (ISO 639-1) -> PostgreSQL configuration to copy. Frozen here on purpose:
# iite_portal.search.SEARCH_CONFIGS must list the same names.
CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "de": "german",
    "pt": "portuguese",
    "it": "italian",
}

CREATE_CONFIGS = "\n".join(
    f"""
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{pg}') THEN
    CREATE TEXT SEARCH CONFIGURATION iite_{pg} (COPY = {pg});
    ALTER TEXT SEARCH CONFIGURATION iite_{pg}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {pg}_stem;
  ELSE  -- an older server without this stemmer: accents folded, no stemming
    CREATE TEXT SEARCH CONFIGURATION iite_{pg} (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION iite_{pg}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;"""
    for pg in CONFIGS.values()
)

LANGUAGE_CASES = "\n".join(f"    WHEN '{code}' THEN 'iite_{pg}'" for code, pg in CONFIGS.items())
TERM_PARSES = " ||\n    ".join(
    f"phraseto_tsquery('iite_{pg}', iite_cjk_split(term))" for pg in CONFIGS.values()
)

FUNCTIONS = f"""
CREATE TEXT SEARCH CONFIGURATION iite_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION iite_simple
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
{CREATE_CONFIGS}

-- The configuration of a record's language; languages without a stemmer (Chinese, ...)
-- get iite_simple.
CREATE FUNCTION iite_ts_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE lang
{LANGUAGE_CASES}
    ELSE 'iite_simple' END)::regconfig
$$;

-- PostgreSQL's parser keeps a run of Chinese or Japanese characters as one "word"; spacing
-- the characters makes each one a lexeme, and a query word becomes a phrase of them.
CREATE FUNCTION iite_cjk_split(body text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(body, '([\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff])',
                        '\\1 ', 'g')
$$;

-- One weighted part of a record: stemmed in the record's language, plus the words as
-- written (iite_simple) so that an exact word matches whatever the record's language.
-- Later columns (translated titles, ...) are added by calling this with their language.
CREATE FUNCTION iite_text_vector(lang text, body text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(
    to_tsvector(iite_ts_config(lang), iite_cjk_split(coalesce(body, ''))) ||
    to_tsvector('iite_simple', iite_cjk_split(coalesce(body, ''))),
    weight)
$$;

-- Countries as lexemes that no parser produces ("iso3166:ke"), so a query naming a
-- country in any language can ask for them inside the same tsquery (and the GIN index).
CREATE FUNCTION iite_country_vector(codes text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(coalesce(
    (SELECT string_agg(DISTINCT quote_literal('iso3166:' || lower(c)) || ':1', ' ')
     FROM unnest(codes) AS c)::tsvector, ''::tsvector), 'B')
$$;

-- The record vector: title A; summary and tags B; the longer texts C. Each app's trigger
-- passes its own columns.
CREATE FUNCTION iite_record_vector(lang text, a text, b text, c text, countries text[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT iite_text_vector(lang, a, 'A') || iite_text_vector(lang, b, 'B') ||
         iite_text_vector(lang, c, 'C') || iite_country_vector(countries)
$$;

-- One query term (a word or a quoted phrase) in every configuration, OR-ed: a stemmed form
-- matches records of that language, the exact word matches any record.
CREATE FUNCTION iite_term_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT phraseto_tsquery('iite_simple', iite_cjk_split(term)) ||
    {TERM_PARSES}
$$;

-- Relevance: cover density (normalised to 0..1), plus 0.5 when the title alone matches,
-- plus up to 0.1 for recent records (halved after a year).
CREATE FUNCTION iite_search_rank(v tsvector, q tsquery, published timestamptz) RETURNS float4
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (ts_rank_cd(v, q, 32)
          + CASE WHEN ts_filter(v, '{{a}}') @@ q THEN 0.5 ELSE 0 END
          + 0.1 / (1 + greatest(extract(epoch FROM now() - published), 0) / 31557600.0)
         )::float4
$$;

-- The stretch of a long text around the first place where a word of the query appears
-- (the start when none does), so that ts_headline reads 1,500 characters rather than a
-- whole PDF. Found by plain string search for the query's lexemes in the lower-cased text,
-- and only when that fails in the accent-folded text (folding a long text is slower).
CREATE FUNCTION iite_snippet_window(body text, q tsquery) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  words text[];
  folded text;
  at int;
BEGIN
  IF body IS NULL OR char_length(body) <= 1500 THEN
    RETURN body;
  END IF;
  SELECT array_agg(w) INTO words
  FROM unnest(tsvector_to_array(to_tsvector('simple',
         regexp_replace(q::text, 'iso3166:[a-z]+', ' ', 'g')))) AS w
  WHERE char_length(w) >= 3 OR w ~ '[\\u3040-\\u9fff]';
  IF words IS NULL THEN
    RETURN left(body, 1500);
  END IF;
  folded := lower(body);
  SELECT min(nullif(strpos(folded, w), 0)) INTO at FROM unnest(words) AS w;
  IF at IS NULL THEN
    folded := unaccent(folded);
    SELECT min(nullif(strpos(folded, w), 0)) INTO at FROM unnest(words) AS w;
  END IF;
  RETURN substr(body, greatest(coalesce(at, 1) - 400, 1), 1500);
END $$;

-- Words for "Did you mean ...?": kept from titles and tags by each app's trigger.
CREATE FUNCTION iite_search_terms_add(body text) RETURNS void
LANGUAGE sql VOLATILE AS $$
  INSERT INTO iite_portal_searchterm (word)
  SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(body, '')), '[^[:alnum:]]+') AS w
  WHERE char_length(w) BETWEEN 3 AND 60 AND w !~ '^[0-9]+$'
  ON CONFLICT (word) DO NOTHING
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS iite_search_terms_add(text);
DROP FUNCTION IF EXISTS iite_snippet_window(text, tsquery);
DROP FUNCTION IF EXISTS iite_search_rank(tsvector, tsquery, timestamptz);
DROP FUNCTION IF EXISTS iite_term_query(text);
DROP FUNCTION IF EXISTS iite_record_vector(text, text, text, text, text[]);
DROP FUNCTION IF EXISTS iite_country_vector(text[]);
DROP FUNCTION IF EXISTS iite_text_vector(text, text, "char");
DROP FUNCTION IF EXISTS iite_cjk_split(text);
DROP FUNCTION IF EXISTS iite_ts_config(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS iite_simple;
""" + "".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS iite_{pg};\n" for pg in CONFIGS.values())


def add_country_names(apps, schema_editor):
    from iite_portal.search import search_terms_add_country_names

    search_terms_add_country_names(apps.get_model("iite_portal", "SearchTerm"))


class Migration(migrations.Migration):
    dependencies = [("iite_portal", "0002_staff_groups")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=60, unique=True)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="iite_searchterm_word_trgm", opclasses=["gin_trgm_ops"]
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunPython(add_country_names, migrations.RunPython.noop),
    ]
