#!/usr/bin/env bash
# For `npm run screenshots` only (CI does not install it): the Chinese screenshot needs a font
# with CJK glyphs, or it shows boxes. Installs Debian's small fonts-wqy-microhei when none is
# present and we are root; otherwise says how, and the shots go on without it.
set -euo pipefail
if [[ -n "$(fc-list :lang=zh 2>/dev/null)" ]]; then
  exit 0
fi
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "No CJK font: installing fonts-wqy-microhei for the Chinese screenshot"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null; }
else
  echo "No CJK font: the Chinese screenshot will show boxes. Install one with:"
  echo "  sudo apt-get install fonts-wqy-microhei"
fi
