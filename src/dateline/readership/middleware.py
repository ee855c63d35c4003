from dateline.news.models import ArticlePage
from dateline.readership.tally import STORY_HEADER


class StoryPagesMiddleware:
    """Marks a story's own page with its id (``X-Dateline-Story``), which the page cache keeps
    with the page, so the tally knows a read of it on every hit without asking anything. Only
    the page itself: a live blog's updates, fetched every second by open pages, are not reads."""

    header = STORY_HEADER.decode()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        page = (response.context_data or {}).get("page")
        if isinstance(page, ArticlePage) and response.status_code == 200:
            response[self.header] = str(page.pk)
        return response
