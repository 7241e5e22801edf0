import { expect, Page } from '@playwright/test';

export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'wxopen-demo';

/** Waits until the WASM has hydrated the page (the app marks <body data-hydrated>). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toHaveCount(1);
}

/** Signs in through the login form and waits for the overview. */
export async function login(page: Page, user = DEMO_USER, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByTestId('username').fill(user);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}
