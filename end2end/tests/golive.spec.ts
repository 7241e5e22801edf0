import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectAccessible, hydrated, login } from './helpers';

// Going live (issue 8): merchants authorize through a page on the console's own host, which is
// the only way WeChat accepts (reference B16); the sandbox is as strict as WeChat about it.
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

async function sandboxPost(request: APIRequestContext, path: string, data: unknown) {
  const res = await request.post(`${SANDBOX_URL}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

async function demoPlatformPath(page: Page): Promise<string> {
  await page.goto('/platforms');
  await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  await expect(page.getByTestId('ticket-age')).toBeVisible({ timeout: 20_000 });
  return new URL(page.url()).pathname;
}

/** A merchant with a fresh browser (no history, no cookies) opens `url`, presses the button and
 * authorizes `appid` on WeChat's page; ends on the console's success page. */
async function merchantAuthorizes(browser: Browser, url: string, appid: string, nickname: string) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('authorized-title')).toContainText('申请授权');
  await expect(page.getByTestId('link-set')).toHaveText(['消息管理', '用户管理']);
  await expectAccessible(page);
  await page.getByTestId('authorize-button').click();
  await expect(page).toHaveURL(new RegExp(`^${SANDBOX_URL}/cgi-bin/componentloginpage`));
  await page.locator(`input[name="appid"][value="${appid}"]`).check();
  await page.locator('#confirm').click();
  await expect(page).toHaveURL(new RegExp(`^${BASE_URL}/wechat/`));
  await expect(page.getByTestId('authorized-title')).toHaveText('授权成功');
  await expect(page.getByTestId('authorized-name')).toHaveText(nickname);
  await expectAccessible(page);
  await context.close();
}

test('a merchant authorizes through the link and its QR code, even 20 minutes later; a revoked link is refused kindly', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const accounts = [];
  for (let i = 0; i < 3; i++) {
    const nickname = `上线公众号 ${i} ${suffix()}`;
    const a = await sandboxPost(request, '/_sandbox/accounts', { type: 'official_account', nickname });
    accounts.push({ appid: a.appid as string, nickname });
  }

  await login(page);
  const platformPath = await demoPlatformPath(page);
  await expect(page.getByTestId('auth-domain')).toHaveValue(new URL(BASE_URL).host);
  await page.goto(`${platformPath}/link`);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByTestId('func-1').check();
  await page.getByTestId('func-2').check();
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/platforms\/\d+\/links\/\d+$/);
  await expect(page.getByTestId('link-status')).toHaveAttribute('data-state', 'active');
  const linkPage = page.url();
  const url = await page.getByTestId('link-url').inputValue();
  expect(url.startsWith(`${BASE_URL}/authorize/`)).toBeTruthy();
  await expectAccessible(page);

  // The QR code encodes the console's page, not WeChat's URL.
  const png = PNG.sync.read(await page.getByTestId('link-qr').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(url);

  // The copied link, then the URL read from the QR code, each in a fresh browser.
  await merchantAuthorizes(browser, url, accounts[0].appid, accounts[0].nickname);
  await merchantAuthorizes(browser, decoded!.data, accounts[1].appid, accounts[1].nickname);

  // Twenty minutes later every pre_auth_code of this morning is dead; the link is not.
  await sandboxPost(request, '/_sandbox/clock', { advance_secs: 20 * 60 });
  await merchantAuthorizes(browser, url, accounts[2].appid, accounts[2].nickname);

  // Staff follow every authorization that came through the link.
  await page.goto(linkPage);
  await expect(page.getByTestId('link-authorization')).toHaveCount(3);
  for (const a of accounts) {
    await expect(page.locator(`[data-testid="link-authorization"][data-appid="${a.appid}"]`)).toContainText(a.nickname);
  }

  // WeChat's own page, opened directly (a copied componentloginpage URL): refused, as at WeChat.
  const merchant = await browser.newContext({ locale: 'zh-CN' });
  const m = await merchant.newPage();
  await m.goto(url);
  await m.getByTestId('authorize-button').click();
  await expect(m).toHaveURL(/componentloginpage/);
  const wechatUrl = m.url();
  await merchant.close();
  const direct = await (await browser.newContext()).newPage();
  await direct.goto(wechatUrl);
  await expect(direct.getByTestId('wx-error')).toContainText('授权入口页所在域名');
  await expect(direct.locator('body')).toContainText('授权入口页所在域名：空');

  // Staff revoke the link: merchants see a friendly page, never an error dump.
  await hydrated(page);
  await page.getByTestId('link-revoke').click();
  await page.getByTestId('link-revoke-confirm').click();
  await expect(page.getByTestId('link-status')).toHaveAttribute('data-state', 'revoked');
  const late = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  const res = await late.goto(url);
  expect(res?.status()).toBe(410);
  await expect(late.getByTestId('authorized-title')).toHaveText('授权链接已失效');
  await expectAccessible(late);
});

test('the release test (全网发布) passes against the console, and staff see its messages', async ({ page, request }) => {
  test.setTimeout(120_000);
  await login(page);
  const platformPath = await demoPlatformPath(page);
  const appid = (await page.getByTestId('platform-appid').innerText()).split('·')[0].trim();
  const result = await sandboxPost(request, '/_sandbox/release_test', { component_appid: appid });
  expect(result.passed, JSON.stringify(result, null, 2)).toBe(true);
  await page.goto(`/messages?platform=${platformPath.split('/').pop()}`);
  await expect(page.locator('[data-testid="message-row"][data-state="release_test"]').first()).toBeVisible();
  await expect(page.getByTestId('message-summary').filter({ hasText: 'QUERY_AUTH_CODE:' }).first()).toContainText('(masked)');
  await expectAccessible(page);
});
