#!/usr/bin/env bash
# 第 3 步：APF 的内置配置；装 metrics-server v0.9.0，看聚合层
set -euo pipefail
kubectl get flowschemas,prioritylevelconfigurations
RELEASE=https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.9.0
kubectl apply -f "$RELEASE/components.yaml"   # 0.9.x 支持 Kubernetes 1.34+
kubectl -n kube-system patch deployment metrics-server --type=json \
  -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'
kubectl -n kube-system rollout status deployment/metrics-server --timeout=180s || {
  echo '看：kubectl -n kube-system describe deployment metrics-server' >&2; exit 1; }
kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=120s || {
  echo '看：kubectl describe apiservice v1beta1.metrics.k8s.io' >&2; exit 1; }
kubectl get apiservices | grep -v Local
