import factory
from django.utils import timezone
from django.utils.text import slugify

from glossary.models import Term, TermLabel, TermSense, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.name))


class TermFactory(factory.django.DjangoModelFactory):
    """A published term by default; pass status=Term.Status.DRAFT for a draft."""

    class Meta:
        model = Term
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sample term {n}")
    definition = factory.LazyAttribute(lambda term: f"The short definition of {term.name.lower()}.")
    explanation = "A longer explanation with **Markdown**."
    status = Term.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if create and extracted:
            self.related.set(extracted)


class TermLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermLabel

    term = factory.SubFactory(TermFactory)
    label = factory.Sequence(lambda n: f"Label {n}")
    kind = TermLabel.Kind.SYNONYM


class TermSenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermSense

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    definition = "One meaning of the term."
