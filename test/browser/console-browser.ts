import { AxeBuilder } from '@axe-core/playwright';
import { eventually } from '@cls/kafka/testing';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { z } from 'zod';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The development Keycloak that `npm test` starts, unless the environment names another. */
export const issuer = process.env['KEYCLOAK_ISSUER'] ?? 'http://127.0.0.1:18080/realms/cls';

/**
 * Where the console listens in the suite: the redirect URIs the realm gives its client `cls-console` are on this
 * origin only, as an issuer's are in production.
 */
export const consoleUrl = 'http://127.0.0.1:3001';

/** Where each page's screenshot is written (README, "The web console"). */
export const screenshotDir = path.join(process.env['CLS_DATA_DIR'] ?? path.join(repoRoot, '.data'), 'screenshots', 'console');

const RealmFile = z.object({
  users: z.array(z.object({ username: z.string(), credentials: z.tuple([z.object({ value: z.string() })]) })),
});
const realm = RealmFile.parse(JSON.parse(readFileSync(path.join(repoRoot, 'infra', 'keycloak', 'cls-realm.json'), 'utf8')));

export const passwordOf = (username: string): string => {
  const user = realm.users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`the realm file has no user ${username}`);
  return user.credentials[0].value;
};

/** Debian's Chromium (infra/scripts/install-chromium.sh), headless; Playwright downloads no browser of its own. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env['CLS_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start; /dev/shm is small on such machines.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });

/** Waits are on conditions, bounded generously: a loaded two-core machine serves pages slowly. */
const pageTimeoutMs = 60_000;

export const newContext = async (browser: Browser, javaScriptEnabled: boolean): Promise<BrowserContext> => {
  const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(pageTimeoutMs);
  context.setDefaultNavigationTimeout(pageTimeoutMs);
  return context;
};

/** Signs in as a browser does: the console's start page, the issuer's login form, and back to the console. */
export const signIn = async (context: BrowserContext, username: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(passwordOf(username));
  await page.locator('#kc-login').click();
  // Back on the console: the page the role starts on, or the page that says why the person cannot use the service.
  await page.waitForURL((url) => url.origin === consoleUrl);
  return page;
};

/** The page's main heading. */
export const heading = (page: Page): Locator => page.locator('h1');

/**
 * Reloads the page until the locator shows: the read models follow the record by a moment (relay, Kafka,
 * projection), and a loaded machine stretches that moment.
 */
export const untilVisible = async (page: Page, locator: Locator, timeoutMs = 120_000): Promise<void> => {
  await eventually(
    async () => {
      if (await locator.first().isVisible()) return;
      await page.reload();
      if (!(await locator.first().isVisible())) throw new Error(`${String(locator)} not shown on ${page.url()} yet`);
    },
    { timeoutMs, intervalMs: 1000 },
  );
};

/**
 * What axe-core checks for a page: the page itself, or, where the page runs no JavaScript (axe-core is a script
 * that runs in the page, and waits for ever there), a copy of what it shows in a page of its own, its scripts
 * removed so that it stays as the browser rendered it without them, its styles loaded from the console.
 */
const pageToCheck = async (page: Page, javaScriptEnabled: boolean): Promise<{ target: Page; close: () => Promise<void> }> => {
  if (javaScriptEnabled) return { target: page, close: async () => undefined };
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const copyContext = await newContext(browser, true);
  const copy = await copyContext.newPage();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<head>/i, `<head><base href="${page.url()}">`);
  // On the console's origin first: it serves its styles and fonts to its own origin only (Cross-Origin-Resource-Policy),
  // and a page unstyled would be judged on the browser's defaults.
  await copy.goto(`${new URL(page.url()).origin}/health`);
  await copy.setContent(html, { waitUntil: 'load' });
  return { target: copy, close: () => copyContext.close() };
};

/** No serious or critical WCAG 2.2 A/AA violation that axe-core finds on the page as it stands. */
export const expectAccessible = async (page: Page, javaScriptEnabled: boolean): Promise<void> => {
  const { target, close } = await pageToCheck(page, javaScriptEnabled);
  try {
    const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(blocking.map((violation) => `${violation.id} (${violation.impact}) on ${page.url()}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  } finally {
    await close();
  }
};

/** A full-page screenshot of what the person sees, for the README and for a failed run's post-mortem. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
};

/** Every page a journey opens: checked with axe, and photographed (once, in the JavaScript run). */
export const checkPage = async (page: Page, name: string, javaScriptEnabled: boolean): Promise<void> => {
  await expectAccessible(page, javaScriptEnabled);
  await screenshot(page, javaScriptEnabled ? name : `${name}.no-js`);
};

/**
 * Waits until the locator's text contains `text`: pages arrive after redirects and commands, so a check waits for
 * its condition (bounded) rather than reading the page once.
 */
export const shows = async (locator: Locator, text: string, timeoutMs = pageTimeoutMs): Promise<void> => {
  let actual = '';
  await eventually(
    async () => {
      actual = await locator.first().innerText({ timeout: 5000 });
      if (!actual.includes(text)) throw new Error(`${String(locator)} shows ${JSON.stringify(actual)}, not ${JSON.stringify(text)}`);
    },
    { timeoutMs, intervalMs: 250 },
  );
};

/** Waits until the locator shows; failing, says what the page showed instead (an error summary, say). */
export const visible = async (locator: Locator): Promise<void> => {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch (error) {
    const page = locator.page();
    const shown = await page
      .locator('main')
      .innerText({ timeout: 5000 })
      .catch(() => '(no main landmark)');
    throw new Error(`${(error as Error).message}\n${page.url()} shows:\n${shown.slice(0, 2000)}`);
  }
};
