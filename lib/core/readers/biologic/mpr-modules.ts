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
 * All integers are little-endian. The modules are read in file order from a `ByteCursor`, so the
 * data module can be decoded as it streams in.
 */
import { EmptyFileError, ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { latin1Slice } from '../text/decode.ts';
import type { ByteCursor } from './byte-cursor.ts';

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

/**
 * Reads and checks the file header (magic and padding) from the cursor; an empty stream is an
 * `EmptyFileError`, one that is not an `.mpr` a `ReaderError`.
 */
export async function readFileHeader(cursor: ByteCursor, file: string): Promise<void> {
  const header = await cursor.take(MPR_FILE_HEADER_BYTES);
  if (header.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'a BioLogic .mpr file',
    });
  }
  const available = Math.min(header.length, MPR_MAGIC.length);
  const startsLikeMagic = latin1Slice(header, 0, available) === MPR_MAGIC.slice(0, available);
  if (!startsLikeMagic) {
    throw new ReaderError(message.badMagic(file, `"${MPR_MAGIC}"`), {
      location: { file, byteOffset: 0 },
      expected: `"${MPR_MAGIC}"`,
    });
  }
  need(header, file, 'file header', 0, MPR_FILE_HEADER_BYTES);
}

/**
 * Reads the next module header from the cursor, leaving it at the module's data; null at the end of
 * the stream. A header cut short is a `TruncatedFileError`.
 */
export async function readModuleHeader(cursor: ByteCursor, file: string): Promise<MprModule | null> {
  if (await cursor.atEnd()) return null;
  const offset = cursor.offset;
  const magic = await cursor.take(MODULE_MAGIC.length);
  need(magic, file, 'module magic', offset, MODULE_MAGIC.length, offset);
  if (latin1Slice(magic, 0, MODULE_MAGIC.length) !== MODULE_MAGIC) {
    throw new ReaderError(message.moduleExpected(file, offset), {
      location: { file, byteOffset: offset },
      expected: '"MODULE"',
    });
  }
  const headerOffset = cursor.offset;
  let header = await cursor.take(OLD_HEADER_BYTES);
  need(header, file, 'module header', headerOffset, OLD_HEADER_BYTES, headerOffset);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const isNewLayout = view.getUint32(35, true) === NEW_LAYOUT_MARK;
  if (isNewLayout) {
    const rest = await cursor.take(NEW_HEADER_BYTES - OLD_HEADER_BYTES);
    const whole = new Uint8Array(OLD_HEADER_BYTES + rest.length);
    whole.set(header);
    whole.set(rest, OLD_HEADER_BYTES);
    header = whole;
    need(header, file, 'module header', headerOffset, NEW_HEADER_BYTES, headerOffset);
  }
  const fields = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const dateAt = isNewLayout ? 51 : 43;
  return {
    name: latin1Slice(header, 0, 10).trim(),
    offset,
    dataOffset: cursor.offset,
    length: fields.getUint32(isNewLayout ? 39 : 35, true),
    version: fields.getUint32(isNewLayout ? 43 : 39, true),
    date: latin1Slice(header, dateAt, dateAt + 8),
  };
}

/** The whole data of a (small) module, which the cursor is at; a module cut short is a `TruncatedFileError`. */
export async function readModuleData(
  cursor: ByteCursor,
  module: MprModule,
  file: string,
): Promise<Uint8Array> {
  const data = await cursor.take(module.length);
  needModuleData(module, data.length, file);
  return data;
}

/** Throws a `TruncatedFileError` unless `available` bytes of the module's data were there. */
export function needModuleData(module: MprModule, available: number, file: string): void {
  if (available >= module.length) return;
  throw new TruncatedFileError(
    message.truncatedBinary(file, `module "${module.name}"`, module.dataOffset, module.length, available),
    {
      location: { file, byteOffset: module.dataOffset },
      expected: `${module.length} bytes of module "${module.name}"`,
    },
  );
}

/**
 * Throws a `TruncatedFileError` unless `bytes` holds `needed` bytes from the absolute `offset`;
 * `bytes[0]` lies at the absolute offset `origin`.
 */
export function need(
  bytes: Uint8Array,
  file: string,
  what: string,
  offset: number,
  needed: number,
  origin = 0,
): void {
  const available = Math.max(bytes.length - (offset - origin), 0);
  if (available >= needed) return;
  throw new TruncatedFileError(message.truncatedBinary(file, what, offset, needed, available), {
    location: { file, byteOffset: offset },
    expected: `${needed} bytes of ${what}`,
  });
}
