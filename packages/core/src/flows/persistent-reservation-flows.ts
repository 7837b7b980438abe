/**
 * Persistent reservations (SPC-6 5.14): PERSISTENT RESERVE IN (read keys,
 * read reservation, report capabilities, read full status) fetched whole and
 * decoded, and PERSISTENT RESERVE OUT for every service action with its
 * parameter list. A command another I_T nexus' reservation forbids ends in a
 * `ReservationConflictError`.
 */
import {
  PR_IN_SERVICE_ACTION,
  PR_OUT_SERVICE_ACTION,
  PR_TYPE,
  decodePrCapabilities,
  decodePrFullStatus,
  decodePrReadKeys,
  decodePrReadReservation,
  encodePrOutParameters,
  encodePrRegisterAndMoveParameters,
  persistentReserveIn,
  persistentReserveOut,
  type PrCapabilitiesData,
  type PrFullStatusData,
  type PrReadKeysData,
  type PrReadReservationData,
} from '@sgio/struct';
import { BlockRequestError } from '../commands/command-errors.js';
import type { CommandResult } from '../execute/result.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

/** A PERSISTENT RESERVE IN service action, by name. */
export type PrInAction = keyof typeof PR_IN_SERVICE_ACTION;

/** A PERSISTENT RESERVE OUT service action, by name. */
export type PrOutAction = keyof typeof PR_OUT_SERVICE_ACTION;

/** What each PERSISTENT RESERVE IN service action decodes to. */
export interface PrInData {
  /** READ KEYS. */
  readonly readKeys: PrReadKeysData;
  /** READ RESERVATION. */
  readonly readReservation: PrReadReservationData;
  /** REPORT CAPABILITIES. */
  readonly reportCapabilities: PrCapabilitiesData;
  /** READ FULL STATUS. */
  readonly readFullStatus: PrFullStatusData;
}

/** Options of {@link persistentReserveInFlow}. */
export interface PrInOptions extends CommandOptions {
  /** Most bytes to ask for when the device declares more (default 64 KiB - 1, the field's limit). */
  readonly maxLength?: number;
}

const DECODERS: { readonly [A in PrInAction]: (bytes: Uint8Array) => PrInData[A] } = {
  readKeys: decodePrReadKeys,
  readReservation: decodePrReadReservation,
  reportCapabilities: decodePrCapabilities,
  readFullStatus: decodePrFullStatus,
};

/**
 * PERSISTENT RESERVE IN with `action`: 1 KiB first, then the declared
 * length (READ KEYS and READ FULL STATUS lists can be long).
 *
 * @example
 * ```ts
 * const { decoded } = await runFlowAsync(dev, persistentReserveInFlow('readKeys'));
 * console.log(decoded.generation, decoded.keys);
 * ```
 */
export function* persistentReserveInFlow<A extends PrInAction>(action: A, options: PrInOptions = {}): CommandFlow<FlowResult<PrInData[A]>> {
  const serviceAction = PR_IN_SERVICE_ACTION[action];
  if (serviceAction === undefined) throw new BlockRequestError(`persistentReserveIn(): unknown action '${String(action)}'; use one of ${Object.keys(PR_IN_SERVICE_ACTION).join(', ')}`);
  const exec = commandOptions(options);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(persistentReserveIn, { serviceAction, allocationLength }, exec),
    1024,
    Math.min(options.maxLength ?? 0xffff, 0xffff),
    (d) => {
      // REPORT CAPABILITIES has a 2-byte LENGTH; the others a 4-byte ADDITIONAL LENGTH after the generation
      const n = action === 'reportCapabilities' ? lengthField(d, 0, 2) : lengthField(d, 4, 4);
      return n === undefined ? undefined : action === 'reportCapabilities' ? n : n + 8;
    },
  );
  return { data, result, decoded: decodeResponse(`PERSISTENT RESERVE IN (${action})`, data, DECODERS[action] as (b: Uint8Array) => PrInData[A]) };
}

