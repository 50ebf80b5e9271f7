#!/usr/bin/env bash
# System packages the app needs: Pango (WeasyPrint), HarfBuzz-Subset (fast CJK font subsetting:
# without it WeasyPrint falls back to fontTools, ~10 s per PDF), the CJK fonts of DOC-1, and
# Chromium for the browser tests (tests/browser; Playwright drives Debian's build, it does not
# download its own).
set -u
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai poppler-utils chromium)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
else
  echo "非 Debian/Ubuntu 系统：请自行安装 Pango 与中文字体（Noto Serif CJK SC、AR PL UKai），以及 Chromium（浏览器测试）。"
  exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统软件包：${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "缺少系统软件包，请执行：sudo apt-get install -y ${missing[*]}"
fi
