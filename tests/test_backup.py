"""Backups: `manage.py backup` then `manage.py restore` into an empty database gives back
every record, tag, link, history entry and uploaded file, identical."""

import copy
import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from iite_portal.backup import pg_tool
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

RESTORE_ALIAS = "restore_target"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def _storages(location):
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module", autouse=True)
def _restore_alias(django_db_setup, django_db_blocker):
    """A connection alias for a second database on the test server, registered before
    the test case starts so that its tests may name it in `databases`."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["NAME"] = f"{settings_dict['NAME']}_restored"[:63]
    connections.settings[RESTORE_ALIAS] = settings_dict
    yield
    connections[RESTORE_ALIAS].close()
    del connections[RESTORE_ALIAS]
    del connections.settings[RESTORE_ALIAS]
    with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


@pytest.fixture
def empty_database():
    """The restore alias's database, created empty for this test."""
    target = connections[RESTORE_ALIAS]
    target.close()
    name = target.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return target


# pg_dump reads through its own connection: the test data must be committed.
with_restore_target = pytest.mark.django_db(transaction=True, databases=["default", RESTORE_ALIAS])


def _content(conn):
    """Every row of every table, in a comparable form."""
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        content = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            content[table] = sorted(map(repr, cursor.fetchall()))
    return content


def _sequences(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        return cursor.fetchall()


def _portal_content():
    """Records of each kind with tags, cross-links, workflow history and a PDF."""
    strategy = PolicyFactory(slug="kenya-strategy", tags=["AI", "teachers"])
    plan = PolicyFactory(slug="kenya-plan", implements=strategy, tags=["teachers"])
    plan.document.save("plan.pdf", ContentFile(PDF), save=True)
    draft = PolicyFactory(slug="draft", status="draft", published_at=None)
    draft.status, draft.published_at = "published", timezone.now()
    draft.save()  # a second history entry
    oer = ResourceFactory(slug="textbook", tags=["OER"])
    oer.related_policies.add(strategy)
    practice = CaseStudyFactory(slug="tablets", tags=["AI"])
    practice.related_policies.add(plan, strategy)
    practice.related_resources.add(oer)
    return plan


@with_restore_target
def test_backup_then_restore_into_an_empty_database_gives_back_everything(tmp_path, empty_database):
    with override_settings(STORAGES=_storages(tmp_path / "media")):
        plan = _portal_content()
        call_command("backup", output=tmp_path / "backups")
        assert plan.history.count() == 3  # created, tagged, its document attached
    (archive,) = (tmp_path / "backups").glob("iite-backup-*.tar")

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert sorted(tar.getnames()) == [
            "database.dump",
            "manifest.json",
            "media/policies/kenya-plan.pdf",
        ]
    assert manifest["database"]["table_counts"]["policies_policy"] == 3
    assert manifest["database"]["table_counts"]["taggit_tag"] == 3
    assert manifest["media"]["policies/kenya-plan.pdf"]["size"] == len(PDF)

    with override_settings(STORAGES=_storages(tmp_path / "restored-media")):
        call_command("restore", str(archive), database=RESTORE_ALIAS)

    original, restored = _content(connection), _content(empty_database)
    assert restored.keys() == original.keys()
    for table in original:
        assert restored[table] == original[table], table
    for table in ("taggit_taggeditem", "practices_casestudy_related_policies"):
        assert original[table]  # the comparison covered real links, not empty tables
    assert original["policies_historicalpolicy"]
    assert _sequences(empty_database) == _sequences(connection)
    restored_file = tmp_path / "restored-media" / "policies" / "kenya-plan.pdf"
    assert restored_file.read_bytes() == PDF


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    with override_settings(STORAGES=_storages(tmp_path / "media")):
        PolicyFactory()
        call_command("backup", output=tmp_path)
        (archive,) = tmp_path.glob("iite-backup-*.tar")
        with pytest.raises(CommandError, match="Restore needs an empty database"):
            call_command("restore", str(archive))


@with_restore_target
def test_restore_refuses_a_damaged_archive_before_touching_the_database(tmp_path, empty_database):
    with override_settings(STORAGES=_storages(tmp_path / "media")):
        PolicyFactory()
        call_command("backup", output=tmp_path)
    (archive,) = tmp_path.glob("iite-backup-*.tar")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.dump":
                data = data[:-10] + b"x" * 10
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), database=RESTORE_ALIAS)
    assert _content(empty_database) == {}


def test_restore_explains_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nothing.tar"))


@pytest.mark.django_db
def test_the_tools_match_the_server_version():
    tool = pg_tool("pg_dump", connection.pg_version)
    assert tool.endswith("pg_dump")
