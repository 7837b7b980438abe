#!/usr/bin/env bash
# The demo, run inside the lab guest by `pnpm demo` (multi profile: four
# 64 MiB scsi_debug disks on the real sg driver). Every step is the `sgio`
# CLI; the throughput table puts sg3_utils' own tools beside it, measured in
# the same boot.
set -euo pipefail
exec 2>&1 # keep sgio's stderr reports (records in/out, times) in order with stdout
cd "$(dirname "$0")/../../.."
SGIO_BIN="$PWD/apps/cli/dist/bin.cjs"
sgio() { node "$SGIO_BIN" "$@"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

heading() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
# runs a command after printing it
show() { printf '\033[2m$ %s\033[0m\n' "$*"; "$@"; }

# an inquiry-style subcommand, falling back to sg3_utils if the CLI lacks it
inquiry() {
  local sub=$1 fallback=$2; shift 2
  if sgio "$sub" --help >/dev/null 2>&1; then show sgio "$sub" "$@"; else echo "(sgio $sub missing: $fallback)"; show "$fallback" "$@"; fi
}

heading "SCSI devices (sgio list)"
show sgio list
first="$(ls /dev/sg* | sort -V | head -1)"
disk="$(ls /dev/sg* | sort -V | sed -n 2p)"
disk="${disk:-$first}"

heading "INQUIRY of $first (sgio inq)"
inquiry inq sg_inq "$first"

heading "Vital product data of $first (sgio vpd): supported pages, block limits"
inquiry vpd sg_vpd --page sv "$first"
inquiry vpd sg_vpd --page bl "$first"

heading "Capacity of $disk (sgio readcap)"
inquiry readcap sg_readcap "$disk"

heading "Write a pattern to $disk and read it back (sgio dd)"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$work/pattern.bin"
show sgio dd if="$work/pattern.bin" of="$disk" seek=10000 --time
show sgio dd if="$disk" of="$work/back.bin" skip=10000 count=8192 --mmap --time
show cmp "$work/pattern.bin" "$work/back.bin"
echo "read back equal: $(sha256sum <"$work/back.bin" | cut -c1-16)... = $(sha256sum <"$work/pattern.bin" | cut -c1-16)..."
show sgio dd if="$work/pattern.bin" of="$disk" seek=10000 --verify
echo "the device compared all 8192 blocks (VERIFY, BYTCHK=1): equal"
printf '\x5a' | dd of="$work/pattern.bin" bs=1 seek=1000000 conv=notrunc status=none
set +e
sgio dd if="$work/pattern.bin" of="$disk" seek=10000 --verify 2>"$work/miscompare.txt"
status=$?
set -e
grep -E 'miscompare|failed' "$work/miscompare.txt" | head -2
echo "one byte changed in the file: sgio dd --verify exit status $status (14 = miscompare, as sg_dd)"

heading "The whole disk $disk to /dev/null: indirect and mmap-ed IO (64 MiB each)"
rate() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(`${j.mbPerSecond.toFixed(0).padStart(6)} MB/s  ${String(j.iops).padStart(6)} transfers/s  ${j.seconds.toFixed(3)} s  ${j.recordsIn}+${j.recordsInPartial} records in`)})'; }
c_rate() { "$@" 2>&1 | sed -nE 's/.*(data: |was )([0-9.]+) secs(,| at) ([0-9.]+) MB\/sec.*/\4 \2/p' | awk '{printf "%6.0f MB/s  %21s %.3f s\n", $1, "", $2}'; }
printf '%-34s %s\n' "sgio dd (indirect, SG_IO)" "$(sgio dd if="$disk" of=/dev/null --json | rate)"
printf '%-34s %s\n' "sgio dd --mmap" "$(sgio dd if="$disk" of=/dev/null --mmap --json | rate)"
printf '%-34s %s\n' "sgio dd --qd 4 (async)" "$(sgio dd if="$disk" of=/dev/null --qd 4 --json | rate)"
printf '%-34s %s\n' "sgio dd --mmap --qd 4 (4 lanes)" "$(sgio dd if="$disk" of=/dev/null --mmap --qd 4 --json | rate)"
printf '%-34s %s\n' "sg_dd (C, sg3_utils)" "$(c_rate sg_dd if="$disk" of=/dev/null bs=512 time=1)"
printf '%-34s %s\n' "sgm_dd (C, mmap)" "$(c_rate sgm_dd if="$disk" of=/dev/null bs=512 time=1)"
printf '%-34s %s\n' "sgp_dd thr=4 (C, threads)" "$(c_rate sgp_dd if="$disk" of=/dev/null bs=512 thr=4 time=1)"
echo
echo "(one guest CPU under User-Mode Linux: compare ratios, not absolute numbers; the C tools start warm, node pays its JIT inside the timing)"

heading "Done"
echo "the same commands work on real sg devices: sgio list, then sgio dd if=/dev/sgN ..."
