/**
 * The Prometheus metrics of one server: SCSI commands by opcode and outcome,
 * their latency, bytes moved, errors by sense key, commands in flight (and
 * the most ever in flight) per device, HTTP requests (answered, and in
 * flight), Node's process
 * metrics, and the devices' health under smartctl_exporter's names. Each server has its own registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HealthGauges } from './health-gauges.js';

/** How a SCSI command ended, as a metric label. */
export type CommandOutcome = 'ok' | 'check_condition' | 'status' | 'transport' | 'timeout' | 'gone' | 'canceled' | 'error';

/**
 * Told of every command {@link ServerMetrics.observeCommand} records, with
 * the same values (the web console's sampler is one). Called on the
 * command's completion path: it must be cheap and must not throw.
 */
export type CommandObserver = (device: string, outcome: CommandOutcome, seconds: number, bytes: { readonly direction: 'read' | 'write'; readonly count: number } | undefined) => void;

/** The metrics of one server. */
export class ServerMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  /** `sgiod_scsi_commands_total{device,opcode,command,outcome}`. */
  readonly commands: Counter<'device' | 'opcode' | 'command' | 'outcome'>;
  /** `sgiod_scsi_command_duration_seconds{opcode,command}`. */
  readonly latency: Histogram<'opcode' | 'command'>;
  /**
   * `sgiod_scsi_command_seconds_total{device}`: time the device's commands
   * took, summed. Divided by the command rate it is the mean latency per
   * device that the web console draws; one series per device, where a
   * device label on the histogram would multiply its buckets.
   */
  readonly deviceSeconds: Counter<'device'>;
  /** `sgiod_scsi_bytes_total{device,direction}` (data moved, `read` or `write`). */
  readonly bytes: Counter<'device' | 'direction'>;
  /** `sgiod_scsi_sense_errors_total{sense_key}`. */
  readonly senseErrors: Counter<'sense_key'>;
  /** `sgiod_scsi_commands_in_flight{device}`. */
  readonly inFlight: Gauge<'device'>;
  /** `sgiod_scsi_commands_in_flight_peak{device}`: the most commands in flight at once. */
  readonly inFlightPeak: Gauge<'device'>;
  /** `sgiod_http_requests_total{method,route,status}`. */
  readonly http: Counter<'method' | 'route' | 'status'>;
  /** `sgiod_http_requests_in_flight`: requests received and not yet answered (a scrape counts itself). */
  readonly httpInFlight: Gauge;
  /** smartctl_exporter's health gauges (`smartctl_device_smart_status`, `smartctl_device_temperature`, ...), filled by the health refresher. */
  readonly health: HealthGauges;
  #observers: readonly CommandObserver[] = [];

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.commands = new Counter({
      name: 'sgiod_scsi_commands_total',
      help: 'SCSI commands completed, by device, opcode and outcome',
      labelNames: ['device', 'opcode', 'command', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'sgiod_scsi_command_duration_seconds',
      help: 'SCSI command latency (submission to completion)',
      labelNames: ['opcode', 'command'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    this.deviceSeconds = new Counter({
      name: 'sgiod_scsi_command_seconds_total',
      help: 'Seconds SCSI commands took (submission to completion), summed per device; over sgiod_scsi_commands_total it is the mean latency',
      labelNames: ['device'],
      registers,
    });
    this.bytes = new Counter({ name: 'sgiod_scsi_bytes_total', help: 'Data bytes moved by SCSI commands', labelNames: ['device', 'direction'], registers });
    this.senseErrors = new Counter({ name: 'sgiod_scsi_sense_errors_total', help: 'CHECK CONDITION outcomes by sense key', labelNames: ['sense_key'], registers });
    this.inFlight = new Gauge({ name: 'sgiod_scsi_commands_in_flight', help: 'SCSI commands in flight per device', labelNames: ['device'], registers });
    this.inFlightPeak = new Gauge({
      name: 'sgiod_scsi_commands_in_flight_peak',
      help: 'The most SCSI commands ever in flight at once per device',
      labelNames: ['device'],
      registers,
    });
    this.http = new Counter({ name: 'sgiod_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers });
    this.httpInFlight = new Gauge({ name: 'sgiod_http_requests_in_flight', help: 'HTTP requests received and not yet answered, this scrape included', registers });
    this.health = new HealthGauges(this.registry);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'sgiod_' });
  }

  /** Records one completed (or failed) command. */
  observeCommand(device: string, opcode: number, command: string, outcome: CommandOutcome, seconds: number, bytes: { direction: 'read' | 'write'; count: number } | undefined): void {
    const op = `0x${opcode.toString(16).padStart(2, '0')}`;
    this.commands.inc({ device, opcode: op, command, outcome });
    this.latency.observe({ opcode: op, command }, seconds);
    this.deviceSeconds.inc({ device }, seconds);
    if (bytes && bytes.count > 0) this.bytes.inc({ device, direction: bytes.direction }, bytes.count);
    for (const observe of this.#observers) observe(device, outcome, seconds, bytes);
  }

  /** Tells `observer` of every command recorded from now on; the function returned stops that. */
  observeCommands(observer: CommandObserver): () => void {
    this.#observers = [...this.#observers, observer];
    return () => {
      this.#observers = this.#observers.filter((o) => o !== observer);
    };
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Its content type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
