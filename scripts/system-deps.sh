#!/usr/bin/env bash
# Install the Debian packages the site and the whole test run use, only those missing: the quote
# PDF's fonts (DejaVu Sans for Latin, Greek and Cyrillic, Droid Sans Fallback for Chinese, Japanese
# and Korean), Chromium (browser tests; Playwright downloads no browser), a Java runtime (the Nu
# HTML checker), the PostgreSQL server (the second pass of the suite) and the Redis server (the
# two-node test in that pass). `system-deps.sh fonts`
# installs the fonts alone (`make run`). Needs root and apt-get; otherwise it says what is missing
# and the parts that need it skip themselves with a message.
set -uo pipefail

missing=()
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]] || missing+=(fonts-dejavu-core)
[[ -f /usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf ]] || missing+=(fonts-droid-fallback)
if [[ ${1:-} != fonts ]]; then
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
    command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "NOTE: not installing ${missing[*]} (needs root and apt-get); the tests that need them are skipped" \
        "and quote PDFs draw only Latin letters."
    exit 0
fi
echo "Installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null \
    && apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
    || echo "NOTE: apt-get could not install ${missing[*]}; the tests that need them are skipped."
exit 0
