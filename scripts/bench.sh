#!/usr/bin/env bash
# Sets up what a fresh machine lacks (system packages; python-telegram-bot in a venv
# under .build, for the peer), builds the host, its bundled plugins and the benchmark
# optimised, and runs the benchmarks against the simulators on loopback.
#   scripts/bench.sh                 every scenario; writes bench/results/results.{md,json}
#   scripts/bench.sh throughput ...  one scenario (see: scripts/bench.sh --help)
# Benchmarks report figures; they fail only when an answer is wrong or missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --compat
for product in switchboard switchboard-bench switchboard-provider-webchat switchboard-provider-loopback \
    switchboard-provider-telegram switchboard-provider-dingtalk switchboard-provider-dingtalk-robot; do
    swift build -c release --product "$product"
done
exec .build/release/switchboard-bench "$@"
