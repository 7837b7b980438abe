/**
 * The inquiry subcommands against their sg3_utils peers on the same
 * devices (scsi_debug, LIO and sgio's own TCMU disk), on the real sg driver: both run as child processes
 * and the facts they report (parsed from sg3_utils' text, from sgio's
 * --json/--hex) must agree, and so must the exit statuses of failures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearFaults, firstDevice, kernelMajor, reloadScsiDebug, requireLab, serveTcmuDisk, setScsiDebugParam, ScsiDebugOpts, setUpLio, sgDevices, tearDownLio, type ServedTcmuDisk } from '@sgio/lab';

requireLab('The CLI inquiry-commands lab test');

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], encoding: 'utf8' | 'latin1' = 'utf8'): Run {
  const r = spawnSync(command, args, { encoding, maxBuffer: 1 << 24 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** stdout and stderr together (sg_raw prints status, sense and data on stderr). */
function both(r: Run): string {
  return `${r.stdout}\n${r.stderr}`;
}

function sgio(...args: string[]): Run {
  return run(process.execPath, [BIN, ...args]);
}

function sgioJson<T = Record<string, unknown>>(...args: string[]): T {
  const r = sgio(...args, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function tool(name: string, ...args: string[]): string {
  const r = run(name, args);
  expect(r.status, `${name} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return both(r);
}

/** Bytes of a hex dump as sgio --hex and sg3_utils print it (offset, 16 bytes, ASCII). */
function dumpBytes(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*[0-9a-f]+ {4,5}((?: {1,2}[0-9a-f]{2}){1,16})/.exec(line);
    if (m) out.push(...m[1]!.trim().split(/\s+/).map((h) => parseInt(h, 16)));
  }
  return out;
}

/** `key=value` tokens of sg_inq's standard INQUIRY lines. */
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z0-9_]+)=([^\s\])]+)/g)) out[m[1]!] = m[2]!;
  return out;
}

const bit = (v: unknown): string => (v ? '1' : '0');

/**
 * LIO answers REPORT SUPPORTED OPERATION CODES in Linux 7.2 (the lab's own
 * kernel, where Debian 12's cannot run) and not in 6.1 (Debian 12's): the
 * lab boots one or the other, told apart by the major version.
 */
const LIO_REPORTS_OPCODES = kernelMajor() >= 7;

/**
 * A command the target does not implement (LIO 6.1: LOG SENSE, REPORT
 * SUPPORTED OPERATION CODES): sgio and the sg3_utils tool both end with
 * INVALID OPCODE's exit status 9, and sgio says so.
 */
function expectBothUnsupported(ours: string[], theirs: string[]): void {
  const mine = sgio(...ours);
  const peer = run(theirs[0]!, theirs.slice(1));
  expect(peer.status, both(peer)).toBe(9);
  expect(mine.status, mine.stderr).toBe(9);
  expect(mine.stderr).toMatch(/Invalid command operation code/);
}

let served: ServedTcmuDisk | undefined;

/**
 * The targets every peer test runs on: scsi_debug (default profile), LIO
 * (one loopback initiator, set up in this boot; thin, because LIO lists the
 * logical block provisioning VPD page only with UNMAP emulation on), and
 * sgio's own TCMU disk served by an `sgio target` process. What each one
 * answers differently is said here, not guessed from its name: the status
 * of MODE SENSE for saved values (scsi_debug refuses them, ILLEGAL REQUEST;
 * LIO and the TypeScript disk answer the current values), and whether it
 * has log pages and REPORT SUPPORTED OPERATION CODES (where it has not,
 * sgio and sg3_utils must both say so; the TypeScript disk lists only the
 * supported pages and the Self-Test Results page, so only the list is
 * compared there: apps/cli/src/selftest.lab.test.ts reads page 0x10).
 */
const TARGETS = [
  { name: 'scsi_debug', setUp: () => Promise.resolve(firstDevice().path), tearDown: () => Promise.resolve(), savedModeStatus: 5, logPages: 'all', opcodes: true },
  { name: 'LIO', setUp: async () => (await setUpLio({ initiators: 1, thin: true }))[0]!.path, tearDown: tearDownLio, savedModeStatus: 0, logPages: 'none', opcodes: LIO_REPORTS_OPCODES },
  {
    name: 'the TypeScript TCMU disk (sgio target)',
    setUp: async () => {
      served = await serveTcmuDisk({ bin: BIN, name: 'sgioinq', sizeMb: 64, extra: ['--thin'] });
      return served.path;
    },
    tearDown: () => served!.tearDown(),
    savedModeStatus: 0,
    logPages: 'list',
    opcodes: true,
  },
] as const;

describe.each(TARGETS)('inquiry subcommands vs sg3_utils on $name', (target) => {
  let dev = '';
  /** `sgio vpd DEV --json` (every page, decoded), read once: a Node start costs seconds in the guest. */
  let allVpd: { pages: ({ pageCode: number; supportedPages?: number[] } & Record<string, unknown>)[] };
  const vpdPage = <T,>(code: number): T => allVpd.pages.find((p) => p.pageCode === code) as T;
  beforeAll(async () => {
    dev = await target.setUp();
    run('sg_turs', [dev]); // a new LIO nexus starts with a power-on unit attention
    allVpd = sgioJson('vpd', dev);
  });
  afterAll(() => target.tearDown());

  it('inq: every standard INQUIRY field sg_inq prints', () => {
    const theirs = tool('sg_inq', dev);
    const kv = keyValues(theirs);
    const ours = sgioJson('inq', dev);
    const mine: Record<string, string> = {
      PQual: String(ours.peripheralQualifier),
      PDT: String(ours.peripheralDeviceType),
      RMB: bit(ours.rmb),
      LU_CONG: bit(ours.luCong),
      hot_pluggable: String(ours.hotPluggable),
      version: `0x${(ours.version as number).toString(16).padStart(2, '0')}`,
      AERC: bit(ours.aerc),
      TrmTsk: bit(ours.trmTsk),
      NormACA: bit(ours.normAca),
      HiSUP: bit(ours.hiSup),
      Resp_data_format: String(ours.responseDataFormat),
      SCCS: bit(ours.sccs),
      ACC: bit(ours.acc),
      TPGS: String(ours.tpgs),
      '3PC': bit(ours.threePc),
      Protect: bit(ours.protect),
      BQue: bit(ours.bque),
      EncServ: bit(ours.encServ),
      MultiP: bit(ours.multiP),
      VS: bit(ours.vs1),
      MChngr: bit(ours.mChngr),
      ACKREQQ: bit(ours.ackReqQ),
      Addr16: bit(ours.addr16),
      RelAdr: bit(ours.relAdr),
      WBus16: bit(ours.wbus16),
      Sync: bit(ours.sync),
      Linked: bit(ours.linked),
      TranDis: bit(ours.tranDis),
      CmdQue: bit(ours.cmdQue),
      QAS: bit(ours.qas),
      IUS: bit(ours.ius),
      length: String(ours.declaredLength),
    };
    // sg_inq prints VS only beside MultiP=1 (LIO), so compare every field it printed
    const printed = Object.fromEntries(Object.entries(kv).filter(([k]) => !['Clocking'].includes(k)));
    expect(Object.keys(printed).filter((k) => !(k in mine)), theirs).toEqual([]);
    expect(Object.fromEntries(Object.entries(mine).filter(([k]) => k in printed))).toEqual(printed);
    expect(Object.keys(printed).length).toBeGreaterThan(30);
    expect(theirs).toContain(`Vendor identification: ${ours.vendorId as string}`);
    expect(theirs).toContain(`Product identification: ${ours.productId as string}`);
    expect(theirs).toContain(`Product revision level: ${ours.productRevision as string}`);
    expect(theirs).toContain(`Unit serial number: ${ours.unitSerialNumber as string}`);
  });

  it('vpd: the same page list as sg_vpd, and every page byte for byte', () => {
    const ours = allVpd;
    const list = ours.pages[0]!.supportedPages!;
    const theirs = tool('sg_vpd', dev);
    expect(theirs.split('\n').filter((l) => /^\s{2}\S/.test(l)).length).toBe(list.length);
    expect(ours.pages.map((p) => p.pageCode)).toEqual(list);
    // one sgio process dumps every page (a Node start costs seconds in the guest); sg_vpd -r gives each page's bytes
    const all = sgio('vpd', dev, '--hex');
    expect(all.status, all.stderr).toBe(0);
    const sections = new Map<number, string>();
    for (const part of all.stdout.split(/^(?=.* VPD page \[0x[0-9a-f]{2}\]:$)/m)) {
      const m = /VPD page \[0x([0-9a-f]{2})\]:/.exec(part);
      if (m) sections.set(parseInt(m[1]!, 16), part);
    }
    expect([...sections.keys()]).toEqual(list);
    const peerBytes = (page: string): number[] => {
      const raw = run('sg_vpd', ['-p', page, '-r', dev], 'latin1');
      expect(raw.status).toBe(0);
      return Array.from(Buffer.from(raw.stdout, 'latin1'));
    };
    for (const code of list) expect(dumpBytes(sections.get(code)!), `VPD page 0x${code.toString(16)}`).toEqual(peerBytes(`0x${code.toString(16)}`));
    // and one page through inq --page --hex, as sg_inq -p prints it
    const di = sgio('inq', dev, '--page', '0x83', '--hex');
    expect(di.status, di.stderr).toBe(0);
    expect(dumpBytes(di.stdout)).toEqual(peerBytes('0x83'));
  });

  it('vpd: decoded facts of the serial number, identification, block limits and provisioning pages', () => {
    // the decoded pages of `sgio vpd --json` (the same decoders as `--page X --json`)
    const sn = vpdPage<{ serialNumber: string }>(0x80);
    expect(tool('sg_vpd', '-p', 'sn', dev)).toContain(`Unit serial number: ${sn.serialNumber}`);

    const di = vpdPage<{ designators: { naa?: number; hex: string; association: string }[] }>(0x83);
    // NAA 3/5 designators are 8 bytes (scsi_debug), NAA 6 16 bytes (LIO)
    const theirNaa = [...tool('sg_vpd', '-p', 'di', dev).matchAll(/0x([0-9a-f]{32}|[0-9a-f]{16})\b/g)].map((m) => m[1]);
    expect(di.designators.filter((d) => d.naa !== undefined).map((d) => d.hex)).toEqual(theirNaa);

    const bl = vpdPage<Record<string, number>>(0xb0);
    const blText = tool('sg_vpd', '-p', 'bl', dev);
    // sg_vpd prints an all-ones 32-bit field as "-1 [unbounded]"
    const num = (label: string): number => {
      const m = new RegExp(`${label}: (0x[0-9a-f]+|-1|\\d+)`).exec(blText);
      expect(m, `sg_vpd -p bl prints no "${label}"`).not.toBeNull();
      return m![1] === '-1' ? 0xffffffff : Number(m![1]);
    };
    expect(bl.maximumTransferLength).toBe(num('Maximum transfer length'));
    expect(bl.optimalTransferLength).toBe(num('Optimal transfer length'));
    expect(bl.optimalTransferLengthGranularity).toBe(num('Optimal transfer length granularity'));
    expect(bl.maximumUnmapLbaCount).toBe(num('Maximum unmap LBA count'));
    expect(bl.optimalUnmapGranularity).toBe(num('Optimal unmap granularity'));
    expect(bl.maximumWriteSameLength).toBe(num('Maximum write same length'));

    const lbp = vpdPage<Record<string, unknown>>(0xb2);
    // and one page through --page, as a user names it
    expect(sgioJson<{ serialNumber: string }>('vpd', dev, '--page', 'sn').serialNumber).toBe(sn.serialNumber);
    const lbpText = tool('sg_vpd', '-p', 'lbpv', dev);
    for (const [key, label] of [
      ['lbpu', 'LBPU'],
      ['lbpws', 'LBPWS'],
      ['lbpws10', 'LBPWS10'],
      ['dp', 'DP'],
    ] as const) {
      expect(new RegExp(`\\(${label}\\): (\\d)`).exec(lbpText)![1], label).toBe(bit(lbp[key]));
    }
    expect(new RegExp('Provisioning type: (\\d)').exec(lbpText)![1]).toBe(String(lbp.provisioningType));
  });

  it('readcap: last LBA, block count and block length, (10) and (16)', () => {
    for (const long of [false, true]) {
      const theirs = tool('sg_readcap', ...(long ? ['-l'] : []), dev);
      const ours = sgioJson<{ returnedLba: number; numberOfBlocks: number; blockLength: number; capacityBytes: number }>('readcap', dev, ...(long ? ['--16'] : []));
      expect(theirs).toContain(`Last LBA=${ours.returnedLba} `);
      expect(theirs).toContain(`Number of logical blocks=${ours.numberOfBlocks}`);
      expect(theirs).toContain(`Logical block length=${ours.blockLength} bytes`);
      expect(theirs).toContain(`Device size: ${ours.capacityBytes} bytes`);
    }
  });

  it('modes: the bytes of every mode page, current and changeable values', () => {
    for (const control of ['current', 'changeable', 'default'] as const) {
      const theirs = tool('sg_modes', '-c', String(['current', 'changeable', 'default'].indexOf(control)), dev);
      const pages = theirs.split('>> ').slice(1).map((chunk) => dumpBytes(chunk.split('\n').slice(1).join('\n')));
      const ours = sgioJson<{ pageControl: string; pages: { pageHex: string }[] }>('modes', dev, '--control', control);
      expect(ours.pageControl).toBe(control);
      expect(ours.pages.map((p) => Array.from(Buffer.from(p.pageHex, 'hex'))), control).toEqual(pages);
    }
  });

  it('modes: one page decoded, and saved values refused with the same status', () => {
    const caching = sgioJson<{ pages: { pageCode: number; wce: boolean; rcd: boolean }[] }>('modes', dev, '--page', 'ca');
    expect(caching.pages.map((p) => p.pageCode)).toEqual([0x08]);
    const theirs = tool('sg_modes', '-p', '8', dev);
    const bytes = dumpBytes(theirs.split('>> ')[1]!.split('\n').slice(1).join('\n'));
    expect(caching.pages[0]!.wce).toBe((bytes[2]! & 0x04) !== 0);
    expect(caching.pages[0]!.rcd).toBe((bytes[2]! & 0x01) !== 0);
    const saved = sgio('modes', dev, '--control', 'saved');
    const peer = run('sg_modes', ['-c', '3', dev]);
    expect(saved.status).toBe(peer.status);
    expect(saved.status).toBe(target.savedModeStatus);
  });

  it('logs: the supported pages and the temperature parameters', () => {
    if (target.logPages === 'none') return expectBothUnsupported(['logs', dev], ['sg_logs', dev]);
    const supported = sgioJson<{ supportedPages: number[] }>('logs', dev);
    const theirList = [...tool('sg_logs', dev).matchAll(/^\s+0x([0-9a-f]{2})\s/gm)].map((m) => parseInt(m[1]!, 16));
    expect(supported.supportedPages).toEqual(theirList);
    if (target.logPages === 'list') {
      expect(theirList).toEqual([0x00, 0x10]);
      return;
    }
    const temp = sgioJson<{ currentTemperature: number; referenceTemperature: number; parameters: unknown[] }>('logs', dev, '--page', 'temp');
    const text = tool('sg_logs', '-p', '0xd', dev);
    expect(text).toContain(`Current temperature = ${temp.currentTemperature} C`);
    expect(text).toContain(`Reference temperature = ${temp.referenceTemperature} C`);
    const ie = sgioJson<{ parameters: { parameterCode: number; valueHex: string }[] }>('logs', dev, '--page', 'ie');
    const ieText = tool('sg_logs', '-p', '0x2f', dev);
    const m = /IE asc = 0x([0-9a-f]+), ascq = 0x([0-9a-f]+)/.exec(ieText)!;
    expect(ie.parameters[0]!.valueHex.slice(0, 4)).toBe(`${m[1]!.padStart(2, '0')}${m[2]!.padStart(2, '0')}`);
  });

  it('opcodes: the same opcode, service action and CDB size list as sg_opcodes', () => {
    if (!target.opcodes) return expectBothUnsupported(['opcodes', dev], ['sg_opcodes', dev]);
    const ours = sgioJson<{ commands: { opcode: number; serviceAction: number | null; cdbLength: number }[] }>('opcodes', dev);
    const theirs = [...tool('sg_opcodes', dev).matchAll(/^ ([0-9a-f]{2})\s+([0-9a-f]*)\s+(\d+)\s+\d,\d\s/gm)].map((m) => ({
      opcode: parseInt(m[1]!, 16),
      serviceAction: m[2] ? parseInt(m[2], 16) : null,
      cdbLength: Number(m[3]),
    }));
    expect(theirs.length).toBeGreaterThan(10);
    const key = (c: { opcode: number; serviceAction: number | null }): number => c.opcode * 0x10000 + (c.serviceAction ?? 0);
    expect(ours.commands.map((c) => ({ opcode: c.opcode, serviceAction: c.serviceAction, cdbLength: c.cdbLength })).sort((a, b) => key(a) - key(b))).toEqual(
      theirs.sort((a, b) => key(a) - key(b)),
    );
  });

  it('opcodes --opcode: support, usage mask and timeouts of one command as sg_opcodes --opcode', () => {
    if (!target.opcodes) return expectBothUnsupported(['opcodes', dev, '--opcode', '0x28'], ['sg_opcodes', '--opcode=0x28', dev]);
    for (const [op, sa] of [['0x28', undefined], ['0x9e', '0x10']] as const) {
      const what = `${op}${sa ? `,${sa}` : ''}`;
      const ours = sgioJson<{ supported: boolean; cdbSize: number; cdbUsageData: string; timeouts: { nominalTimeout: number; recommendedTimeout: number } | null }>(
        'opcodes', dev, '--opcode', op, ...(sa ? ['--sa', sa] : []), '--timeouts',
      );
      const theirs = tool('sg_opcodes', `--opcode=${what}`, '--rctd', dev);
      expect(ours.supported, what).toBe(theirs.includes('Command is supported'));
      expect(ours.cdbUsageData.split(' ').length).toBe(ours.cdbSize);
      expect(/Usage data: ([0-9a-f ]+)/.exec(theirs)![1]!.trim(), what).toBe(ours.cdbUsageData);
      const t = ours.timeouts;
      const timeouts = t ? `${t.nominalTimeout ? `nominal timeout: ${t.nominalTimeout} secs` : 'no nominal timeout'}, ${t.recommendedTimeout ? `recommended timeout: ${t.recommendedTimeout} secs` : 'no recommended timeout'}` : undefined;
      expect(/^\s+(no nominal timeout.*|nominal timeout.*)$/m.exec(theirs)?.[1], what).toBe(timeouts);
    }
  });

});

/**
 * What tests the CLI more than the target (requests, turs, raw): on
 * scsi_debug only, to keep the lab's time; and the injected faults, which
 * only scsi_debug can make.
 */
describe('inquiry subcommands vs sg3_utils on scsi_debug (CLI paths and faults)', () => {
  const dev = firstDevice().path;

  it('requests and turs: same sense key and exit statuses', () => {
    const ours = sgioJson<{ sense: { senseKeyName: string } }>('requests', dev);
    expect(tool('sg_requests', dev)).toContain(`Sense key: ${ours.sense.senseKeyName}`);
    const turs = sgioJson<{ commands: number; errors: number }>('turs', dev, '--number', '20');
    expect(turs).toMatchObject({ commands: 20, errors: 0 });
    expect(tool('sg_turs', '-n', '20', dev)).toContain('Completed 20 Test Unit Ready commands with 0 errors');
  });

  it('raw and decode-sense: same data, same sense, same exit status as sg_raw for good and failing CDBs', () => {
    const good = sgio('raw', dev, '12', '00', '00', '00', '24', '00', '--request', '36');
    const peerGood = run('sg_raw', ['-r', '36', dev, '12', '00', '00', '00', '24', '00']);
    expect(good.status).toBe(peerGood.status);
    expect(dumpBytes(good.stdout)).toEqual(dumpBytes(peerGood.stderr + peerGood.stdout));

    const cases: [string, string[]][] = [
      ['invalid opcode', ['ff', '00', '00', '00', '00', '00']],
      ['invalid field in cdb', ['12', '01', 'c5', '00', 'fc', '00']],
      ['LBA out of range', ['28', '00', '7f', 'ff', 'ff', 'ff', '00', '00', '01', '00']],
    ];
    for (const [what, cdb] of cases) {
      const mine = sgio('raw', dev, ...cdb, '--request', '512', '--json');
      const peer = run('sg_raw', ['-r', '512', dev, ...cdb]);
      expect(mine.status, what).toBe(peer.status);
      const decoded = (JSON.parse(mine.stdout) as { decodedSense: { senseKeyName: string; ascText: string } }).decodedSense;
      expect(both(peer), what).toContain(`Sense key: ${decoded.senseKeyName}`);
      expect(both(peer), what).toContain(`Additional sense: ${decoded.ascText}`);
    }
  });

  describe('with a medium error injected', () => {
    beforeAll(() => setScsiDebugParam('opts', ScsiDebugOpts.medium));
    afterAll(() => clearFaults());

    it('raw READ(10) of a bad LBA: the same MEDIUM ERROR status (3) and information field as sg_raw', () => {
      const cdb = ['28', '00', '00', '00', '12', '34', '00', '00', '01', '00'];
      const mine = sgio('raw', dev, ...cdb, '--request', '512', '--json');
      const peer = run('sg_raw', ['-r', '512', dev, ...cdb]);
      expect(mine.status).toBe(3);
      expect(mine.status).toBe(peer.status);
      const sense = (JSON.parse(mine.stdout) as { decodedSense: { senseKeyName: string; information: number } }).decodedSense;
      expect(both(peer)).toContain(`Sense key: ${sense.senseKeyName}`);
      expect(both(peer)).toContain(`[${sense.information}]`);
      const cmd = sgio('cmd', 'read10', dev, '--lba', '0x1234');
      expect(cmd.status).toBe(3);
    });
  });
});

describe('inquiry subcommands vs sg3_utils (other profiles)', () => {
  afterAll(async () => {
    await reloadScsiDebug('default');
  });

  it('luns on multi: the LUN list of each target as sg_luns prints it', async () => {
    await reloadScsiDebug('multi');
    const devices = sgDevices();
    expect(devices).toHaveLength(4);
    for (const d of devices) {
      const ours = sgioJson<{ luns: { hex: string }[]; lunListLength: number }>('luns', d.path);
      const theirs = tool('sg_luns', d.path);
      expect(theirs).toContain(`Lun list length = ${ours.lunListLength} `);
      expect([...theirs.matchAll(/^ {4}([0-9a-f]{16})$/gm)].map((m) => m[1])).toEqual(ours.luns.map((l) => l.hex));
    }
  });

  it('readcap on 4k: block length 4096 like sg_readcap', async () => {
    await reloadScsiDebug('4k');
    const dev = firstDevice().path;
    const ours = sgioJson<{ blockLength: number; numberOfBlocks: number }>('readcap', dev);
    expect(ours.blockLength).toBe(4096);
    const theirs = tool('sg_readcap', dev);
    expect(theirs).toContain(`Number of logical blocks=${ours.numberOfBlocks}`);
    expect(theirs).toContain('Logical block length=4096 bytes');
  });
});
