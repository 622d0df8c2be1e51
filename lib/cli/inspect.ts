/** `cellreport inspect FILE... [--json] [--bdf OUT.csv]`: what each file holds, as its reader sees it. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { fileSource } from '../adapters/file-source.ts';
import { type SeriesSummary, summarizeSeries } from '../core/inspect.ts';
import { writeBdfCsv } from '../core/readers/bdf/index.ts';
import { allReaders } from '../core/readers/catalog.ts';
import { readSeries } from '../core/readers/detect.ts';
import { nodeReadOptions } from '../pipeline/node-inflate.ts';
import { formatError } from './main.ts';

type InspectEntry = ({ file: string } & SeriesSummary) | { file: string; error: string };

export async function inspectCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      bdf: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0 || (values.bdf !== undefined && positionals.length !== 1)) {
    console.log('Usage: cellreport inspect FILE... [--json] [--bdf OUT.csv (one FILE only)]');
    return values.help ? 0 : 2;
  }
  const files: InspectEntry[] = [];
  for (const path of positionals) {
    try {
      const series = await readSeries(await fileSource(path), allReaders, nodeReadOptions);
      files.push({ file: path, ...summarizeSeries(series) });
      if (values.bdf !== undefined)
        await pipeline(Readable.from(writeBdfCsv(series)), createWriteStream(values.bdf));
    } catch (error) {
      files.push({ file: path, error: formatError(error) });
    }
  }
  if (values.json) console.log(JSON.stringify({ files }, null, 2));
  else for (const entry of files) console.log(describeEntry(entry));
  return files.every((entry) => !('error' in entry)) ? 0 : 1;
}

function describeEntry(entry: InspectEntry): string {
  if ('error' in entry) return `${entry.file}\n  error: ${entry.error}\n`;
  const lines = [
    entry.file,
    `  format     ${entry.format}${entry.formatVersion ? ` (${entry.formatVersion})` : ''}${entry.instrument ? `, ${entry.instrument}` : ''}`,
    `  rows       ${entry.rows}`,
    `  start      ${entry.start ?? 'not stated'}${entry.start && !entry.startTimeZoneKnown ? ' (local time, zone not stated)' : ''}`,
    `  time span  ${entry.timeSpan_s === null ? '–' : `${(entry.timeSpan_s / 3600).toFixed(3)} h`}`,
  ];
  if (entry.voltage_V)
    lines.push(`  voltage    ${entry.voltage_V.min.toFixed(4)} … ${entry.voltage_V.max.toFixed(4)} V`);
  if (entry.current_A)
    lines.push(
      `  current    ${entry.current_A.min.toExponential(3)} … ${entry.current_A.max.toExponential(3)} A`,
    );
  if (entry.cycles !== null) lines.push(`  cycles     ${entry.cycles} (instrument's cycle column)`);
  if (entry.steps !== null) lines.push(`  steps      ${entry.steps} (instrument's step column)`);
  if (entry.detectedSteps) {
    const detected = Object.entries(entry.detectedSteps).map(([kind, count]) => `${count} ${kind}`);
    lines.push(`  detected   ${detected.join(', ')} (from the current)`);
  }
  if (entry.impedance) {
    lines.push(
      `  impedance  ${entry.impedance.points} points, ${entry.impedance.minFrequency_Hz.toPrecision(3)} … ${entry.impedance.maxFrequency_Hz.toPrecision(3)} Hz`,
    );
  }
  if (entry.auxChannels.length)
    lines.push(
      `  auxiliary  ${entry.auxChannels.map((channel) => `${channel.name} (${channel.quantity})`).join(', ')}`,
    );
  lines.push(
    `  columns    ${entry.columns.map((column) => `${column.source} → ${column.target}`).join('; ')}`,
  );
  for (const issue of entry.issues)
    lines.push(
      `  ${issue.severity}: ${issue.message}${issue.count && issue.count > 1 ? ` (×${issue.count})` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}
