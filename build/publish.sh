#!/usr/bin/env bash
# Publishes `guardrails` as one Native AOT executable. This is the only publish command of the project's
# packaging: the container image (Dockerfile) runs it, and CI (.ci/run) runs it and tests what it made.
#
# Usage: build/publish.sh [OUT_DIR]        (default: artifacts/publish in the repository)
#
# The command it runs, with RID linux-x64 or linux-arm64:
#   dotnet publish src/Guardrails.Cli -c Release -r RID -p:PublishAot=true -o OUT_DIR
#
# Environment:
#   RID          runtime identifier; default from TARGETARCH (amd64, arm64: what `docker build` sets), else from
#                this machine. Native AOT compiles for the machine it runs on: a RID of another architecture needs
#                a cross toolchain and sysroot, which this script does not set up, so it is refused.
#   TARGETARCH   see RID.
#
# Native AOT links with clang and needs zlib's headers (Microsoft's prerequisites for Debian and Ubuntu:
# clang, zlib1g-dev). When they are missing they are installed with apt-get, as root or through sudo.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo/artifacts/publish}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$(uname -m)" in
  x86_64 | amd64) machine=linux-x64 ;;
  aarch64 | arm64) machine=linux-arm64 ;;
  *) echo "publish.sh: unsupported machine $(uname -m) (linux-x64 and linux-arm64 are supported)" >&2; exit 2 ;;
esac
if [ -z "${RID:-}" ]; then
  case "${TARGETARCH:-}" in
    "") RID="$machine" ;;
    amd64) RID=linux-x64 ;;
    arm64) RID=linux-arm64 ;;
    *) echo "publish.sh: unsupported TARGETARCH '$TARGETARCH' (amd64 or arm64)" >&2; exit 2 ;;
  esac
fi
if [ "$RID" != "$machine" ]; then
  echo "publish.sh: RID $RID on a $machine machine: Native AOT does not cross-compile without a cross toolchain." >&2
  echo "  Build on a $RID machine, or let Docker emulate one: docker buildx build --platform linux/${RID#linux-} ." >&2
  exit 2
fi

# The toolchain Native AOT links with.
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
if ! dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed"; then
  missing+=(zlib1g-dev)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "publish.sh: Native AOT needs ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "publish.sh: Native AOT needs ${missing[*]} and there is no apt-get to install them with" >&2
    exit 2
  fi
  echo "publish.sh: installing ${missing[*]} (Native AOT toolchain)"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cd "$repo"
set -x
dotnet publish src/Guardrails.Cli -c Release -r "$RID" -p:PublishAot=true -o "$out"
{ set +x; } 2>/dev/null

# Native AOT leaves the symbols beside the executable (guardrails.dbg); only the executable is shipped.
"$out/guardrails" --version >/dev/null
echo "publish.sh: $out/guardrails ($RID, $(du -h "$out/guardrails" | cut -f1), version $("$out/guardrails" --version))"
