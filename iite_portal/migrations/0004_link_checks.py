"""The last check of each external link cited by a record (check_links command)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('iite_portal', '0003_text_search_configs'),
    ]

    operations = [
        migrations.CreateModel(
            name='LinkCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=2000, unique=True, verbose_name='link')),
                ('ok', models.BooleanField(db_index=True, default=False, verbose_name='works')),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('final_url', models.URLField(blank=True, max_length=2000, verbose_name='final address')),
                ('redirects', models.JSONField(blank=True, default=list, help_text='[[status, location], ...]', verbose_name='redirects')),
                ('checked_at', models.DateTimeField(db_index=True, verbose_name='last checked')),
            ],
            options={
                'verbose_name': 'link check',
                'verbose_name_plural': 'link checks',
                'ordering': ['url'],
            },
        ),
    ]
