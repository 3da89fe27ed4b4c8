#!/usr/bin/env python3
# Copied from the shared bench folder (shared/bench/gen-corpus.py beside the repo), which a fresh clone does not have;
# keep the two in step. Used by check-corpus.sh.
"""Write a CI-mode benchmark corpus: N Deployments spread over F files (default 10000 over 1000).

Usage: gen-corpus.py OUTDIR [N] [F]. Objects vary in name, namespace, image tag and compliance, about a
third of them breaking one or more built-in guardrails, so every checker does real work."""
import os, sys
out = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000; files = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
os.makedirs(out, exist_ok=True)
per = n // files
for f in range(files):
    docs = []
    for j in range(per):
        i = f * per + j
        bad = i % 3 == 0
        res = "" if bad else """
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}"""
        probes = "" if i % 5 == 0 else """
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          livenessProbe:
            httpGet: {path: /live, port: 8080}"""
        env = """
          env:
            - name: DB_PASSWORD
              value: hunter2""" if i % 7 == 0 else """
          env:
            - name: LOG_LEVEL
              value: info"""
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  namespace: team-{i % 20}
  labels: {{app: svc-{i}}}
spec:
  replicas: {1 if i % 4 == 0 else 3}
  selector:
    matchLabels: {{app: svc-{i}}}
  template:
    metadata:
      labels: {{app: svc-{i}}}
    spec:
      securityContext: {{runAsNonRoot: true, runAsUser: 10001}}
      containers:
        - name: app
          image: registry.example.com/team-{i % 20}/svc-{i}:{'latest' if i % 11 == 0 else '1.%d.0' % (i % 50)}
          ports:
            - containerPort: 8080{res}{probes}{env}
          securityContext:
            allowPrivilegeEscalation: false
""")
    with open(os.path.join(out, f"svc-{f:04d}.yaml"), "w") as fh:
        fh.write("---\n".join(docs))
