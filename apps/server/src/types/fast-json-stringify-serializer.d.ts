// fast-json-stringify ships no types for its helper module; sgiod restores
// generated serializers with it (http/precompiled-serializers.ts).
declare module 'fast-json-stringify/lib/serializer.js' {
  /** The helper object generated serializers call (asString, asInteger, ...). */
  export default class Serializer {
    /** A helper object with the options recorded by `getState()` when the serializer was generated. */
    static restoreFromState(state: Readonly<Record<string, unknown>>): Serializer;
    /** The options it was built with. */
    getState(): Record<string, unknown>;
  }
}
