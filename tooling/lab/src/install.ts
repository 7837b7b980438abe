/**
 * `sgio-lab --install`: puts the lab's system packages on a Debian machine
 * and, where Debian stable's UML kernel cannot run on this CPU, fetches the
 * newer one from Debian unstable (with the C library it needs) into
 * /opt/sgio-lab, using the machine's own apt configuration and mirror.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_HOME, LAB_INTERPRETER, LAB_LIBDIR, LAB_UNSTABLE, LabSetupError, kernelCandidates, unstableKernel, type KernelChoice, type UmlKernel } from './kernel.js';

/** Debian packages the lab and the reference tools need. */
export const SYSTEM_PACKAGES = ['user-mode-linux', 'kmod', 'sg3-utils', 'fio', 'lsscsi'] as const;

const STOCK_INTERPRETER = '/lib64/ld-linux-x86-64.so.2';

function run(cmd: string, args: string[], log: (l: string) => void, cwd?: string): void {
  log(`+ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    throw new LabSetupError('ELAB_INSTALL', `sgio-lab: '${cmd} ${args.join(' ')}' failed (status ${r.status ?? r.signal}).`);
  }
}

/** The packages of {@link SYSTEM_PACKAGES} that dpkg does not list as installed. */
export function missingPackages(): string[] {
  return SYSTEM_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !(r.status === 0 && r.stdout.includes('install ok installed'));
  });
}

/** apt-get install of whatever is missing (runs `apt-get update` first). */
export function installSystemPackages(log: (l: string) => void): void {
  const missing = missingPackages();
  if (missing.length === 0) {
    log('sgio-lab: system packages present.');
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new LabSetupError('ELAB_INSTALL', `sgio-lab: missing ${missing.join(', ')}; run as root: apt-get install ${missing.join(' ')}`);
  }
  run('apt-get', ['update', '-qq'], log);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], log);
}

/**
 * The URI of the machine's Debian archive, read from its apt sources (so no
 * mirror is hard-coded here).
 */
export function debianMirror(): string {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d')) files.push(join('/etc/apt/sources.list.d', f));
  }
  for (const f of files) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    // deb822 form: URIs: ... with Suites: <codename> (not -security)
    for (const block of text.split(/\n\s*\n/)) {
      const uri = /^URIs:\s*(\S+)/m.exec(block)?.[1];
      const suites = /^Suites:\s*(.+)$/m.exec(block)?.[1] ?? '';
      if (uri && /debian\/?$/.test(uri) && !/security/.test(suites) && /\bmain\b/.test(block)) return uri;
    }
    // one-line form
    for (const line of text.split('\n')) {
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+.*\bmain\b/.exec(line.trim());
      if (m && /debian\/?$/.test(m[1]!) && !/security/.test(m[2]!)) return m[1]!;
    }
  }
  throw new LabSetupError('ELAB_INSTALL', 'sgio-lab: no Debian archive found in /etc/apt/sources.list*; set SGIO_LAB_KERNEL to a working linux.uml instead.');
}

/** Copies `binary` with its program interpreter replaced by the lab's C library loader. */
export function patchInterpreter(binary: Buffer): Buffer {
  const old = Buffer.from(`${STOCK_INTERPRETER}\0`);
  const at = binary.indexOf(old);
  if (at < 0) throw new LabSetupError('ELAB_INSTALL', 'sgio-lab: the fetched linux.uml has no standard x86_64 interpreter to patch.');
  const replacement = Buffer.alloc(old.length);
  replacement.write(LAB_INTERPRETER);
  const out = Buffer.from(binary);
  replacement.copy(out, at);
  return out;
}

/**
 * Fetches user-mode-linux and libc6 from Debian unstable with apt's own
 * client (a private list folder, the system keyring), unpacks them under
 * /opt/sgio-lab and patches the kernel's interpreter. `into` says whether
 * the kernel becomes the lab's default (`--install`, on a CPU Debian
 * stable's kernel cannot run on) or is put aside for `--kernel unstable`
 * (`--fetch-kernel`). Both share the C library in /opt/sgio-lab/lib.
 */
export function fetchUnstableKernel(log: (l: string) => void, into: KernelChoice = 'default'): void {
  if (process.arch !== 'x64') throw new LabSetupError('ELAB_INSTALL', 'sgio-lab: only x86_64 hosts can fetch the UML kernel.');
  const work = mkdtempSync(join(tmpdir(), 'sgio-lab-fetch-'));
  try {
    const mirror = debianMirror();
    const sources = join(work, 'sources.list');
    writeFileSync(sources, `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror} sid main\n`);
    mkdirSync(join(work, 'lists', 'partial'), { recursive: true });
    mkdirSync(join(work, 'archives', 'partial'), { recursive: true });
    const apt = [
      '-o', `Dir::Etc::SourceList=${sources}`,
      '-o', 'Dir::Etc::SourceParts=/dev/null',
      '-o', `Dir::State::Lists=${join(work, 'lists')}`,
      '-o', `Dir::Cache::Archives=${join(work, 'archives')}`,
      '-o', 'APT::Sandbox::User=root',
      '-qq',
    ];
    run('apt-get', [...apt, 'update'], log);
    run('apt-get', [...apt, 'download', 'user-mode-linux', 'libc6'], log, work);
    const debs = readdirSync(work).filter((f) => f.endsWith('.deb'));
    const unpack = join(work, 'root');
    for (const deb of debs) run('dpkg-deb', ['-x', join(work, deb), unpack], log);
    const uml = join(unpack, 'usr', 'bin', 'linux.uml');
    const libs = join(unpack, 'usr', 'lib', 'x86_64-linux-gnu');
    if (!existsSync(uml) || !existsSync(join(libs, 'libc.so.6'))) {
      throw new LabSetupError('ELAB_INSTALL', 'sgio-lab: the fetched packages do not hold linux.uml and libc.so.6.');
    }
    const home = into === 'unstable' ? LAB_UNSTABLE : `${LAB_HOME}/uml`;
    rmSync(home, { recursive: true, force: true });
    rmSync(LAB_LIBDIR, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    cpSync(libs, LAB_LIBDIR, { recursive: true });
    cpSync(join(LAB_LIBDIR, 'ld-linux-x86-64.so.2'), LAB_INTERPRETER);
    cpSync(join(unpack, 'usr', 'lib', 'uml', 'modules'), `${home}/modules`, { recursive: true });
    writeFileSync(`${home}/linux.uml`, patchInterpreter(readFileSync(uml)), { mode: 0o755 });
    const version = execFileSync('dpkg-deb', ['-f', join(work, debs.find((d) => d.startsWith('user-mode-linux'))!), 'Version'], { encoding: 'utf8' }).trim();
    writeFileSync(`${home}/VERSION`, `${version}\n`);
    log(`sgio-lab: installed user-mode-linux ${version} from Debian unstable into ${home}${into === 'unstable' ? ' (booted with --kernel unstable)' : ''}.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The kernels on the machine, for `--check`. */
export function describeKernels(): string {
  const aside = unstableKernel();
  const all: UmlKernel[] = [...kernelCandidates(), ...(aside ? [aside] : [])];
  if (all.length === 0) return 'no linux.uml found';
  return all
    .map((k) => `${k.binary} (${k.origin}) modules ${k.modulesRoot}: ${k.versions.length ? k.versions.join(', ') : 'none with sg + scsi_debug'}`)
    .join('\n');
}
