/**
 * A minimal XLSX writer for tests: workbooks with known cells in the shapes Excel and other
 * writers produce (shared or inline strings, booleans, errors, empty styled cells, namespace
 * prefixes, cells without references).
 */
import { strToU8, zipSync } from 'fflate';

export type TestCell = number | string | boolean | null | { error: string } | { empty: true };

export interface TestSheet {
  name: string;
  rows: TestCell[][];
}

export interface WriteOptions {
  /** Write strings inline (`t="inlineStr"`) instead of in the shared-string table. */
  inlineStrings?: boolean;
  /** Namespace prefix for SpreadsheetML elements, e.g. `x`. */
  prefix?: string;
  /** Leave out the `r` attribute of cells (readers must count columns). */
  omitCellReferences?: boolean;
  /**
   * Write cells as Excel does: a style on every cell (`s="1"`), `spans` on rows, and numbers with
   * 17 significant digits (`1.0009999999999999`, `3.1280517578125E-4`).
   */
  excelStyle?: boolean;
}

/** A number as Excel writes it: 17 significant digits, trailing zeros dropped, `E` below 0.001. */
export function excelNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const small = value !== 0 && Math.abs(value) < 1e-3;
  const text = small ? value.toExponential(16) : value.toPrecision(17);
  const [mantissa, exponent] = text.split('e');
  const trimmed = mantissa!.includes('.') ? mantissa!.replace(/0+$/, '').replace(/\.$/, '') : mantissa!;
  return exponent === undefined ? trimmed : `${trimmed}E${exponent.replace('+', '')}`;
}

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function columnName(index: number): string {
  let name = '';
  for (let value = index + 1; value > 0; value = Math.floor((value - 1) / 26)) {
    name = String.fromCharCode(65 + ((value - 1) % 26)) + name;
  }
  return name;
}

export function writeXlsx(sheets: readonly TestSheet[], options: WriteOptions = {}): Uint8Array {
  const p = options.prefix ? `${options.prefix}:` : '';
  const xmlns = options.prefix
    ? `xmlns:${options.prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
    : 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, sheetIndex) => {
    const rows = sheet.rows.map((cells, rowIndex) => {
      const xmlCells = cells.map((cell, columnIndex) => {
        if (cell === null) return '';
        const reference =
          (options.omitCellReferences ? '' : ` r="${columnName(columnIndex)}${rowIndex + 1}"`) +
          (options.excelStyle ? ' s="1"' : '');
        if (typeof cell === 'object' && 'empty' in cell)
          return `<${p}c${reference}${options.excelStyle ? '' : ' s="1"'}/>`;
        if (typeof cell === 'object')
          return `<${p}c${reference} t="e"><${p}v>${escapeXml(cell.error)}</${p}v></${p}c>`;
        if (typeof cell === 'number') {
          const text = options.excelStyle ? excelNumberText(cell) : String(cell);
          return `<${p}c${reference}><${p}v>${text}</${p}v></${p}c>`;
        }
        if (typeof cell === 'boolean')
          return `<${p}c${reference} t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
        if (options.inlineStrings) {
          return `<${p}c${reference} t="inlineStr"><${p}is><${p}t xml:space="preserve">${escapeXml(cell)}</${p}t></${p}is></${p}c>`;
        }
        let index = sharedIndex.get(cell);
        if (index === undefined) {
          index = shared.length;
          shared.push(cell);
          sharedIndex.set(cell, index);
        }
        return `<${p}c${reference} t="s"><${p}v>${index}</${p}v></${p}c>`;
      });
      const spans = options.excelStyle ? ` spans="1:${cells.length}" x14ac:dyDescent="0.25"` : '';
      return `<${p}row r="${rowIndex + 1}"${spans}>${xmlCells.join('')}</${p}row>`;
    });
    files[`xl/worksheets/sheet${sheetIndex + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${xmlns}${options.excelStyle ? ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"' : ''}><${p}sheetData>${rows.join('')}</${p}sheetData></${p}worksheet>`,
    );
  });
  const sheetEntries = sheets
    .map(
      (sheet, index) =>
        `<${p}sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
    )
    .join('');
  const relationships = sheets
    .map(
      (_, index) =>
        `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
    )
    .join('');
  const sharedId = `rId${sheets.length + 1}`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${xmlns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${p}sheets>${sheetEntries}</${p}sheets></${p}workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}<Relationship Id="${sharedId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      'xl/sharedStrings.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><${p}sst ${xmlns} count="${shared.length}" uniqueCount="${shared.length}">${shared
          .map((text) => `<${p}si><${p}t xml:space="preserve">${escapeXml(text)}</${p}t></${p}si>`)
          .join('')}</${p}sst>`,
      ),
      ...files,
    },
    { level: 6 },
  );
}
