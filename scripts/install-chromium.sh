#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it never
# downloads a browser of its own). Idempotent: returns at once when Chromium is there.
# Without root or apt-get (a developer's own laptop) it says what to install and carries on;
# under CI=true a missing browser is an error, so the browser tests always run there.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests (once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; }
  exit 0
fi
echo "chromium is missing: install it (e.g. apt-get install chromium) to run tests/browser" >&2
if [[ "${CI:-}" == "true" ]]; then
  exit 1
fi
