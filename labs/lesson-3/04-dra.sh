#!/usr/bin/env bash
# 第 4 步：DRA。调度器按手写的 ResourceSlice 分配设备，节点上却没有驱动
set -euo pipefail
kubectl apply -f dra-demo.yaml
kubectl get deviceclasses,resourceslices
kubectl wait --for=condition=PodScheduled pod/dra-demo --timeout=60s || {
  echo '看：kubectl describe pod dra-demo' >&2; exit 1; }
kubectl get resourceclaims
for try in $(seq 30); do   # kubelet 准备设备失败时记一条事件：最多等 60 秒
  kubectl get events --field-selector reason=FailedPrepareDynamicResources -o name | grep -q . && break
  [ "$try" -lt 30 ] || { echo '看：kubectl describe pod dra-demo' >&2; exit 1; }
  sleep 2
done
kubectl get events --field-selector reason=FailedPrepareDynamicResources
kubectl get pod dra-demo
