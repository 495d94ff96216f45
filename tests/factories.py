import factory
from django.utils import timezone
from django.utils.text import slugify

from glossary.models import Suggestion, Term, TermLabel, TermSense, Topic


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


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A reader's correction to a term; pass kind=Suggestion.Kind.NEW_TERM, term=None and a
    term_name for a new term."""

    class Meta:
        model = Suggestion

    kind = Suggestion.Kind.CORRECTION
    term = factory.SubFactory(TermFactory)
    what = "The definition should say that components are deducted after production."
    why = "That is how the APICS dictionary defines it."
    email = "reader@example.com"


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


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.Programme"
        django_get_or_create = ["code"]

    name = "Certified Inventory Optimization Professional"
    code = "CIOP"
    summary = "An end-to-end supply chain certification of 30 modules."
    description = "It covers **everything**."
    price_per_participant = "1000.00"
    currency = "USD"
    tax_rate = "10.00"


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.Module"

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n % 30 + 1)
    title = factory.Sequence(lambda n: f"Module title {n}")
    slug = factory.LazyAttribute(lambda module: slugify(module.title))
    summary = "What the module covers."
    outcomes = "Do one thing.\nDo another.\nDo a third."


class VideoSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.VideoSeries"

    title = "One-Minute Supply Chain Facts"
    collection = "CIOP Knowledge Series"
    playlist_id = "PLciopOneMinuteFacts"


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.Video"

    series = factory.SubFactory(VideoSeriesFactory)
    title = factory.Sequence(lambda n: f"Video {n}")
    youtube_id = factory.Sequence(lambda n: f"vid{n:08d}")
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=1))
    duration = timezone.timedelta(seconds=61)


class FacultyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.FacultyMember"

    name = factory.Sequence(lambda n: f"Faculty member {n}")
    slug = factory.LazyAttribute(lambda member: slugify(member.name))
    headline = "Supply chain consultant"
    biography = "Twenty-five years in planning."
    years_of_experience = 25
    is_sample = True


class IntakeFactory(factory.django.DjangoModelFactory):
    """An online run starting in six weeks, open for applications for four more."""

    class Meta:
        model = "courses.Intake"

    programme = factory.SubFactory(ProgrammeFactory)
    format = "online"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=42))
    apply_by = factory.LazyAttribute(lambda intake: intake.starts_on - timezone.timedelta(days=14))
    seats_left = 12


class TestimonialFactory(factory.django.DjangoModelFactory):
    __test__ = False  # a factory, though its name starts with "Test"

    class Meta:
        model = "courses.Testimonial"

    name = factory.Sequence(lambda n: f"Participant {n}")
    role = "Inventory planner"
    company = "Acme Components"
    quote = "The module on safety stock paid for the whole course within a quarter."
    consented_on = factory.LazyFunction(timezone.localdate)
    is_published = True
