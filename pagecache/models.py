from django.db import models
from django.db.models import F


class ContentVersionQuerySet(models.QuerySet):
    def number(self):
        return self.filter(pk=1).values_list("number", flat=True).first() or 0

    def raise_number(self):
        """One more, atomically (UPDATE … SET number = number + 1), whichever process raises it."""
        if not self.filter(pk=1).update(number=F("number") + 1):
            self.get_or_create(pk=1, defaults={"number": 1})


class ContentVersion(models.Model):
    """The content version that every process of the site reads when each has its own cache.

    One row (id 1), raised by one after every commit that changes public content; no row reads
    as 0 and the first raise creates it. See version.py.
    """

    number = models.BigIntegerField(default=0)

    objects = ContentVersionQuerySet.as_manager()

    def __str__(self):
        return f"content version {self.number}"
