"""The readers' suggestion form: a correction to a term or a new term, with the spam traps."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from base.spam import FormGuard

from .models import Suggestion

# The cookie goes to /suggest/ only, which both forms' addresses start with.
SUGGESTION_FORM = FormGuard(
    cookie_name="suggestion_form",
    path_name="glossary:suggest_term",
    settings_prefix="SUGGESTIONS",
    what="Suggestion",
)

TEXT_FIELDS = ["term_name", "what", "why", "source"]


def without_control_characters(value):
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in value):
        raise ValidationError("Please remove the invisible control characters from this field.")
    return value


class SuggestionForm(forms.ModelForm):
    website = forms.CharField(required=False, label="Leave this field empty")
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Suggestion
        fields = ["term_name", "what", "why", "source", "email"]
        labels = {
            "term_name": "Term",
            "what": "What should change",
            "why": "Why",
            "source": "Source (optional)",
            "email": "Your email (optional)",
        }
        help_texts = {
            "term_name": "The term as you know it.",
            "what": "The correction in your words.",
            "why": "What is wrong or missing today, so that an editor can check it.",
            "source": "A book, standard or web address where you read it.",
            "email": "Only if you want one reply when an editor has decided. We keep nothing else about you.",
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4}),
            "why": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "what": {"required": "Please tell us what you suggest."},
            "term_name": {"required": "Please give the term's name."},
        }

    def __init__(self, *args, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.term = term
        self.instance.kind = Suggestion.Kind.NEW_TERM if term is None else Suggestion.Kind.CORRECTION
        self.fields["why"].required = True
        self.fields["why"].error_messages["required"] = "Please tell us why, so that an editor can check it."
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if term is None:
            self.fields["term_name"].required = True
            self.fields["what"].label = "What it means"
            self.fields["what"].help_text = "A definition in one or two sentences."
            self.fields["why"].help_text = "Where readers meet the term, and why the glossary needs it."
        else:
            del self.fields["term_name"]

    def clean(self):
        cleaned = super().clean()
        for name in TEXT_FIELDS:
            if cleaned.get(name):
                try:
                    without_control_characters(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned
