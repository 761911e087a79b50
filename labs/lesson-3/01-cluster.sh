#!/usr/bin/env bash
# 第 1 步：按 kind-config.yaml 建集群，等节点 Ready
set -euo pipefail
kind create cluster --config kind-config.yaml
kubectl wait --for=condition=Ready nodes --all --timeout=180s || {
  echo '180 秒内节点没有 Ready，看：kubectl describe nodes' >&2; exit 1; }
kubectl -n kube-system wait --for=condition=Ready pod -l component=kube-scheduler --timeout=120s || {
  echo '看：kubectl -n kube-system describe pod -l component=kube-scheduler' >&2; exit 1; }
