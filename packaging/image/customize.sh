#!/bin/sh
# mmdebstrap customize hook for the kiosk image (scripts/image.mjs): $1 is the image's root. Runs after
# the packages (the kiosk package among them) are installed, before the root becomes a disk image.
set -eu
ROOT=$1
echo doorstep-kiosk >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tdoorstep-kiosk\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
# /etc/fstab (the root and the ESP by PARTUUID) is written by scripts/image.mjs with the disk's layout.
ln -sf /usr/share/zoneinfo/Asia/Shanghai "$ROOT/etc/localtime"
echo Asia/Shanghai >"$ROOT/etc/timezone"
# Each kiosk gets its own machine id on its first boot.
: >"$ROOT/etc/machine-id"
rm -f "$ROOT/var/lib/dbus/machine-id"
# Wired network by DHCP. A kiosk must show its page without a network (it serves residents offline), so
# waiting for the network is bounded: the host is ordered after network-online.target.
mkdir -p "$ROOT/etc/systemd/network" "$ROOT/etc/systemd/system/systemd-networkd-wait-online.service.d"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' >"$ROOT/etc/systemd/network/20-wired.network"
printf '[Service]\nExecStart=\nExecStart=/lib/systemd/systemd-networkd-wait-online --any --timeout=10\n' \
  >"$ROOT/etc/systemd/system/systemd-networkd-wait-online.service.d/doorstep-kiosk.conf"
chroot "$ROOT" systemctl enable systemd-networkd.service seatd.service >/dev/null 2>&1
chroot "$ROOT" systemctl set-default graphical.target >/dev/null 2>&1
# No password logins on the kiosk: root is locked; technicians use doorstep-kiosk over a console they
# unlock with their own procedure (docs/deployment.md).
chroot "$ROOT" passwd -l root >/dev/null
# A provision.json baked into the image (npm run image -- --provision FILE) goes on the ESP (image.mjs).
# The district's central and CA (npm run image -- --central URL --ca FILE): a kiosk of this image
# enrolls from the enrollment sheet's QR alone. The host's data folder belongs to its user.
DATA="$ROOT/var/lib/doorstep-kiosk"
if [ -n "${DOORSTEP_IMAGE_CENTRAL:-}" ]; then
  printf '{\n  "centralUrl": "%s"\n}\n' "$DOORSTEP_IMAGE_CENTRAL" >"$DATA/kiosk.json"
fi
if [ -n "${DOORSTEP_IMAGE_CA:-}" ]; then
  install -m 0600 "$DOORSTEP_IMAGE_CA" "$DATA/central-ca.pem"
  echo "NODE_EXTRA_CA_CERTS=/var/lib/doorstep-kiosk/central-ca.pem" >"$DATA/host.env"
fi
chroot "$ROOT" sh -c 'chown -R doorstep:doorstep /var/lib/doorstep-kiosk && chmod -R go= /var/lib/doorstep-kiosk'
# What the image was built from, for doorstep-kiosk status and support.
printf 'built=%s\npackage=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${DOORSTEP_IMAGE_PACKAGE:-}" \
  >"$ROOT/etc/doorstep-kiosk-image"
# apt's downloaded packages are not needed on the kiosk.
rm -rf "$ROOT/var/cache/apt/archives/"*.deb "$ROOT/var/lib/apt/lists/"*_Packages
