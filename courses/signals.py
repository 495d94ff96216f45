"""A saved CIOP text is linked again to the glossary terms it mentions (courses/term_links.py)."""

from django.db.models.signals import post_save

from glossary.derived import bulk_changes, in_bulk, link_texts_with

from .term_links import LINKED, link_course_texts


def text_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    with bulk_changes() as changes:
        changes.other_texts()
    if not in_bulk():  # linked already: the saved object shows what its page will show
        instance.refresh_from_db(fields=list(LINKED[sender]))


def connect():
    link_texts_with(link_course_texts)
    for model in LINKED:
        post_save.connect(text_saved, sender=model, dispatch_uid=f"courses-text-saved-{model.__name__}")
