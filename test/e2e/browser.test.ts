/**
 * The web form in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * fill the form, attach the example files, upload with progress, see "done", download the PDF.
 * Without Chromium installed the suite is skipped, loudly.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDir, halfCells } from './example-job.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED: browser tests need ${CHROMIUM} (apt-get install -y chromium); the web form is NOT tested.`,
  );
}
export const SCREENSHOT = '/tmp/cellreport-web-form.png';

let test: TestPlatform;
let browser: Browser;
let page: Page;

describe.skipIf(!hasChromium)('the web form in a browser', () => {
  beforeAll(async () => {
    test = await startTestPlatform();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 1500 }, acceptDownloads: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('a mistake in the form is shown next to the field that caused it', async () => {
    // Prepare
    await page.goto(test.platform.url);
    await page.getByRole('button', { name: 'Run the example job' }).waitFor();
    const area = page.locator('#cells .cell').first().getByLabel('Area (cm²)');
    await area.fill('-1');
    // Act
    await page.getByRole('button', { name: 'Upload and run' }).click();
    // Assess
    await expect.poll(() => page.locator('#form-errors').textContent()).toContain('cells[0].areaCm2');
    expect(await area.getAttribute('aria-invalid')).toBe('true');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).toBe('form-errors');
  });

  it('filling the form and attaching files gives live status, "done" and a downloadable PDF', async () => {
    // Prepare
    await page.goto(test.platform.url);
    await page.getByLabel('Title').fill('LBHI vs bare LPSCl, half cells');
    await page.getByLabel('Email the report to').fill('lab@lab.example');
    const cells = page.locator('#cells .cell');
    for (const [index, cellId] of halfCells.entries()) {
      const cell = cells.nth(index);
      expect(await cell.getByLabel('Cell id').inputValue()).toBe(cellId);
      await cell
        .getByLabel('Files')
        .setInputFiles(
          ['cycling.mpt', 'ocv.mpt', 'eis-after-plating-4h.csv'].map((name) =>
            join(exampleDir, cellId, name),
          ),
        );
    }
    expect(await cells.first().getByLabel('Kind of ocv.mpt').inputValue()).toBe('ocv');
    // Act
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Upload and run' }).press('Enter');
    await page.locator('#status-text[data-status="done"]').waitFor({ timeout: 90_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the PDF report' }).click(),
    ]);
    const downloaded = await readFile((await download.path())!);
    // Assess
    const jobId = decodeURIComponent(/job=([^&]+)/.exec(page.url())![1]!);
    const served = await test.platform.deps.reports.get(`reports/${jobId}/report.pdf`);
    expect(Buffer.compare(downloaded, Buffer.from(served!))).toBe(0);
    expect(download.suggestedFilename()).toBe(`cellreport-${jobId}.pdf`);
    expect(
      await page
        .locator('#uploads progress')
        .evaluateAll((bars) => bars.map((bar) => (bar as unknown as { value: number }).value)),
    ).toEqual([1, 1, 1, 1, 1, 1]);
    const [mail] = await test.sink.received(1);
    expect(mail!.subject).toBe('cellreport: LBHI vs bare LPSCl, half cells');
  }, 120_000);
});
