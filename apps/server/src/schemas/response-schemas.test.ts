/** Response schemas avoid what makes fast-json-stringify compile an Ajv validator while it answers. */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { testConfig } from '../test-support/app.js';
import { FakeDevices } from '../test-support/fake-devices.js';

/** JSON pointers of every anyOf, oneOf, allOf or if inside `node`. */
function branchingKeywords(node: unknown, at: string, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((v, i) => branchingKeywords(v, `${at}/${i}`, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'anyOf' || k === 'oneOf' || k === 'allOf' || k === 'if') found.push(`${at}/${k}`);
      branchingKeywords(v, `${at}/${k}`, found);
    }
  }
  return found;
}

describe('response schemas', () => {
  it('use type lists, not anyOf/oneOf/allOf/if (fast-json-stringify compiles an Ajv validator on the first response for those)', async () => {
    const app = await buildApp(testConfig(), { devices: new FakeDevices(), metrics: new ServerMetrics({ processMetrics: false }), logger: false });
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, { responses?: unknown }>>; components?: { schemas?: unknown } };
    const found: string[] = [];
    let responses = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.responses === undefined) continue;
        responses++;
        branchingKeywords(op.responses, `${method.toUpperCase()} ${path}`, found);
      }
    }
    branchingKeywords(doc.components?.schemas, 'components', found);
    expect(responses).toBeGreaterThan(10);
    expect(found).toEqual([]);
    await app.close();
  });
});
