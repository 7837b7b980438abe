/**
 * Types of decoded sense data (SPC-6 clause 4.4).
 *
 * @packageDocumentation
 */

/** The sense data response codes this package decodes. */
export type SenseResponseCode = 0x70 | 0x71 | 0x72 | 0x73;

/** The two sense data formats of SPC. */
export type SenseFormat = 'fixed' | 'descriptor';

/**
 * The SENSE KEY SPECIFIC field (3 bytes, SKSV set), decoded by the sense key
 * it belongs to. `raw` is the whole 24-bit field, SKSV bit included.
 */
export type SenseKeySpecific =
  | {
      /** ILLEGAL REQUEST: which byte (and bit) of the CDB or parameter data is wrong. */
      readonly kind: 'field-pointer';
      /** C/D: true if the error is in the CDB, false if in the parameter data. */
      readonly cd: boolean;
      /** BPV: whether `bitPointer` is valid. */
      readonly bpv: boolean;
      /** The bit (7..0) within the byte; meaningful only when `bpv`. */
      readonly bitPointer: number;
      /** The byte offset within the CDB or parameter data. */
      readonly fieldPointer: number;
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    }
  | {
      /** NO SENSE or NOT READY: how far a long operation (format, sanitize...) has gone. */
      readonly kind: 'progress';
      /** The PROGRESS INDICATION field, 0..65535 (65536 = done). */
      readonly progress: number;
      /** `progress / 65536`, from 0 (inclusive) to 1 (exclusive). */
      readonly fraction: number;
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    }
  | {
      /** RECOVERED ERROR, MEDIUM ERROR or HARDWARE ERROR: the retries spent. */
      readonly kind: 'retry-count';
      /** The ACTUAL RETRY COUNT field (vendor-specific meaning). */
      readonly actualRetryCount: number;
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    }
  | {
      /** COPY ABORTED: where in the copy parameter list the error is. */
      readonly kind: 'segment-pointer';
      /** SD: true if `fieldPointer` is relative to the segment descriptor, false if to the parameter list. */
      readonly sd: boolean;
      /** BPV: whether `bitPointer` is valid. */
      readonly bpv: boolean;
      /** The bit (7..0) within the byte; meaningful only when `bpv`. */
      readonly bitPointer: number;
      /** The byte offset. */
      readonly fieldPointer: number;
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    }
  | {
      /** UNIT ATTENTION: whether the unit attention condition queue overflowed. */
      readonly kind: 'unit-attention-queue';
      /** OVERFLOW bit. */
      readonly overflow: boolean;
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    }
  | {
      /** A sense key for which SPC defines no sense-key-specific layout. */
      readonly kind: 'other';
      /** The whole 24-bit field, SKSV bit included. */
      readonly raw: number;
    };

/** One target port group of a user data segment referral. */
export interface ReferralTargetPortGroup {
  /** ASYMMETRIC ACCESS STATE (0 active/optimized, 1 active/non-optimized, 2 standby, 3 unavailable, ...). */
  readonly asymmetricAccessState: number;
  /** TARGET PORT GROUP identifier. */
  readonly targetPortGroup: number;
}

/** One user data segment of a referral descriptor (SBC). */
export interface UserDataSegment {
  /** First LBA of the segment. */
  readonly firstLba: bigint;
  /** Last LBA of the segment. */
  readonly lastLba: bigint;
  /** Where the segment can be reached. */
  readonly targetPortGroups: readonly ReferralTargetPortGroup[];
}

/** The designation descriptor (as in VPD page 0x83) of a device designation sense data descriptor. */
export interface SenseDesignator {
  /** PROTOCOL IDENTIFIER (meaningful only when `piv`). */
  readonly protocolIdentifier: number;
  /** CODE SET (1 binary, 2 ASCII, 3 UTF-8). */
  readonly codeSet: number;
  /** PIV bit. */
  readonly piv: boolean;
  /** ASSOCIATION (0 logical unit, 1 target port, 2 target device). */
  readonly association: number;
  /** DESIGNATOR TYPE (3 = NAA, 2 = EUI-64, 8 = SCSI name string, ...). */
  readonly designatorType: number;
  /** The designator bytes. */
  readonly designator: Uint8Array;
}

/** Fields every decoded sense data descriptor has. */
interface DescriptorCommon {
  /** The DESCRIPTOR TYPE byte. */
  readonly descriptorType: number;
  /** Byte offset of the descriptor within the sense buffer. */
  readonly offset: number;
  /** The whole descriptor, header included (a view into the input). */
  readonly bytes: Uint8Array;
}

/** An information sense data descriptor (type 0x00). */
export interface InformationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'information';
  /** VALID bit: the information field is as defined by the command standard. */
  readonly valid: boolean;
  /** The INFORMATION field (8 bytes), e.g. the LBA of a medium error. */
  readonly information: bigint;
}

/** A command-specific information sense data descriptor (type 0x01). */
export interface CommandSpecificDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'command-specific';
  /** The COMMAND-SPECIFIC INFORMATION field (8 bytes). */
  readonly commandSpecific: bigint;
}

