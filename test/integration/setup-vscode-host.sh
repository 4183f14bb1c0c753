#!/usr/bin/env bash
# Installs a real VS Code for the integration tests, offline (npm registry + Debian archive only):
# the VS Code server bundled in the npm package code-server, and playwright-core to drive Debian's
# chromium as the headless workbench. Everything lands in .vscode-test/ (gitignored, not packaged).
# Usage: test/integration/setup-vscode-host.sh   (idempotent: a second run only checks)
set -euo pipefail
CS_VERSION=4.99.4          # newest code-server whose engines.node is 20 (bundles VS Code 1.99.3)
PW_VERSION=1               # playwright-core major
RG_PKG_VERSION=1.15.11     # the @vscode/ripgrep version code-server 4.99.4 pins
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.vscode-test/host"
SERVER="$DEST/node_modules/code-server/lib/vscode/out/server-main.js"

if [ -f "$SERVER" ] && [ -d "$DEST/node_modules/playwright-core" ] && command -v chromium >/dev/null; then
  echo "VS Code host ready: $SERVER"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # chromium: the headless workbench; ripgrep: seeds @vscode/ripgrep; libkrb5-dev: headers for code-server's kerberos build
  $SUDO apt-get install -y -qq chromium ripgrep libkrb5-dev >/dev/null
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the tarball: seed it with Debian's rg.
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "setup-vscode-host: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VERSION"
mkdir -p "$RG_CACHE"
tmpd=$(mktemp -d); cp "$(command -v rg)" "$tmpd/rg"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-$RG_TARGET.tar.gz" -C "$tmpd" rg
rm -rf "$tmpd"

mkdir -p "$DEST"; cd "$DEST"
[ -f package.json ] || echo '{ "name": "mantra-vscode-test-host", "private": true }' > package.json
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which otherwise aborts without a TTY.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --no-save \
  "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
test -f "$SERVER"
echo "VS Code host ready: $SERVER"
