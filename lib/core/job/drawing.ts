/** How finely the analyse stage keeps curves for drawing (the analysis itself uses every row). */

/** Points kept per curve drawn against time. */
export const TIME_CURVE_POINTS = 4000;
/** Points kept per voltage profile or dV/dQ curve of one half cycle. */
export const PROFILE_POINTS = 400;

export const hours = (seconds: number): number => seconds / 3600;
