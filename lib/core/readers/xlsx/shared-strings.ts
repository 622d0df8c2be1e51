/** The shared-string table of a workbook (`xl/sharedStrings.xml`, ECMA-376 part 1 §18.4). */
import { decodeXmlText, newTag, nextTag, TagKind, tagIs } from './xml.ts';

/** Shared strings (`<sst>`): each `<si>` is its `<t>` text, or the concatenated `<t>` of its runs (phonetic runs excluded). */
export function parseSharedStrings(xml: Uint8Array): string[] {
  const strings: string[] = [];
  const tag = newTag();
  let current: string | null = null;
  let phoneticDepth = 0;
  let textStart = -1;
  for (let position = 0; nextTag(xml, position, xml.length, tag); position = tag.end) {
    if (tagIs(xml, tag, 'si')) {
      if (tag.kind === TagKind.open) current = '';
      else if (tag.kind === TagKind.selfClosing) strings.push('');
      else if (tag.kind === TagKind.close) {
        strings.push(current ?? '');
        current = null;
      }
    } else if (tagIs(xml, tag, 'rPh')) {
      if (tag.kind === TagKind.open) phoneticDepth++;
      else if (tag.kind === TagKind.close) phoneticDepth--;
    } else if (tagIs(xml, tag, 't') && current !== null && phoneticDepth === 0) {
      if (tag.kind === TagKind.open) textStart = tag.end;
      else if (tag.kind === TagKind.close && textStart >= 0) {
        current += decodeXmlText(xml, textStart, tag.start);
        textStart = -1;
      }
    }
  }
  return strings;
}
