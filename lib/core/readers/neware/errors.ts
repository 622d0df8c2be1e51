/** Typed errors of the Neware readers. */
import { ReaderError } from '../../errors.ts';
import { message } from '../../messages.ts';

/** A Neware file (or an ndc part of an `.ndax`) in a layout version this reader does not decode. */
export class UnsupportedNewareVersionError extends ReaderError {
  /** The version as the file states it, e.g. `29`, `130 (sub-format 0x20)`, `ndc 12 file type 18`. */
  readonly version: string;

  constructor(file: string, what: string, version: string | number, supported: string, entry?: string) {
    super(message.unsupportedVersion(file, what, version), {
      location: entry === undefined ? { file, byteOffset: 0 } : { file, column: entry },
      expected: supported,
    });
    this.version = String(version);
  }
}
