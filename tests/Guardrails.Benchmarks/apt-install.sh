# shellcheck shell=bash
# Sourced by the benchmark scripts: apt_install PACKAGE... installs from Debian, as root or through sudo, updating
# the package lists once per run.
apt_updated=0
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
