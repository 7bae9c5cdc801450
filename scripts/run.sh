#!/usr/bin/env bash
# Builds Switchboard and runs it on the embedded default: config.yaml if present,
# else config.yaml.example (echo agent, the WebChat page at http://127.0.0.1:8080/hooks/webchat/,
# no credentials). Extra arguments go to `switchboard run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product switchboard
swift build --product switchboard-provider-webchat
swift build --product switchboard-provider-loopback
swift build --product switchboard-provider-telegram
swift build --product switchboard-provider-dingtalk
swift build --product switchboard-provider-dingtalk-robot
exec .build/debug/switchboard run --example-config "$@"
