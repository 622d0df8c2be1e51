/**
 * Reading the entries of a zip archive (an `.ndax`) with the platform's own inflater
 * (`DecompressionStream('deflate-raw')`), several times faster than a JavaScript inflater on the
 * megabytes of an ndc part. ZIP64 sizes and offsets (used by BTS for `data.ndc`) are followed.
 *
 * Format: PKWARE APPNOTE.TXT — end of central directory (sig 0x06054b50), ZIP64 locator
 * (0x07064b50) and record (0x06064b50), central directory headers (0x02014b50), local headers
 * (0x04034b50), methods 0 (stored) and 8 (deflate).
 */

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const ZIP64_EXTRA_ID = 0x0001;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const TWO_TO_32 = 4294967296;

/** A zip archive that cannot be read; `reason` says what is wrong, for the caller's message. */
export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Lists the entries of the central directory. Throws `ZipFormatError` for a damaged or cut archive. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (count === U16_MAX || directoryOffset === U32_MAX || directorySize === U32_MAX) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
      throw new ZipFormatError('the ZIP64 end-of-directory locator is missing');
    }
    const record = readUint64(view, locator + 8);
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD_SIGNATURE) {
      throw new ZipFormatError('the ZIP64 end-of-directory record is missing');
    }
    count = readUint64(view, record + 32);
    directorySize = readUint64(view, record + 40);
    directoryOffset = readUint64(view, record + 48);
  }
  if (directoryOffset + directorySize > bytes.length)
    throw new ZipFormatError('the central directory is cut off');
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError(`central directory entry ${k + 1} is damaged`);
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = new TextDecoder('latin1').decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    let compressedSize = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    let localHeaderOffset = view.getUint32(offset + 42, true);
    // ZIP64 extra field: the 64-bit values of whichever fields read 0xFFFFFFFF, in this order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === ZIP64_EXTRA_ID) {
        let field = extra + 4;
        if (size === U32_MAX) {
          size = readUint64(view, field);
          field += 8;
        }
        if (compressedSize === U32_MAX) {
          compressedSize = readUint64(view, field);
          field += 8;
        }
        if (localHeaderOffset === U32_MAX) localHeaderOffset = readUint64(view, field);
      }
      extra += 4 + length;
    }
    entries.push({
      name,
      method: view.getUint16(offset + 10, true),
      compressedSize,
      size,
      localHeaderOffset,
    });
    offset = extraEnd + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry. */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_SIGNATURE) {
    throw new ZipFormatError(`the local header of "${entry.name}" is damaged`);
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`"${entry.name}" is cut off`);
  const compressed = bytes.subarray(start, end);
  if (entry.method === 0) return compressed;
  if (entry.method !== 8) throw new ZipFormatError(`"${entry.name}" uses compression method ${entry.method}`);
  let inflated: Uint8Array;
  try {
    const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    inflated = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new ZipFormatError(`"${entry.name}" cannot be decompressed (${(error as Error).message})`);
  }
  if (inflated.length !== entry.size) {
    throw new ZipFormatError(
      `"${entry.name}" inflates to ${inflated.length} bytes, not the ${entry.size} announced`,
    );
  }
  return inflated;
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_BYTES - MAX_COMMENT_BYTES);
  for (let offset = view.byteLength - EOCD_BYTES; offset >= lowest; offset--) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) return offset;
  }
  throw new ZipFormatError('no end-of-central-directory record (the archive is cut off or not a zip)');
}

function readUint64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * TWO_TO_32;
}
