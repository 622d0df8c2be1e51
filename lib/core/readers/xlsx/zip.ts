/**
 * The zip container of an XLSX workbook: its central directory, and its parts inflated whole
 * (small XML parts) or in chunks (a worksheet can be hundreds of MB of XML).
 *
 * Layout (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16): each part is a local file header
 * (signature 0x04034b50, 30 bytes + name + extra) followed by its compressed bytes; the central
 * directory at the end lists every part with its sizes and the offset of its local header, and
 * the end-of-central-directory record (0x06054b50, 22 bytes + comment) closes the file.
 * Methods: 0 = stored, 8 = deflate (inflated by fflate).
 */
import { Inflate, inflateSync } from 'fflate';
import { ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_DIRECTORY_SIGNATURE = 0x06054b50;
const END_OF_DIRECTORY_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const ZIP64_MARKER = 0xffffffff;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Compressed bytes handed to the inflater at a time when streaming a part. */
const STREAM_SLICE_BYTES = 1 << 18;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const utf8 = new TextDecoder('utf-8');

function u16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function u32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

/** True when the bytes start like a zip archive (a local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL_HEADER_SIGNATURE;
}

/** Reads the central directory: every part of the archive by name. */
export function readZipDirectory(bytes: Uint8Array, file: string): Map<string, ZipEntry> {
  const endOffset = findEndOfDirectory(bytes);
  if (endOffset < 0) {
    if (isZip(bytes)) {
      throw new TruncatedFileError(
        message.truncatedBinary(file, 'the zip directory', bytes.length, END_OF_DIRECTORY_BYTES, 0),
        { location: { file, byteOffset: bytes.length }, expected: 'a complete .xlsx file' },
      );
    }
    throw new ReaderError(message.notAZipArchive(file), {
      location: { file, byteOffset: 0 },
      expected: 'an .xlsx workbook',
    });
  }
  const entryCount = u16(bytes, endOffset + 10);
  const directorySize = u32(bytes, endOffset + 12);
  const directoryOffset = u32(bytes, endOffset + 16);
  if (directoryOffset === ZIP64_MARKER || directorySize === ZIP64_MARKER) {
    throw new ReaderError(message.unsupportedVersion(file, 'zip', 'ZIP64 (a workbook over 4 GB)'), {
      location: { file, byteOffset: endOffset },
      expected: 'a workbook under 4 GB',
    });
  }
  if (directoryOffset + directorySize > endOffset) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        'the zip directory',
        directoryOffset,
        directorySize,
        endOffset - directoryOffset,
      ),
      { location: { file, byteOffset: directoryOffset }, expected: 'a complete .xlsx file' },
    );
  }
  const entries = new Map<string, ZipEntry>();
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + CENTRAL_HEADER_BYTES > endOffset || u32(bytes, offset) !== CENTRAL_HEADER_SIGNATURE) {
      throw new ReaderError(message.notAZipArchive(file), {
        location: { file, byteOffset: offset },
        expected: 'a zip central directory entry',
      });
    }
    const nameLength = u16(bytes, offset + 28);
    const extraLength = u16(bytes, offset + 30);
    const commentLength = u16(bytes, offset + 32);
    const name = utf8.decode(
      bytes.subarray(offset + CENTRAL_HEADER_BYTES, offset + CENTRAL_HEADER_BYTES + nameLength),
    );
    entries.set(name, {
      name,
      method: u16(bytes, offset + 10),
      compressedSize: u32(bytes, offset + 20),
      uncompressedSize: u32(bytes, offset + 24),
      localHeaderOffset: u32(bytes, offset + 42),
    });
    offset += CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Offset of the end-of-central-directory record, searching back over a possible comment; -1 if none. */
function findEndOfDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - END_OF_DIRECTORY_BYTES - MAX_COMMENT_BYTES);
  for (let offset = bytes.length - END_OF_DIRECTORY_BYTES; offset >= lowest; offset--) {
    if (bytes[offset] === 0x50 && u32(bytes, offset) === END_OF_DIRECTORY_SIGNATURE) return offset;
  }
  return -1;
}

