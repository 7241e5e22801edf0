import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER, hydrated, login } from './helpers';

test('an anonymous visit to a page redirects to login, and back after signing in', async ({ page }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=\/settings$/);
  await hydrated(page);
  await page.getByTestId('username').fill(DEMO_USER);
  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: '租户成员' })).toBeVisible();
});

test('a wrong password shows the error and does not sign in', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByTestId('username').fill(DEMO_USER);
  await page.getByTestId('password').fill('definitely-not-it');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
  await expect(page).toHaveURL(/\/login/);

  // An unknown account gets exactly the same message.
  await page.getByTestId('username').fill('no-such-user');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');

  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('log in, see the overview, switch language, log out', async ({ page }) => {
  await login(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();
  // The demo tenant has exactly one member: the demo user (a real count from the database).
  await expect(page.getByTestId('stat-members').locator('.stat-value')).toHaveText('1');

  // Language toggle (needs hydration): everything switches to English, and stays after a reload.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#nav-settings')).toHaveText('Settings');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await hydrated(page);
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=\/$/);
});

test('the tenant switcher moves the session to another tenant', async ({ page }) => {
  await login(page);
  const switcher = page.getByTestId('tenant-switcher');
  await expect(switcher).toBeVisible();
  const before = await switcher.inputValue();
  const other = await switcher.locator('option').evaluateAll(
    (opts, current) => (opts as HTMLOptionElement[]).map((o) => o.value).find((v) => v !== current),
    before,
  );
  expect(other).toBeTruthy();
  // Switching reloads the page once the server has moved the session.
  const reloaded = page.waitForEvent('load');
  await switcher.selectOption(other!);
  await reloaded;
  await expect(page.getByTestId('tenant-switcher')).toHaveValue(other!);
  await page.reload();
  await expect(page.getByTestId('tenant-switcher')).toHaveValue(other!);
  // Switch back so that later tests start from the demo tenant.
  await hydrated(page);
  const back = page.waitForEvent('load');
  await page.getByTestId('tenant-switcher').selectOption(before);
  await back;
  await expect(page.getByTestId('tenant-switcher')).toHaveValue(before);
});
