/**
 * The module structure of a BioLogic `.mpr` file, as galvani's `BioLogic.py` (`echemdata/galvani`)
 * and yadg's `eclab/mpr.py` (`dgbowl/yadg`) document it:
 *
 * ```
 * 0x00  "BIO-LOGIC MODULAR FILE\x1a" padded with spaces to 48 bytes, then 4 zero bytes
 * 0x34  "MODULE" + module header + module data, repeated: VMP Set, VMP data, VMP LOG, VMP loop …
 *
 * module header (EC-Lab < 11.50, 51 bytes)      module header (EC-Lab ≥ 11.50, 59 bytes)
 *   0  short name  10 B ("VMP data  ")            0  short name  10 B
 *  10  long name   25 B                          10  long name   25 B
 *  35  length      u32 (bytes of module data)    35  0xFFFFFFFF  u32 (marks this layout)
 *  39  version     u32                           39  length      u32
 *  43  date         8 B ("01/10/24", MM/DD/YY)   43  version     u32
 *                                                47  (10, or 11 for data) u32
 *                                                51  date         8 B
 * ```
 *
 * All integers are little-endian.
 */
import { ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { latin1Slice } from '../text/decode.ts';

export const MPR_MAGIC = 'BIO-LOGIC MODULAR FILE';
/** Bytes of the file header before the first module. */
export const MPR_FILE_HEADER_BYTES = 52;
const MODULE_MAGIC = 'MODULE';
const OLD_HEADER_BYTES = 51;
const NEW_HEADER_BYTES = 59;
const NEW_LAYOUT_MARK = 0xffffffff;

export interface MprModule {
  /** Short name without padding: `VMP Set`, `VMP data`, `VMP LOG`, `VMP loop`, `VMP ExtDev`. */
  name: string;
  /** Byte offset of the module's `MODULE` magic. */
  offset: number;
  /** Byte offset of the module's data, after its header. */
  dataOffset: number;
  /** Bytes of module data. */
  length: number;
  version: number;
  /** Date as written, `MM/DD/YY`. */
  date: string;
}

/** Checks the file magic and walks the modules; a module cut short is a `TruncatedFileError`. */
export function readMprModules(bytes: Uint8Array, file: string): MprModule[] {
  checkMagic(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const modules: MprModule[] = [];
  let offset = MPR_FILE_HEADER_BYTES;
  while (offset < bytes.length) {
    need(bytes, file, 'module magic', offset, MODULE_MAGIC.length);
    if (latin1Slice(bytes, offset, offset + MODULE_MAGIC.length) !== MODULE_MAGIC) {
      throw new ReaderError(message.moduleExpected(file, offset), {
        location: { file, byteOffset: offset },
        expected: '"MODULE"',
      });
    }
    const header = offset + MODULE_MAGIC.length;
    need(bytes, file, 'module header', header, OLD_HEADER_BYTES);
    const isNewLayout = view.getUint32(header + 35, true) === NEW_LAYOUT_MARK;
    if (isNewLayout) need(bytes, file, 'module header', header, NEW_HEADER_BYTES);
    const name = latin1Slice(bytes, header, header + 10).trim();
    const length = view.getUint32(header + (isNewLayout ? 39 : 35), true);
    const version = view.getUint32(header + (isNewLayout ? 43 : 39), true);
    const dateOffset = header + (isNewLayout ? 51 : 43);
    const dataOffset = header + (isNewLayout ? NEW_HEADER_BYTES : OLD_HEADER_BYTES);
    need(bytes, file, `module "${name}"`, dataOffset, length);
    modules.push({
      name,
      offset,
      dataOffset,
      length,
      version,
      date: latin1Slice(bytes, dateOffset, dateOffset + 8),
    });
    offset = dataOffset + length;
  }
  return modules;
}

function checkMagic(bytes: Uint8Array, file: string): void {
  const available = Math.min(bytes.length, MPR_MAGIC.length);
  const startsLikeMagic = latin1Slice(bytes, 0, available) === MPR_MAGIC.slice(0, available);
  if (!startsLikeMagic) {
    throw new ReaderError(message.badMagic(file, `"${MPR_MAGIC}"`), {
      location: { file, byteOffset: 0 },
      expected: `"${MPR_MAGIC}"`,
    });
  }
  need(bytes, file, 'file header', 0, MPR_FILE_HEADER_BYTES);
}

/** Throws a `TruncatedFileError` unless `bytes` holds `needed` bytes from `offset`. */
export function need(bytes: Uint8Array, file: string, what: string, offset: number, needed: number): void {
  const available = Math.max(bytes.length - offset, 0);
  if (available >= needed) return;
  throw new TruncatedFileError(message.truncatedBinary(file, what, offset, needed, available), {
    location: { file, byteOffset: offset },
    expected: `${needed} bytes of ${what}`,
  });
}
