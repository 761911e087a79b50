#!/usr/bin/env bash
# 第 2 步：kubectl 发出的请求、apiserver 的 flag、插件与身份
set -euo pipefail
kubectl get pods -v=6 2>&1 | grep 'GET'
docker exec lesson-2-control-plane \
  grep -E 'admission|authorization' /etc/kubernetes/manifests/kube-apiserver.yaml
chmod +x kubectl-hello && export PATH="$PWD:$PATH"
kubectl hello world
kubectl plugin list || echo '（plugin list 有警告时以非零退出，见上）'
kubectl auth whoami --as alice --as-group dev
kubectl auth can-i create deployments -n default --as alice || echo '（答 no 时退出码为 1）'
