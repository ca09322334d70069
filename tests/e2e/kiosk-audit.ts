/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

// axe-core in the page, and the touch-target measurement, shared by the kiosk browser tests.

export const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });
const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface Finding {
  screen: string;
  id: string;
  impact: string | null;
  targets: string[];
}

/** Runs axe on the page as it is; returns its serious and critical findings, and keeps a screenshot. */
export async function audit(page: Page, screen: string): Promise<Finding[]> {
  await page.screenshot({ path: `${SHOTS}/kiosk-${screen}.png` });
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    // Evaluated through the debugging protocol rather than a <script> tag: the kiosk's CSP allows
    // only its own scripts.
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<unknown> } }).axe;
    const r = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    })) as {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    };
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, ...v }));
}

/** Visible buttons, inputs and links smaller than `min` px in either direction. */
export async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((m) => {
    const out: string[] = [];
    interface El {
      tagName: string;
      textContent: string | null;
      getBoundingClientRect(): { width: number; height: number };
    }
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El> } })
      .document;
    for (const el of doc.querySelectorAll('button, input, a[href], [role="button"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < m || r.height < m) {
        out.push(
          `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`,
        );
      }
    }
    return out;
  }, min);
}
