/**
 * Pressure / force logs (`pressure-log`) from a logger separate from the cycler: a delimited
 * table with a time column (absolute: ISO, `YYYY-MM-DD HH:MM:SS.fff`, with or without zone; or
 * relative seconds) and a pressure (Pa, kPa, MPa, bar, psi) or force (N, kN, lbf) column, and no
 * voltage or current.
 *
 * Output: `time_s`, `startTime`, null voltage and current, and one aux channel: `pressure` in
 * Pa, or `force` in N. A force becomes a pressure when the caller gives the electrode area
 * (P = F / A, A in m² = `areaCm2` × 1e-4); without one it stays a force, with an issue.
 * `options.clockOffset_s` (logger clock → cycler clock) is added to `startTime`, with an issue.
 */
import { MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type CanonicalSeries, type ColumnMapping, emptySeries } from '../../series.ts';
import { findHeader, headLines, splitFields, type TableDialect } from '../delimited/dialect.ts';
import { type HeaderMatch, matchHeader } from '../delimited/synonyms.ts';
import { type ColumnPlan, scanTable } from '../delimited/table.ts';
import { formatWallClock, parseWallClock } from '../delimited/wallclock.ts';
import type { DetectionProbe, Reader, ReadOptions } from '../reader.ts';
import { type ByteSource, HEAD_BYTES } from '../source.ts';
import { enforceNonDecreasingTime } from '../time.ts';

export const FORMAT = 'pressure-log';
const DETECT_SCORE = 0.6;
const CM2_TO_M2 = 1e-4;

export const pressureLogReader: Reader = {
  format: FORMAT,
  description: 'Pressure or force logger csv',
  detect: detectPressureLog,
  read: readPressureLog,
};

function recognised(field: string): boolean {
  const target = matchHeader(field)?.target;
  return target === 'time_s' || target === 'wallClock' || target === 'aux:pressure' || target === 'aux:force';
}

interface Layout {
  dialect: TableDialect;
  time: { index: number; header: string; match: HeaderMatch } | null;
  wallClock: { index: number; header: string } | null;
  load: { index: number; header: string; match: HeaderMatch } | null;
}

function layoutOf(head: Uint8Array, complete: boolean): Layout | null {
  const dialect = findHeader(head, complete, recognised, 2);
  if (dialect === null) return null;
  const firstLine = headLines(head, true).find(
    (line) => line.start >= dialect.dataOffset && line.text.trim() !== '',
  );
  const firstData = firstLine ? splitFields(firstLine.text, dialect.delimiter) : [];
  const layout: Layout = { dialect, time: null, wallClock: null, load: null };
  for (const [index, header] of dialect.header.entries()) {
    const match = matchHeader(header);
    if (match === null) continue;
    if (match.target === 'voltage_V' || match.target === 'current_A') return null; // A cycler file, not a logger's.
    const sample = firstData[index] ?? '';
    const isClock = parseWallClock(sample) !== null && !/^[-+\d.,eE]+$/.test(sample);
    if ((match.target === 'wallClock' || match.target === 'time_s') && isClock) {
      layout.wallClock ??= { index, header };
    } else if (match.target === 'time_s') {
      layout.time ??= { index, header, match };
    } else if ((match.target === 'aux:pressure' || match.target === 'aux:force') && match.unit !== null) {
      layout.load ??= { index, header, match };
    }
  }
  return layout;
}

function detectPressureLog(probe: DetectionProbe): number {
  const complete = probe.size !== null && probe.head.length >= probe.size;
  const layout = layoutOf(probe.head, complete);
  if (layout === null || layout.load === null) return 0;
  return layout.time !== null || layout.wallClock !== null ? DETECT_SCORE : 0;
}

