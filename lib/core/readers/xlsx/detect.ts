/** What a format detector can learn about an XLSX workbook from the first bytes of the file. */

import { inflatePartFromHead, isZip } from '../zip.ts';
import { decodeUtf8, elementAttributes } from './xml.ts';

const WORKBOOK_PART = /^xl\/workbook\.xml$/i;

/** True when the head is a zip archive that holds a workbook part (an .xlsx, not an .ndax or .docx). */
export function looksLikeXlsx(head: Uint8Array, headText: string): boolean {
  return isZip(head) && headText.includes('xl/');
}

/**
 * Sheet names of the workbook when its workbook part lies wholly within `head` (Excel and most
 * writers put it near the start); null when it cannot be seen from the head.
 */
export function sheetNamesFromHead(head: Uint8Array): string[] | null {
  if (!isZip(head)) return null;
  const workbook = inflatePartFromHead(head, (name) => WORKBOOK_PART.test(name));
  if (workbook === null) return null;
  return elementAttributes(decodeUtf8(workbook), 'sheet').map((attributes) => attributes['name'] ?? '');
}
