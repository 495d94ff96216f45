import django_filters
from django import forms

from .models import LETTERS, NON_LETTER, Term, Topic


class TermFilter(django_filters.FilterSet):
    """The View All filters: ?letter=B, ?topic=<slug>, ?q=text, combinable."""

    q = django_filters.CharFilter(
        label="Contains",
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. stock", "class": "textinput form-control"}
        ),
    )
    letter = django_filters.ChoiceFilter(
        label="Letter",
        field_name="first_letter",
        choices=[(letter, letter) for letter in LETTERS + [NON_LETTER]],
        empty_label="All letters",
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label="All topics",
        widget=forms.Select(attrs={"class": "select form-select"}),
    )

    class Meta:
        model = Term
        fields = ["q", "letter", "topic"]

    def filter_text(self, queryset, name, value):
        return queryset.matching_text(value.strip())
