#!/usr/bin/env bash
# System packages every make target needs: Pango (WeasyPrint, imported with the app),
# HarfBuzz-Subset (fast CJK font subsetting: without it WeasyPrint falls back to fontTools,
# ~10 s per PDF), the CJK fonts of DOC-1, and the venv module of $PYTHON while the venv has no
# pip yet, and Chromium for the browser tests (tests/browser: Playwright drives Debian's build,
# it downloads none of its own). As root on Debian/Ubuntu it installs what is missing; otherwise it prints the exact
# command and exits 1, so make stops here instead of failing later in the tests.
set -uo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai poppler-utils chromium)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "非 Debian/Ubuntu 系统：请自行安装 Python 3.11+（含 venv）、Pango、HarfBuzz（hb-subset）与中文字体（Noto Serif CJK SC、AR PL UKai）。" >&2
  exit 0
fi

installed() {  # "deinstall ok config-files" (removed, not purged) does not count
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done

# `python3 -m venv` (run by make while the venv has no pip) needs ensurepip, which Debian ships
# in pythonX.Y-venv.
if [ ! -x "$VENV/bin/pip" ]; then
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
  elif ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=("$("$PYTHON" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
  fi
fi

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请先执行：sudo $command" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包且没有 apt-get，请安装：${missing[*]}" >&2
  exit 1
fi
echo "安装系统软件包：${missing[*]}"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "安装失败，请检查后执行：$command" >&2
  exit 1
fi
