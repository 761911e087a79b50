#!/usr/bin/env bash
# 第 1 步：建集群，等节点 Ready。节点镜像取自 kind v0.33.0 的发布说明，按摘要固定
set -euo pipefail
IMAGE=kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5
kind create cluster --config kind-config.yaml --image "$IMAGE"
kubectl wait --for=condition=Ready nodes --all --timeout=180s || {
  echo '180 秒内节点没有 Ready，看：kubectl describe nodes' >&2; exit 1; }
kubectl -n kube-system wait --for=condition=Ready pod -l component=kube-scheduler --timeout=120s || {
  echo '看：kubectl -n kube-system describe pod -l component=kube-scheduler' >&2; exit 1; }
