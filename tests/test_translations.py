"""The interface catalogues: complete (no untranslated or fuzzy entry) and up to date with
the source (running makemessages adds no string that the committed catalogues lack)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
# English is the source language; these five have catalogues.
LOCALES = ["ar", "zh_Hans", "fr", "ru", "es"]
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
# What `make messages` runs (keep the two in step).
MAKEMESSAGES = [
    *(arg for locale in LOCALES for arg in ("-l", locale)),
    "--no-obsolete",
    "--no-location",
    *(f"--ignore={name}" for name in (".venv", "staticfiles", "var", "node_modules", "tests")),
]
GETTEXT_HINT = (
    "GNU gettext (xgettext, msgmerge) is needed to extract the interface strings; install "
    "it with: sudo apt-get install gettext"
)


def test_every_translated_language_has_a_catalogue():
    assert sorted(p.parent.parent.name for p in PO_FILES) == sorted(LOCALES)


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_catalogue_has_no_untranslated_and_no_fuzzy_entry(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    # GNU msgfmt drops a fuzzy header, and the plural rules with it.
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"
    assert catalogue.metadata.get("Plural-Forms"), "the header has no Plural-Forms"


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}|\{\w*\}")


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_translations_keep_the_placeholders_of_the_original(po_path):
    """A translation that drops or renames %(name)s would fail at run time (a 500)."""
    wrong = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if not entry.msgid_plural:
            # The same names, in any order or number of uses ("%(x)s ... %(x)s").
            if set(PLACEHOLDER.findall(entry.msgstr)) != set(PLACEHOLDER.findall(entry.msgid)):
                wrong.append((entry.msgid, entry.msgstr))
            continue
        # A plural form may follow either English form: "One record ..." has no count.
        allowed = [
            set(PLACEHOLDER.findall(entry.msgid)),
            set(PLACEHOLDER.findall(entry.msgid_plural)),
        ]
        for text in entry.msgstr_plural.values():
            if set(PLACEHOLDER.findall(text)) not in allowed:
                wrong.append((entry.msgid, text))
    assert not wrong, f"{len(wrong)} translations change placeholders, e.g. {wrong[:3]}"


def _gettext_available() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq"))


def _msgids(po_path: Path) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in polib.pofile(str(po_path))}


def test_catalogues_hold_every_interface_string_of_the_source(tmp_path):
    """makemessages over a copy of the source, with the committed catalogues, finds no
    string they lack and none they keep for nothing."""
    if not _gettext_available():
        if os.environ.get("IITE_REQUIRE_GETTEXT"):
            pytest.fail(GETTEXT_HINT + " (required: IITE_REQUIRE_GETTEXT is set)")
        pytest.skip(GETTEXT_HINT)
    copy = tmp_path / "src"
    # A copy, so the committed catalogues are never rewritten by the test.
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "var",
            "staticfiles",
            "node_modules",
            ".git",
            "*.mo",
            "__pycache__",
            ".pytest_cache",
            ".ruff_cache",
            "bench",
            "tests",
        ),
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "iite_portal.settings.base",
        "LOCALE_DIR": str(copy / "locale"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *MAKEMESSAGES, "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    for locale in LOCALES:
        committed = LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"
        assert committed.exists(), f"no catalogue for {locale}: run `make messages`"
        extracted = _msgids(copy / "locale" / locale / "LC_MESSAGES" / "django.po")
        known = _msgids(committed)
        missing, stale = sorted(extracted - known), sorted(known - extracted)
        assert not missing, (
            f"{locale}: {len(missing)} interface strings are not in the catalogue "
            f"(run `make messages`), e.g. {missing[:5]}"
        )
        assert not stale, f"{locale}: {len(stale)} strings no longer used, e.g. {stale[:5]}"
