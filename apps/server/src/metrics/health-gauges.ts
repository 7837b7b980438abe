/**
 * Health gauges on `/metrics` under smartctl_exporter's names and labels,
 * read from the same smartctl-shaped document `GET /v1/devices/{id}/health`
 * answers (core's `smartctlJson`), so dashboards and alert rules written for
 * smartctl_exporter work on sgiod. A gauge is set only for a fact the device
 * reports; a device whose last refresh failed keeps `smartctl_device_status 0`
 * and loses its other gauges.
 */
import { Gauge, type Registry } from 'prom-client';

type Doc = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const obj = (v: unknown): Doc | undefined => (v !== null && typeof v === 'object' ? (v as Doc) : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The identity labels smartctl_exporter puts on its SCSI error counters and grown defect list. */
type IdentityLabels = { device: string; model_family: string; model_name: string; serial_number: string };

/** smartctl_exporter's gauges, filled from smartctl-shaped health documents. */
export class HealthGauges {
  readonly #info: Gauge;
  readonly #status: Gauge<'device'>;
  readonly #smartStatus: Gauge<'device'>;
  readonly #temperature: Gauge<'device' | 'temperature_type'>;
  readonly #powerOnSeconds: Gauge<'device'>;
  readonly #powerCycles: Gauge<'device'>;
  readonly #capacityBytes: Gauge<'device'>;
  readonly #capacityBlocks: Gauge<'device'>;
  readonly #blockSize: Gauge<'device' | 'blocks_type'>;
  readonly #rotationRate: Gauge<'device'>;
  readonly #grownDefects: Gauge<keyof IdentityLabels>;
  readonly #counters: Map<string, Gauge<keyof IdentityLabels>>;
  readonly #refreshed: Gauge<'device'>;
  readonly #refreshSeconds: Gauge<'device'>;
  /** Per device, the labels set last (to remove them when the device changes or goes). */
  readonly #labels = new Map<string, { info: Record<string, string>; identity: IdentityLabels; temperatures: string[]; blockTypes: string[] }>();

  constructor(registry: Registry) {
    const registers = [registry];
    const identity = ['device', 'model_family', 'model_name', 'serial_number'] as const;
    this.#info = new Gauge({
      name: 'smartctl_device',
      help: 'Device info',
      labelNames: ['device', 'interface', 'protocol', 'model_family', 'model_name', 'serial_number', 'ata_additional_product_id', 'firmware_version', 'ata_version', 'sata_version', 'form_factor'],
      registers,
    });
    this.#status = new Gauge({ name: 'smartctl_device_status', help: 'Device status: 1 when the last health reading succeeded, 0 when it failed (device gone, not answering)', labelNames: ['device'], registers });
    this.#smartStatus = new Gauge({ name: 'smartctl_device_smart_status', help: 'General smart status: 1 passed, 0 failed (informational exception reported)', labelNames: ['device'], registers });
    this.#temperature = new Gauge({ name: 'smartctl_device_temperature', help: 'Device temperature celsius', labelNames: ['device', 'temperature_type'], registers });
    this.#powerOnSeconds = new Gauge({ name: 'smartctl_device_power_on_seconds', help: 'Device power on seconds', labelNames: ['device'], registers });
    this.#powerCycles = new Gauge({ name: 'smartctl_device_power_cycle_count', help: 'Device power cycle count (SCSI: accumulated start-stop cycles)', labelNames: ['device'], registers });
    this.#capacityBytes = new Gauge({ name: 'smartctl_device_capacity_bytes', help: 'Device capacity in bytes', labelNames: ['device'], registers });
    this.#capacityBlocks = new Gauge({ name: 'smartctl_device_capacity_blocks', help: 'Device capacity in blocks', labelNames: ['device'], registers });
    this.#blockSize = new Gauge({ name: 'smartctl_device_block_size', help: 'Device block size', labelNames: ['device', 'blocks_type'], registers });
    this.#rotationRate = new Gauge({ name: 'smartctl_device_rotation_rate', help: 'Device rotation rate', labelNames: ['device'], registers });
    this.#grownDefects = new Gauge({ name: 'smartctl_scsi_grown_defect_list', help: 'Device SCSI grown defect list counter', labelNames: identity, registers });
    this.#counters = new Map(
      (
        [
          ['read', 'errors_corrected_by_rereads_rewrites', 'smartctl_read_errors_corrected_by_rereads_rewrites', 'Read Errors Corrected by ReReads/ReWrites'],
          ['read', 'total_uncorrected_errors', 'smartctl_read_total_uncorrected_errors', 'Read Total Uncorrected Errors'],
          ['write', 'errors_corrected_by_rereads_rewrites', 'smartctl_write_errors_corrected_by_rereads_rewrites', 'Write Errors Corrected by ReReads/ReWrites'],
          ['write', 'total_uncorrected_errors', 'smartctl_write_total_uncorrected_errors', 'Write Total Uncorrected Errors'],
        ] as const
      ).map(([log, key, name, help]) => [`${log}.${key}`, new Gauge({ name, help, labelNames: identity, registers })]),
    );
    this.#refreshed = new Gauge({ name: 'sgiod_health_last_refresh_timestamp_seconds', help: 'When the health gauges of the device were last read (Unix time)', labelNames: ['device'], registers });
    this.#refreshSeconds = new Gauge({ name: 'sgiod_health_refresh_duration_seconds', help: 'How long the last health reading of the device took', labelNames: ['device'], registers });
  }

  /** Sets the gauges of `device` from its health document (smartctl's `-a -j` shape). */
  set(device: string, doc: Doc, seconds: number): void {
    this.#forget(device);
    const d = obj(doc.device);
    const identity: IdentityLabels = { device, model_family: str(doc.model_family), model_name: str(doc.scsi_model_name ?? doc.model_name), serial_number: str(doc.serial_number) };
    const info = {
      device,
      interface: str(d?.type),
      protocol: str(d?.protocol),
      model_family: identity.model_family,
      model_name: identity.model_name,
      serial_number: identity.serial_number,
      ata_additional_product_id: '',
      firmware_version: str(doc.scsi_revision ?? doc.firmware_version),
      ata_version: '',
      sata_version: '',
      form_factor: str(obj(doc.form_factor)?.name),
    };
    this.#info.set(info, 1);
    this.#status.set({ device }, 1);
    const smart = obj(doc.smart_status);
    if (typeof smart?.passed === 'boolean') this.#smartStatus.set({ device }, smart.passed ? 1 : 0);
    const temperatures: string[] = [];
    const t = obj(doc.temperature);
    for (const type of ['current', 'drive_trip'] as const) {
      const v = num(t?.[type]);
      if (v !== undefined) {
        this.#temperature.set({ device, temperature_type: type }, v);
        temperatures.push(type);
      }
    }
    const on = obj(doc.power_on_time);
    const hours = num(on?.hours);
    if (hours !== undefined) this.#powerOnSeconds.set({ device }, hours * 3600 + (num(on?.minutes) ?? 0) * 60);
    const cycles = num(obj(doc.scsi_start_stop_cycle_counter)?.['Accumulated start-stop cycles'] ?? doc.power_cycle_count);
    if (cycles !== undefined) this.#powerCycles.set({ device }, cycles);
    const cap = obj(doc.user_capacity);
    const bytes = num(cap?.bytes);
    const blocks = num(cap?.blocks);
    if (bytes !== undefined) this.#capacityBytes.set({ device }, bytes);
    if (blocks !== undefined) this.#capacityBlocks.set({ device }, blocks);
    const blockTypes: string[] = [];
    for (const [type, key] of [
      ['logical', 'logical_block_size'],
      ['physical', 'physical_block_size'],
    ] as const) {
      const v = num(doc[key]);
      if (v !== undefined) {
        this.#blockSize.set({ device, blocks_type: type }, v);
        blockTypes.push(type);
      }
    }
    const rpm = num(doc.rotation_rate);
    if (rpm !== undefined) this.#rotationRate.set({ device }, rpm);
    const defects = num(doc.scsi_grown_defect_list);
    if (defects !== undefined) this.#grownDefects.set(identity, defects);
    const log = obj(doc.scsi_error_counter_log);
    for (const [path, gauge] of this.#counters) {
      const [page, key] = path.split('.') as [string, string];
      const v = num(obj(log?.[page])?.[key]);
      if (v !== undefined) gauge.set(identity, v);
    }
    this.#refreshed.set({ device }, Date.now() / 1000);
    this.#refreshSeconds.set({ device }, seconds);
    this.#labels.set(device, { info, identity, temperatures, blockTypes });
  }

  /** Records a failed reading: `smartctl_device_status 0`, and no stale facts. */
  failed(device: string, seconds: number): void {
    this.#forget(device);
    this.#status.set({ device }, 0);
    this.#refreshed.set({ device }, Date.now() / 1000);
    this.#refreshSeconds.set({ device }, seconds);
  }

  /** Removes every gauge of a device that is no longer served. */
  remove(device: string): void {
    this.#forget(device);
    for (const g of [this.#status, this.#refreshed, this.#refreshSeconds]) g.remove({ device });
  }

  #forget(device: string): void {
    const last = this.#labels.get(device);
    if (!last) return;
    this.#labels.delete(device);
    this.#info.remove(last.info);
    for (const g of [this.#smartStatus, this.#powerOnSeconds, this.#powerCycles, this.#capacityBytes, this.#capacityBlocks, this.#rotationRate]) g.remove({ device });
    for (const type of last.temperatures) this.#temperature.remove({ device, temperature_type: type });
    for (const type of last.blockTypes) this.#blockSize.remove({ device, blocks_type: type });
    this.#grownDefects.remove(last.identity);
    for (const g of this.#counters.values()) g.remove(last.identity);
  }
}
