#!/usr/bin/env bash
# The demo, run inside the lab guest by `pnpm demo`. Until the sgio CLI
# exists it lists the sg devices and queries each with sg3_utils; the CLI
# issue replaces these calls with `sgio` ones.
set -euo pipefail
echo "== sg devices on the real sg driver (scsi_debug) =="
lsscsi -g 2>/dev/null || ls -l /dev/sg*
for dev in /dev/sg*; do
  echo
  echo "== sg_inq $dev =="
  sg_inq "$dev"
  echo "== sg_readcap $dev =="
  sg_readcap "$dev"
done
