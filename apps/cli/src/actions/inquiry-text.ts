/** Text rendering of standard INQUIRY data, laid out like sg_inq's. */
import type { InquiryData } from '@sgio/struct';
import { hex } from '../common/text.js';

const b = (v: boolean): number => (v ? 1 : 0);

/** The lines sgio prints for standard INQUIRY data (and the serial number when known). */
export function inquiryText(d: InquiryData, serialNumber: string | null): string {
  const lines = [
    'standard INQUIRY:',
    `  PQual=${d.peripheralQualifier}  PDT=${d.peripheralDeviceType}  RMB=${b(d.rmb)}  LU_CONG=${b(d.luCong)}  hot_pluggable=${d.hotPluggable}  version=${hex(d.version)}  [${d.versionName}]`,
    `  [AERC=${b(d.aerc)}]  [TrmTsk=${b(d.trmTsk)}]  NormACA=${b(d.normAca)}  HiSUP=${b(d.hiSup)}  Resp_data_format=${d.responseDataFormat}`,
    `  SCCS=${b(d.sccs)}  ACC=${b(d.acc)}  TPGS=${d.tpgs}  3PC=${b(d.threePc)}  Protect=${b(d.protect)}  [BQue=${b(d.bque)}]`,
    `  EncServ=${b(d.encServ)}  MultiP=${b(d.multiP)} (VS=${b(d.vs1)})  [MChngr=${b(d.mChngr)}]  [ACKREQQ=${b(d.ackReqQ)}]  Addr16=${b(d.addr16)}`,
    `  [RelAdr=${b(d.relAdr)}]  WBus16=${b(d.wbus16)}  Sync=${b(d.sync)}  [Linked=${b(d.linked)}]  [TranDis=${b(d.tranDis)}]  CmdQue=${b(d.cmdQue)}`,
    `  [SPI: Clocking=${hex(d.clocking, 1)}  QAS=${b(d.qas)}  IUS=${b(d.ius)}]`,
    `    length=${d.declaredLength} (${hex(d.declaredLength)})   Peripheral device type: ${d.peripheralDeviceTypeName}`,
    ` Vendor identification: ${d.vendorId}`,
    ` Product identification: ${d.productId}`,
    ` Product revision level: ${d.productRevision}`,
  ];
  if (d.versionDescriptors.length > 0) lines.push(` Version descriptors: ${d.versionDescriptors.map((v) => hex(v, 4)).join(' ')}`);
  if (serialNumber !== null) lines.push(` Unit serial number: ${serialNumber}`);
  if (d.truncated) lines.push(' (truncated: the device declared more bytes than it returned)');
  return lines.join('\n');
}
