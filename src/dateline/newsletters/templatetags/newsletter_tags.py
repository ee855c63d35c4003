from django import template
from django.urls import reverse
from django.utils import translation

from dateline.mailroom.outbox import mail_is_set_up
from dateline.news import edition
from dateline.newsletters.forms import HONEYPOT

register = template.Library()


def offered_lists(language):
    from dateline.newsletters.models import Newsletter

    return [(newsletter.pk, newsletter.name, newsletter.description)
            for newsletter in Newsletter.objects.on_offer().of_edition(language)]


@register.inclusion_tag("newsletters/sign_up_box.html")
def newsletter_sign_up_box():
    """The sign-up box of the front page and each story: the lists on offer in the page's
    language edition, remembered per edition of what pages remember (a list saved starts a new
    one), so the box costs a page no query."""
    language = translation.get_language()
    return {
        "lists": edition.remembered("newsletters-offered", "all",
                                    lambda: offered_lists(language), language),
        "mail_is_set_up": mail_is_set_up(),
        "action": reverse("newsletters:sign_up"),
        "honeypot": HONEYPOT,
    }
