#!/usr/bin/env bash
# Installs the Debian packages the build and e2e rig need: Chromium, Firefox ESR, Prosody 0.12,
# ejabberd 23.01 (the second server of the e2e matrix), Firefox's Simplified Chinese language pack
# (the e2e check that pages follow the browser's language), zip and advzip.
# Quiet when everything is present. Never runs `prosody --version`: that starts a server
# with the system config.
set -euo pipefail

declare -A command_of=(
  [chromium]=/usr/bin/chromium
  [firefox-esr]=/usr/bin/firefox-esr
  [firefox-esr-l10n-zh-cn]=/usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi
  [prosody]=/usr/bin/prosody
  [ejabberd]=/usr/sbin/ejabberdctl
  [zip]=/usr/bin/zip
  [advancecomp]=/usr/bin/advzip
)

missing=()
for pkg in chromium firefox-esr firefox-esr-l10n-zh-cn prosody ejabberd zip advancecomp; do
  if [[ ! -e "${command_of[$pkg]}" ]]; then
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

# The e2e fixtures run their own servers on free loopback ports. Where the package's postinst
# started the system-wide ejabberd (a machine with an init system), stop it and keep it off: it
# would hold 5222/5280 and an Erlang node for nothing. (No `ejabberdctl status` to ask: with the
# system config it starts an epmd daemon that then stays.)
if [[ " ${missing[*]} " == *" ejabberd "* ]]; then
  if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    systemctl disable --now ejabberd >/dev/null 2>&1 || true
  elif pgrep -u ejabberd beam.smp >/dev/null; then
    /etc/init.d/ejabberd stop >/dev/null 2>&1 || true
  fi
fi
