/**
 * Building blocks of the LBHI model: a seeded random source and a row-by-row series builder
 * that samples piecewise segments (each segment sampled from its start to its exact end, so a
 * constant current integrates to exactly I × duration).
 */
import { type CanonicalSeries, emptySeries } from '../../lib/core/series.ts';

/** Seeded uniform and normal random numbers (mulberry32 + Box–Muller): runs are repeatable. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  uniform(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u = Math.max(this.uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}

export interface Segment {
  duration_s: number;
  /** Sampling interval, s; the last sample falls on the exact end. */
  interval_s: number;
  /** True current at time t (s from the segment start), A (positive = charge). */
  current_A: (t_s: number) => number;
  /** True voltage vs Li+/Li at time t, V. */
  voltageVsLi_V: (t_s: number) => number;
}

export interface NoiseModel {
  voltage_V: number;
  /** Relative noise of a flowing current. */
  currentRelative: number;
  /** Noise of the current at rest (instrument offset noise), A. */
  restCurrent_A: number;
}

export const defaultNoise: NoiseModel = { voltage_V: 0.0005, currentRelative: 0.001, restCurrent_A: 2e-9 };

export class SeriesBuilder {
  readonly #time: number[] = [];
  readonly #voltage: number[] = [];
  readonly #current: number[] = [];
  readonly #step: number[] = [];
  readonly #cycle: number[] = [];
  #now_s = 0;
  #stepNumber = 0;

  constructor(
    readonly referenceOffset_V: number,
    readonly random: Random,
    readonly noise: NoiseModel = defaultNoise,
  ) {}

  get now_s(): number {
    return this.#now_s;
  }

  /** Samples a segment as one instrument step; returns its start time. */
  add(segment: Segment, cycle: number): number {
    const start_s = this.#now_s;
    this.#stepNumber++;
    const samples = Math.ceil(segment.duration_s / segment.interval_s - 1e-9);
    for (let sample = 0; sample <= samples; sample++) {
      const t_s = Math.min(sample * segment.interval_s, segment.duration_s);
      const current = segment.current_A(t_s);
      const noisyCurrent =
        current === 0
          ? this.noise.restCurrent_A * this.random.normal()
          : current * (1 + this.noise.currentRelative * this.random.normal());
      this.#time.push(start_s + t_s);
      this.#current.push(noisyCurrent);
      this.#voltage.push(
        segment.voltageVsLi_V(t_s) - this.referenceOffset_V + this.noise.voltage_V * this.random.normal(),
      );
      this.#step.push(this.#stepNumber);
      this.#cycle.push(cycle);
    }
    this.#now_s = start_s + segment.duration_s;
    return start_s;
  }

  build(file: string, withInstrumentColumns: boolean): CanonicalSeries {
    const series = emptySeries({
      file,
      format: 'lbhi-model',
      formatVersion: null,
      instrument: null,
      columns: [],
      bytes: 0,
    });
    series.rows = this.#time.length;
    series.time_s = Float64Array.from(this.#time);
    series.voltage_V = Float64Array.from(this.#voltage);
    series.current_A = Float64Array.from(this.#current);
    if (withInstrumentColumns) {
      series.stepIndex = Int32Array.from(this.#step);
      series.cycleIndex = Int32Array.from(this.#cycle);
    }
    return series;
  }
}

/** A rest whose voltage relaxes exponentially from `from_V` toward `to_V` (vs Li+/Li). */
export function rest(
  duration_s: number,
  interval_s: number,
  from_V: number,
  to_V: number,
  tau_s = 600,
): Segment {
  return {
    duration_s,
    interval_s,
    current_A: () => 0,
    voltageVsLi_V: (t_s) => to_V + (from_V - to_V) * Math.exp(-t_s / tau_s),
  };
}
