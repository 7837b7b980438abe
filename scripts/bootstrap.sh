#!/usr/bin/env bash
# Prepares a Debian machine with Node 20 for sgio (as root: apt-get), then
# runs the pnpm script named by the first argument, if any:
#   bash scripts/bootstrap.sh demo    # the demo
#   bash scripts/bootstrap.sh test    # every test
#   bash scripts/bootstrap.sh bench   # the full bench (also tcmu-runner, its C reference)
# Installs only what is missing: the lab's system packages, pnpm 10, the
# workspace's dependencies, the build, and the lab kernel.
set -euo pipefail
cd "$(dirname "$0")/.."

# the lab and its reference tools; iproute2 and chromium: the lab's network
# link to the host and the browser that the console's test drives (--browser)
packages=(user-mode-linux kmod sg3-utils fio lsscsi gcc libc6-dev openssl util-linux smartmontools hdparm nbd-client libnbd-bin qemu-utils nbdkit e2fsprogs iproute2 chromium)
# tcmu-runner (with its Ceph libraries) only for the full bench
[ "${1:-}" = bench ] && packages+=(tcmu-runner)
need_apt=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: run as root (or install them yourself: apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.'; then
  echo "bootstrap: installing pnpm 10"
  npm install -g pnpm@10 >/dev/null
fi

pnpm install --frozen-lockfile
pnpm run build
# The lab kernel: Debian stable's UML cannot run on some CPUs (Intel AMX);
# this fetches a newer one where needed and proves that the lab boots.
node tooling/lab/dist/cli.js --install
# Debian unstable's kernel beside it (Linux 7.2: bsg takes SCSI commands
# over io_uring), for `pnpm test:lab:unstable` (not needed by the demo);
# the default kernel stays
if [ "${1:-}" != demo ] && [ ! -x /opt/sgio-lab/unstable/linux.uml ]; then
  node tooling/lab/dist/cli.js --fetch-kernel
fi

if [ $# -gt 0 ]; then
  exec pnpm run "$@"
fi
