#!/usr/bin/env bash
# 第 2 步：Pod a 选 no-scoring-scheduler，Pod b 选一个不存在的 profile
set -euo pipefail
kubectl run a --image=nginx:1.28.0 --overrides='{"spec":{"schedulerName":"no-scoring-scheduler"}}'
kubectl run b --image=nginx:1.28.0 --overrides='{"spec":{"schedulerName":"my-scheduler"}}'
kubectl wait --for=condition=PodScheduled pod/a --timeout=60s || {
  echo '看：kubectl describe pod a' >&2; exit 1; }
kubectl get events -o wide --field-selector involvedObject.name=a,reason=Scheduled
kubectl get pod b   # 一直 Pending，也没有调度事件
