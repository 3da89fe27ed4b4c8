#!/usr/bin/env bash
# Whether the end-to-end suite (tests/Guardrails.EndToEnd) can run here: envtest's convention, KUBEBUILDER_ASSETS naming
# a folder that holds executable kube-apiserver and etcd. Prints the folder and exits 0 when it can; prints the one line
# the suite is skipped with and exits 1 when it cannot. The suite gives the same line (ClusterAssets), and a test holds
# the two equal.
set -uo pipefail
folder="${KUBEBUILDER_ASSETS:-}"
problem=""
if [ -z "$folder" ]; then
  problem="KUBEBUILDER_ASSETS is not set"
elif [ ! -d "$folder" ]; then
  problem="KUBEBUILDER_ASSETS=$folder is not a folder"
else
  for name in kube-apiserver etcd; do
    if [ ! -f "$folder/$name" ] || [ ! -x "$folder/$name" ]; then
      problem="KUBEBUILDER_ASSETS=$folder holds no executable $name"
      break
    fi
  done
fi
if [ -n "$problem" ]; then
  echo "end-to-end suite skipped: $problem (a folder with kube-apiserver and etcd; see README)"
  exit 1
fi
echo "$folder"
