"""The «Целевые показатели» page in headless Chromium: no error box, the city scores are shown, and a click on a
point of the weekly trend offers a link that opens the items page with that week's items."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_errors, capture, settle

pytestmark = pytest.mark.e2e
HEIGHT = 2600


def test_targets_page_scores_and_a_drill_link(browser, app_url):
    page = browser.new_page(viewport={"width": 1920, "height": HEIGHT})
    page.goto(app_url + "/targets")
    page.wait_for_function("""() => document.querySelectorAll('[data-testid="stMetricValue"]').length === 4
                                    && document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1""",
                           timeout=120_000)
    settle(page, 120_000)
    capture(page, "targets", full_page=True)
    assert_no_errors(page)
    body = page.inner_text("body")
    assert "Городской индекс: неделя" in body and "По блокам, районам и исполнителям" in body
    values = [v.inner_text() for v in page.locator('[data-testid="stMetricValue"]').all()]
    assert any(re.fullmatch(r"\d,\d\d", v.strip()) for v in values), values  # the e2e store reaches today
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2

    points = page.locator(".js-plotly-plot g.scatterlayer g.points path.point")
    expect(points).not_to_have_count(0)
    points.last.click(force=True)  # plotly hit-tests through its drag layer: force, no pointer check
    link = page.locator('[data-testid="stLinkButton"] a').first
    expect(link).to_be_visible(timeout=120_000)
    settle(page, 120_000)
    href = link.get_attribute("href")
    assert href.startswith("/items"), href
    capture(page, "targets_after_click", full_page=True)

    page.goto(app_url + href)
    settle(page, 120_000)
    assert_no_errors(page)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=120_000)
    capture(page, "targets_drill_items", full_page=True)
    page.close()
