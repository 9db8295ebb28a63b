// What the console's browser tests share: Debian's chromium driven by playwright-core (no browser download), the
// console built if it is not yet, axe-core's checks, and screenshots in test-output/console/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SIFT_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const OUTPUT_DIR = join(process.cwd(), 'test-output', 'console');
const CONSOLE_INDEX = join(process.cwd(), 'dist', 'console', 'index.html');

/** Builds the console when `npm run build` has not (a fresh clone running only the tests). */
export function ensureConsoleBuilt(): void {
  if (existsSync(CONSOLE_INDEX)) return;
  execFileSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts'], { stdio: 'inherit' });
}

export async function launch(): Promise<Browser> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  // The CI machine runs as root, where Chromium's sandbox can't start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Page-side code is given as strings: the tests are typed for Node, without the DOM's types.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })",
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Writes a screenshot of the page and answers its visible text (what the test checks the key text against). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  return page.locator('body').innerText();
}
