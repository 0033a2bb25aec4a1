#!/usr/bin/env bash
# Installs the cryo loader, the node's configuration and a first firmware bundle.
#   On Raspberry Pi OS bookworm (64-bit), as root, with systemd:
#     sudo deploy/install.sh --trusted-key signing.pub --bundle first.cryob [--node pi-1] [--board spi:0.0]
#   Into a directory, without root or systemd (tests, images):
#     deploy/install.sh --prefix DIR --no-systemd --trusted-key signing.pub --bundle first.cryob
# Run from a built checkout (./mvnw -DskipTests package) or an unpacked release with the same layout.
# Paths must not contain spaces (loader.env is split on them).
set -euo pipefail

usage() {
  echo "usage: $0 --trusted-key FILE.pub [--bundle FILE.cryob] [--node ID] [--broker URI] [--board URI] [--config FILE.yaml]" >&2
  echo "          [--prefix DIR --no-systemd] [--skip-board-checks]" >&2
  exit 2
}
die() { echo "install.sh: $*" >&2; exit 1; }
need() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "install.sh: $1: expected a value" >&2; usage; }; }

key=""; bundle=""; prefix=""; systemd=1; board_checks=1
node="pi-1"; broker="tcp://127.0.0.1:1883"; board="spi:0.0"; config=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trusted-key) need "$@"; key="$2"; shift 2 ;;
    --bundle) need "$@"; bundle="$2"; shift 2 ;;
    --prefix) need "$@"; prefix="$2"; shift 2 ;;
    --no-systemd) systemd=0; shift ;;
    --skip-board-checks) board_checks=0; shift ;;
    --node) need "$@"; node="$2"; shift 2 ;;
    --broker) need "$@"; broker="$2"; shift 2 ;;
    --board) need "$@"; board="$2"; shift 2 ;;
    --config) need "$@"; config="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage ;;
  esac
done
[ -n "$key" ] || usage
[ -f "$key" ] || die "--trusted-key: expected a file, found nothing at $key"
[ -z "$bundle" ] || [ -f "$bundle" ] || die "--bundle: expected a file, found nothing at $bundle"
if [ -n "$prefix" ]; then
  [ "$systemd" = 0 ] || die "--prefix: expected --no-systemd with it (units in a directory would name paths that do not exist)"
  mkdir -p "$prefix" && prefix="$(cd "$prefix" && pwd)"
  case "$prefix" in *" "*) die "--prefix: expected a path without spaces, found '$prefix'" ;; esac
  board_checks=0 # a directory install may be built anywhere; the board is checked where it runs
else
  [ "$systemd" = 1 ] || die "--no-systemd: expected --prefix DIR with it"
  [ "$(id -u)" = 0 ] || die "must run as root (sudo), or give --prefix DIR --no-systemd"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$(ls "$here"/target/deploy-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n1 || true)"
[ -n "$jar" ] && [ -d "$here/target/lib" ] || die "expected deploy/target/deploy-*.jar and deploy/target/lib (build first: ./mvnw -DskipTests package)"
[ -n "$config" ] || config="$here/../controller/src/main/resources/cryo-default.yaml"
[ -f "$config" ] || die "--config: expected the node's YAML configuration, found nothing at $config"

# The board: a 64-bit ARM Pi (the firmware ships no x86 or 32-bit natives) with SPI enabled.
if [ "$board_checks" = 1 ]; then
  arch="$(uname -m)"; bits="$(getconf LONG_BIT 2>/dev/null || echo '?')"
  [ "$arch" = aarch64 ] && [ "$bits" = 64 ] || die "architecture: expected aarch64 with a 64-bit userland (64-bit Raspberry Pi OS), found $arch with $bits-bit; install the 64-bit OS image, or --skip-board-checks"
  case "$board" in
    spi:*)
      bus_cs="${board#spi:}"; bus_cs="${bus_cs%@*}"
      dev="/dev/spidev$bus_cs"
      if [ ! -e "$dev" ]; then
        if command -v raspi-config >/dev/null 2>&1; then
          raspi-config nonint do_spi 0
          echo "install.sh: SPI was off: enabled it (raspi-config); $dev appears after a reboot, until then the loader runs safe mode" >&2
        else
          die "SPI: expected $dev, found none; enable SPI (dtparam=spi=on in /boot/firmware/config.txt, then reboot), or --skip-board-checks"
        fi
      fi ;;
  esac
fi

