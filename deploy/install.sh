#!/usr/bin/env bash
# Installs the cryo loader on Raspberry Pi OS (Debian bookworm) as root:
#   sudo deploy/install.sh --trusted-key signing.pub [--bundle first.cryob]
# Run from a built checkout (./mvnw -DskipTests package) or from an unpacked release with the same layout.
set -euo pipefail

usage() { echo "usage: sudo $0 --trusted-key FILE.pub [--bundle FILE.cryob]" >&2; exit 2; }
key=""; bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trusted-key) key="${2:-}"; shift 2 || usage ;;
    --bundle) bundle="${2:-}"; shift 2 || usage ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage ;;
  esac
done
[ -n "$key" ] || usage
[ "$(id -u)" = 0 ] || { echo "install.sh: must run as root (sudo)" >&2; exit 1; }
[ -f "$key" ] || { echo "install.sh: --trusted-key: expected a file, found nothing at $key" >&2; exit 1; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$(ls "$here"/target/deploy-*.jar 2>/dev/null | head -n1 || true)"
[ -n "$jar" ] && [ -d "$here/target/lib" ] || { echo "install.sh: expected deploy/target/deploy-*.jar and deploy/target/lib (build first: ./mvnw -DskipTests package)" >&2; exit 1; }

# Java 17 from Debian; the loader and the controller share it.
if ! command -v java >/dev/null 2>&1; then
  apt-get update && apt-get install -y openjdk-17-jre-headless
fi

# SPI and GPIO access (Raspberry Pi OS ships these groups; create them elsewhere).
getent group spi >/dev/null || groupadd --system spi
getent group gpio >/dev/null || groupadd --system gpio
id cryo >/dev/null 2>&1 || useradd --system --home-dir /var/lib/cryo --shell /usr/sbin/nologin --groups spi,gpio cryo
usermod -a -G spi,gpio cryo
if command -v raspi-config >/dev/null 2>&1; then
  raspi-config nonint do_spi 0   # enable the SPI bus the board sits on
fi

# Program, configuration, state.
install -d -m 755 /opt/cryo/bin /opt/cryo/lib
rm -f /opt/cryo/lib/*.jar
install -m 644 "$jar" "$here"/target/lib/*.jar /opt/cryo/lib/
cat > /opt/cryo/bin/cryo-loader <<'SH'
#!/bin/sh
exec java -XX:+UseSerialGC -Xmx64m -cp '/opt/cryo/lib/*' cryo.deploy.cli.DeployMain loader "$@"
SH
chmod 755 /opt/cryo/bin/cryo-loader
install -d -m 755 /etc/cryo
install -d -m 755 /etc/cryo/trusted-keys
install -m 644 "$key" /etc/cryo/trusted-keys/
install -d -m 750 /etc/cryo/operator-keys
chgrp cryo /etc/cryo/operator-keys
[ -f /etc/cryo/loader.env ] || cat > /etc/cryo/loader.env <<'ENV'
# Options for cryo-loader run (see: /opt/cryo/bin/cryo-loader run --help)
CRYO_LOADER_OPTS=--node pi-1 --broker tcp://127.0.0.1:1883 --board tcp://127.0.0.1:7600 --operator-keys /etc/cryo/operator-keys
ENV
install -d -m 750 -o cryo -g cryo /var/lib/cryo /var/lib/cryo/state /var/lib/cryo/slots /var/lib/cryo/inbox /var/lib/cryo/logs

if [ -n "$bundle" ]; then
  runuser -u cryo -- /opt/cryo/bin/cryo-loader install "$bundle" --root /var/lib/cryo --trusted /etc/cryo/trusted-keys
fi

install -m 644 "$here"/systemd/cryo-loader.service "$here"/systemd/cryo-loader-safe.service /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now cryo-loader.service
echo "cryo-loader installed and started; check with: /opt/cryo/bin/cryo-loader status --root /var/lib/cryo"
