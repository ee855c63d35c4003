import re

from django import template

register = template.Library()


@register.filter
def words_of_path(path):
    """The words of an address's last part ("/world/tea-prices-rise/" gives "tea prices rise"),
    a reader's likeliest search when the address leads nowhere."""
    last = next((part for part in reversed((path or "").split("/")) if part), "")
    return " ".join(re.split(r"[-_.+]+", last)).strip()[:100]
