/**
 * Reads an uncompressed pdfkit PDF back without a PDF library: the text (glyph codes mapped
 * through each font's ToUnicode CMap), the page count, the outline titles and the embedded
 * fonts. Enough to check what the report says, not a general PDF parser.
 */

export interface ParsedPdf {
  text: string;
  pages: number;
  outline: string[];
  embeddedFonts: string[];
}

function objectBody(pdf: string, id: number): string {
  const start = pdf.indexOf(`\n${id} 0 obj`);
  if (start < 0) throw new Error(`object ${id} not found`);
  return pdf.slice(start, pdf.indexOf('endobj', start));
}

/** Glyph code → text, from a CMap's bfchar and bfrange (array and offset forms). */
function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string) =>
    hex
      .trim()
      .split(/\s+/)
      .map((unit) => String.fromCharCode(Number.parseInt(unit, 16)))
      .join('');
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f ]+>)/gi)) {
      const low = Number.parseInt(line[1]!, 16);
      const target = line[3]!;
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9a-f ]+)>/gi)].forEach((unit, index) => {
          map.set(low + index, hexText(unit[1]!));
        });
      } else {
        const high = Number.parseInt(line[2]!, 16);
        const first = Number.parseInt(target.slice(1, -1), 16);
        for (let code = low; code <= high; code++) map.set(code, String.fromCharCode(first + code - low));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f ]+)>/gi)) {
      map.set(Number.parseInt(line[1]!, 16), hexText(line[2]!));
    }
  }
  return map;
}

export function parsePdf(bytes: Uint8Array): ParsedPdf {
  const pdf = Buffer.from(bytes).toString('latin1');
  const fontCMaps = new Map<string, Map<number, string>>();
  for (const match of pdf.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (fontCMaps.has(match[1]!)) continue;
    const font = objectBody(pdf, Number(match[2]));
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font);
    if (toUnicode) fontCMaps.set(match[1]!, parseCMap(objectBody(pdf, Number(toUnicode[1]))));
  }
  const lines: string[] = [];
  let cmap: Map<number, string> | undefined;
  const decode = (hex: string) => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4)
      out += cmap?.get(Number.parseInt(hex.slice(i, i + 4), 16)) ?? '?';
    return out;
  };
  // Content streams are the text streams holding text operators (font files are binary).
  const streams = [...pdf.matchAll(/stream\n([\s\S]*?)\nendstream/g)]
    .map((match) => match[1]!)
    .filter((stream) => / Tf\n/.test(stream) && !/[\x00-\x08]/.test(stream));
  for (const stream of streams) {
    for (const op of stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-f]*)> Tj|^BT$/gim)) {
      if (op[1]) cmap = fontCMaps.get(op[1]);
      else if (op[2] !== undefined)
        lines[lines.length - 1] += [...op[2].matchAll(/<([0-9a-f]*)>/gi)]
          .map((part) => decode(part[1]!))
          .join('');
      else if (op[3] !== undefined) lines[lines.length - 1] += decode(op[3]);
      else lines.push('');
    }
  }
  return {
    text: lines.filter(Boolean).join('\n'),
    pages: [...pdf.matchAll(/\/Type \/Page\b(?!s)/g)].length,
    outline: [...pdf.matchAll(/\/Title \(([^)]*)\)/g)].map((match) => match[1]!),
    embeddedFonts: [...pdf.matchAll(/\/FontName \/([A-Z]{6}\+[\w-]+)/g)].map((match) => match[1]!),
  };
}
