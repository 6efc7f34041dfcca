#!/usr/bin/env bash
# The whole suite: type-check, lint, unit and integration tests, then end-to-end tests on the production build.
# Tests run in databases of their own (on the embedded server, or on TEST_DATABASE_URL's server when set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/ensure-test-tools.sh
echo "▸ type-check" && npx tsc --noEmit
echo "▸ lint" && npx eslint . --max-warnings 0
echo "▸ unit and integration tests" && npx vitest run
echo "▸ production build" && npx next build
echo "▸ end-to-end tests" && npx tsx --conditions=react-server tests/e2e/run-e2e.ts
