/**
 * Text decoding for instrument exports. EC-Lab, Gamry and many Windows tools write Latin-1
 * (`Cs/µF`, `°C`); newer exports are UTF-8, sometimes with a BOM. We try strict UTF-8 first and
 * fall back to Latin-1, which can decode any byte sequence.
 */

export type TextEncoding = 'utf-8' | 'latin1';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Bytes of a head that `looksBinary` examines. */
const BINARY_PROBE_BYTES = 4096;

/**
 * Whether a head is binary rather than text: a NUL byte in its first 4 KB. No text export read
 * here has one, and every binary format (.mpr, .nda, .res, zip containers) has many, so text
 * detectors can refuse it before splitting 64 KB of binary into "lines" and "fields".
 */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, BINARY_PROBE_BYTES).indexOf(0) !== -1;
}

/**
 * Which encoding the bytes are in. A head cut inside a multi-byte character is still UTF-8:
 * up to 3 trailing bytes are ignored when checking.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  let end = bytes.length;
  // Step back over an incomplete trailing UTF-8 sequence (continuation bytes 10xxxxxx).
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
  if (end - back - 1 >= 0 && bytes[end - back - 1]! >= 0xc0) end = end - back - 1;
  try {
    strictUtf8.decode(bytes.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}

/** Decodes bytes as text in the given encoding, dropping a UTF-8 BOM. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding = detectEncoding(bytes)): string {
  if (encoding === 'utf-8') {
    return new TextDecoder('utf-8').decode(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes);
  }
  return latin1.decode(bytes);
}

/** Latin-1 decode of a short slice (a header field, an odd cell): one char per byte, never fails. */
export function latin1Slice(bytes: Uint8Array, start: number, end: number): string {
  return latin1.decode(bytes.subarray(start, end));
}
