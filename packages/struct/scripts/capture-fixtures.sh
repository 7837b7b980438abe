#!/usr/bin/env bash
# Captures real scsi_debug responses into test/fixtures/scsi_debug/<profile>/.
#
# On the host (from anywhere):   bash packages/struct/scripts/capture-fixtures.sh
# It boots the lab once per profile and re-runs itself inside with --inside.
#
# For every response it writes the raw bytes (NAME.bin, from sg3_utils --raw)
# and, at the same time, the decoded text sg3_utils (or sdparm) printed for it
# (NAME.txt). The unit tests compare our decoders with sg3_utils' --inhex
# decoders where a tool has one, and with the stored NAME.txt where it has not.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(dirname "$here")"
repo="$(cd "$pkg/../.." && pwd)"
out_root="$pkg/test/fixtures/scsi_debug"

if [ "${1:-}" = "--inside" ]; then
  out="$2"
  dev="${3:-/dev/sg0}"
  mkdir -p "$out"
  cd "$out"
  # Clear the power-on UNIT ATTENTION first.
  sg_turs "$dev" >/dev/null 2>&1 || true
  sg_turs "$dev" >/dev/null 2>&1 || true

  # raw NAME CMD... : binary response into NAME.bin. Every response the unit
  # tests require (test/support/fixtures.mts REQUIRED_CAPTURES) must come:
  # a missing one stops the capture. Only pages scsi_debug does not have
  # (listed in OPTIONAL) may be absent; their empty files are removed.
  OPTIONAL=" log-0e log-10 "
  raw() {
    local name="$1"; shift
    if "$@" --raw "$dev" >"$name.bin" 2>/dev/null && [ -s "$name.bin" ]; then return 0; fi
    rm -f "$name.bin"
    case "$OPTIONAL" in
      *" $name "*) echo "capture: no response for optional $name" >&2 ;;
      *) echo "capture: FAILED: no response for required $name ($*)" >&2; exit 1 ;;
    esac
  }
  # txt NAME CMD... : the tool's decoded output into NAME.txt
  txt() {
    local name="$1"; shift
    "$@" "$dev" >"$name.txt" 2>&1 || true
  }

  raw inquiry sg_inq
  txt inquiry sg_inq
  for pg in 00 80 83 86 89 b0 b1 b2; do
    raw "vpd-$pg" sg_vpd --page=0x$pg
    txt "vpd-$pg" sg_vpd --page=0x$pg
  done

  raw readcap10 sg_readcap
  txt readcap10 sg_readcap
  raw readcap16 sg_readcap --16
  txt readcap16 sg_readcap --16

  # MODE SENSE(10) and (6): all pages, all pages and subpages, long LBA.
  raw mode10-all sg_modes --all
  txt mode10-all sg_modes --all
  raw mode10-all-subpages sg_modes --all --all
  txt mode10-all-subpages sg_modes --all --all
  raw mode6-all sg_modes --six --all
  txt mode6-all sg_modes --six --all
  raw mode10-llbaa sg_modes --llbaa --page=0x08
  txt mode10-llbaa sg_modes --llbaa --page=0x08
  raw mode10-changeable sg_modes --control=1 --all
  txt mode10-changeable sg_modes --control=1 --all
  if command -v sdparm >/dev/null 2>&1; then
    for pg in rw ca co ie; do
      sdparm --page=$pg --long "$dev" >"sdparm-$pg.txt" 2>&1 || true
    done
  else
    echo "capture: FAILED: sdparm is not installed; the mode page field texts are required (apt-get install sdparm)" >&2
    exit 1
  fi

  raw log-00 sg_logs --page=0x00
  txt log-00 sg_logs --page=0x00
  raw log-00-ff sg_logs --page=0x00,0xff
  txt log-00-ff sg_logs --page=0x00,0xff
  for pg in 0d 0e 10 2f; do
    raw "log-$pg" sg_logs --page=0x$pg
    txt "log-$pg" sg_logs --page=0x$pg
  done
  for f in log-0e log-10; do [ -s "$f.bin" ] || rm -f "$f.txt"; done

  raw luns sg_luns
  txt luns sg_luns --decode
  raw luns-select1 sg_luns --select=1
  txt luns-select1 sg_luns --decode --select=1
  raw luns-select2 sg_luns --select=2
  txt luns-select2 sg_luns --decode --select=2

  raw opcodes-all sg_opcodes --no-inquiry
  txt opcodes-all sg_opcodes --no-inquiry
  raw opcodes-all-rctd sg_opcodes --no-inquiry --rctd
  txt opcodes-all-rctd sg_opcodes --no-inquiry --rctd
  raw opcodes-one-28 sg_opcodes --no-inquiry --opcode=0x28
  txt opcodes-one-28 sg_opcodes --no-inquiry --opcode=0x28
  raw opcodes-one-9e-10-rctd sg_opcodes --no-inquiry --rctd --opcode=0x9e,0x10
  txt opcodes-one-9e-10-rctd sg_opcodes --no-inquiry --rctd --opcode=0x9e,0x10

  raw lba-status sg_get_lba_status
  txt lba-status sg_get_lba_status
  exit 0
fi

cd "$repo"
lab=(node tooling/lab/dist/cli.js)
capture() {
  local name="$1"; shift
  local dir="$out_root/$name"
  rm -rf "$dir"
  "${lab[@]}" "$@" -- bash "$here/capture-fixtures.sh" --inside "$dir"
  echo "capture: $name -> $(ls "$dir" | wc -l) files"
}
capture default --profile default
capture 4k --profile 4k
capture thin --profile thin
capture multi --profile multi
# Protection information (type 1, DIX) for READ CAPACITY(16) and VPD 0x86.
capture dif --profile default --param dif=1 --param dix=1
