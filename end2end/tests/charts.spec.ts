import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

// The overview's and the platform page's charts (issue 14): SVG made on the server, each bar a
// link to the matching list, readable by axe-core's rules, within 1280 px.
test('charts: a bar of pushes opens the events of its hour', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await login(page);

  // A few pushes in the demo: WeChat (the sandbox) sends the platform a ticket on request.
  await page.goto('/platforms');
  await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  const platformPath = new URL(page.url()).pathname;
  await hydrated(page);
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('push-ticket').click();
    await expect(page.getByTestId('push-ticket-done')).toBeVisible();
  }

  // The platform page has its own charts.
  await expect(page.getByTestId('chart-pushes')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('chart-token-health')).toBeVisible();
  await expectAccessible(page);

  // The overview: the pushes chart has a bar for this hour, a link with its count in words.
  await page.goto('/');
  const chart = page.getByTestId('chart-pushes');
  await expect(chart.locator('svg[role="group"] > title')).toHaveCount(1);
  const bars = chart.locator('a.chart-bar[href^="/events?hour="]');
  await expect(bars.last()).toHaveAttribute('aria-label', /\d/);
  const count = Number(await bars.last().getAttribute('data-value'));
  expect(count).toBeGreaterThanOrEqual(2);
  const href = (await bars.last().getAttribute('href'))!;
  expect(href).toMatch(/^\/events\?hour=\d{4}-\d{2}-\d{2}T\d{2}$/);
  // The text alternative holds the same numbers.
  await expect(chart.locator('details.chart-data tbody tr')).toHaveCount(24);
  // Fits 1280 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await expectAccessible(page);

  // Daily, by link (no script needed).
  await page.getByTestId('chart-span-30d').click();
  await expect(page).toHaveURL(/\?span=30d$/);
  await expect(chart.locator('details.chart-data tbody tr')).toHaveCount(30);
  await page.getByTestId('chart-span-24h').click();
  await expect(page).toHaveURL(/\?span=24h$/);

  // Clicking the bar opens the events list filtered to that hour, with those pushes in it.
  await page.getByTestId('chart-pushes').locator(`a.chart-bar[href="${href}"]`).click();
  await expect(page).toHaveURL(href);
  await expect(page.getByTestId('filter-hour')).toBeVisible();
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBe(Math.min(count, 20));
  await expect(page.locator('[data-testid="event-row"][data-type="component_verify_ticket"]').first()).toBeVisible();
  await expectAccessible(page);

  // The platform page's periods are links too.
  await page.goto(`${platformPath}?span=30d`);
  await expect(page.getByTestId('chart-span-30d')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('chart-span-24h')).not.toHaveAttribute('aria-current', /.*/);
  await expect(page.getByTestId('chart-pushes').locator('details.chart-data tbody tr')).toHaveCount(30);
});
