from dateline.news.models.articles import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleRelatedPick,
)
from dateline.news.models.authors import AuthorIndexPage, AuthorPage
from dateline.news.models.images import NewsImage, NewsRendition
from dateline.news.models.live_blogs import LiveBlogPage, LiveBlogUpdate
from dateline.news.models.plain import PlainPage
from dateline.news.models.sections import HomePage, HomeTopStory, SectionPage
from dateline.news.models.site_settings import SiteSettings
from dateline.news.models.topics import TopicIndexPage, TopicPage

__all__ = [
    "ArticleAuthor",
    "ArticleCorrection",
    "ArticlePage",
    "ArticleRelatedPick",
    "AuthorIndexPage",
    "AuthorPage",
    "HomePage",
    "HomeTopStory",
    "LiveBlogPage",
    "LiveBlogUpdate",
    "NewsImage",
    "NewsRendition",
    "PlainPage",
    "SectionPage",
    "SiteSettings",
    "TopicIndexPage",
    "TopicPage",
]
