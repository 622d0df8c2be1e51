/** `cellreport fit FILE... [--circuit STR] [--type half|full|symmetric] [--no-drt] [--json]`: fit impedance spectra. */
import { parseArgs } from 'node:util';
import { fileSource } from '../adapters/file-source.ts';
import { splitSpectra } from '../core/eis/spectrum.ts';
import { type EisEntry, summarizeSpectrum } from '../core/eis/summary.ts';
import { type CellType, cellTypes } from '../core/manifest.ts';
import { allReaders } from '../core/readers/catalog.ts';
import { readSeries } from '../core/readers/detect.ts';
import { nodeReadOptions } from '../pipeline/node-inflate.ts';
import { formatError } from './main.ts';

type FitEntry = ({ file: string } & EisEntry) | { file: string; error: string };

const usage =
  'Usage: cellreport fit FILE... [--circuit STR] [--type half|full|symmetric] [--no-drt] [--json]';

export async function fitCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      circuit: { type: 'string' },
      type: { type: 'string', default: 'full' },
      'no-drt': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0 || !(cellTypes as readonly string[]).includes(values.type)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const spectra: FitEntry[] = [];
  for (const path of positionals) {
    try {
      const series = await readSeries(await fileSource(path), allReaders, nodeReadOptions);
      for (const spectrum of splitSpectra(series, path)) {
        const { entry } = summarizeSpectrum(spectrum, path, {
          cellType: values.type as CellType,
          withDrt: !values['no-drt'],
          ...(values.circuit ? { circuit: values.circuit } : {}),
        });
        spectra.push({ file: path, ...entry });
      }
    } catch (error) {
      spectra.push({ file: path, error: formatError(error) });
    }
  }
  if (values.json) console.log(JSON.stringify({ spectra }, null, 2));
  else for (const entry of spectra) console.log(describeFit(entry));
  return spectra.every((entry) => !('error' in entry)) ? 0 : 1;
}

function describeFit(entry: FitEntry): string {
  if ('error' in entry) return `${entry.file}\n  error: ${entry.error}\n`;
  const lines = [
    `${entry.label}  (${entry.points} points, ${entry.frequencyRange_Hz[0].toPrecision(3)} … ${entry.frequencyRange_Hz[1].toPrecision(3)} Hz)`,
    `  circuit   ${entry.circuit}`,
  ];
  if (entry.parameters) {
    for (const [name, value] of Object.entries(entry.parameters)) {
      const error = entry.standardErrors?.[name];
      lines.push(`  ${name.padEnd(9)} ${value.toPrecision(5)}${error ? ` ± ${error.toPrecision(2)}` : ''}`);
    }
    lines.push(
      `  χ²        ${entry.chiSquare?.toExponential(3)} (relative residual RMS ${((entry.relativeResidualRms ?? 0) * 100).toFixed(2)} %)`,
    );
  }
  for (const arc of entry.arcs) {
    lines.push(
      `  arc ${arc.element}: ${arc.label}, f = ${arc.characteristicFrequency_Hz.toPrecision(3)} Hz, C = ${arc.capacitance_F.toExponential(2)} F`,
    );
  }
  if (entry.kramersKronig) {
    lines.push(
      `  Kramers–Kronig ${entry.kramersKronig.pass ? 'pass' : 'FAIL'} (max residual ${(entry.kramersKronig.maxResidual * 100).toFixed(2)} %)`,
    );
  }
  for (const warning of entry.warnings) lines.push(`  warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
