import { expect, test } from '@playwright/test';
import { authorizeNewOfficialAccount, expectAccessible, hydrated, userWrites } from './helpers';

// Business calls on behalf of an authorized account (issue 12, seed 001): staff look up one of
// its followers, send a customer-service message (the sandbox receives it), see the call counted
// under "Proxied calls", and diagnose the rid of a failed call with every token masked.
const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

test('staff look up a user, send a message, see it counted and diagnose an rid', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const nickname = `客服服务号 ${suffix()}`;
  const { appid, openid, platformPath } = await authorizeNewOfficialAccount(page, browser, request, SANDBOX_URL, nickname);
  await expect(page.getByTestId('proxied-calls-none')).toBeVisible();

  // Look up the follower.
  await page.getByTestId('lookup-openid').fill(openid);
  await page.getByTestId('lookup-user').click();
  await expect(page.locator('[data-testid="user-info"] dd[data-field="openid"]')).toHaveText(openid);

  // Send a customer-service message once the follower wrote (WeChat's 48-hour window): WeChat
  // (the sandbox) has it.
  await userWrites(request, SANDBOX_URL, appid, openid);
  const text = `您好，订单已发货 ${suffix()}`;
  await page.getByTestId('send-openid').fill(openid);
  await page.getByTestId('send-text').fill(text);
  await page.getByTestId('send-message').click();
  await expect(page.getByTestId('message-sent')).toBeVisible();
  const sent = await (await request.get(`${SANDBOX_URL}/_sandbox/custom_messages`)).json();
  expect(sent.some((m: { content: string; touser: string }) => m.content === text && m.touser === openid)).toBeTruthy();

  // Both calls are counted.
  const sendRow = page.locator('[data-testid="proxied-calls-table"] tr[data-path="cgi-bin/message/custom/send"]');
  await expect(sendRow.getByTestId('calls-today')).toHaveText('1');
  await expect(
    page.locator('[data-testid="proxied-calls-table"] tr[data-path="cgi-bin/user/info"] [data-testid="calls-today"]'),
  ).toHaveText('1');

  // A message to someone who is not a follower fails with WeChat's rid; the diagnose box shows
  // what WeChat recorded, the token masked.
  await page.getByTestId('send-openid').fill('o-not-a-follower');
  await page.getByTestId('send-message').click();
  const error = page.locator('[data-testid="send-message-form"] .notice-error');
  await expect(error).toContainText('rid:');
  await expect(error).toContainText('40003');
  await page.getByTestId('diagnose-text').fill((await error.textContent())!);
  await page.getByTestId('diagnose-run').click();
  await expect(page.getByTestId('diagnose-url')).toContainText('/cgi-bin/message/custom/send');
  await expect(page.getByTestId('diagnose-url')).toContainText('access_token=***');
  await expect(page.getByTestId('diagnose-request')).toContainText('o-not-a-follower');
  await expect(page.getByTestId('diagnose-response')).toContainText('40003');
  await expect(sendRow.getByTestId('calls-failures')).toHaveText('1');

  // The account's quota of the path, and a reset behind a confirmation saying what is left.
  await page.getByTestId('quota-path').selectOption('/cgi-bin/message/custom/send');
  await page.getByTestId('quota-query').click();
  await expect(page.getByTestId('quota-result')).toHaveAttribute('data-path', '/cgi-bin/message/custom/send');
  await expect(page.getByTestId('quota-used')).toHaveText(/^[1-9]\d*$/);
  await page.getByTestId('quota-reset-start').click();
  await expect(page.getByTestId('quota-resets-left')).toHaveText('10 / 10');
  await expectAccessible(page);
  await page.getByTestId('quota-reset-confirm-button').click();
  await expect(page.getByTestId('quota-reset-done')).toContainText('9 / 10');
  await expectAccessible(page);

  // The platform's page has the same tools, with the component token.
  await page.goto(platformPath);
  await hydrated(page);
  await page.getByTestId('quota-query').click();
  await expect(page.getByTestId('quota-result')).toHaveAttribute('data-path', '/cgi-bin/component/api_component_token');
  await expectAccessible(page);
});
