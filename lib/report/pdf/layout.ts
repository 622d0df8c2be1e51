/** The typed shape of `templates/report/layout.json`. */
import { reportTemplate } from '../templates.ts';

export interface Layout {
  page: { size: string; margin: number };
  fontSizes: {
    title: number;
    subtitle: number;
    heading: number;
    subheading: number;
    body: number;
    caption: number;
    table: number;
    footer: number;
  };
  colours: Record<
    'text' | 'muted' | 'rule' | 'tableHeader' | 'tableStripe' | 'positive' | 'negative',
    string
  >;
  summaryMetrics: string[];
  /** Each section's figures (templates/figures) and text blocks (blocks.ts), in placing order. */
  sections: { id: string; content: string[] }[];
  appendixFigures: string[];
}

export function loadLayout(): Layout {
  return reportTemplate<Layout>('layout');
}
