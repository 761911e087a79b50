#!/usr/bin/env bash
# 清理：删掉本课实验的集群（npm run lab -- 2 --clean 也运行它）
set -euo pipefail
kind delete cluster --name lesson-2
