"""Test data with editorial traits (`ArticlePageFactory(archive=True)`), seeded in conftest."""

import datetime

import factory
import wagtail_factories

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from dateline.news.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleRelatedPick,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    LiveBlogPage,
    PlainPage,
    SectionPage,
    SiteSettings,
    TopicIndexPage,
    TopicPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "The Test Gazette"
    slug = "home"

    class Meta:
        model = HomePage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    intro = "<p>Reporting from the region.</p>"
    show_in_menus = True

    class Meta:
        model = SectionPage


class AuthorIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our journalists"
    slug = "authors"

    class Meta:
        model = AuthorIndexPage


class AuthorPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Reporter"
    bio = "<p>Covers the region's towns and their councils.</p>"

    class Meta:
        model = AuthorPage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Topics"
    slug = "topics"

    class Meta:
        model = TopicIndexPage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "A subject that cuts across sections."

    class Meta:
        model = TopicPage


class PlainPageFactory(wagtail_factories.PageFactory):
    title = "About Us"
    slug = "about"
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>We are a newsroom that tests its own tools.</p>")]
    )

    class Meta:
        model = PlainPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=7)
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = factory.Faker("sentence", nb_words=18)
    dateline_place = "TBILISI"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", "<p>The council met to discuss the new bridge.</p>"),
            ("subhead", "What happens next"),
            ("quote", {"text": "We will build it.", "attribution": "A fictional engineer"}),
            ("fact_box", {"title": "Key facts", "body": "<ul><li>Two lanes</li></ul>"}),
            ("embed", {"url": "https://video.example.org/watch/1", "title": "The bridge",
                       "caption": ""}),
        ]
    )

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    class Params:
        breaking = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(minutes=5)
            )
        )
        archive = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=800)
            )
        )
        draft = factory.Trait(live=False)
        embargoed = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(days=1)
            )
        )
        updated = factory.Trait(
            updated_at=factory.LazyAttribute(
                lambda article: article.published_at + datetime.timedelta(hours=3)
            )
        )

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        for order, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(article=article, author=author, sort_order=order)

    @factory.post_generation
    def topics(article, create, extracted, **kwargs):
        if extracted:
            article.topics.set(extracted)
            article.save()

    @factory.post_generation
    def related(article, create, extracted, **kwargs):
        for order, pick in enumerate(extracted or []):
            ArticleRelatedPick.objects.create(article_page=article, article=pick,
                                              sort_order=order)

    @factory.post_generation
    def corrected(article, create, extracted, **kwargs):
        if extracted:
            ArticleCorrection.objects.create(
                article=article, kind="correction", noted_at=timezone.now(),
                text="An earlier version misspelt the engineer's name.",
            )


class LiveBlogPageFactory(ArticlePageFactory):
    """A running live blog with key points and no updates yet."""

    body = factory.LazyFunction(lambda: [
        ("paragraph", "<p>Roads along the coast are closed until the wind drops.</p>")])

    class Meta:
        model = LiveBlogPage
        skip_postgeneration_save = True


def joins(group_name):
    """Membership of a group the roles migration made."""
    return factory.PostGeneration(
        lambda user, create, extracted, **kwargs: user.groups.add(Group.objects.get(
            name=group_name))
    )


class UserFactory(factory.django.DjangoModelFactory):
    """A newsroom account; its role is a trait (`UserFactory(contributor=True)`)."""

    username = factory.Sequence(lambda n: f"staff-{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    class Params:
        contributor = factory.Trait(role=joins("Contributors"))
        editor = factory.Trait(role=joins("Editors"))
        administrator = factory.Trait(role=joins("Administrators"))
        superuser = factory.Trait(is_superuser=True, is_staff=True)


def fresh_site():
    """A fresh home page as the default site of an empty page tree, with its settings.

    A transactional test's flush takes the locale and tree root Wagtail's migrations create,
    and after a serialized rollback even the content types, which Django caches by id: they
    are made again when missing.
    """
    if not ContentType.objects.exists():
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="localhost", port=80, root_page=home,
                               is_default_site=True, site_name="The Test Gazette")
    settings = SiteSettings.for_site(site)
    settings.about_blurb = "The Test Gazette reports on the towns of the test valley."
    settings.time_zone = "Europe/London"
    settings.save()
    return site, settings
