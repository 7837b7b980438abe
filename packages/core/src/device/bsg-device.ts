/**
 * `BsgDevice`: the same command API as SgDevice over a bsg node
 * (`/dev/bsg/H:C:T:L`) and the sg v4 header (`struct sg_io_v4`), through the
 * bsg transport: SG_IO synchronously on the calling thread (`executeSync`),
 * or on the libc worker pool (`execute`), several at once. Results, errors
 * and retries are those of every device (see ScsiDevice).
 */
import { O_RDONLY, O_RDWR, SystemError, open as openFd } from '@sgio/libc';
import { parseHctl } from '../discovery/list-devices.js';
import { DeviceOpenError, TransferModeError } from '../errors/sgio-error.js';
import type { ExecuteOptions } from '../execute/options.js';
import { prepareCommand, type CommandSource, type PreparedCommand } from '../execute/prepare.js';
import { BsgTransport } from '../transport/bsg/bsg-transport.js';
import { bsgPathFor, checkBsgPath } from './bsg-path.js';
import type { CommandListener } from './command-event.js';
import { ScsiDevice } from './scsi-device.js';

/** Options of {@link BsgDevice.open}. */
export interface BsgOpenOptions {
  /** Open read-only; the kernel then refuses commands that write. */
  readonly readOnly?: boolean;
  /** Called after every command the device sends (see {@link ScsiDevice.addCommandListener}). */
  readonly onCommand?: CommandListener;
}

/** A SCSI address: host, channel, target, LUN. */
export interface ScsiAddress {
  /** SCSI host number. */
  readonly host: number;
  /** Channel. */
  readonly channel: number;
  /** Target id. */
  readonly target: number;
  /** LUN. */
  readonly lun: number;
}

/** An open bsg node. */
export class BsgDevice extends ScsiDevice {
  /** The device's address, from the node's name (undefined for a node named otherwise). */
  readonly address: ScsiAddress | undefined;

  private constructor(path: string, fd: number, readOnly: boolean) {
    super(path, fd, readOnly, new BsgTransport(fd, path, readOnly));
    const name = path.slice(path.lastIndexOf('/') + 1);
    this.address = parseHctl(name);
  }

  /**
   * Opens a bsg node. `path` is `/dev/bsg/H:C:T:L`, or an sg node, block
   * device or `H:C:T:L` address whose bsg node is looked up in sysfs.
   */
  static openSync(path: string, options: BsgOpenOptions = {}): BsgDevice {
    const node = path.includes('/bsg/') ? path : bsgPathFor(path);
    checkBsgPath(node);
    const readOnly = options.readOnly ?? false;
    let fd: number;
    try {
      fd = openFd(node, readOnly ? O_RDONLY : O_RDWR);
    } catch (e) {
      if (e instanceof SystemError && (e.code === 'EACCES' || e.code === 'EPERM')) {
        throw new DeviceOpenError('permission', node, `Permission denied opening ${node}: bsg nodes are root-only by default; run as root or add a udev rule for /dev/bsg.`, { cause: e });
      }
      throw new DeviceOpenError('other', node, `cannot open ${node}: ${(e as Error).message}`, { cause: e });
    }
    const device = new BsgDevice(node, fd, readOnly);
    if (options.onCommand) device.addCommandListener(options.onCommand);
    return device;
  }

  /** Promise form of {@link BsgDevice.openSync}. */
  static async open(path: string, options: BsgOpenOptions = {}): Promise<BsgDevice> {
    await Promise.resolve();
    return BsgDevice.openSync(path, options);
  }

  protected override prepareCommand(source: CommandSource, options: ExecuteOptions): PreparedCommand {
    if (options.transfer === 'mmap') {
      throw new TransferModeError(`${this.path}: bsg has no reserved buffer, so no mmap-ed IO; use transfer 'indirect' or 'direct' (bsg maps aligned buffers directly), or an sg node for mmap.`);
    }
    return prepareCommand(source, options, undefined);
  }

  /** Closes the node after the commands in flight complete. Idempotent. */
  override close(): Promise<void> {
    return super.close();
  }
}
