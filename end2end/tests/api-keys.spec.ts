import { expect, test } from '@playwright/test';
import { authorizeNewOfficialAccount, expectAccessible, hydrated, login, userWrites } from './helpers';

// API keys (issue 12): the demo owner creates a key on the Settings page, sees it once (a reload
// shows only its prefix), uses it on the platform API as a tenant's own service would (Bearer
// key, no cookie), sees its last use, and revokes it (asked first), after which it is refused.
// Each run makes its own key, so the other specs are untouched.

test('an owner creates an API key in Settings, uses it once shown, and revokes it', async ({ page, playwright }) => {
  test.setTimeout(90_000);
  const name = `e2e-${Date.now().toString(36)}`;
  await login(page);
  await page.goto('/settings');
  await hydrated(page);
  const card = page.getByTestId('api-keys');
  await expect(card).toBeVisible();
  await expectAccessible(page);

  // Created with the default scope, for every platform: shown once, with its warning.
  await card.getByTestId('api-key-name').fill(name);
  await expect(card.getByTestId('api-key-scope-tokens')).toBeChecked();
  await card.getByTestId('api-key-create').click();
  const secret = card.getByTestId('api-key-secret');
  await expect(secret).toHaveValue(/^wxk_[A-Za-z0-9_-]{43}$/);
  await expect(card.getByTestId('api-key-once')).toContainText('只显示这一次');
  const key = await secret.inputValue();
  const row = card.getByTestId(`api-key-${name}`);
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText('全部平台');
  await expect(row).toContainText('从未');
  await expectAccessible(page);

  // A service of the tenant uses it: no cookie, only the key.
  const api = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${key}` },
  });
  const platforms = await api.get('/api/v1/platforms');
  expect(platforms.status()).toBe(200);
  const list: { appid: string }[] = await platforms.json();
  expect(list.length).toBeGreaterThan(0);
  const authorizers = await api.get(`/api/v1/platforms/${list[0].appid}/authorizers`);
  expect(authorizers.status()).toBe(200);
  expect(Array.isArray((await authorizers.json()).items)).toBe(true);

  // Reloaded: the key is gone from the page for good; its prefix and last use remain.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  const listed = page.getByTestId(`api-key-${name}`);
  await expect(listed).toContainText(key.slice(0, 12));
  await expect(listed).not.toContainText('从未');

  // Revoking asks first; cancelling changes nothing.
  await listed.getByTestId('api-key-revoke').click();
  await expect(listed.getByTestId('api-key-question')).toBeVisible();
  await expectAccessible(page);
  await listed.getByTestId('api-key-cancel').click();
  await expect(listed.getByTestId('api-key-status')).toHaveText('有效');
  await listed.getByTestId('api-key-revoke').click();
  await listed.getByTestId('api-key-revoke-confirm').click();
  await expect(listed.getByTestId('api-key-status')).toHaveText('已撤销');
  await expect(listed.getByTestId('api-key-revoke')).toHaveCount(0);

  // Refused from the next request on.
  expect((await api.get('/api/v1/platforms')).status()).toBe(401);
  await api.dispose();
});

// The scenario end to end: a key made in Settings is all a tenant's service needs to read
// an authorizer's token and to send a customer-service message through the proxy; staff then see
// that call counted on the account's page.
const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

test('a key from Settings reads a token and sends a message through the proxy, counted on the authorizer page', async ({
  page,
  browser,
  request,
  playwright,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const nickname = `API 服务号 ${tag}`;
  const { appid, openid } = await authorizeNewOfficialAccount(page, browser, request, SANDBOX_URL, nickname);

  // A key for tokens and the proxy, shown once.
  await page.goto('/settings');
  await hydrated(page);
  const card = page.getByTestId('api-keys');
  await card.getByTestId('api-key-name').fill(`proxy-${tag}`);
  await card.getByTestId('api-key-scope-proxy').check();
  await card.getByTestId('api-key-create').click();
  const key = await card.getByTestId('api-key-secret').inputValue();
  expect(key).toMatch(/^wxk_/);

  const api = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${key}` },
  });
  const [platform] = await (await api.get('/api/v1/platforms')).json();
  const token = await api.get(`/api/v1/platforms/${platform.appid}/authorizers/${appid}/access-token`);
  expect(token.status()).toBe(200);
  const body = await token.json();
  expect(body.access_token.length).toBeGreaterThan(10);
  expect(body.expires_in).toBeGreaterThan(60);

  // WeChat takes customer-service messages only within 48 hours of the user's last message.
  await userWrites(request, SANDBOX_URL, appid, openid);
  const text = `经由代理发送 ${tag}`;
  const sent = await api.post(`/api/v1/proxy/${platform.appid}/${appid}/cgi-bin/message/custom/send`, {
    data: { touser: openid, msgtype: 'text', text: { content: text } },
  });
  expect(sent.status()).toBe(200);
  expect((await sent.json()).errcode).toBe(0);
  const received = await (await request.get(`${SANDBOX_URL}/_sandbox/custom_messages`)).json();
  expect(received.some((m: { content: string; touser: string }) => m.content === text && m.touser === openid)).toBeTruthy();
  await api.dispose();

  // Staff see the call on the account's page.
  await page.goto(`/authorizers?q=${encodeURIComponent(nickname)}`);
  await page.locator(`[data-testid="authorizer-row"][data-appid="${appid}"] [data-testid="authorizer-name"]`).click();
  await expect(page).toHaveURL(/\/authorizers\/\d+$/);
  await hydrated(page);
  await expect(
    page.locator('[data-testid="proxied-calls-table"] tr[data-path="cgi-bin/message/custom/send"] [data-testid="calls-today"]'),
  ).toHaveText('1');
  await expectAccessible(page);
});
