#!/usr/bin/env bash
# Installs the Debian packages the build and e2e rig need: Chromium, Firefox ESR, Prosody 0.12, zip and advzip.
# Quiet when everything is present. Never runs `prosody --version`: that starts a server
# with the system config.
set -euo pipefail

declare -A command_of=(
  [chromium]=/usr/bin/chromium
  [firefox-esr]=/usr/bin/firefox-esr
  [prosody]=/usr/bin/prosody
  [zip]=/usr/bin/zip
  [advancecomp]=/usr/bin/advzip
)

missing=()
for pkg in chromium firefox-esr prosody zip advancecomp; do
  if [[ ! -x "${command_of[$pkg]}" ]]; then
    missing+=("$pkg")
  elif [[ $pkg == prosody && ! -x /usr/bin/prosodyctl ]]; then
    missing+=("$pkg")
  fi
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
apt-get update
# CI has no stdin: never let debconf ask.
DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
