import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

// Alerts (issue 14): the demo owner adds a webhook channel on Settings (a bad URL is refused with
// a bilingual reason beside the field), sends it a test message that a local receiver gets, sees
// the delivery on the channel, sees the alert history card on the overview, and removes the
// channel again so that the other specs are untouched.

test('an owner adds a webhook alert channel, sends a test, and sees the alert history on the overview', async ({ page }) => {
  test.setTimeout(90_000);
  const bodies: Record<string, unknown>[] = [];
  const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(data));
      } catch {
        bodies.push({ unparsed: data });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const name = `e2e-${Date.now().toString(36)}`;

  try {
    await login(page);
    await page.goto('/settings');
    await hydrated(page);
    const card = page.getByTestId('alerts');
    await expect(card).toBeVisible();
    await expectAccessible(page);

    // Plain http is refused unless the receiver is on this machine; the reason sits by the field.
    await card.getByTestId('alert-name').fill(name);
    await card.getByTestId('alert-url').fill('http://hooks.example.com/alerts');
    await card.getByTestId('alert-add').click();
    await expect(card.getByTestId('error-url')).toContainText('https://');

    await card.getByTestId('alert-kind').selectOption('webhook');
    await card.getByTestId('alert-url').fill(`http://127.0.0.1:${port}/hook`);
    await card.getByTestId('alert-add').click();
    const row = card.getByTestId(`alert-channel-${name}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(`http://127.0.0.1:${port}/…`);
    await expect(row).toContainText('从未');

    // A test message reaches the receiver; the channel shows the delivery.
    await row.getByTestId('alert-test').click();
    await expect(card.getByTestId('alert-test-ok')).toBeVisible();
    await expect(row.getByTestId('alert-last')).toHaveText('已送达');
    expect(bodies.some((b) => b.event === 'test' && String(b.text).startsWith('【测试】'))).toBe(true);
    await expectAccessible(page);

    // The overview's alert history card.
    await page.goto('/');
    await hydrated(page);
    const history = page.getByTestId('alert-history');
    await expect(history).toBeVisible();
    await expect(history).toContainText('告警记录');
    await expectAccessible(page);

    // Removing asks first.
    await page.goto('/settings');
    await hydrated(page);
    const again = page.getByTestId(`alert-channel-${name}`);
    await again.getByTestId('alert-remove').click();
    await again.getByTestId('alert-remove-confirm').click();
    await expect(page.getByTestId(`alert-channel-${name}`)).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