/** The compressed bytes of a part, bounds-checked against the file. */
function compressedData(bytes: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const header = entry.localHeaderOffset;
  if (header + LOCAL_HEADER_BYTES > bytes.length || u32(bytes, header) !== LOCAL_HEADER_SIGNATURE) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        `the header of part "${entry.name}"`,
        header,
        LOCAL_HEADER_BYTES,
        bytes.length - header,
      ),
      { location: { file, byteOffset: header }, expected: 'a complete .xlsx file' },
    );
  }
  const start = header + LOCAL_HEADER_BYTES + u16(bytes, header + 26) + u16(bytes, header + 28);
  if (start + entry.compressedSize > bytes.length) {
    throw new TruncatedFileError(
      message.truncatedBinary(
        file,
        `part "${entry.name}"`,
        start,
        entry.compressedSize,
        bytes.length - start,
      ),
      { location: { file, byteOffset: start }, expected: 'a complete .xlsx file' },
    );
  }
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw new ReaderError(
      message.unsupportedVersion(file, `zip compression of part "${entry.name}"`, entry.method),
      {
        location: { file, byteOffset: header },
        expected: 'stored or deflated parts',
      },
    );
  }
  return bytes.subarray(start, start + entry.compressedSize);
}

function corrupt(file: string, entry: ZipEntry, cause: unknown): ReaderError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ReaderError(message.archiveEntryCorrupt(file, entry.name, detail), {
    location: { file, byteOffset: entry.localHeaderOffset },
    expected: 'a valid deflate stream',
    cause,
  });
}

/** The whole uncompressed content of a (small) part. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const data = compressedData(bytes, entry, file);
  if (entry.method === METHOD_STORED) return data;
  try {
    return inflateSync(data, { out: new Uint8Array(entry.uncompressedSize) });
  } catch (error) {
    throw corrupt(file, entry, error);
  }
}

/**
 * The uncompressed content of a part as successive chunks, so a large worksheet is never held
 * whole in memory. Each chunk is a fresh array the caller may keep.
 */
export function* inflateEntryChunks(bytes: Uint8Array, entry: ZipEntry, file: string): Generator<Uint8Array> {
  const data = compressedData(bytes, entry, file);
  if (entry.method === METHOD_STORED) {
    for (let offset = 0; offset < data.length; offset += STREAM_SLICE_BYTES) {
      yield data.subarray(offset, Math.min(data.length, offset + STREAM_SLICE_BYTES));
    }
    return;
  }
  const pending: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => {
    pending.push(chunk);
  });
  let offset = 0;
  do {
    const end = Math.min(data.length, offset + STREAM_SLICE_BYTES);
    try {
      inflater.push(data.subarray(offset, end), end === data.length);
    } catch (error) {
      throw corrupt(file, entry, error);
    }
    while (pending.length > 0) yield pending.shift()!;
    offset = end;
  } while (offset < data.length);
}

/**
 * Walks the local file headers in the first bytes of an archive (a detection probe) and returns
 * the uncompressed content of the first part whose name satisfies `wanted`, when that part lies
 * wholly within `head`; null otherwise. Never throws.
 */
export function inflatePartFromHead(head: Uint8Array, wanted: (name: string) => boolean): Uint8Array | null {
  let offset = 0;
  while (offset + LOCAL_HEADER_BYTES <= head.length && u32(head, offset) === LOCAL_HEADER_SIGNATURE) {
    const flags = u16(head, offset + 6);
    const method = u16(head, offset + 8);
    const compressedSize = u32(head, offset + 18);
    const nameLength = u16(head, offset + 26);
    const extraLength = u16(head, offset + 28);
    const dataStart = offset + LOCAL_HEADER_BYTES + nameLength + extraLength;
    // Bit 3: sizes follow the data in a descriptor, so the next header cannot be found from here.
    if ((flags & 0x08) !== 0 || dataStart > head.length) return null;
    const name = utf8.decode(
      head.subarray(offset + LOCAL_HEADER_BYTES, offset + LOCAL_HEADER_BYTES + nameLength),
    );
    const dataEnd = dataStart + compressedSize;
    if (wanted(name)) {
      if (dataEnd > head.length) return null;
      const data = head.subarray(dataStart, dataEnd);
      if (method === METHOD_STORED) return data;
      if (method !== METHOD_DEFLATE) return null;
      try {
        return inflateSync(data);
      } catch {
        return null;
      }
    }
    offset = dataEnd;
  }
  return null;
}
