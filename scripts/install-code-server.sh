#!/usr/bin/env bash
# Installs code-server 4.100.3 (a real VS Code build) from the npm registry into a cache dir, for the
# extension's end-to-end tests in headless Chromium. Only the npm registry and Debian's packages are used.
# Idempotent: a second run with the same target returns at once.
#
#   usage: scripts/install-code-server.sh [TARGET_DIR]
#          default TARGET_DIR: ${XDG_CACHE_HOME:-$HOME/.cache}/audio-audit-code-server
#   prints the code-server entry point (run it with `node ENTRY`) on its last line.
#
# Start:    node ENTRY --auth none --bind-addr 127.0.0.1:PORT --disable-telemetry --disable-update-check \
#             --disable-workspace-trust --user-data-dir D/user --extensions-dir D/ext FOLDER
# Install:  node ENTRY --extensions-dir D/ext --install-extension X.vsix
# Browser:  /usr/bin/chromium via playwright-core with --no-sandbox --disable-gpu --disable-background-networking
#           --disable-component-update --disable-sync --no-first-run (test/e2e/harness.ts does all of this).
set -euo pipefail
VERSION=4.100.3            # the last code-server line whose server runs on Node 20
TARGET=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/audio-audit-code-server}
ENTRY="$TARGET/node_modules/code-server/out/node/entry.js"
STAMP="$TARGET/.installed-$VERSION"
if [[ -f "$STAMP" && -f "$ENTRY" ]]; then echo "$ENTRY"; exit 0; fi

log() { echo "install-code-server: $*" >&2; }

# Debian packages: kerberos headers and a C++ toolchain for the native modules, ripgrep (the package's
# postinstall would download it from GitHub), Chromium for the browser side.
need=()
for p in libkrb5-dev ripgrep chromium python3 make g++; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${need[*]} (run as root, or: sudo apt-get install -y ${need[*]})"
    exit 1
  fi
  log "apt-get install ${need[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

export npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false \
  npm_config_update_notifier=false
mkdir -p "$TARGET"
cd "$TARGET"
[[ -f package.json ]] || echo '{"name":"audio-audit-code-server","private":true}' > package.json
log "npm install code-server@$VERSION into $TARGET"
# --ignore-scripts: the package's own postinstall downloads ripgrep and VS Code's deps from outside the registry.
npm install --silent --ignore-scripts "code-server@$VERSION" >/dev/null
npm rebuild --silent argon2 --build-from-source >/dev/null

log "installing VS Code's server dependencies"
cd node_modules/code-server/lib/vscode
npm install --silent --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --silent kerberos @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog node-pty >/dev/null
# code-server's release layout expects these links (its postinstall makes them).
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --silent --omit=dev --ignore-scripts >/dev/null)

node "$ENTRY" --version >/dev/null
touch "$STAMP"
log "done"
echo "$ENTRY"
