import pytest

from dateline.founding.builders import build_edition, translate
from dateline.news.models import ArticlePage, SectionPage
from tests import factories


@pytest.fixture
def editions(newsroom):
    """The newsroom with a Persian edition: its front page, a section translating the
    Caucasus section, a story translating an English one and a story of its own."""
    room = newsroom
    room.fa_home = build_edition(room.home, "fa", title="روزنامه آزمون")
    room.fa_section = translate(room.section, room.fa_home,
                                SectionPage(title="قفقاز", slug="قفقاز", show_in_menus=True))
    room.story = factories.ArticlePageFactory(parent=room.section, title="The bridge opens",
                                              slug="the-bridge-opens")
    room.story.save_revision().publish()  # through the pipeline, which indexes it for search
    room.fa_story = translate(room.story, room.fa_section, ArticlePage(
        title="پل باز شد", slug="پل-باز-شد", standfirst="پل تازه رودخانه کورا امروز باز شد.",
        dateline_place="تفلیس", published_at=room.story.published_at,
        body=[("paragraph", "<p>شورای شهر تفلیس پل را پس از دو سال (2024 تا 2026) باز کرد.</p>")]))
    room.fa_only_story = factories.ArticlePageFactory(
        parent=room.fa_section, title="بازار کتاب تهران", slug="بازار-کتاب",
        standfirst="نمایشگاه کتاب امسال ۱۲ روز برپاست.")
    room.english_only_story = factories.ArticlePageFactory(
        parent=room.section, title="Only in English", slug="only-in-english")
    return room
