/** Type tests: a third-party definition gets the same inference as a built-in one. */
import type { CommandResult, SgDevice } from '@sgio/core';
import { createDecoderRegistry, decodeLogPage, type CdbDefinition, type LogPage } from '@sgio/struct';
import type { AcmeHealthLog } from './acme-health-log.js';
import { describe, expectTypeOf, it } from 'vitest';
import { acmeReadHealth } from './acme-read-health.js';
import { acmeCommands } from './pack.js';

describe('types of the vendor pack', () => {
  it('infers the field names and value types', () => {
    expectTypeOf(acmeReadHealth.decode(new Uint8Array(12))).toEqualTypeOf<{ detailed: boolean; sinceHours: number; allocationLength: number; control: number }>();
    expectTypeOf(acmeReadHealth.encode).parameter(0).toEqualTypeOf<{ detailed?: boolean; sinceHours?: number; allocationLength?: number; control?: number } | undefined>();
    expectTypeOf(acmeReadHealth.id).toEqualTypeOf<'acmeReadHealth'>();
  });

  it('rejects unknown fields and wrong value types', () => {
    // @ts-expect-error: not a field of ACME READ HEALTH
    acmeReadHealth.encode({ verbose: true });
    // @ts-expect-error: a flag takes a boolean
    acmeReadHealth.encode({ detailed: 1 });
  });

  it('keeps the definitions typed inside the pack', () => {
    expectTypeOf(acmeCommands.name).toEqualTypeOf<'acme'>();
    expectTypeOf(acmeCommands.commands[0]).toEqualTypeOf<typeof acmeReadHealth>();
    expectTypeOf(acmeReadHealth).toExtend<CdbDefinition>();
  });

  it('types the fields of SgDevice.execute from the definition', () => {
    const run = (dev: SgDevice) => dev.execute(acmeReadHealth, { sinceHours: 1 });
    expectTypeOf(run).returns.toEqualTypeOf<Promise<CommandResult>>();
    // @ts-expect-error: execute checks the fields against the definition
    const bad = (dev: SgDevice) => dev.execute(acmeReadHealth, { sinceHours: 'one' });
    expectTypeOf(bad).toBeFunction();
  });

  it('adds the pack page type to a registry that uses the pack', () => {
    const _page = decodeLogPage(new Uint8Array(4), createDecoderRegistry().use(acmeCommands));
    expectTypeOf<AcmeHealthLog>().toExtend<typeof _page>();
    expectTypeOf<typeof _page>().toExtend<AcmeHealthLog | LogPage>();
  });
});
