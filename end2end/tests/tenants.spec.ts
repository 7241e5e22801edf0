import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

// The platform administrator (issue 11): the demo's `admin` belongs to no tenant, lands on the
// tenants page, creates a tenant whose first owner joins by the one-time link, suspends it (the
// owner is out at the next click and cannot sign in) and resumes it. Only new tenants are
// suspended, so the other specs' demo tenant is never touched.

const ADMIN_USER = 'admin';
const ADMIN_PASSWORD = 'wxopen-admin';

test('the platform administrator creates, suspends and resumes a tenant', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const tenant = `E2E 租户 ${stamp}`;
  const owner = `owner-${stamp}`;
  const password = 'owner-password-1';

  // Signing in lands on the tenants page, the only one of a tenantless administrator.
  await login(page, ADMIN_USER, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/tenants$/);
  await hydrated(page);
  await expect(page.locator('#nav-tenants')).toBeVisible();
  await expectAccessible(page);

  // A new tenant: its first owner's link is shown once.
  await page.getByTestId('tenant-name-input').fill(tenant);
  await page.getByTestId('tenant-owner-note').fill('first owner');
  await page.getByTestId('tenant-create').click();
  const link = page.getByTestId('tenant-owner-url');
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  const invitePath = new URL(await link.inputValue()).pathname;
  const row = page.getByTestId(`tenant-${tenant}`);
  await expect(row.getByTestId('tenant-status')).toHaveText('正常');

  // The owner creates their account with it and works in the new tenant.
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(invitePath);
  await hydrated(other);
  await expect(other.getByTestId('invite-tenant')).toHaveText(tenant);
  await other.getByTestId('field-username').fill(owner);
  await other.getByTestId('field-display_name').fill(`所有者 ${stamp}`);
  await other.getByTestId('field-password').fill(password);
  await other.getByTestId('invite-register').click();
  await expect(other).toHaveURL(/\/$/);
  await expect(other.getByTestId('tenant-name')).toHaveText(tenant);
  await hydrated(other);
  // An owner is no platform administrator.
  await expect(other.locator('#nav-tenants')).toHaveCount(0);

  // Suspending asks first; cancelling changes nothing.
  await row.getByTestId('tenant-suspend').click();
  await expect(row.getByTestId('tenant-question')).toBeVisible();
  await row.getByTestId('tenant-cancel').click();
  await expect(row.getByTestId('tenant-status')).toHaveText('正常');
  await row.getByTestId('tenant-suspend').click();
  await row.getByTestId('tenant-confirm').click();
  await expect(row.getByTestId('tenant-status')).toHaveText('已暂停');

  // The owner's next click ends at the login page, and signing in says why.
  await other.locator('#nav-platforms').click();
  await expect(other).toHaveURL(/\/login/);
  await hydrated(other);
  await other.getByTestId('username').fill(owner);
  await other.getByTestId('password').fill(password);
  await other.getByTestId('login-submit').click();
  await expect(other.getByRole('alert')).toContainText('该租户已被平台管理员暂停');

  // Resumed: the owner signs in again.
  await row.getByTestId('tenant-resume').click();
  await row.getByTestId('tenant-confirm').click();
  await expect(row.getByTestId('tenant-status')).toHaveText('正常');
  await login(other, owner, password);
  await expect(other.getByTestId('tenant-name')).toHaveText(tenant);
  await context.close();
});