/** A sense key specific sense data descriptor (type 0x02). */
export interface SenseKeySpecificDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'sense-key-specific';
  /** SKSV bit. */
  readonly sksv: boolean;
  /** The decoded field, present when `sksv`. */
  readonly senseKeySpecific?: SenseKeySpecific;
}

/** A field replaceable unit sense data descriptor (type 0x03). */
export interface FruDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'fru';
  /** The FIELD REPLACEABLE UNIT CODE (vendor specific; 0 = none). */
  readonly fru: number;
}

/** A stream commands sense data descriptor (type 0x04, SSC). */
export interface StreamCommandsDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'stream-commands';
  /** FILEMARK: the command reached a filemark or setmark. */
  readonly filemark: boolean;
  /** EOM: end of medium (or beginning of partition) reached. */
  readonly eom: boolean;
  /** ILI: the requested length did not match the logical block length. */
  readonly ili: boolean;
}

/** A block commands sense data descriptor (type 0x05, SBC). */
export interface BlockCommandsDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'block-commands';
  /** ILI: the requested length did not match the logical block length. */
  readonly ili: boolean;
}

/** An OSD object identification sense data descriptor (type 0x06). */
export interface OsdObjectIdentificationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'osd-object-identification';
  /** NOT INITIATED COMMANDS bit mask. */
  readonly notInitiatedCommands: number;
  /** COMPLETED COMMANDS bit mask. */
  readonly completedCommands: number;
  /** PARTITION_ID of the object the command addressed. */
  readonly partitionId: bigint;
  /** USER_OBJECT_ID of the object the command addressed. */
  readonly objectId: bigint;
}

/** An OSD response integrity check value sense data descriptor (type 0x07). */
export interface OsdResponseIntegrityDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'osd-response-integrity-check';
  /** The 32-byte RESPONSE INTEGRITY CHECK VALUE. */
  readonly integrityCheckValue: Uint8Array;
}

/** An OSD attribute identification sense data descriptor (type 0x08). */
export interface OsdAttributeIdentificationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'osd-attribute-identification';
  /** The attributes named (attributes page, attribute number). */
  readonly attributes: readonly {
    /** ATTRIBUTES PAGE. */
    readonly page: number;
    /** ATTRIBUTE NUMBER. */
    readonly number: number;
  }[];
}

/** An ATA status return sense data descriptor (type 0x09, SAT). */
export interface AtaStatusReturnDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'ata-status-return';
  /** EXTEND: 48-bit (true) or 28-bit register values. */
  readonly extend: boolean;
  /** ATA ERROR register. */
  readonly error: number;
  /** COUNT (16 bits when `extend`, else 8). */
  readonly count: number;
  /** LBA (48 bits when `extend`, else 24). */
  readonly lba: number;
  /** ATA DEVICE register. */
  readonly device: number;
  /** ATA STATUS register. */
  readonly status: number;
}

/** Another progress indication sense data descriptor (type 0x0a). */
export interface ProgressIndicationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'progress-indication';
  /** Sense key of the operation in progress. */
  readonly senseKey: number;
  /** ADDITIONAL SENSE CODE of the operation in progress. */
  readonly asc: number;
  /** ADDITIONAL SENSE CODE QUALIFIER of the operation in progress. */
  readonly ascq: number;
  /** PROGRESS INDICATION, 0..65535. */
  readonly progress: number;
  /** `progress / 65536`. */
  readonly fraction: number;
}

/** A user data segment referral sense data descriptor (type 0x0b, SBC). */
export interface UserDataSegmentReferralDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'user-data-segment-referral';
  /** NOT_ALL_R: not every referral is listed. */
  readonly notAllReferrals: boolean;
  /** The user data segment referral descriptors. */
  readonly segments: readonly UserDataSegment[];
}

/** A forwarded sense data descriptor (type 0x0c): sense data from a copy source or destination. */
export interface ForwardedSenseDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'forwarded-sense';
  /** FSDT: forwarded sense data truncated. */
  readonly fsdt: boolean;
  /** SENSE DATA SOURCE (0 the extended copy source device, 1 the destination device). */
  readonly senseDataSource: number;
  /** The SCSI status the forwarding device returned. */
  readonly forwardedStatus: number;
  /** The forwarded sense data bytes. */
  readonly forwardedSense: Uint8Array;
  /** The forwarded sense data decoded, when it could be. */
  readonly decoded?: SenseData;
}

/** A direct-access block device sense data descriptor (type 0x0d, SBC). */
export interface DirectAccessBlockDeviceDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'direct-access-block-device';
  /** VALID: INFORMATION holds what the standard defines for this error. */
  readonly valid: boolean;
  /** ILI: the requested length did not match the logical block length. */
  readonly ili: boolean;
  /** SKSV: the sense key specific bytes are valid. */
  readonly sksv: boolean;
  /** The sense key specific information, decoded (when SKSV is set). */
  readonly senseKeySpecific?: SenseKeySpecific;
  /** FIELD REPLACEABLE UNIT CODE (vendor specific; 0 = none). */
  readonly fru: number;
  /** INFORMATION (often the LBA of the error). */
  readonly information: bigint;
  /** COMMAND-SPECIFIC INFORMATION. */
  readonly commandSpecific: bigint;
}

