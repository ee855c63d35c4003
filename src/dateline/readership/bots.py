"""Which requests are people reading: robots, scripts and previews are not counted.

Every browser people read with sends a User-Agent that begins ``Mozilla/`` (old Opera:
``Opera/``); command-line clients and libraries (curl, Wget, python-requests, Go, Java,
okhttp) and most link previewers (facebookexternalhit, Twitterbot, Slackbot, WhatsApp) do not,
and are left out by that alone. Crawlers that dress as browsers name themselves: Googlebot,
bingbot, Applebot, GPTBot, Baiduspider, Yahoo! Slurp, HeadlessChrome, Lighthouse, and nearly
all add their ``+http…`` information page.
"""

import functools
import re

BROWSER_PREFIXES = (b"mozilla/", b"opera/")
# "cubot" is a phone maker (CUBOT X19), not a robot.
ROBOT_WORDS = re.compile(
    rb"(?<!cu)bot\b|bot/|crawl|spider|slurp|headless|lighthouse|phantomjs|preview|"
    rb"inspectiontool|pagespeed|gtmetrix|mediapartners|adsbot|feedfetcher|monitor|uptime|"
    rb"pingdom|scrapy|\+?https?://|@")


@functools.lru_cache(maxsize=4096)
def is_reader(user_agent):
    """Whether a request with this User-Agent (bytes, as it arrived) is a person reading."""
    lowered = user_agent.lower()
    return lowered.startswith(BROWSER_PREFIXES) and ROBOT_WORDS.search(lowered) is None
