"""Cache invalidation for the CIOP promotion: every save or delete of what it shows drops it."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import FacultyMember, Module, Programme, Video, VideoSeries
from .promotion import forget_promotion


def connect():
    for model in (Programme, Module, FacultyMember, Video, VideoSeries):
        post_save.connect(forget_promotion, sender=model, dispatch_uid=f"promotion-save-{model.__name__}")
        post_delete.connect(forget_promotion, sender=model, dispatch_uid=f"promotion-delete-{model.__name__}")
    m2m_changed.connect(forget_promotion, sender=Module.key_terms.through, dispatch_uid="promotion-key-terms")
