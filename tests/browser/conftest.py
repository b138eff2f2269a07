"""Browser tests: Playwright driving Debian's Chromium against a real ``hard-e serve``.

Everything here is module-scoped (a page visit costs seconds; a browser start more): one
server per test module, on a free loopback port with its own HARD_E_HOME and its own Leap
simulator, "Claude" scripted by :class:`ScriptedAnthropic` (the brain falls back to the
offline reflex brain when a turn has no scripted reply), one Chromium per module and a
fresh browser context per :meth:`Web.page`.

Chromium comes from Debian (``scripts/install-chromium.sh``, run by ``make setup``);
Playwright never downloads a browser. Without Chromium the tests skip on a developer's
machine and fail under ``CI=true``.

Helpers a test uses: ``web.page(phone=True)`` (390 x 844), ``web.sign_in(page, email,
password)``, ``web.assert_accessible(page)`` (axe-core, vendored under vendor/),
``web.assert_no_horizontal_overflow(page)``, ``web.navigate(page, "Team")`` and
``with web.step("accept invite"):``, which times a person-facing step; the timings are
printed at the end of the run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD
from tests.browser.timings import TIMINGS
from tests.e2e.conftest import REPO, RunningServer
from tests.support.anthropic_server import ScriptedAnthropic

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 20_000  # one UI wait; generous, the machine runs six test suites at once
# axe impacts that fail a test (the issue: "no serious violations")
BLOCKING_IMPACTS = ("serious", "critical")


# pytest-timeout's limit for one browser test: a module's first test also starts its
# server and Chromium (over a minute under load), which the suite's 120 s did not cover
TEST_TIMEOUT_S = 300
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT_S))


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is missing: `make setup` installs it (scripts/install-chromium.sh)")
    pytest.skip("chromium is not installed (make setup installs it)")


@dataclass
class Web:
    """One running Hard-E, one Chromium, and what browser tests do with them."""

    server: RunningServer
    claude: ScriptedAnthropic
    browser: Any  # playwright.sync_api.Browser
    module: str
    contexts: list[Any] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def cli(self, *args: str) -> str:
        """Run ``hard-e ARGS`` against the server's data (e.g. ``operators create``)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HARD_E_", "ANTHROPIC_"))}
        env.update(HARD_E_HOME=str(self.server.home), HARD_E_BCRYPT_ROUNDS="4")
        done = subprocess.run(
            [sys.executable, "-m", "hard_e.cli", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def api(
        self,
        method: str,
        path: str,
        *,
        email: str = DEMO_EMAIL,
        password: str = DEMO_PASSWORD,
        json: Any = None,
    ) -> httpx.Response:
        """Call the API as a user, to check what the page did (the outbox, the team...)."""
        login = httpx.post(
            f"{self.url}/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        return httpx.request(method, f"{self.url}{path}", headers=headers, json=json, timeout=30)

    def page(self, *, phone: bool = False, microphone: bool = False) -> Any:
        """A fresh page (own cookies and storage) at the app's origin."""
        context = self.browser.new_context(
            base_url=self.url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            permissions=["microphone"] if microphone else [],
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors  # a test may assert the page threw nothing
        return page

    def sign_in(
        self, page: Any, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD, path: str = "/"
    ) -> None:
        """Open the app and sign in through the form, as a person would."""
        page.goto(path)
        form = page.locator("#view-signin")
        form.get_by_label("Email").fill(email)
        form.get_by_label("Password").fill(password)
        form.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()

    @staticmethod
    def shown(page: Any) -> Any:
        """The page of the app being shown (labels repeat across the app's hidden pages)."""
        return page.locator("main > section.view:not([hidden])")

    def navigate(self, page: Any, link: str) -> None:
        """Go to a page of the app through the menu, as a person would (Menu first on a phone)."""
        menu = page.get_by_role("button", name="Menu")
        if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
            menu.click()
        page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
        page.locator('main > section.view:not([hidden])[aria-busy="false"]').wait_for()

    def expect_text(self, page: Any, text: str, *, timeout_ms: int = TIMEOUT_MS) -> None:
        """Wait for text to appear; if it never does, fail with what the page shows instead."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            page.get_by_text(text).first.wait_for(timeout=timeout_ms)
        except PlaywrightTimeout:
            shown = self.shown(page).inner_text(timeout=5_000)[:3000]
            raise AssertionError(f"{text!r} never appeared; the page shows:\n{shown}") from None

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one person-facing step (printed in the run's summary)."""
        began = time.perf_counter()
        yield
        TIMINGS.append((self.module, name, time.perf_counter() - began))

    def assert_no_horizontal_overflow(self, page: Any) -> None:
        """Nothing is wider than the viewport: no sideways scrolling on a phone."""
        widths = page.evaluate(
            """() => {
                const de = document.documentElement;
                const wide = [...document.querySelectorAll('body *')]
                  .filter(e => e.getClientRects().length
                    && e.getBoundingClientRect().right > de.clientWidth + 1)
                  .slice(0, 5).map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`);
                return {scroll: de.scrollWidth, client: de.clientWidth, wide};
            }"""
        )
        assert widths["scroll"] <= widths["client"], widths

    def assert_accessible(self, page: Any) -> None:
        """axe-core finds nothing serious or critical on the page as it is now."""
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
        blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], blocking

    def close(self) -> None:
        for context in self.contexts:
            with contextlib.suppress(Exception):
                context.close()
        self.contexts.clear()


@pytest.fixture(scope="module")
def claude() -> Iterator[ScriptedAnthropic]:
    """Scripted "Claude" for the module's server; a turn with no reply uses the reflex brain."""
    with ScriptedAnthropic() as server:
        yield server


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, claude: ScriptedAnthropic
) -> Iterator[RunningServer]:
    """``hard-e serve`` (with its Leap simulator and the demo company) for one module."""
    server = RunningServer(
        tmp_path_factory.mktemp("browser-home"),
        env={"ANTHROPIC_API_KEY": "sk-test", "HARD_E_ANTHROPIC_BASE_URL": claude.base_url},
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=[  # a fake microphone for the voice tests; no real device on a test machine
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def web(
    request: pytest.FixtureRequest,
    app_server: RunningServer,
    claude: ScriptedAnthropic,
    browser: Any,
) -> Iterator[Web]:
    helper = Web(app_server, claude, browser, module=request.module.__name__.rsplit(".", 1)[-1])
    yield helper
    helper.close()
