"""The built book as a reader meets it, in a real headless browser.

Chromium and chromedriver from Debian's packages (`apt-get install chromium chromium-driver`)
drive these tests through Selenium. Where they are missing the tests are skipped, and
`make test` ends by saying so; with ``MINIDL_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which
installs them) a missing browser is a failure instead. Every page is loaded over HTTP from a
local server: its figures must load, its math must typeset (MathJax is served locally), and the
browser must report no failed request or script error. The copy button is clicked on an
example, and what lands on the clipboard must run.
"""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from test_pages import book_pages  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

BROWSER_MISSING = ("needs Chromium and chromedriver (Debian: apt-get install chromium "
                   "chromium-driver)")


@pytest.fixture(scope="session", autouse=True)  # before the session-scoped book build
def _browser_installed():
    """Skip without a browser, except where the run requires one (CI): there it fails."""
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("MINIDL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MINIDL_REQUIRE_BROWSER=1 but the browser tests cannot run: "
                        f"{BROWSER_MISSING}", pytrace=False)
        pytest.skip(BROWSER_MISSING)

PAGES = [p.relative_to(DOCS).with_suffix(".html").as_posix() for p in book_pages()]
KOREAN_PAGES = ["ko/" + page for page in PAGES]     # the Korean edition, same pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """Serve the built book on a free loopback port for the duration of the module."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def _math_typeset(driver):
    """Wait for MathJax to finish; return True, an error string, or None without MathJax."""
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) { done(null); return; }
        MathJax.startup.promise.then(() => done(true), (e) => done(String(e)));
    """)


@pytest.mark.parametrize("page", PAGES + KOREAN_PAGES)
def test_page_renders_with_its_figures_and_math(browser, site, page):
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(site + page)
    math_spans = browser.find_elements(By.CSS_SELECTOR, ".math")
    state = _math_typeset(browser)
    if math_spans:
        assert state is True, f"{page}: MathJax did not finish ({state})"
        rendered = browser.find_elements(By.CSS_SELECTOR, ".math mjx-container")
        assert len(rendered) >= len(math_spans), (
            f"{page}: {len(math_spans)} math elements, {len(rendered)} typeset")
        errors = browser.find_elements(By.CSS_SELECTOR, "mjx-merror, [data-mjx-error]")
        assert not errors, f"{page}: MathJax errors: {[e.get_attribute('data-mjx-error') for e in errors]}"

    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete,"
        " i.naturalWidth]);")
    unloaded = [src for src, complete, width in images if not (complete and width > 0)]
    assert not unloaded, f"{page}: images that did not load: {unloaded}"
    source = DOCS / Path(page.removeprefix("ko/")).with_suffix(".md")
    if "matplotlib" in source.read_text(encoding="utf-8"):
        assert any("_images/" in (src or "") for src, _, _ in images), f"{page}: no figures"

    severe = [entry["message"] for entry in browser.get_log("browser")
              if entry["level"] == "SEVERE"]
    assert not severe, f"{page}: the browser reported errors: {severe}"


@pytest.mark.parametrize("page", ["index.html", "optimization/step-lr-batch.html",
                                  "backprop/what-backprop-does.html"])
def test_language_link_goes_to_the_same_page_and_back(browser, site, page):
    """Click the header's language link on an English page, then on the Korean one."""
    browser.get(site + page)
    browser.find_element(By.CSS_SELECTOR, "a.language-switch").click()
    assert browser.current_url == site + "ko/" + page
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    body = browser.find_element(By.CSS_SELECTOR, "article").text
    assert sum("\uac00" <= ch <= "\ud7a3" for ch in body) > 100, "the Korean page shows no Hangul"
    browser.find_element(By.CSS_SELECTOR, "a.language-switch").click()
    assert browser.current_url == site + page


def test_copy_button_copies_an_example_without_prompts_and_it_runs(browser, site):
    """On the API reference, copy a `>>>` example with its button and run what was copied."""
    browser.get(site + "reference/api.html")
    origin = site.rstrip("/")
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    blocks = [b for b in browser.find_elements(By.CSS_SELECTOR, "div.highlight")
              if ">>>" in b.get_attribute("textContent")]
    assert blocks, "the API reference shows no >>> examples"
    copied_any = 0
    for block in blocks[:5]:
        shown = block.get_attribute("textContent")
        button = block.find_element(By.CSS_SELECTOR, "button.copybtn")
        browser.execute_script("arguments[0].click();", button)
        text = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, (e) => done('ERROR ' + e));")
        assert not text.startswith("ERROR"), text
        assert ">>>" not in text and not any(line.startswith("... ") for line in text.splitlines())
        outputs = [line.strip() for line in shown.splitlines()
                   if line.strip() and not line.lstrip().startswith((">>>", "..."))]
        assert not any(line.strip() in outputs for line in text.splitlines() if line.strip()
                       and not line.strip().startswith(("import", "from"))), (
            f"output lines were copied along with the code:\n{text}")
        run = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True,
                             timeout=120, cwd=ROOT)
        assert run.returncode == 0, f"the copied example does not run:\n{text}\n{run.stderr}"
        copied_any += 1
    assert copied_any
