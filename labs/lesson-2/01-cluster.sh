#!/usr/bin/env bash
# 第 1 步：按 kind-config.yaml 建集群，等节点 Ready
set -euo pipefail
kind create cluster --config kind-config.yaml
kubectl wait --for=condition=Ready nodes --all --timeout=180s || {
  echo '180 秒内节点没有 Ready，看：kubectl describe nodes' >&2; exit 1; }
