import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { hydrated, login } from './helpers';

// The console runs in demo mode with its embedded WeChat sandbox (`cargo xtask test`).
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function random(chars: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += chars[Math.floor(Math.random() * chars.length)];
  }
  return out;
}

/** Generates a link for the permission sets `funcs` on the platform page and returns its page URL and link. */
async function generateLink(page: Page, platformPath: string, funcs: number[]) {
  await page.goto(`${platformPath}/link`);
  await hydrated(page);
  await expect(page.getByTestId('target-any')).toBeChecked();
  await expect(page.getByTestId('link-valid-hours')).toHaveValue(String(7 * 24));
  for (const id of funcs) {
    await page.getByTestId(`func-${id}`).check();
  }
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/platforms\/\d+\/links\/\d+$/);
  await expect(page.getByTestId('link-status')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('link-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('link-expires')).not.toBeEmpty();
  const url = await page.getByTestId('link-url').inputValue();
  // A page on the console (the 授权发起页域名), never WeChat's own URL (reference B16).
  expect(url.startsWith(`${BASE_URL}/authorize/`)).toBeTruthy();
  return { linkPage: page.url(), url };
}

/** Opens the link as the merchant's administrator: presses the page's button, picks the account on
 * WeChat's page, unticks `untick`, confirms. */
async function authorizeAsMerchant(page: Page, url: string, appid: string, nickname: string, untick: number[]) {
  await page.goto(url);
  await page.getByTestId('authorize-button').click();
  await page.locator(`input[name="appid"][value="${appid}"]`).check();
  for (const id of untick) {
    await page.locator(`input[name="func"][value="${id}"]`).uncheck();
  }
  await page.locator('#confirm').click();
  await expect(page.getByTestId('authorized-title')).toHaveText('授权成功');
  await expect(page.getByTestId('authorized-name')).toHaveText(nickname);
}

// Hydration mismatches and panics in the WASM surface as console errors or page errors: any of
// them fails the test (the merchant pages of the sandbox are plain HTML and log nothing).
let browserErrors: string[] = [];
test.beforeEach(async ({ page }) => {
  browserErrors = [];
  page.on('pageerror', (e) => browserErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('Failed to load resource')) browserErrors.push(`console: ${m.text()}`);
  });
});
test.afterEach(() => {
  expect(browserErrors).toEqual([]);
});