/** What one PERSISTENT RESERVE OUT sends. */
export interface PrOutRequest {
  /** The service action. */
  readonly action: PrOutAction;
  /** RESERVATION KEY: the key this I_T nexus registered (0n or left out when it has none). */
  readonly key?: bigint;
  /** SERVICE ACTION RESERVATION KEY: the new key (register actions, 0n unregisters) or the key to preempt. */
  readonly serviceActionKey?: bigint;
  /** TYPE (see `PR_TYPE`): needed by reserve, release, preempt, preempt and abort, register and move. */
  readonly type?: number;
  /** APTPL: the registrations persist through power loss (register actions, register and move). */
  readonly aptpl?: boolean;
  /** ALL_TG_PT: register through every target port (register actions). */
  readonly allTargetPorts?: boolean;
  /** SPEC_I_PT with these TransportIDs (`encodeTransportId`): register other initiator ports too (register). */
  readonly transportIds?: readonly Uint8Array[];
  /** Register and move: the destination's TransportID. */
  readonly transportId?: Uint8Array;
  /** Register and move: the destination's RELATIVE TARGET PORT IDENTIFIER. */
  readonly relativeTargetPortId?: number;
  /** Register and move: UNREG, unregister this I_T nexus afterwards. */
  readonly unregister?: boolean;
}

const TYPED: ReadonlySet<PrOutAction> = new Set(['reserve', 'release', 'preempt', 'preemptAndAbort', 'registerAndMove', 'replaceLostReservation']);
const TYPES: ReadonlySet<number> = new Set(Object.values(PR_TYPE));

/** The parameter list `request` sends (24 bytes; more with SPEC_I_PT or REGISTER AND MOVE). */
export function prOutParameterList(request: PrOutRequest): Uint8Array {
  if (request.action === 'registerAndMove') {
    if (!request.transportId) throw new BlockRequestError('persistentReserveOut(registerAndMove): give the destination transportId (encodeTransportId) and relativeTargetPortId');
    return encodePrRegisterAndMoveParameters({
      reservationKey: request.key ?? 0n,
      serviceActionReservationKey: request.serviceActionKey ?? 0n,
      unregister: request.unregister ?? false,
      aptpl: request.aptpl ?? false,
      relativeTargetPortId: request.relativeTargetPortId ?? 0,
      transportId: request.transportId,
    });
  }
  const ids = request.transportIds ?? [];
  return encodePrOutParameters({
    reservationKey: request.key ?? 0n,
    serviceActionReservationKey: request.serviceActionKey ?? 0n,
    aptpl: request.aptpl ?? false,
    allTargetPorts: request.allTargetPorts ?? false,
    specifyInitiatorPorts: ids.length > 0,
    transportIds: ids,
  });
}

/**
 * PERSISTENT RESERVE OUT: register, register and ignore existing key,
 * reserve, release, clear, preempt, preempt and abort, register and move,
 * replace lost reservation. Scope is always the logical unit. Returns the
 * command's result.
 *
 * @example
 * ```ts
 * await runFlowAsync(dev, persistentReserveOutFlow({ action: 'register', serviceActionKey: 0x1234n }));
 * await runFlowAsync(dev, persistentReserveOutFlow({ action: 'reserve', key: 0x1234n, type: PR_TYPE.writeExclusive }));
 * ```
 */
export function* persistentReserveOutFlow(request: PrOutRequest, options: CommandOptions = {}): CommandFlow<CommandResult> {
  const serviceAction = PR_OUT_SERVICE_ACTION[request.action];
  if (serviceAction === undefined) throw new BlockRequestError(`persistentReserveOut(): unknown action '${String(request.action)}'; use one of ${Object.keys(PR_OUT_SERVICE_ACTION).join(', ')}`);
  const type = request.type ?? 0;
  if (TYPED.has(request.action) && !TYPES.has(type)) {
    throw new BlockRequestError(`persistentReserveOut(${request.action}): type must be one of ${[...TYPES].join(', ')} (PR_TYPE: 1 write exclusive, 3 exclusive access, 5/6 registrants only, 7/8 all registrants), got ${String(request.type)}`);
  }
  const data = prOutParameterList(request);
  return yield step(persistentReserveOut, { serviceAction, scope: 0, type: TYPED.has(request.action) ? type : 0, parameterListLength: data.length }, { ...commandOptions(options), data });
}
