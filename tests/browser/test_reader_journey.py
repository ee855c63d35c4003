import re

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_goes_from_home_to_section_article_related_on_this_day_and_about(
    open_page, artifacts, viewport
):
    page = open_page("/", viewport)
    page.screenshot(path=artifacts / f"{viewport}-1-home.png", full_page=True)
    assert page.locator("h1").count() == 1

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Iran News").click()
    page.wait_for_url(re.compile(r"/iran-news/$"))
    assert page.locator("h1").inner_text() == "Iran News"
    page.screenshot(path=artifacts / f"{viewport}-2-section.png", full_page=True)

    page.locator(".story-list .story__headline a").first.click()
    page.wait_for_url(re.compile(r"/iran-news/[\w-]+/$"))
    headline = page.locator("h1").inner_text()
    assert page.title().startswith(headline)
    assert page.locator("time[datetime]").count() >= 1
    page.screenshot(path=artifacts / f"{viewport}-3-article.png", full_page=True)

    related = page.get_by_role("region", name="Related News")
    related_link = related.locator(".story__headline a").first
    related_title = related_link.inner_text()
    related_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == related_title
    page.screenshot(path=artifacts / f"{viewport}-4-related.png", full_page=True)

    page.get_by_role("link", name="More from this day in history").first.click()
    page.wait_for_url(re.compile(r"/on-this-day/$"))
    assert page.locator(".almanac-list li").count() >= 1
    page.screenshot(path=artifacts / f"{viewport}-5-on-this-day.png", full_page=True)

    page.get_by_role("contentinfo").get_by_role("link", name="About Us").click()
    page.wait_for_url(re.compile(r"/about/$"))
    assert page.locator("h1").inner_text() == "About Us"
    page.screenshot(path=artifacts / f"{viewport}-6-about.png", full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_nothing_overflows_the_screen_sideways(open_page, viewport):
    for path in ["/", "/iran-news/", "/on-this-day/", "/authors/"]:
        page = open_page(path, viewport)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


def test_images_come_as_responsive_webp_with_a_jpeg_fallback(open_page):
    page = open_page("/")
    source = page.locator(".story--lead picture source[type='image/webp']")
    assert source.count() == 1
    assert len(source.get_attribute("srcset").split(",")) == 3
    assert page.locator(".story--lead picture img").get_attribute("src").endswith(".jpg")
