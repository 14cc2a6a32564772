"""Create the two staff groups: Editors (create, edit, submit for review) and Publishers
(also publish, withdraw and delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [("practices", "casestudy"), ("policies", "policy"), ("oer", "resource")]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        return [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, model in MODELS
            for action in codenames
        ]

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(perms("view", "add", "change"))
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set(perms("view", "add", "change", "delete", "publish"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("iite_portal", "0001_postgres_extensions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("practices", "0001_case_study"),
        ("policies", "0001_policy"),
        ("oer", "0001_oer_listing"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