opt="$prefix/opt/cryo"; etc="$prefix/etc/cryo"; var="$prefix/var/lib/cryo"
owner=()
if [ -z "$prefix" ]; then
  # Java 17 from Debian; the loader and the firmware share it.
  if ! command -v java >/dev/null 2>&1; then
    apt-get update && apt-get install -y openjdk-17-jre-headless
  fi
  # SPI and GPIO access (Raspberry Pi OS ships these groups; create them elsewhere).
  getent group spi >/dev/null || groupadd --system spi
  getent group gpio >/dev/null || groupadd --system gpio
  id cryo >/dev/null 2>&1 || useradd --system --home-dir /var/lib/cryo --shell /usr/sbin/nologin --groups spi,gpio cryo
  usermod -a -G spi,gpio cryo
  owner=(-o cryo -g cryo)
fi

# Program: the loader's jars and its start script with the small-board JVM options.
install -d -m 755 "$opt/bin" "$opt/lib"
rm -f "$opt"/lib/*.jar
install -m 644 "$jar" "$here"/target/lib/*.jar "$opt/lib/"
cat > "$opt/bin/cryo-loader" <<SH
#!/bin/sh
# cryo-loader, as installed by deploy/install.sh: the safe-mode loader with this install's paths.
#   cryo-loader run [OPTION...]     options from $etc/loader.env (CRYO_LOADER_OPTS), then these
#   cryo-loader status|install|rollback [OPTION...]
# Serial GC and a 64 MB heap suit a Pi (see deploy/README.md for the measured footprint).
# The foreign-linker flags let the loader send sd_notify over systemd's datagram socket.
java_opts="-XX:+UseSerialGC -Xmx64m --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"
cp="$opt/lib/*"
cmd="\${1:-}"
[ \$# -gt 0 ] && shift
case "\$cmd" in
  run)
    if [ -z "\${CRYO_LOADER_OPTS+set}" ] && [ -f "$etc/loader.env" ]; then . "$etc/loader.env"; fi
    exec java \$java_opts -cp "\$cp" cryo.deploy.cli.DeployMain loader run --root "$var" --trusted "$etc/trusted-keys" \${CRYO_LOADER_OPTS:-} "\$@" ;;
  status|install|rollback)
    exec java -XX:+UseSerialGC -Xmx64m -cp "\$cp" cryo.deploy.cli.DeployMain loader "\$cmd" --root "$var" --trusted "$etc/trusted-keys" "\$@" ;;
  *)
    exec java -XX:+UseSerialGC -Xmx64m -cp "\$cp" cryo.deploy.cli.DeployMain loader \${cmd:+"\$cmd"} "\$@" ;;
esac
SH
chmod 755 "$opt/bin/cryo-loader"

# Configuration: trusted keys, the node's YAML (and the curves it names), the loader's options.
install -d -m 755 "$etc" "$etc/trusted-keys"
install -m 644 "$key" "$etc/trusted-keys/"
install -d -m 750 "$etc/operator-keys"
if [ -z "$prefix" ]; then chgrp cryo "$etc/operator-keys"; fi
if [ -f "$etc/cryo.yaml" ]; then
  echo "install.sh: kept the existing $etc/cryo.yaml (not replaced by $config)"
else
  install -m 644 "$config" "$etc/cryo.yaml"
  confdir="$(cd "$(dirname "$config")" && pwd)"
  if [ -d "$confdir/curves" ]; then
    install -d -m 755 "$etc/curves"
    install -m 644 "$confdir"/curves/* "$etc/curves/"
  fi
fi
if [ -f "$etc/loader.env" ]; then
  echo "install.sh: kept the existing $etc/loader.env (--node, --broker, --board not applied; edit it)"
else
  cat > "$etc/loader.env" <<ENV
# Options for cryo-loader run (read by $opt/bin/cryo-loader; see: cryo-loader run --help).
# With --config the loader starts the firmware with that configuration and the same --board,
# --broker and --node; --java-opt are the firmware JVM's options (measured: deploy/README.md).
CRYO_LOADER_OPTS="--node $node --broker $broker --board $board --config $etc/cryo.yaml --operator-keys $etc/operator-keys --java-opt=-XX:+UseSerialGC --java-opt=-Xmx64m"
ENV
fi
install -d -m 750 "${owner[@]}" "$var" "$var/state" "$var/slots" "$var/inbox" "$var/logs" "$var/firmware"

if [ -n "$bundle" ]; then
  if [ -z "$prefix" ]; then
    runuser -u cryo -- "$opt/bin/cryo-loader" install "$bundle"
  else
    "$opt/bin/cryo-loader" install "$bundle"
  fi
fi

if [ "$systemd" = 1 ]; then
  for unit in cryo-loader.service cryo-loader-safe.service; do
    install -m 644 "$here/systemd/$unit" /etc/systemd/system/
  done
  systemctl daemon-reload
  systemctl enable --now cryo-loader.service
  echo "cryo-loader installed and started; check with: $opt/bin/cryo-loader status; journalctl -u cryo-loader"
else
  echo "cryo-loader installed in $prefix (no systemd); start it with: $opt/bin/cryo-loader run"
fi
