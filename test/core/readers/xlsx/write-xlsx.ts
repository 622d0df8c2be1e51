/**
 * A minimal XLSX writer for tests: workbooks with known cells in the shapes Excel and other
 * writers produce (shared or inline strings, booleans, errors, empty styled cells, namespace
 * prefixes, cells without references, numbers with a number format).
 */
import { strToU8, zipSync } from 'fflate';

/**
 * A number shown through a number format: a format code (`[h]:mm:ss.000`, written as a custom
 * `numFmt`) or a built-in format id (21 is `h:mm:ss`). The writer adds the styles part.
 */
export interface FormattedNumber {
  number: number;
  format: string | number;
}

/** A number with a bare style index `s`: for a styles part written by hand (`stylesXml`), or none. */
export interface StyledNumber {
  number: number;
  style: number;
}

export type TestCell =
  | number
  | string
  | boolean
  | null
  | { error: string }
  | { empty: true }
  | FormattedNumber
  | StyledNumber;

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
  /** The styles part (`xl/styles.xml`) as written, for `StyledNumber` cells; else one is made for `FormattedNumber` cells. */
  stylesXml?: string;
}

/** First id Excel gives custom number formats (lower ids are built in). */
const FIRST_CUSTOM_FORMAT_ID = 164;
/** `cellXfs` entries before the formatted ones: 0, the default, and 1, the `s="1"` of `excelStyle` (both General). */
const PLAIN_CELL_FORMATS = 2;

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
  /** The `cellXfs` index of each number format used, in order of first use. */
  const formatStyles = new Map<string | number, number>();
  const files: Record<string, Uint8Array> = {};
  const numberText = (value: number) => (options.excelStyle ? excelNumberText(value) : String(value));
  sheets.forEach((sheet, sheetIndex) => {
    const rows = sheet.rows.map((cells, rowIndex) => {
      const xmlCells = cells.map((cell, columnIndex) => {
        if (cell === null) return '';
        const at = options.omitCellReferences ? '' : ` r="${columnName(columnIndex)}${rowIndex + 1}"`;
        const reference = at + (options.excelStyle ? ' s="1"' : '');
        if (typeof cell === 'object' && ('format' in cell || 'style' in cell)) {
          let style: number;
          if ('style' in cell) style = cell.style;
          else {
            style = formatStyles.get(cell.format) ?? PLAIN_CELL_FORMATS + formatStyles.size;
            formatStyles.set(cell.format, style);
          }
          return `<${p}c${at} s="${style}"><${p}v>${numberText(cell.number)}</${p}v></${p}c>`;
        }
        if (typeof cell === 'object' && 'empty' in cell)
          return `<${p}c${reference}${options.excelStyle ? '' : ' s="1"'}/>`;
        if (typeof cell === 'object')
          return `<${p}c${reference} t="e"><${p}v>${escapeXml(cell.error)}</${p}v></${p}c>`;
        if (typeof cell === 'number') {
          return `<${p}c${reference}><${p}v>${numberText(cell)}</${p}v></${p}c>`;
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
  const stylesXml =
    options.stylesXml ?? (formatStyles.size > 0 ? styleSheet([...formatStyles.keys()], xmlns, p) : null);
  const stylesRelationship =
    stylesXml === null
      ? ''
      : `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`;
  if (stylesXml !== null) files['xl/styles.xml'] = strToU8(stylesXml);
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
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}<Relationship Id="${sharedId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>${stylesRelationship}</Relationships>`,
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

/**
 * A styles part as Excel writes one: custom formats in `numFmts` from id 164, one cell style
 * (`cellStyleXfs`), and `cellXfs` holding two General entries and then one per format, in order.
 */
function styleSheet(formats: readonly (string | number)[], xmlns: string, p: string): string {
  const customIds = new Map<string, number>();
  for (const format of formats) {
    if (typeof format === 'string') customIds.set(format, FIRST_CUSTOM_FORMAT_ID + customIds.size);
  }
  const numFmts = [...customIds]
    .map(([code, id]) => `<${p}numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`)
    .join('');
  const plain = `<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
  const formatted = formats
    .map((format) => {
      const id = typeof format === 'string' ? customIds.get(format)! : format;
      return `<${p}xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}styleSheet ${xmlns}>` +
    (customIds.size > 0 ? `<${p}numFmts count="${customIds.size}">${numFmts}</${p}numFmts>` : '') +
    `<${p}fonts count="1"><${p}font><${p}sz val="11"/><${p}name val="Calibri"/></${p}font></${p}fonts>` +
    `<${p}fills count="1"><${p}fill><${p}patternFill patternType="none"/></${p}fill></${p}fills>` +
    `<${p}borders count="1"><${p}border/></${p}borders>` +
    `<${p}cellStyleXfs count="1"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></${p}cellStyleXfs>` +
    `<${p}cellXfs count="${PLAIN_CELL_FORMATS + formats.length}">${plain}${plain}${formatted}</${p}cellXfs>` +
    `<${p}cellStyles count="1"><${p}cellStyle name="Normal" xfId="0" builtinId="0"/></${p}cellStyles>` +
    `</${p}styleSheet>`
  );
}
