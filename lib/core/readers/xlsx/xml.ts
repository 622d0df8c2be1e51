/**
 * Just enough XML for SpreadsheetML parts, working on UTF-8 bytes: tags, attributes and
 * character data. Namespace prefixes (`<x:row>`) are ignored by comparing local names.
 */

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const COLON = 0x3a;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

const utf8 = new TextDecoder('utf-8');

/** Kind of a token found by `nextTag`. */
export const TagKind = { open: 0, close: 1, selfClosing: 2, other: 3 } as const;

/** One tag, as byte positions into the buffer; reused between calls. */
export interface Tag {
  kind: number;
  /** Position of `<`. */
  start: number;
  /** Position just after `>`. */
  end: number;
  /** Local name (prefix removed) as bytes [nameStart, nameEnd). */
  nameStart: number;
  nameEnd: number;
}

export function newTag(): Tag {
  return { kind: TagKind.other, start: 0, end: 0, nameStart: 0, nameEnd: 0 };
}

function isNameEnd(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === SLASH || byte === GT;
}

/**
 * Finds the next tag at or after `from` and before `end`, filling `tag`. Returns false when no
 * complete tag remains (the caller keeps the rest for the next chunk).
 */
export function nextTag(bytes: Uint8Array, from: number, end: number, tag: Tag): boolean {
  // Plain loops: tags are a few bytes apart, where a native indexOf call costs more than it saves.
  let start = from;
  while (start < end && bytes[start] !== LT) start++;
  if (start + 1 >= end) return false;
  const first = bytes[start + 1]!;
  if (first === QUESTION || first === BANG) {
    // Declarations, comments, CDATA: find their proper terminator so a `>` inside does not end them.
    const isComment = bytes[start + 2] === 0x2d && bytes[start + 3] === 0x2d;
    const isCdata = bytes[start + 2] === 0x5b;
    const terminator = isComment ? '-->' : isCdata ? ']]>' : '>';
    const close = indexOfAscii(bytes, terminator, start + 2, end);
    if (close < 0) return false;
    tag.kind = TagKind.other;
    tag.start = start;
    tag.end = close + terminator.length;
    tag.nameStart = tag.nameEnd = start + 1;
    return true;
  }
  let close = start + 1;
  while (close < end && bytes[close] !== GT) close++;
  if (close >= end) return false;
  const closing = first === SLASH;
  let nameStart = closing ? start + 2 : start + 1;
  let nameEnd = nameStart;
  while (nameEnd < close && !isNameEnd(bytes[nameEnd]!)) {
    if (bytes[nameEnd] === COLON) nameStart = nameEnd + 1;
    nameEnd++;
  }
  tag.kind = closing ? TagKind.close : bytes[close - 1] === SLASH ? TagKind.selfClosing : TagKind.open;
  tag.start = start;
  tag.end = close + 1;
  tag.nameStart = nameStart;
  tag.nameEnd = nameEnd;
  return true;
}

/** True when the tag's local name equals `name` (ASCII). */
export function tagIs(bytes: Uint8Array, tag: Tag, name: string): boolean {
  if (tag.nameEnd - tag.nameStart !== name.length) return false;
  for (let index = 0; index < name.length; index++) {
    if (bytes[tag.nameStart + index] !== name.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * Value bytes [start, end) of attribute `name` (local name, prefix ignored) in a start tag, or
 * null. Written into `range` to avoid allocating.
 */
export function findAttribute(
  bytes: Uint8Array,
  tag: Tag,
  name: string,
  range: { start: number; end: number },
): boolean {
  let position = tag.nameEnd;
  const limit = tag.end - 1;
  while (position < limit) {
    while (
      position < limit &&
      (bytes[position] === 0x20 ||
        bytes[position] === 0x09 ||
        bytes[position] === 0x0a ||
        bytes[position] === 0x0d)
    ) {
      position++;
    }
    let nameStart = position;
    while (position < limit && bytes[position] !== EQUALS && !isNameEnd(bytes[position]!)) {
      if (bytes[position] === COLON) nameStart = position + 1;
      position++;
    }
    const nameEnd = position;
    if (bytes[position] !== EQUALS) {
      position++;
      continue;
    }
    const quote = bytes[position + 1];
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return false;
    const valueStart = position + 2;
    // A loop, not `indexOf`: values are a few bytes long, shorter than a native call costs.
    let valueEnd = valueStart;
    while (valueEnd < limit && bytes[valueEnd] !== quote) valueEnd++;
    if (valueEnd >= limit) return false;
    if (nameEnd - nameStart === name.length) {
      let same = true;
      for (let index = 0; index < name.length && same; index++) {
        same = bytes[nameStart + index] === name.charCodeAt(index);
      }
      if (same) {
        range.start = valueStart;
        range.end = valueEnd;
        return true;
      }
    }
    position = valueEnd + 1;
  }
  return false;
}

/** Position of an ASCII string in `bytes[from, end)`, or -1. */
export function indexOfAscii(bytes: Uint8Array, text: string, from: number, end: number): number {
  const first = text.charCodeAt(0);
  for (let position = bytes.indexOf(first, from); position >= 0 && position + text.length <= end; ) {
    let index = 1;
    while (index < text.length && bytes[position + index] === text.charCodeAt(index)) index++;
    if (index === text.length) return position;
    position = bytes.indexOf(first, position + 1);
  }
  return -1;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
/** Excel's escape for characters XML cannot hold, e.g. `_x000D_` for a carriage return (ECMA-376 §22.4.2.4). */
const EXCEL_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character data (UTF-8, entities, Excel `_xHHHH_` escapes) in `bytes[start, end)`. */
export function decodeXmlText(bytes: Uint8Array, start: number, end: number): string {
  const raw = utf8.decode(bytes.subarray(start, end));
  return unescapeXml(raw);
}

/** Resolves entities and Excel escapes in text already decoded from UTF-8. */
export function unescapeXml(text: string): string {
  let result = text;
  if (result.includes('&')) {
    result = result.replace(ENTITY, (_, entity: string) => {
      if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
      return NAMED_ENTITIES[entity]!;
    });
  }
  if (result.includes('_x')) {
    result = result.replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return result;
}

/** Attributes of the start tags named `element` in a small XML text (workbook, relationships). */
export function elementAttributes(xml: string, element: string): Record<string, string>[] {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${element}\\b([^>]*)>`, 'g');
  const attribute = /([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  const found: Record<string, string>[] = [];
  for (const match of xml.matchAll(pattern)) {
    const attributes: Record<string, string> = {};
    for (const pair of match[1]!.matchAll(attribute)) {
      const qualified = pair[1]!;
      const local = qualified.includes(':') ? qualified.slice(qualified.indexOf(':') + 1) : qualified;
      const value = unescapeXml(pair[3] ?? pair[4] ?? '');
      attributes[qualified] = value;
      attributes[local] ??= value;
    }
    found.push(attributes);
  }
  return found;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
