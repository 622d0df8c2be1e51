import { describe, expect, it } from 'vitest';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { maccorReader } from '../../../../lib/core/readers/maccor/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { StepType } from '../../../../lib/core/series.ts';
import { cyclingModel } from '../../../generators/generic-csv.ts';
import { type MaccorTextOptions, writeMaccorText } from '../../../generators/maccor.ts';

const model = cyclingModel({ cycles: 2, rowsPerStep: 15 });
const encode = (text: string) => new TextEncoder().encode(text);

const variants: [string, MaccorTextOptions][] = [
  [
    'seconds, dated DPt, CRLF, one preamble line',
    { preamble: 'one-line', timeColumn: 'Test (Sec)', dptTime: 'date-and-time', lineEnd: '\r\n' },
  ],
  [
    'minutes, time-only DPt, LF',
    { preamble: 'one-line', timeColumn: 'Test (Min)', dptTime: 'time-only', lineEnd: '\n' },
  ],
  [
    '"Nd hh:mm:ss" times, three preamble lines',
    { preamble: 'three-lines', timeColumn: 'TestTime', dptTime: 'date-and-time', lineEnd: '\n' },
  ],
];

describe('Maccor text written from a known model reads back', () => {
  for (const [name, options] of variants) {
    it(`${name}: time, signed current, voltage, capacities, start`, async () => {
      const source = bytesSource('gen.001', encode(writeMaccorText(model, options)), 777);

      const series = await maccorReader.read(source, {});

      expect(maccorReader.detect(await probeOf(source))).toBeGreaterThanOrEqual(0.9);
      expect(series.rows).toBe(model.time_s.length);
      series.time_s.forEach((t, row) => {
        expect(t).toBeCloseTo(model.time_s[row]!, 9);
      });
      expect(Array.from(series.current_A!)).toEqual(model.current_A);
      expect(Array.from(series.voltage_V!)).toEqual(model.voltage_V);
      expect(Array.from(series.cycleIndex!)).toEqual(model.cycle);
      model.state.forEach((state, row) => {
        expect(series.chargeCapacity_Ah![row]).toBe(state === 'C' ? model.stepCapacity_Ah[row] : 0);
        expect(series.dischargeCapacity_Ah![row]).toBe(state === 'D' ? model.stepCapacity_Ah[row] : 0);
      });
      expect(series.stepType![0]).toBe(StepType.constantCurrentCharge);
      expect(series.startTime).toBe('2021-03-04T05:06:07');
      expect(series.startTimeZoneKnown).toBe(false);
    });
  }
});
