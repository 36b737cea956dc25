#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests (test/browser) is installed. Used by `npm test`
# (pretest) and .ci/run. The tests drive it with playwright-core; Playwright's own browser
# download is not used (it cannot reach its CDN from our machines).
#   - CHROMIUM_PATH set and executable, or /usr/bin/chromium present: nothing to do;
#   - otherwise installed from Debian's packages (as root, or with sudo);
#   - no apt: we stop and say how to point CHROMIUM_PATH at a Chrome/Chromium.
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$path" ] && exit 0

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable." >&2
  exit 1
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages for the browser tests…"
  if as_root apt-get install -y -qq chromium >/dev/null 2>&1 ||
    { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    [ -x /usr/bin/chromium ] && exit 0
  fi
fi

cat >&2 <<MSG
The browser tests need Chromium or Chrome, and none was found at $path.
  - Debian/Ubuntu:  sudo apt-get install -y chromium
  - elsewhere:      install Chrome or Chromium and set CHROMIUM_PATH to its executable.
MSG
exit 1
