#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian machine (run as root).
# Idempotent: each step is skipped or is a no-op when its tools are present.
# Quiet on success; errors still reach stderr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Headless Chromium (driven by Playwright) and Java (runs the Nu HTML Checker).
if [[ ! -x /usr/bin/chromium ]] || ! command -v java >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium default-jre-headless >/dev/null
fi

# Python: the build's own requirements plus pytest, Playwright and ruff.
python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements-test.txt

# vnu-jar and axe-core, exactly as locked. --ignore-scripts: vnu-jar's install
# script reaches for the network, and the jar already ships in the package.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
