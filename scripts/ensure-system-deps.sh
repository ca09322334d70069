#!/usr/bin/env bash
# Makes sure what Doorstep needs beyond npm is on this machine: Debian's chromium and firefox-esr
# (browser tests; DOORSTEP_FIREFOX may name another Firefox binary), socat, coturn, a CJK font
# (fonts-noto-cjk), PostgreSQL and the disk-image tools (sfdisk, mkfs.vfat, mtools: the disk image's
# test). With --image also what npm run image and npm run test:image need (mmdebstrap, qemu, OVMF
# firmware, systemd-nspawn). As root it installs what is missing with apt-get;
# otherwise (or with DOORSTEP_DEPS_NO_INSTALL=1) it stops and says what to install. It never waits forever (every step has a timeout).
set -u
if [ "${1:-}" = "--help" ]; then
  echo "Usage: bash scripts/ensure-system-deps.sh [--image]   (npm run deps:system [-- --image])"
  echo "Checks chromium, firefox-esr, socat, coturn, openssl, fonts-noto-cjk, PostgreSQL, fdisk, dosfstools and mtools; installs missing ones with apt-get when root."
  echo "  --image   also mmdebstrap, qemu-system-x86, ovmf and systemd-container (npm run image, npm run test:image)"
  exit 0
fi
image=""
if [ "${1:-}" = "--image" ]; then
  image=1
  shift
fi
if [ $# -gt 0 ]; then
  echo "ensure-system-deps: unknown option $1 (see --help)" >&2
  exit 2
fi

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || [ -x "${DOORSTEP_FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v openssl >/dev/null 2>&1 || missing+=(openssl) # throwaway certificate chains in the TLS tests
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then missing+=(fonts-noto-cjk); fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
# The disk image (scripts/lib/disk-image.mjs) and its test: a GPT table and a FAT32 ESP, no loop devices.
has_sbin() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
has_sbin sfdisk || missing+=(fdisk)
has_sbin mkfs.vfat || missing+=(dosfstools)
command -v mcopy >/dev/null 2>&1 || missing+=(mtools)
if [ -n "$image" ]; then
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
  [ -f /usr/share/OVMF/OVMF_CODE.fd ] || missing+=(ovmf)
  command -v systemd-nspawn >/dev/null 2>&1 || missing+=(systemd-container)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "system dependencies: all present (chromium, firefox-esr, socat, coturn, openssl, fonts-noto-cjk, postgresql, fdisk, dosfstools, mtools${image:+, mmdebstrap, qemu, ovmf, systemd-nspawn})"
  exit 0
fi

echo "system dependencies missing: ${missing[*]}"
if [ "$(id -u)" != "0" ] || [ -n "${DOORSTEP_DEPS_NO_INSTALL:-}" ]; then
  echo "Install them as root, then run again:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get is not available here: install these packages with your system's package manager: ${missing[*]}"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "installing with apt-get: ${missing[*]} (this can take a few minutes) …"
if ! timeout 300 apt-get -o DPkg::Lock::Timeout=60 -o Acquire::Retries=1 -o Acquire::http::Timeout=30 update -qq; then
  echo "apt-get update failed or timed out: check the network to Debian's mirrors, then run 'npm run deps:system' again."
  exit 1
fi
if ! timeout 900 apt-get -o DPkg::Lock::Timeout=60 install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "apt-get install failed or timed out for: ${missing[*]}. Install them by hand: apt-get install -y ${missing[*]}"
  exit 1
fi
# coturn's package starts a system service on some images; tests start their own on loopback.
systemctl disable --now coturn >/dev/null 2>&1 || true
echo "system dependencies: installed ${missing[*]}"
