"""A saved CIOP text is linked again to the glossary terms it mentions (courses/term_links.py)."""

from django.db.models.signals import post_save

from glossary.derived import bulk_changes, in_bulk, link_texts_with

from .models import FAQ, Module, Programme, Video
from .term_links import link_course_texts

LINKED_FIELDS = {
    Programme: ["summary_html", "description_html", "audience_html"],
    FAQ: ["answer_html"],
    Module: ["summary_html", "outcomes_html", "description_html"],
    Video: ["transcript_html"],
}


def text_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    with bulk_changes() as changes:
        changes.other_texts()
    if not in_bulk():  # linked already: the saved object shows what its page will show
        instance.refresh_from_db(fields=LINKED_FIELDS[sender])


def connect():
    link_texts_with(link_course_texts)
    for model in LINKED_FIELDS:
        post_save.connect(text_saved, sender=model, dispatch_uid=f"courses-text-saved-{model.__name__}")
