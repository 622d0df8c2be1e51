/**
 * The report's words live in `templates/report/wording.json`; this module types them and fills
 * their `{name}` placeholders. Numbers are formatted by the caller (see format.ts).
 */
import { reportTemplate } from './templates.ts';

export interface MetricWording {
  label: string;
  /** Multiplies the report.json value before display (0.703 → 70.3 for percent). */
  scale: number;
  decimals: number;
  unit: string;
  /** Unit of a difference ("points" for percentages). */
  deltaUnit: string;
  /** Whether the summary writes a finding sentence for this metric. */
  finding: boolean;
}

export interface SectionWording {
  title: string;
  intro: string;
}

export interface Wording {
  document: {
    author: string;
    subject: string;
    keywords: string;
    titlePageHeading: string;
    generatedBy: string;
  };
  titlePage: { jobLabel: string; dateLabel: string; cellsHeading: string; cellColumns: string[] };
  summary: {
    title: string;
    tableHeading: string;
    tableColumns: string[];
    findingsHeading: string;
    noComparison: string;
    spread: string;
  };
  findings: {
    raises: string;
    lowers: string;
    unchanged: string;
    softShort: string;
    softShortEvents: { one: string; many: string };
    softShortCharges: { one: string; many: string };
    softShortConfidence: { allHigh: string; allLower: string; mixed: string };
    softShortMagnitudes: string;
    softShortPressureMagnitudes: string;
    softShortIncomplete: string;
    noSoftShorts: string;
    ocvDrift: string;
    ocvStable: string;
  };
  cellTypes: Record<string, string>;
  metrics: Record<string, MetricWording>;
  sections: Record<string, SectionWording>;
  figures: Record<string, { title?: string; caption: string; missing: string }>;
  figureLabels: {
    initialCe: string;
    cycleCe: string;
    driftOnset: string;
    onsetPotential: string;
    condition: string;
    cycle: string;
    healthyCycle: string;
    softShortDvdq: string;
    softShortOverview: string;
    softShortZoom: string;
    panelCe: string;
    panelSpectrum: string;
    panelCell: string;
    capacityArea: string;
    capacitySpecific: string;
  };
  pressureSection: {
    cellHeading: string;
    correlation: string;
    lag: string;
    lagBehind: string;
    lagAhead: string;
    chargeRange: string;
    maxChange: string;
    columns: string[];
    none: string;
  };
  softShortSection: {
    eventsHeading: string;
    columns: string[];
    confidence: Record<'high' | 'lower', string>;
  };
  appendix: {
    title: string;
    cycleTables: { title: string; columns: string[]; cellHeading: string; none: string };
    eisFits: {
      title: string;
      columns: string[];
      spectrumHeading: string;
      chiSquare: string;
      kramersKronigPass: string;
      kramersKronigFail: string;
      kramersKronigMissing: string;
      none: string;
    };
    issues: {
      title: string;
      columns: string[];
      none: string;
      warningsHeading: string;
      warningColumns: string[];
    };
    provenance: { title: string; columns: string[] };
    settings: { title: string; version: string; columns: string[]; none: string };
  };
  footer: { page: string };
}

export function loadWording(): Wording {
  return reportTemplate<Wording>('wording');
}

/** Replaces `{name}` in `template` with `values[name]`; unknown names stay as written. */
export function fillText(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}
