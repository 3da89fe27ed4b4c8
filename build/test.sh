#!/usr/bin/env bash
# The README's test command: does all set-up on a fresh machine, then runs every test.
#   1. real Helm 4 and 3 into .tools/ (build/install-helm.sh; the chart tests and the end-to-end suite run them);
#   2. every unit, integration, conformance and chart test, and the end-to-end suite against a real kube-apiserver
#      when KUBEBUILDER_ASSETS names a folder holding kube-apiserver and etcd (envtest's convention; .ci/run
#      prepares it), otherwise that suite says in one line that it was skipped and why;
#   3. the built-in policies' own fixtures through the real binary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build/install-helm.sh
e2e="$(build/e2e-assets.sh)" || {
  if [ "${GUARDRAILS_E2E_REQUIRED:-}" = 1 ]; then
    echo "test.sh: $e2e; GUARDRAILS_E2E_REQUIRED=1 makes that a failure" >&2
    exit 1
  fi
}
dotnet test Guardrails.sln
dotnet run --project src/Guardrails.Cli -- test policies/
# Said last, where it is seen: the one line telling why the end-to-end suite did not run.
[ -d "$e2e" ] || echo "$e2e"
