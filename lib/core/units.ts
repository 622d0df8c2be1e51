/**
 * Units as instruments write them in headers (`I/mA`, `Current(A)`, `Time [h]`, `Pressure_Psi`),
 * and the factor that takes a value to the canonical unit of its quantity:
 * time → s, voltage → V, current → A, charge → Ah, energy → Wh, pressure → Pa, force → N,
 * temperature → °C, resistance → Ω, frequency → Hz, power → W.
 */

export type Quantity =
  | 'time'
  | 'voltage'
  | 'current'
  | 'charge'
  | 'energy'
  | 'pressure'
  | 'force'
  | 'temperature'
  | 'resistance'
  | 'frequency'
  | 'power'
  | 'angle'
  | 'dimensionless';

export interface UnitInfo {
  quantity: Quantity;
  /** Multiply a value in this unit by `scale` to get the canonical unit. */
  scale: number;
  /** The unit as normalised here (`mA`, `µA`, `psi`). */
  symbol: string;
}

const table: Record<string, UnitInfo> = {};
function define(quantity: Quantity, scale: number, ...symbols: string[]): void {
  for (const symbol of symbols) table[symbol.toLowerCase()] = { quantity, scale, symbol: symbols[0]! };
}

define('time', 1, 's', 'sec', 'secs', 'second', 'seconds');
define('time', 1e-3, 'ms');
define('time', 60, 'min', 'mins', 'minute', 'minutes');
define('time', 3600, 'h', 'hr', 'hrs', 'hour', 'hours');
define('time', 86400, 'd', 'day', 'days');
define('voltage', 1, 'V', 'volt', 'volts');
define('voltage', 1e-3, 'mV');
define('voltage', 1e-6, 'µV', 'uV', 'μV');
define('current', 1, 'A', 'amp', 'amps', 'ampere');
define('current', 1e-3, 'mA');
define('current', 1e-6, 'µA', 'uA', 'μA');
define('current', 1e-9, 'nA');
define('charge', 1, 'Ah', 'A.h', 'A·h', 'amp-hr', 'amp-hours');
define('charge', 1e-3, 'mAh', 'mA.h', 'mA·h');
define('charge', 1e-6, 'µAh', 'uAh', 'µA.h', 'uA.h', 'μAh');
define('charge', 1 / 3600, 'coulomb');
define('charge', 1e-3 / 3600, 'mC');
define('energy', 1, 'Wh', 'W.h', 'W·h', 'watt-hr');
define('energy', 1e-3, 'mWh', 'mW.h');
define('energy', 1e-6, 'µWh', 'uWh', 'µW.h');
define('pressure', 1, 'Pa');
define('pressure', 1e3, 'kPa');
define('pressure', 1e6, 'MPa', 'N/mm2', 'N/mm²');
define('pressure', 1e9, 'GPa');
define('pressure', 1e5, 'bar');
define('pressure', 1e2, 'mbar', 'hPa');
define('pressure', 6894.757293168, 'psi', 'lbf/in2');
define('pressure', 101325, 'atm');
define('force', 1, 'N');
define('force', 1e3, 'kN');
define('force', 4.4482216152605, 'lbf');
define('force', 9.80665, 'kgf');
define('temperature', 1, '°C', 'degC', 'C', 'celsius', 'ºC', '?C', '\uFFFDC', 'deg C', 'oC');
define('resistance', 1, 'Ohm', 'ohm', 'Ω', 'ohms', 'O');
define('resistance', 1e-3, 'mOhm', 'mΩ');
define('resistance', 1e3, 'kOhm', 'kΩ');
define('frequency', 1, 'Hz');
define('frequency', 1e3, 'kHz');
define('frequency', 1e6, 'MHz');
define('frequency', 1e-3, 'mHz');
define('power', 1, 'W');
define('power', 1e-3, 'mW');
define('angle', 1, 'deg', '°');
define('dimensionless', 1, '1', '%');

/** Looks up a unit symbol (case-insensitive, surrounding brackets and spaces ignored). */
export function parseUnit(text: string): UnitInfo | null {
  const cleaned = text
    .trim()
    .replace(/^[[(]|[\])]$/g, '')
    .trim();
  return table[cleaned.toLowerCase()] ?? null;
}

/**
 * Splits a header like `I/mA`, `Current(A)`, `Voltage [V]`, `Test Time / s`, `Pressure_Psi` into
 * its name and unit. Returns `unit: null` when no recognised unit is written.
 */
export function splitHeaderUnit(header: string): {
  name: string;
  unit: UnitInfo | null;
  unitText: string | null;
} {
  const text = header.trim();
  const patterns: RegExp[] = [
    /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]\s*$/, // Name (unit) or Name [unit]
    /^(.*?)\s*\/\s*([^/]+?)\s*$/, // Name/unit or Name / unit (the last slash)
    /^(.*?)[_\s]+([A-Za-zµμ°]+)$/, // Name_unit or Name unit
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const unit = parseUnit(match[2]!);
    if (unit) return { name: match[1]!.trim(), unit, unitText: match[2]!.trim() };
  }
  return { name: text, unit: null, unitText: null };
}