/** A device designation sense data descriptor (type 0x0e). */
export interface DeviceDesignationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'device-designation';
  /** DESIGNATOR USAGE REASON (1 = resend this and further commands to the designated logical unit). */
  readonly usageReason: number;
  /** The designator of the logical unit to send commands to. */
  readonly designation: SenseDesignator;
}

/** A microcode activation sense data descriptor (type 0x0f). */
export interface MicrocodeActivationDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'microcode-activation';
  /** MICROCODE ACTIVATION TIME in seconds (0 = unknown). */
  readonly activationTime: number;
}

/** A vendor specific (0x80..0xff) or reserved descriptor, kept as bytes. */
export interface OpaqueDescriptor extends DescriptorCommon {
  /** Discriminator: the descriptor type. */
  readonly type: 'vendor-specific' | 'reserved';
  /** The descriptor's bytes after its 2-byte header. */
  readonly data: Uint8Array;
}

/** A decoded sense data descriptor, discriminated by `type`. */
export type SenseDescriptor =
  | InformationDescriptor
  | CommandSpecificDescriptor
  | SenseKeySpecificDescriptor
  | FruDescriptor
  | StreamCommandsDescriptor
  | BlockCommandsDescriptor
  | OsdObjectIdentificationDescriptor
  | OsdResponseIntegrityDescriptor
  | OsdAttributeIdentificationDescriptor
  | AtaStatusReturnDescriptor
  | ProgressIndicationDescriptor
  | UserDataSegmentReferralDescriptor
  | ForwardedSenseDescriptor
  | DirectAccessBlockDeviceDescriptor
  | DeviceDesignationDescriptor
  | MicrocodeActivationDescriptor
  | OpaqueDescriptor;

/** The `type` names of {@link SenseDescriptor}. */
export type SenseDescriptorType = SenseDescriptor['type'];

/**
 * Decoded sense data, fixed or descriptor format, with the fields of both
 * formats brought to the same names.
 */
export interface SenseData {
  /** RESPONSE CODE: 0x70/0x71 fixed, 0x72/0x73 descriptor. */
  readonly responseCode: SenseResponseCode;
  /** `'fixed'` or `'descriptor'`, from the response code. */
  readonly format: SenseFormat;
  /** True for current errors (0x70/0x72), false for deferred errors (0x71/0x73). */
  readonly current: boolean;
  /**
   * Fixed format: the VALID bit (INFORMATION is as the standard defines it).
   * Descriptor format: the VALID bit of the information descriptor, false without one.
   */
  readonly valid: boolean;
  /** SENSE KEY, 0..15. */
  readonly senseKey: number;
  /** The sense key's name, e.g. `"Illegal Request"`. */
  readonly senseKeyName: string;
  /** ADDITIONAL SENSE CODE (0 when the data stops before it). */
  readonly asc: number;
  /** ADDITIONAL SENSE CODE QUALIFIER (0 when the data stops before it). */
  readonly ascq: number;
  /**
   * Whether the data reaches the ASC byte (fixed byte 12, descriptor byte 2).
   * When false, `asc` and `ascq` are 0 and mean nothing.
   */
  readonly ascPresent: boolean;
  /**
   * The ASC/ASCQ description from the T10 table (range and vendor-specific
   * entries included), or a note that the data ends before the ASC.
   */
  readonly ascText: string;
  /**
   * INFORMATION: fixed format, bytes 3..6 whenever present (check `valid`);
   * descriptor format, from the information (or direct-access block device) descriptor.
   */
  readonly information?: bigint;
  /** COMMAND-SPECIFIC INFORMATION: fixed bytes 8..11, or from its descriptor. */
  readonly commandSpecific?: bigint;
  /** The sense key specific field, when SKSV is set. */
  readonly senseKeySpecific?: SenseKeySpecific;
  /** FIELD REPLACEABLE UNIT CODE, when present and not zero. */
  readonly fru?: number;
  /** FILEMARK (fixed byte 2, or the stream commands descriptor). */
  readonly filemark: boolean;
  /** EOM (fixed byte 2, or the stream commands descriptor). */
  readonly eom: boolean;
  /** ILI (fixed byte 2, or the stream/block commands or direct-access block device descriptor). */
  readonly ili: boolean;
  /** SDAT_OVFL: the device had more sense data than fit. */
  readonly sdatOverflow: boolean;
  /** ADDITIONAL SENSE LENGTH (byte 7), or undefined when the data stops before it. */
  readonly additionalLength?: number;
  /** Fixed format: the additional sense bytes from byte 18 on (empty if none). */
  readonly additionalBytes?: Uint8Array;
  /** Descriptor format: every descriptor in order (empty for fixed format). */
  readonly descriptors: readonly SenseDescriptor[];
  /** Number of bytes decoded (8 + additional length, or less when truncated). */
  readonly length: number;
  /**
   * True when the buffer ended before the length the sense data declares
   * (a short allocation length, or a short `sb_len_wr`): the fields that
   * would lie past the end are absent or zero.
   */
  readonly truncated: boolean;
}
