#!/usr/bin/env bash
# 第 4 步：ValidatingAdmissionPolicy（vap.yaml）拒绝 6 个副本，放行 3 个
set -euo pipefail
kubectl create namespace test && kubectl label namespace test environment=test
kubectl apply -f vap.yaml
kubectl wait --for=jsonpath='{.status.observedGeneration}'=1 --timeout=60s \
  validatingadmissionpolicy/replica-limit.example.com || {
  echo '看：kubectl describe validatingadmissionpolicy replica-limit.example.com' >&2; exit 1; }
for try in $(seq 30); do   # apiserver 约每秒加载一次策略：最多试 30 次
  out=$(kubectl create deployment web --image=nginx:1.28.0 --replicas=6 -n test \
    --dry-run=server 2>&1) || true
  case $out in *replica-limit*) echo "$out"; break ;; esac
  [ "$try" -lt 30 ] || { echo '看：kubectl describe validatingadmissionpolicy' >&2; exit 1; }
  sleep 1
done
kubectl create deployment web --image=nginx:1.28.0 --replicas=3 -n test
