#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests (test/browser) is installed. Used by `npm test`
# (pretest) and .ci/run. The tests drive it with playwright-core; Playwright's own browser
# download is not used (it cannot reach its CDN from our machines).
#   - CHROMIUM_PATH set and executable, or /usr/bin/chromium present: nothing to do;
#   - otherwise installed from Debian's packages (as root, or with sudo);
#   - no apt: we stop and say how to point CHROMIUM_PATH at a Chrome/Chromium.
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

# A Chinese font, so the screenshots show the console's text rather than empty boxes.
if command -v apt-get >/dev/null && command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  echo "Installing a Chinese font (fonts-wqy-microhei) for the browser tests' screenshots…"
  apt_install fonts-wqy-microhei || echo "(no Chinese font installed: screenshots will show boxes)" >&2
fi

[ -x "$path" ] && exit 0

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable." >&2
  exit 1
fi

if command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages for the browser tests…"
  apt_install chromium fonts-wqy-microhei && [ -x /usr/bin/chromium ] && exit 0
fi

cat >&2 <<MSG
The browser tests need Chromium or Chrome, and none was found at $path.
  - Debian/Ubuntu:  sudo apt-get install -y chromium
  - elsewhere:      install Chrome or Chromium and set CHROMIUM_PATH to its executable.
MSG
exit 1
