/**
 * Maccor's elapsed-time text `Nd HH:MM:SS[.fff]` (e.g. `  2d 02:52:51.5699996948242`, written
 * by MIMS text exports when the time column is `TestTime`), in seconds:
 * t = 86400·N + 3600·HH + 60·MM + SS. NaN for a blank field or text of another shape.
 */
const DURATION = /^(?:(\d+)d\s*)?(\d+):(\d{1,2}):(\d+(?:\.\d*)?)$/;

export function parseMaccorDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) return Number.NaN;
  const days = match[1] === undefined ? 0 : Number(match[1]);
  return days * 86400 + Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}
