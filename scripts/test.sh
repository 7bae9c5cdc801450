#!/usr/bin/env bash
# Sets up what a fresh machine lacks, builds everything (host, bundled plugins,
# tests) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser --compat
swift build --build-tests
swift test --skip-build "$@"
