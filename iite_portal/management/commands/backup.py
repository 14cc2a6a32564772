"""`manage.py backup [--output DIR]`: database and uploaded files in one .tar archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from iite_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every uploaded file into one .tar archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.VAR_DIR / "backups",
            help="Folder for the archive (default: var/backups).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        try:
            archive = backup_create(output_dir=output, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
