"""`manage.py restore FILE`: a backup archive into an empty database and file storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from iite_portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (and the "
        "uploaded files into the configured storage); checksums and row counts are verified."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar file made by `backup`.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive, database, **options):
        if not archive.is_file():
            raise CommandError(f"No such backup file: {archive}")
        try:
            manifest = backup_restore(archive=archive, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["database"]["table_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows in {len(manifest['database']['table_counts'])} tables "
                f"and {len(manifest['media'])} files from {archive.name}."
            )
        )
