#!/usr/bin/env bash
# 第 3 步：ReplicaSet 控制器补齐 Pod；finalizer 挡住删除
set -euo pipefail
kubectl create deployment web --image=nginx:1.28.0 --replicas=2
kubectl rollout status deployment/web --timeout=120s || {
  echo '看：kubectl describe deployment web；kubectl get pods -l app=web' >&2; exit 1; }
kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}{"\n"}'
kubectl delete pod -l app=web
kubectl get pods -l app=web
kubectl create configmap demo
kubectl patch configmap demo --type=merge -p '{"metadata":{"finalizers":["example.com/cleanup"]}}'
kubectl delete configmap demo --wait=false
kubectl get configmap demo -o jsonpath='{.metadata.deletionTimestamp}{"\n"}'
kubectl patch configmap demo --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
