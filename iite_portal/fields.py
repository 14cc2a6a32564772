"""Model fields shared by the three apps."""

from django import forms
from django.contrib.postgres.fields import ArrayField


class ChoiceArrayField(ArrayField):
    """A PostgreSQL array of values from a fixed vocabulary, edited as a multiple choice
    (ticks or a multi-select) instead of Django's comma-separated text box."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would force its SimpleArrayField.
        return super(ArrayField, self).formfield(**defaults)


def choice_labels(instance, field_name: str) -> list[str]:
    """The display labels of a ChoiceArrayField's values, like get_FOO_display for arrays."""
    choices = dict(instance._meta.get_field(field_name).base_field.choices)
    return [str(choices.get(value, value)) for value in getattr(instance, field_name)]
