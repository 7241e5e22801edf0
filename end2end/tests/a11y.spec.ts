import { APIRequestContext, expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

/** An official account authorized through `link` (the merchant's browser steps done over HTTP). */
async function authorizeThrough(request: APIRequestContext, link: string) {
  const account = await (
    await request.post(`${SANDBOX_URL}/_sandbox/accounts`, {
      data: { type: 'official_account', nickname: `无障碍检查公众号 ${Date.now() % 100000}` },
    })
  ).json();
  const pressed = await request.post(link, { maxRedirects: 0 });
  expect(pressed.status()).toBe(303);
  const wechat = new URL(pressed.headers()['location']);
  const confirmed = await request.post(`${SANDBOX_URL}/_sandbox/authorizations/confirm`, {
    data: {
      pre_auth_code: wechat.searchParams.get('pre_auth_code'),
      redirect_uri: wechat.searchParams.get('redirect_uri'),
      appid: account.appid,
    },
  });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();
  const done = await request.get((await confirmed.json()).redirect_url);
  expect(done.ok()).toBeTruthy();
}

// Every page meets WCAG 2 AA as axe-core checks it (contrast, labels, names, structure), with
// the demo's real data on it; whoever changes a page keeps it so.
test('every console page passes axe-core (WCAG 2 A and AA)', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto('/login');
  await hydrated(page);
  await expectAccessible(page);

  await login(page);
  await page.goto('/platforms');
  await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  const platform = new URL(page.url()).pathname;
  // Real data on the pages: a link, and an account authorized through it.
  await expect(page.getByTestId('ticket-age')).toBeVisible({ timeout: 20_000 });
  await page.goto(`${platform}/link`);
  await hydrated(page);
  await page.getByTestId('func-1').check();
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/links\/\d+$/);
  const linkPage = new URL(page.url()).pathname;
  await authorizeThrough(request, await page.getByTestId('link-url').inputValue());
  await page.goto('/authorizers');
  const firstAuthorizer = page.locator('a[href^="/authorizers/"]').first();
  const authorizer = (await firstAuthorizer.count()) > 0 ? await firstAuthorizer.getAttribute('href') : null;

  const paths = [
    '/',
    '/platforms',
    '/platforms/new',
    platform,
    `${platform}/link`,
    linkPage,
    '/authorizers',
    '/events',
    '/messages',
    '/registrations',
    '/settings',
    '/no-such-page',
  ];
  if (authorizer) paths.push(authorizer);
  for (const path of paths) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page);
  }

  // In English too (other words, other widths).
  await page.goto('/');
  await hydrated(page);
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const path of ['/', platform, '/authorizers', '/messages']) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page);
  }
  await page.getByTestId('lang-toggle').click();
});

test('merchant pages pass axe-core: an unknown link and a redirect without a code', async ({ page }) => {
  await page.goto('/authorize/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  await expect(page.getByTestId('authorized-title')).toHaveText('授权链接无效');
  await expectAccessible(page);
  await page.goto('/platforms');
  await page.goto('/wechat/wx0000000000000000/authorized');
  await expect(page.getByTestId('authorized-title')).toBeVisible();
  await expectAccessible(page);
});
