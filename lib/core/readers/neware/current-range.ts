/**
 * Neware's integer "range" field says which current range a record was taken in, and so the
 * scale of its integer current, capacity and energy fields.
 *
 * Source: NewareNDA `dicts.py` (`multiplier_dict`) and fastnda `utils.py` (`_range_to_mult`),
 * which agree on every range up to ±200 000. The multiplier takes the integer current to mA and the
 * integer capacity to mA·s (so capacity / 3600 is mAh). Range 0 means "the test's fixed range",
 * stored once in the file header.
 */

/** Multiplier for a range, or null for a range neither source documents (|range| ≥ 1e6, or 0 unresolved). */
export function rangeMultiplier(range: number): number | null {
  const magnitude = Math.abs(range);
  if (range === 0 || magnitude >= 1_000_000) return null;
  if (range < 0) {
    if (magnitude < 10) return 1e-5;
    if (magnitude < 100) return 1e-4;
    if (magnitude < 1000) return 1e-3;
    return 1e-2;
  }
  if (magnitude < 10) return 1e-4;
  if (magnitude < 100) return 1e-3;
  if (magnitude < 1000) return 1e-2;
  return 1e-1;
}
