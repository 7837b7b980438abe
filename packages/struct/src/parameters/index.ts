/** Encoders of data-out parameter lists (what a command sends after its CDB). */
export { encodePrOutParameters, encodePrRegisterAndMoveParameters, type PrOutParameters, type PrRegisterAndMoveParameters } from './persistent-reserve-out.js';
