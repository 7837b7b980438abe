/**
 * The Grafana dashboard and the Prometheus alert rules shipped in
 * `monitoring/` ask only for metrics sgiod exports (a renamed metric would
 * otherwise leave a blank panel or an alert that never fires).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './metrics.js';

const dir = new URL('../../monitoring/', import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL('grafana-dashboard.json', dir), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[]; templating: { list: { definition: string }[] } };
const alerts = readFileSync(new URL('alerts.yml', dir), 'utf8');

/** The sgiod_* and smartctl_* metric names an expression reads (histogram series reduced to their metric). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:sgiod|smartctl)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));
}

const exported = new Set((new ServerMetrics().registry.getMetricsAsArray() as { name: string }[]).map((m) => m.name));

describe('monitoring files', () => {
  it('every dashboard query reads metrics sgiod exports', () => {
    const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => v.definition)];
    expect(exprs.length).toBeGreaterThan(10);
    const used = new Set(exprs.flatMap(metricsIn));
    expect([...used].filter((m) => !exported.has(m))).toEqual([]);
    for (const m of ['smartctl_device_smart_status', 'smartctl_device_temperature', 'sgiod_scsi_commands_total', 'sgiod_scsi_command_duration_seconds', 'sgiod_scsi_command_seconds_total']) expect(used).toContain(m);
  });

  it('the alert rules cover SMART failed, temperature at trip, grown defects rising and device gone, with metrics sgiod exports', () => {
    const rules = [...alerts.matchAll(/- alert: (\S+)\n\s+expr: (.+)\n\s+for: (\S+)/g)].map((m) => ({ alert: m[1]!, expr: m[2]!, for: m[3]! }));
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['SgiodSmartFailed', 'SgiodTemperatureAboveTrip', 'SgiodGrownDefectsRising', 'SgiodDeviceGone']));
    expect(rules.length).toBe((alerts.match(/- alert:/g) ?? []).length);
    expect(rules.flatMap((r) => metricsIn(r.expr)).filter((m) => !exported.has(m))).toEqual([]);
  });
});
