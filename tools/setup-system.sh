#!/usr/bin/env bash
# What tanhe needs from the system, installed where missing (Debian/Ubuntu, as root or with sudo):
# Pango for WeasyPrint and a CJK font so Chinese shows as Chinese glyphs (PDF reports), and the
# PostgreSQL server the store's tests run against, LibreOffice to recalculate workbooks in the tests,
# and Chromium for the portal's browser tests.
# Run by `make` before the Python packages; does nothing on a machine that has both.
set -euo pipefail

need=()
if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0'; then need+=(libpango-1.0-0 libpangoft2-1.0-0); fi
# HarfBuzz's subsetter: WeasyPrint embeds a CJK font in milliseconds with it, seconds without
if ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then need+=(libharfbuzz-subset0); fi
if ! command -v fc-list >/dev/null 2>&1; then need+=(fontconfig); fi
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  need+=(fonts-noto-cjk)
fi
# PostgreSQL, for the store on a server: the tests run the store against a throwaway one (tools/postgres.py)
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then need+=(postgresql); fi
# LibreOffice, headless: the tests recalculate the auditor workbooks in it and compare with the values tanhe stores
if ! command -v soffice >/dev/null 2>&1; then need+=(libreoffice-calc-nogui); fi
# Chromium, headless: the portal's browser tests drive it through Playwright (never a downloaded browser)
if ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "tanhe: 请安装 ${need[*]}（PDF 报告需要 Pango 与中文字体，数据库测试需要 PostgreSQL，工作簿重算测试需要 LibreOffice，门户浏览器测试需要 Chromium）" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "tanhe: 安装系统依赖 ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
