#!/usr/bin/env bash
# 第 2 步：横向层，kubelet 的配置文件和 kube-apiserver 的 flag
set -euo pipefail
docker exec lesson-1-control-plane grep -E '^(apiVersion|kind):' /var/lib/kubelet/config.yaml
docker exec lesson-1-control-plane grep -- '--authorization-mode' \
  /etc/kubernetes/manifests/kube-apiserver.yaml
kubectl -n kube-system wait --for=condition=Ready pod -l component=kube-apiserver --timeout=120s || {
  echo '看：kubectl -n kube-system describe pod -l component=kube-apiserver' >&2; exit 1; }
kubectl -n kube-system exec kube-apiserver-lesson-1-control-plane -- \
  kube-apiserver -h 2>&1 | grep -cE '^ +--?[a-z]'
