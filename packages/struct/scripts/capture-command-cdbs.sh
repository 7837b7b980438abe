#!/bin/bash
# Prints the CDBs sg3_utils 1.46 sends for the commands of command-set-fixtures.test.ts.
# The tools print the CDB (-vv) before the device answers, so commands scsi_debug rejects count too.
# Run in the lab: node tooling/lab/dist/cli.js --block -- bash packages/struct/scripts/capture-command-cdbs.sh
D=${1:-/dev/sg0}
run() { echo "### $*"; timeout 20 "$@" 2>&1 | grep -iE -A2 "cdb" | head -8; }
run sg_rtpg -vv $D
run sg_rtpg -e -vv $D
run sg_stpg -vv --tp=1 --state=ao $D
run sg_stpg -vv --tp=1,2 --state=s,u $D
run sg_rep_zones -vv $D
run sg_rep_zones -vv --start=0x1000 --report=2 --partial --maxlen=1024 $D
run sg_zone -vv $D
run sg_zone -vv --zone=0x80000 --open --count=2 $D
run sg_zone -vv --close --all $D
run sg_zone -vv --finish --zone=0x100 $D
run sg_timestamp -vv $D
run sg_timestamp -vv -m 123456789 $D
run sg_stream_ctl -vv --open $D
run sg_stream_ctl -vv --close --id=3 $D
run sg_stream_ctl -vv --get --id=1 --maxlen=64 $D
run sg_get_elem_status -vv $D
run sg_get_elem_status -vv --filter=1 --report-type=1 --starting=5 --maxlen=1024 $D
run sg_bg_ctl -vv --ctl=1 --time=20 $D
run sg_read_attr -vv $D
run sg_read_attr -vv --sa=1 --element=2 --lvn=3 --partition=4 --first=0x405 --cache --maxlen=512 $D
run sg_rmsn -vv $D
run sg_seek -vv --lba=0x1234 $D
run sg_seek -vv --pre-fetch --10 --immed --lba=0x20 --num-blocks=8 --grpnum=3 $D
run sg_seek -vv --pre-fetch --lba=0x20 --num-blocks=8 --grpnum=3 $D
run sg_read_long -vv --lba=5 $D
run sg_read_long -vv --lba=5 --correct --pblock --xfer_len=600 $D
run sg_read_long -vv --16 --lba=5 --correct --xfer_len=520 $D
run sg_write_same -vv --32 --lba=16 --num=8 $D
run sg_write_same -vv --32 --unmap --anchor --ndob --lba=16 --num=8 --grpnum=2 $D
run sg_write_x -vv --32 --lba=8 --num=1 --in=/dev/zero --dry-run $D
run sg_write_x -vv --32 --lba=8 --num=1 --in=/dev/zero $D
run sg_get_lba_status -vv $D
run sg_get_lba_status -vv --report-type=4 $D
run sg_get_lba_status -vv --report-type=16 --lba=0x100 --maxlen=64 $D
run sg_get_lba_status -vv --32 --element-id=2 --scan-len=100 --report-type=3 --lba=0x100 $D
run sg_read_buffer -vv --16 $D
run sg_read_buffer -vv --16 --mode=2 --id=3 --offset=0x100 --length=64 --specific=1 $D
run sg_sat_identify -vv --len=32 $D
run sg_get_config -vv $D
run sg_get_config -vv --rt=2 --starting=0x1f $D
run sg_rep_pip -vv $D
run sg_read_block_limits -vv $D
run sg_ident -vv $D
run sg_ident -vv --itype=2 $D
run sg_copy_results -vv --params $D
run sg_sat_identify -vv --len=32 $D
run sg_sat_identify -vv --len=32 --extend --ck_cond $D
run sg_reset_wp -vv --zone=0x4000 $D
run sg_reset_wp -vv --all $D
run sg_referrals -vv $D
run sg_referrals -vv --lba=0x2000 --one-segment --maxlen=64 $D
echo "### done"
