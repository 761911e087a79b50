#!/usr/bin/env bash
# 第 3 步：API 层和节点上的扩展点
set -euo pipefail
kubectl get apiservices           # SERVICE 为 Local：由 kube-apiserver 自己提供
kubectl get flowschemas           # APF 的内置对象
kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations
docker exec lesson-1-control-plane ls /etc/cni/net.d /opt/cni/bin
docker exec lesson-1-control-plane crictl pods
