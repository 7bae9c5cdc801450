#!/usr/bin/env bash
# Installs the system packages Switchboard builds and tests against, if missing:
# libcurl, SQLite and libyaml headers, a C compiler and binutils (the tests build C
# plugins and inspect exported symbols). With --browser also headless Chromium and its
# WebDriver, for the WebChat page's browser test. Needs root or sudo for apt-get.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "error: no Swift toolchain on PATH; install Swift 6.1 or later from swift.org first" >&2
    exit 1
fi

packages=(libcurl4-openssl-dev libsqlite3-dev libyaml-dev gcc libc6-dev binutils)
if [ "${1:-}" = "--browser" ]; then packages+=(chromium chromium-driver fonts-dejavu-core); fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
