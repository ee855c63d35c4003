from wagtail import hooks

from dateline.news import topic_chooser


@hooks.register("register_admin_urls")
def topic_chooser_urls():
    return topic_chooser.admin_urlpatterns
