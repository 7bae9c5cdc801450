#!/usr/bin/env bash
# Installs the system packages Switchboard builds and tests against, if missing:
# libcurl, SQLite and libyaml headers, a C compiler and binutils (the tests build C
# plugins and inspect exported symbols). Options, together or alone:
#   --browser  also headless Chromium and its WebDriver, for the WebChat page's browser test;
#   --compat   also a Python venv at .build/compat-venv with python-telegram-bot, for the
#              Telegram simulator's official client library check (Tests/Compatibility/).
# Needs root or sudo for apt-get. Quiet when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1; then
    echo "error: no Swift toolchain on PATH; install Swift 6.1 or later from swift.org first" >&2
    exit 1
fi

browser=false
compat=false
for option in "$@"; do
    case "$option" in
        --browser) browser=true ;;
        --compat) compat=true ;;
        *) echo "error: unknown option $option (known: --browser, --compat)" >&2; exit 64 ;;
    esac
done

packages=(libcurl4-openssl-dev libsqlite3-dev libyaml-dev gcc libc6-dev binutils)
if $browser; then packages+=(chromium chromium-driver fonts-dejavu-core); fi
if $compat && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then packages+=(python3-venv); fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if $compat; then
    venv=.build/compat-venv
    library=python-telegram-bot==22.8
    if ! "$venv/bin/python3" -c \
        'import importlib.metadata as m, sys; sys.exit(m.version("python-telegram-bot") != "22.8")' 2>/dev/null; then
        echo "installing $library into $venv"
        python3 -m venv "$venv"
        "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "$library"
    fi
fi
