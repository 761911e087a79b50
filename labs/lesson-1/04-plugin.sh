#!/usr/bin/env bash
# 第 4 步：客户端层，一个 kubectl 插件（本目录里的 kubectl-hello）
set -euo pipefail
chmod +x kubectl-hello
export PATH="$PWD:$PATH"
kubectl hello
kubectl plugin list || echo '（plugin list 有警告时以非零退出，见上）'
