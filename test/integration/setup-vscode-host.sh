#!/usr/bin/env bash
# Installs a real VS Code for the integration tests, offline (npm registry + Debian archive only):
# the VS Code server bundled in the npm package code-server, and playwright-core to drive Debian's
# chromium as the headless workbench. Everything lands in .vscode-test/ (gitignored, not packaged).
# Usage: test/integration/setup-vscode-host.sh   (idempotent: a second run only checks)
set -euo pipefail
CS_VERSION=4.99.4          # newest code-server whose engines.node is 20 (bundles VS Code 1.99.3)
PW_VERSION=1.65.1          # playwright-core, verified with Debian bookworm's chromium
RG_PKG_VERSION=1.15.11     # the @vscode/ripgrep version code-server 4.99.4 pins
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.vscode-test/host"
SERVER="$DEST/node_modules/code-server/lib/vscode/out/server-main.js"

if [ -f "$SERVER" ] && [ -d "$DEST/node_modules/playwright-core" ] && command -v chromium >/dev/null \
  && [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]; then
  echo "VS Code host ready: $SERVER"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# chromium: the headless workbench; ripgrep: seeds @vscode/ripgrep; libkrb5-dev: headers for code-server's kerberos
# build; g++, make, python3: node-gyp, for the native modules code-server's postinstall builds.
APT_PACKAGES=()
command -v chromium >/dev/null || APT_PACKAGES+=(chromium)
command -v rg >/dev/null || APT_PACKAGES+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || APT_PACKAGES+=(libkrb5-dev)
command -v g++ >/dev/null || APT_PACKAGES+=(g++)
command -v make >/dev/null || APT_PACKAGES+=(make)
command -v python3 >/dev/null || APT_PACKAGES+=(python3)
if [ ${#APT_PACKAGES[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup-vscode-host: apt-get install ${APT_PACKAGES[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
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
