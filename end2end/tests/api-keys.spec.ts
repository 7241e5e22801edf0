import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

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
