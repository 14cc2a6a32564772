"""Create the PostgreSQL extensions that search and duplicate detection rely on."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [TrigramExtension(), UnaccentExtension()]
