"""Shared vocabularies, defined once for the three kinds of record: countries and UNESCO
regions, ISCED 2011 levels, licences by SPDX id, languages by ISO 639-1."""

import csv
import functools
import unicodedata
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from django_countries import countries

DATA_DIR = Path(__file__).resolve().parent / "data"


class Region(models.TextChoices):
    """UNESCO's five regions for its programmes; the value is the URL slug."""

    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe-north-america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "latin-america-caribbean", _("Latin America and the Caribbean")


@functools.cache
def region_map() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> UNESCO region slug, from data/unesco_regions.csv."""
    with open(DATA_DIR / "unesco_regions.csv", newline="", encoding="utf-8") as fh:
        return {row["code"]: row["region"] for row in csv.DictReader(fh)}


def region_for(code: str) -> str | None:
    return region_map().get(code)


def regions_for(codes) -> list[str]:
    """The regions of a list of countries, without repeats, in the order of Region."""
    found = {region_for(code) for code in codes}
    return [region.value for region in Region if region.value in found]


def countries_in_region(slug: str) -> list[str]:
    return sorted(code for code, region in region_map().items() if region == slug)


def country_choices():
    """(code, name) of every country, sorted by name, in the active language; worked out
    once per language (the search form's menu lists all 250)."""
    return list(_country_choices(get_language()))


@functools.lru_cache(maxsize=16)
def _country_choices(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


def country_codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code that django-countries knows, sorted."""
    return sorted(code for code, _name in countries)


def country_name(code: str) -> str:
    """The country's name in the active language (a list page names a few hundred)."""
    return _country_name(code, get_language())


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    return countries.name(code) or code


class Isced(models.TextChoices):
    """ISCED 2011 levels, plus non-formal and adult learning."""

    EARLY_CHILDHOOD = "0", _("Early childhood education")
    PRIMARY = "1", _("Primary education")
    LOWER_SECONDARY = "2", _("Lower secondary education")
    UPPER_SECONDARY = "3", _("Upper secondary education")
    POST_SECONDARY = "4", _("Post-secondary non-tertiary education")
    SHORT_CYCLE = "5", _("Short-cycle tertiary education")
    BACHELOR = "6", _("Bachelor's or equivalent")
    MASTER = "7", _("Master's or equivalent")
    DOCTORAL = "8", _("Doctoral or equivalent")
    NON_FORMAL = "nonformal", _("Non-formal and adult learning")


class Licence(models.TextChoices):
    """Licences by SPDX identifier (Creative Commons, including UNESCO's 3.0 IGO ports)."""

    CC0 = "CC0-1.0", "CC0 1.0"
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    CC_BY_ND = "CC-BY-ND-4.0", "CC BY-ND 4.0"
    CC_BY_NC_ND = "CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"
    CC_BY_IGO = "CC-BY-3.0-IGO", "CC BY 3.0 IGO"
    CC_BY_SA_IGO = "CC-BY-SA-3.0-IGO", "CC BY-SA 3.0 IGO"
    CC_BY_NC_SA_IGO = "CC-BY-NC-SA-3.0-IGO", "CC BY-NC-SA 3.0 IGO"
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    OTHER_OPEN = "other-open", _("Other open licence")
    NOT_OPEN = "not-open", _("Not openly licensed (free to read)")


LICENCE_URLS = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC-BY-3.0-IGO": "https://creativecommons.org/licenses/by/3.0/igo/",
    "CC-BY-SA-3.0-IGO": "https://creativecommons.org/licenses/by-sa/3.0/igo/",
    "CC-BY-NC-SA-3.0-IGO": "https://creativecommons.org/licenses/by-nc-sa/3.0/igo/",
}


@functools.cache
def _iso639_1() -> dict[str, str]:
    """ISO 639-1 code -> English name (pycountry)."""
    import pycountry

    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


# Interface language -> locale of pycountry's catalogues, where the names differ.
PYCOUNTRY_LOCALES = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


@functools.cache
def _iso639_catalogue(locale: str):
    import gettext

    import pycountry

    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def language_codes() -> list[str]:
    """Every ISO 639-1 code, sorted."""
    return sorted(_iso639_1())


def language_name(code: str) -> str:
    """A language's English name (for exports and citations, which are in English)."""
    return _iso639_1().get(code, code)


def language_label(code: str) -> str:
    """A language's name in the reader's language, from pycountry's ISO 639 translations."""
    locale = to_locale(get_language() or "en")
    catalogue = _iso639_catalogue(PYCOUNTRY_LOCALES.get(locale, locale))
    return catalogue.gettext(language_name(code))


@functools.cache
def _sorted_language_choices(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        pairs = [(code, language_label(code)) for code in _iso639_1()]
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[1])))


def language_choices():
    """ISO 639-1 languages (code, name in the reader's language), sorted by that name."""
    return list(_sorted_language_choices(get_language() or "en"))


def sort_key(name: str) -> str:
    """Alphabetical order that ignores case and accents ("Équateur" among the E's)."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def interface_language(code: str) -> str:
    """The interface language matching a record's ISO 639-1 language ("zh" -> "zh-hans");
    other languages keep their code."""
    return {"zh": "zh-hans"}.get(code, code)
