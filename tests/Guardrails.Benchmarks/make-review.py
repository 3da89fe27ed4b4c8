#!/usr/bin/env python3
"""Write the load benchmark's admission reviews (webhook-load.sh) from the benchmark Deployments.

Usage: make-review.py   (from anywhere; needs PyYAML: `apt-get install python3-yaml` or `pip install pyyaml`)

review-10kb.json         deployment-compliant.yaml as the object of an admission.k8s.io/v1 CREATE review in
                         payments-prod, as the API server sends it (compact JSON, userInfo, CreateOptions): about
                         10 KB, allowed by the built-in pack.
review-10kb-denied.json  the same from deployment-noncompliant.yaml: denied by the built-in pack.

The object is the YAML as is (no server-side defaults or managedFields added): the compact JSON of the 13 KB YAML
(comments and indentation gone) plus the review around it is what brings the body to about 10 KB."""
import json, os, yaml

here = os.path.dirname(os.path.abspath(__file__))


def review(source, uid):
    with open(os.path.join(here, source)) as f:
        obj = yaml.safe_load(f)
    gvk = {"group": "apps", "version": "v1", "kind": "Deployment"}
    gvr = {"group": "apps", "version": "v1", "resource": "deployments"}
    return {
        "kind": "AdmissionReview",
        "apiVersion": "admission.k8s.io/v1",
        "request": {
            "uid": uid,
            "kind": gvk,
            "resource": gvr,
            "requestKind": gvk,
            "requestResource": gvr,
            "name": obj["metadata"]["name"],
            "namespace": obj["metadata"]["namespace"],
            "operation": "CREATE",
            "userInfo": {
                "username": "system:serviceaccount:argocd:argocd-application-controller",
                "uid": "5d3c2a1e-8f4b-4c6d-9e7a-1b2c3d4e5f60",
                "groups": ["system:serviceaccounts", "system:serviceaccounts:argocd", "system:authenticated"],
                "extra": {
                    "authentication.kubernetes.io/pod-name": ["argocd-application-controller-0"],
                    "authentication.kubernetes.io/pod-uid": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
                },
            },
            "object": obj,
            "oldObject": None,
            "dryRun": False,
            "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1", "fieldManager": "argocd-controller"},
        },
    }


for source, target, uid in [
    ("deployment-compliant.yaml", "review-10kb.json", "0b4d7d4e-3a1f-4c0e-9a52-6f1e2d3c4b5a"),
    ("deployment-noncompliant.yaml", "review-10kb-denied.json", "7c9e6f1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"),
]:
    body = json.dumps(review(source, uid), separators=(",", ":")) + "\n"
    with open(os.path.join(here, target), "w") as f:
        f.write(body)
    print(f"{target}: {len(body.encode())} bytes")
