/**
 * A stack-pressure logger's csv from a known waveform: absolute timestamps (with or without a
 * zone) or relative seconds, pressure in MPa / psi or force in N, optional gaps.
 */

/** Triangle wave, MPa: 1.0 at t = 0, rising 0.002 MPa/s for 100 s, falling for 100 s, repeating. */
export function pressureWaveform_MPa(t_s: number): number {
  const phase = ((t_s % 200) + 200) % 200;
  return 1 + 0.002 * (phase <= 100 ? phase : 200 - phase);
}

export interface PressureLogOptions {
  unit: 'MPa' | 'psi' | 'N';
  /** Area used to turn pressure into the written force, cm². */
  areaCm2?: number;
  /** Absolute timestamps starting at this epoch ms, or relative seconds when null. */
  startMs: number | null;
  /** Zone suffix of absolute timestamps (`Z`, `+02:00`) or '' for none. */
  zone: string;
  rows: number;
  interval_s: number;
  /** Rows [from, to) left out of the log. */
  gap?: [number, number];
}

const PSI_PER_MPA = 1e6 / 6894.757293168;

export function writePressureLog(options: PressureLogOptions): string {
  const valueHeader = options.unit === 'N' ? 'Force (N)' : `Pressure (${options.unit})`;
  const lines = [options.startMs === null ? `Time (s),${valueHeader}` : `Timestamp,${valueHeader}`];
  for (let row = 0; row < options.rows; row++) {
    if (options.gap && row >= options.gap[0] && row < options.gap[1]) continue;
    const t = row * options.interval_s;
    const pressure_MPa = pressureWaveform_MPa(t);
    const value =
      options.unit === 'MPa'
        ? pressure_MPa
        : options.unit === 'psi'
          ? pressure_MPa * PSI_PER_MPA
          : pressure_MPa * 1e6 * options.areaCm2! * 1e-4;
    const time =
      options.startMs === null
        ? String(t)
        : new Date(options.startMs + t * 1000).toISOString().replace('T', ' ').replace('Z', options.zone);
    lines.push(`${time},${value}`);
  }
  return `${lines.join('\n')}\n`;
}
