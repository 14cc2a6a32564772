"""iite_term_query without repeats: a term parsed in nine configurations gave the same
lexeme up to nine times ('cybersecurity' | 'cybersecur' | 'cybersecurity' | ...). The
planner takes each repeat for another chance to match, so it estimated several times too
many matches, walked the newest-first index instead of the GIN index and read ~80,000
search vectors for a query that matches 500 (2.4 s at 300k records; 0.3 s after). The
distinct parses, OR-ed, match exactly the same records."""

import importlib

from django.db import migrations

# The configurations that migration 0003 created (iite_simple plus one per language).
CONFIGS = importlib.import_module("iite_portal.migrations.0003_text_search_configs").CONFIGS
PARSE_LIST = [
    f"phraseto_tsquery('iite_{pg}', iite_cjk_split(term))" for pg in ["simple", *CONFIGS.values()]
]
PARSES = ",\n    ".join(PARSE_LIST)
OR_ED = " ||\n    ".join(PARSE_LIST)
# Names from the migration above, no input: not an injection vector.

FORWARD = f"""
CREATE OR REPLACE FUNCTION iite_term_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(DISTINCT '(' || q::text || ')', ' | '), '')::tsquery
  FROM unnest(ARRAY[
    {PARSES}
  ]) AS q
  WHERE q::text <> ''
$$;
"""  # noqa: S608

REVERSE = f"""
CREATE OR REPLACE FUNCTION iite_term_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT {OR_ED}
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("iite_portal", "0006_content_generation")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
