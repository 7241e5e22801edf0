// Screenshots of the demo for the README and for review: node screenshots.mjs [outdir]
// Needs the demo running (cargo xtask run) at BASE_URL with its sandbox at SANDBOX_URL.
import { chromium } from '@playwright/test';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const out = process.argv[2] ?? '.';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 760 }, locale: 'zh-CN' });
const shot = async (name) => { await page.waitForTimeout(300); await page.screenshot({ path: `${out}/${name}.png` }); };
await page.goto(`${BASE}/login`);
await page.locator('body[data-hydrated]').waitFor();
await shot('login');
await page.getByTestId('username').fill('demo');
await page.getByTestId('password').fill('wxopen-demo');
await page.getByTestId('login-submit').click();
await page.getByTestId('current-user').waitFor();
await shot('overview');
await page.goto(`${BASE}/platforms`);
await shot('platforms');
await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
await page.waitForURL(/\/platforms\/\d+$/);
await shot('platform');
await page.goto(page.url() + '/link');
await page.locator('body[data-hydrated]').waitFor();
const platformPage = page.url().replace(/\/link$/, '');
// Authorize three of the sandbox's simulated accounts, as their administrators would.
// A typical request: messages, users, account, broadcasts, media, menus for official accounts;
// mini program code, development, customer service, basic settings for mini programs.
const funcs = [1, 2, 3, 7, 11, 15, 17, 18, 19, 30];
const accounts = [0, 3, 1]; // two official accounts and a mini program, as the sandbox seeds them
for (let i = 0; i < accounts.length; i++) {
  await page.goto(`${platformPage}/link`);
  await page.locator('body[data-hydrated]').waitFor();
  for (const id of funcs) await page.getByTestId(`func-${id}`).check();
  if (i === 0) await shot('link-form');
  await page.getByTestId('link-submit').click();
  await page.waitForURL(/\/links\/\d+$/);
  if (i === 0) await shot('link');
  const url = await page.getByTestId('link-url').inputValue();
  await page.goto(url);
  if (i === 0) await shot('merchant-link');
  await page.getByTestId('authorize-button').click();
  await page.locator('input[name="appid"]').first().waitFor();
  if (i === 0) await shot('sandbox-authorize');
  await page.locator('input[name="appid"]').nth(accounts[i]).check();
  await page.locator('#confirm').click();
  await page.getByTestId('authorized-title').waitFor();
  if (i === 0) await shot('authorized');
}
await page.goto(`${BASE}/authorizers`);
await page.locator('body[data-hydrated]').waitFor();
await shot('authorizers');
await page.getByTestId('authorizer-name').first().click();
await page.waitForURL(/\/authorizers\/\d+$/);
await shot('authorizer');
await page.goto(`${BASE}/events`);
await shot('events');
await page.getByTestId('lang-toggle').click();
await page.goto(`${BASE}/authorizers`);
await shot('authorizers-en');
await page.getByTestId('lang-toggle').click();
await browser.close();