async function readPressureLog(source: ByteSource, options: ReadOptions): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const head = await source.head();
  const complete = source.size === null ? head.length < HEAD_BYTES : head.length >= source.size;
  const layout = layoutOf(head, complete);
  if (layout === null) {
    throw new ReaderError(
      message.headerNotFound(file, 'a header naming a time column and a pressure or force column'),
      {
        location: { file, line: 1 },
        expected: 'a header such as "Timestamp,Pressure (MPa)"',
      },
    );
  }
  const { dialect, load } = layout;
  if (load === null) {
    throw new MissingColumnError(message.noPressureColumn(file, dialect.header), {
      location: { file, line: dialect.headerIndex + 1 },
      expected: 'a column such as "Pressure (MPa)" or "Force (N)"',
    });
  }
  if (layout.time === null && layout.wallClock === null) {
    throw new MissingColumnError(message.missingColumn(file, 'time', dialect.header), {
      location: { file, line: dialect.headerIndex + 1 },
      expected: 'a time column such as "Time (s)" or "Timestamp"',
    });
  }
  const isForce = load.match.target === 'aux:force';
  const area_m2 = options.areaCm2 != null && options.areaCm2 > 0 ? options.areaCm2 * CM2_TO_M2 : null;
  const toPressure = isForce && area_m2 !== null;
  const loadScale = load.match.unit!.scale / (toPressure ? area_m2 : 1);
  const plans: ColumnPlan[] = [
    {
      kind: 'number',
      index: load.index,
      key: 'load',
      header: load.header,
      scale: loadScale,
      required: false,
    },
  ];
  const mappings: ColumnMapping[] = [
    {
      source: load.header,
      target: `aux:${load.header}`,
      bdfLabel: isForce && !toPressure ? null : bdfLabel.pressure,
      sourceUnit: load.match.unitText,
      scale: loadScale,
    },
  ];
  if (isForce && !toPressure) {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.forceWithoutArea(load.header),
      location: { file, column: load.header },
    });
  }
  if (layout.time !== null) {
    const unit = layout.time.match.unit;
    if (unit === null) {
      issues.add({
        code: 'unit_guessed',
        severity: 'warning',
        message: message.unitGuessed(layout.time.header, 's', 'it is the canonical unit of time'),
        location: { file, column: layout.time.header },
      });
    }
    const scale = unit?.scale ?? 1;
    plans.push({
      kind: 'number',
      index: layout.time.index,
      key: 'time',
      header: layout.time.header,
      scale,
      required: true,
    });
    mappings.push({
      source: layout.time.header,
      target: 'time_s',
      bdfLabel: bdfLabel.time_s,
      sourceUnit: layout.time.match.unitText,
      scale,
    });
  }
  if (layout.wallClock !== null) {
    plans.push({
      kind: 'wallClock',
      index: layout.wallClock.index,
      key: 'clock',
      header: layout.wallClock.header,
      keepValues: layout.time === null,
    });
    mappings.push({
      source: layout.wallClock.header,
      target: 'startTime',
      bdfLabel: bdfLabel.unixTime_s,
      sourceUnit: null,
      scale: 1,
    });
  }
  const table = await scanTable(source, dialect, plans, issues);
  if (table.rows === 0) throw new ReaderError(message.emptyFile(file), { location: { file } });

  const series = emptySeries({
    file,
    format: FORMAT,
    formatVersion: null,
    instrument: null,
    columns: mappings,
    bytes: source.size ?? 0,
  });
  series.rows = table.rows;
  const clock = table.wallClocks.get('clock') ?? null;
  const relative = table.numbers.get('time');
  const clockStart = clock === null ? null : clock.first;
  if (relative !== undefined) {
    series.time_s = relative;
  } else {
    const origin = clockStart?.value ?? 0;
    series.time_s = clock!.values!.map((ms) => (ms - origin) / 1000);
  }
  if (clock !== null && clockStart !== null) {
    const offset_s = options.clockOffset_s ?? 0;
    const startMs = clockStart.value - series.time_s[clockStart.row]! * 1000 + offset_s * 1000;
    series.startTime = formatWallClock({ ms: startMs, offsetMinutes: clock.offsetMinutes });
    series.startTimeZoneKnown = clock.offsetMinutes !== null;
    if (clock.offsetMinutes === null) {
      issues.add({
        code: 'time_zone_unknown',
        severity: 'info',
        message: message.timeZoneUnknown(),
        location: { file },
      });
    }
    if (offset_s !== 0) {
      issues.add({
        code: 'clock_offset_applied',
        severity: 'info',
        message: message.clockOffsetApplied(offset_s),
        location: { file },
      });
    }
  }
  enforceNonDecreasingTime(series.time_s, file, issues);
  series.aux = [
    {
      name: load.header,
      quantity: isForce && !toPressure ? 'force' : 'pressure',
      values: table.numbers.get('load')!,
    },
  ];
  series.issues = issues.list();
  return series;
}
