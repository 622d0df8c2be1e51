/**
 * Puts a separate logger's pressure (or force) onto the cycler's time axis.
 *
 * A log sample at `t_log` happened at absolute time `log.startTime + t_log + clockOffset_s`;
 * a cycler row at `t_cyc` at `cycler.startTime + t_cyc`. For each cycler row the log is
 * evaluated at t_log = t_cyc + (cycler.startTime − log.startTime) − clockOffset_s by linear
 * interpolation between the two log samples around it. The result is NaN (never invented)
 * where the log does not cover the row, where the two samples around it are further apart than
 * `GAP_FACTOR` × the log's median sampling interval, or where a sample is NaN.
 *
 * Clocks: when both start times state a zone they are compared as instants; when neither does,
 * as wall-clock times of one zone (with an issue); when only one does, as wall-clock times with
 * a warning; when either has no start time, by time since each start (with a warning).
 */
import type { DataIssue } from '../../issues.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { AuxQuantity, CanonicalSeries } from '../../series.ts';
import { parseStartTime } from '../delimited/wallclock.ts';

/** Two samples further apart than this many median intervals bound a gap, not a line. */
export const GAP_FACTOR = 3;

export interface AlignedChannel {
  /** Name of the log's channel. */
  name: string;
  quantity: AuxQuantity;
  /** One value per cycler row, in the channel's unit (Pa or N); NaN where the log has no data. */
  values: Float64Array;
  issues: DataIssue[];
}

export function alignToCycler(
  log: CanonicalSeries,
  cycler: CanonicalSeries,
  clockOffset_s: number,
): AlignedChannel {
  const issues = new IssueSink();
  const file = log.provenance.file;
  const channel =
    log.aux.find((aux) => aux.quantity === 'pressure') ?? log.aux.find((aux) => aux.quantity === 'force');
  const values = new Float64Array(cycler.rows).fill(Number.NaN);
  if (channel === undefined) return { name: '', quantity: 'pressure', values, issues: [] };

  const shift_s = cyclerToLogShift(log, cycler, file, issues) - clockOffset_s;
  const times = log.time_s;
  const samples = channel.values;
  const maxStep_s = GAP_FACTOR * medianInterval(times);
  let covered = 0;
  let index = 0;
  for (let row = 0; row < cycler.rows; row++) {
    const t = cycler.time_s[row]! + shift_s;
    // Cycler times do not decrease, so the bracketing sample only moves forward.
    while (index + 1 < times.length && times[index + 1]! < t) index++;
    const before = times[index]!;
    if (t === before) {
      values[row] = samples[index]!;
    } else if (index + 1 < times.length && t >= before) {
      const after = times[index + 1]!;
      if (after - before <= maxStep_s) {
        const weight = (t - before) / (after - before);
        values[row] = samples[index]! + weight * (samples[index + 1]! - samples[index]!);
      }
    }
    if (!Number.isNaN(values[row]!)) covered++;
  }
  reportGaps(times, maxStep_s, file, issues);
  if (covered === 0 && cycler.rows > 0) {
    issues.add({
      code: 'gap_in_record',
      severity: 'warning',
      message: message.alignmentNoOverlap(),
      location: { file },
    });
  }
  if (clockOffset_s !== 0) {
    issues.add({
      code: 'clock_offset_applied',
      severity: 'info',
      message: message.clockOffsetApplied(clockOffset_s),
      location: { file },
    });
  }
  return { name: channel.name, quantity: channel.quantity, values, issues: issues.list() };
}

/** cycler.startTime − log.startTime in seconds (0 when either is unknown), with issues about the clocks. */
function cyclerToLogShift(
  log: CanonicalSeries,
  cycler: CanonicalSeries,
  file: string,
  issues: IssueSink,
): number {
  const logStart = parseStartTime(log.startTime);
  const cyclerStart = parseStartTime(cycler.startTime);
  if (logStart === null || cyclerStart === null) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'warning',
      message: message.alignmentRelative(),
      location: { file },
    });
    return 0;
  }
  if (log.startTimeZoneKnown !== cycler.startTimeZoneKnown) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'warning',
      message: message.alignmentZoneMismatch(),
      location: { file },
    });
    // Compare the wall clocks each file shows.
    const logWall = logStart.ms + (logStart.offsetMinutes ?? 0) * 60_000;
    const cyclerWall = cyclerStart.ms + (cyclerStart.offsetMinutes ?? 0) * 60_000;
    return (cyclerWall - logWall) / 1000;
  }
  if (!log.startTimeZoneKnown) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.alignmentZoneUnknown(),
      location: { file },
    });
  }
  return (cyclerStart.ms - logStart.ms) / 1000;
}

/** Median of the positive intervals between samples (the logger's sampling interval). */
function medianInterval(times: Float64Array): number {
  const steps: number[] = [];
  for (let index = 1; index < times.length; index++) {
    const step = times[index]! - times[index - 1]!;
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return 0;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

function reportGaps(times: Float64Array, maxStep_s: number, file: string, issues: IssueSink): void {
  for (let index = 1; index < times.length; index++) {
    if (times[index]! - times[index - 1]! > maxStep_s) {
      issues.add({
        code: 'gap_in_record',
        severity: 'warning',
        message: message.gapInRecord(times[index - 1]!, times[index]!),
        location: { file, row: index },
      });
    }
  }
}
