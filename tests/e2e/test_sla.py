"""The «Сроки» page in headless Chromium: it renders without errors, and a click on a bar offers its items."""
import pytest

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_errors, capture, settle

pytestmark = pytest.mark.e2e
HEIGHT = 2700  # the whole page in one screenshot (Streamlit scrolls inside its own container)
SECTIONS = ("Ответы в срок по каналам", "Просрочено сейчас", "Скоро просрочка", "Время ответа и решения по каналам",
            "Первый ответ: ИМ и Госпаблики")


def open_sla(browser, url: str, name: str):
    """Open the page, wait until its five cards and at least two charts are drawn and the script has ended."""
    page = browser.new_page(viewport={"width": 1920, "height": HEIGHT})
    page.goto(url)
    page.wait_for_function("""() => document.querySelectorAll('[data-testid="stMetricValue"]').length === 5
                                    && document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2""",
                           timeout=120_000)
    settle(page, 120_000)
    capture(page, name, full_page=True)
    return page


def test_sla_page_renders(browser, app_url):
    page = open_sla(browser, app_url + "/sla?period=90+дней", "sla")
    assert_no_errors(page)
    body = page.inner_text("body")
    assert all(text in body for text in SECTIONS)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2
    page.close()


def test_month_grain_screenshot(browser, app_url):
    page = open_sla(browser, app_url + "/sla?period=12+месяцев&sla_grain=по+месяцам", "sla_month")
    assert_no_errors(page)
    pressed = page.locator('[data-testid="stButtonGroup"] button[aria-checked="true"], '
                           '[data-testid="stButtonGroup"] button[kind$="Active"]').first.inner_text()
    assert pressed == "по месяцам"
    page.close()


def test_click_on_an_overdue_bar_links_to_its_items(browser, app_url):
    page = open_sla(browser, app_url + "/sla", "sla_before_click")
    overdue = page.locator(".js-plotly-plot").nth(1)  # the first tab of «Просрочено сейчас»
    bars = overdue.locator("g.trace.bars g.point path")
    expect(bars).not_to_have_count(0)
    widest = max(range(bars.count()), key=lambda i: (bars.nth(i).bounding_box() or {"width": 0})["width"])
    expect(bars.nth(widest)).to_be_visible()  # a stacked segment of an empty age bucket has no width: not that one
    # a click on the bar itself (plotly hit-tests it through its drag layer above: hence force, no pointer check)
    bars.nth(widest).click(force=True)
    link = page.locator('[data-testid="stLinkButton"] a[href*="age="]').first  # not «все просроченные»
    expect(link).to_be_visible(timeout=120_000)
    settle(page, 120_000)
    href = link.get_attribute("href")
    assert href.startswith("/items?") and "overdue=1" in href and "age=" in href, href
    capture(page, "sla_after_click", full_page=True)
    assert_no_errors(page)
    page.close()