async function sandboxPost(request: APIRequestContext, path: string, data: unknown) {
  const res = await request.post(`${SANDBOX_URL}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

test('add a platform, authorize an account by link and QR, change its permission sets, revoke it', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const suffix = random('abcdefghijklmnopqrstuvwxyz0123456789', 6);
  const appid = `wx${random('0123456789abcdef', 16)}`;
  const name = `E2E 平台 ${suffix}`;
  const secret = random('0123456789abcdef', 32);
  const token = `e2e${random(ALNUM, 10)}`;
  const aesKey = random(ALNUM, 43);
  const nickname = `E2E 公众号 ${suffix}`;

  // The operator creates the third-party platform at WeChat (here: the sandbox) with the URLs
  // the console will show, and the merchant's official account exists there.
  await sandboxPost(request, '/_sandbox/components', {
    appid,
    name,
    secret,
    token,
    encoding_aes_key: aesKey,
    event_url: `${BASE_URL}/wechat/${appid}/events`,
    message_url: `${BASE_URL}/wechat/${appid}/messages/$APPID$`,
    published: true,
  });
  const account = await sandboxPost(request, '/_sandbox/accounts', {
    type: 'official_account',
    nickname,
    principal_name: `E2E 科技有限公司 ${suffix}`,
  });

  // Add the platform through the console's form.
  await login(page);
  await page.goto('/platforms/new');
  await hydrated(page);
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-appid').fill(appid);
  await page.getByTestId('field-secret').fill(secret);
  await page.getByTestId('field-token').fill(token);
  await page.getByTestId('field-aes_key').fill(aesKey);
  await page.getByTestId('platform-submit').click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  const platformPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('platform-name')).toHaveText(name);
  await expect(page.getByTestId('event-url')).toHaveValue(`${BASE_URL}/wechat/${appid}/events`);
  await expect(page.getByTestId('message-url')).toHaveValue(`${BASE_URL}/wechat/${appid}/messages/$APPID$`);

  // WeChat's first ticket came before the console knew the platform and was refused: ask for
  // another one; the page follows the ticket on its own.
  await hydrated(page);
  await page.getByTestId('push-ticket').click();
  await expect(page.getByTestId('push-ticket-done')).toBeVisible();
  await expect(page.getByTestId('ticket-age')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('ticket-validity')).toContainText(/\d{4}-\d{2}-\d{2}/);

  // First authorization: four sets asked for, one unticked by the merchant.
  const first = await generateLink(page, platformPath, [1, 2, 3, 4]);
  await authorizeAsMerchant(page, first.url, account.appid, nickname, [4]);
  await page.goto(first.linkPage);
  await expect(page.getByTestId('link-authorization')).toHaveCount(1);
  await expect(page.getByTestId('link-authorizer-name')).toHaveText(nickname);

  await page.goto(`/authorizers?q=${account.appid}`);
  const row = page.locator(`[data-testid="authorizer-row"][data-appid="${account.appid}"]`);
  await expect(row.getByTestId('authorizer-name')).toHaveText(nickname);
  await expect(row.getByTestId('authorizer-status')).toHaveText('已授权');
  await expect(row.getByTestId('func-name')).toHaveText(['消息管理', '用户管理', '账号服务']);
  await expect(page.getByTestId('total-count')).toHaveText('共 1 条');

  // Second authorization with another choice: the badges follow.
  const second = await generateLink(page, platformPath, [1, 7, 8]);
  await authorizeAsMerchant(page, second.url, account.appid, nickname, [8]);
  await page.goto(second.linkPage);
  await expect(page.getByTestId('link-updated')).toBeVisible();
  await page.goto(`/authorizers?q=${account.appid}`);
  await expect(row.getByTestId('func-name')).toHaveText(['消息管理', '群发与通知']);

  // The account's page: permission sets and the history of its authorizations.
  await row.getByTestId('authorizer-name').click();
  await expect(page.getByTestId('authorizer-title')).toHaveText(nickname);
  await expect(page.getByTestId('perm-name')).toHaveText(['消息管理', '群发与通知']);
  await expect(page.getByTestId('authorizer-history').getByTestId('event-type').first()).toBeVisible();

  // The merchant revokes the authorization at WeChat: the console shows it.
  await sandboxPost(request, '/_sandbox/authorizations/revoke', {
    component_appid: appid,
    authorizer_appid: account.appid,
  });
  await page.goto(`/authorizers?q=${account.appid}`);
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId('authorizer-status')).toHaveText('已取消授权', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  // Filters live in the URL: submitted through the form, kept across a reload.
  await page.goto('/authorizers');
  await hydrated(page);
  await page.getByTestId('filter-q').fill(account.appid);
  await page.getByTestId('filter-status').selectOption('revoked');
  await page.getByTestId('filter-submit').click();
  await expect(page).toHaveURL(new RegExp(`q=${account.appid}&.*status=revoked`));
  await expect(row.getByTestId('authorizer-status')).toHaveText('已取消授权');
  await page.reload();
  await expect(page.getByTestId('filter-status')).toHaveValue('revoked');
  await expect(page.getByTestId('filter-q')).toHaveValue(account.appid);
  await expect(page.getByTestId('total-count')).toHaveText('共 1 条');

  // The events page lists the pushes of this platform, with Chinese labels.
  await page.goto('/events?type=unauthorized');
  await expect(
    page.locator(`[data-testid="event-row"][data-type="unauthorized"]`).filter({ hasText: account.appid }),
  ).toHaveCount(1);
});

test('a malformed AppID is shown on its field and nothing is added', async ({ page }) => {
  await login(page);
  await page.goto('/platforms/new');
  await hydrated(page);
  await page.getByTestId('field-appid').fill('gh_not_an_appid');
  await page.getByTestId('field-secret').fill('0123456789abcdef0123456789abcdef');
  await page.getByTestId('field-token').fill('token123');
  await page.getByTestId('field-aes_key').fill(random(ALNUM, 43));
  await page.getByTestId('platform-submit').click();
  await expect(page.getByTestId('error-appid')).toContainText('AppID 格式不正确');
  await expect(page).toHaveURL(/\/platforms\/new$/);
});
