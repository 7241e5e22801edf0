import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

// Fast registration (issue 10): each of the four flows started from the console, confirmed as
// the legal person, user or administrator in the sandbox, until the new mini program is an
// authorizer linked to its task.
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** A random unified social credit code with a correct check character (GB 32100-2015). */
function creditCode(): string {
  let body = '91440300';
  while (body.length < 17) body += CODE_CHARS[Math.floor(Math.random() * 10)];
  const sum = [...body].reduce((s, c, i) => s + CODE_CHARS.indexOf(c) * CODE_WEIGHTS[i], 0);
  return body + CODE_CHARS[(31 - (sum % 31)) % 31];
}

async function sandboxPost(request: APIRequestContext, path: string, data: unknown) {
  const res = await request.post(`${SANDBOX_URL}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

async function sandboxCalls(request: APIRequestContext, endpoint: string): Promise<number> {
  const calls = await (await request.get(`${SANDBOX_URL}/_sandbox/calls`)).json();
  return Object.values((calls[endpoint] ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
}

async function newTask(page: Page, kind: string) {
  await page.goto('/registrations/new');
  await hydrated(page);
  await page.getByTestId(`kind-${kind}`).check();
}

/** Submits the form and waits for the task page; returns its path. */
async function submit(page: Page): Promise<string> {
  await page.getByTestId('task-submit').click();
  await expect(page).toHaveURL(/\/registrations\/\d+$/);
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'waiting');
  return new URL(page.url()).pathname;
}

/** Waits on the task page (it polls) for `state`. */
async function expectState(page: Page, state: string) {
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', state, { timeout: 20_000 });
}

/** The new mini program is listed under Authorizers and its page links back to the task. */
async function expectAuthorizerOf(page: Page, taskPath: string) {
  await expect(page.getByTestId('task-authorizer')).toBeVisible({ timeout: 20_000 });
  const appid = (await page.getByTestId('task-result').textContent())!.match(/wx[0-9a-f]{16}/)![0];
  await page.goto(`/authorizers?q=${appid}`);
  await expect(page.getByTestId('authorizer-row')).toHaveCount(1);
  await page.getByTestId('authorizer-name').click();
  await expect(page.getByTestId('authorizer-task')).toHaveAttribute('href', taskPath);
  return appid;
}

/** Opens WeChat's confirmation page of the task (the sandbox's) and confirms. */
async function confirmOnWeChat(browser: Browser, url: string) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const merchant = await context.newPage();
  await merchant.goto(url);
  await merchant.locator('#confirm').click();
  await expect(merchant.locator('body')).toContainText('已同意');
  await context.close();
}

test('an enterprise mini program: invalid inputs are refused before WeChat, then the legal person confirms', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await login(page);
  const before = await sandboxCalls(request, 'fastregisterenterpriseweapp');
  await newTask(page, 'enterprise');
  const code = creditCode();
  await page.getByTestId('field-name').fill(`深圳市小鹅科技有限公司${suffix()}`);
  // One wrong character: the check character no longer matches.
  await page.getByTestId('field-code').fill(code.slice(0, 10) + (code[10] === '1' ? '2' : '1') + code.slice(11));
  await page.getByTestId('field-phone').fill('0755-86013388');
  await page.getByTestId('task-submit').click();
  await expect(page.getByTestId('error-code')).toContainText('校验位');
  await page.getByTestId('field-code').fill(code);
  await page.getByTestId('field-phone').fill('12345');
  await page.getByTestId('task-submit').click();
  await expect(page.getByTestId('error-phone')).toBeVisible();
  await expectAccessible(page);
  expect(await sandboxCalls(request, 'fastregisterenterpriseweapp')).toBe(before);
  await page.getByTestId('field-phone').fill('13800138000');
  const taskPath = await submit(page);
  await expect(page.getByTestId('task-qr').locator('svg')).toBeVisible();
  await expectAccessible(page);
  const url = await page.getByTestId('task-confirm-url').inputValue();
  expect(url.startsWith(SANDBOX_URL)).toBeTruthy();
  await confirmOnWeChat(browser, url);
  await expectState(page, 'succeeded');
  await expect(page.locator('[data-testid="task-step"][data-step="notified"]')).toHaveCount(1);
  await expectAuthorizerOf(page, taskPath);
  // The list shows it, filtered by flow and state.
  await page.goto('/registrations?kind=enterprise&state=succeeded');
  await expect(page.locator(`[data-testid="task-row"] a[href="${taskPath}"]`)).toBeVisible();
  await expectAccessible(page);
});

test('a personal mini program: the user confirms (through the sandbox control API)', async ({ page, request }) => {
  test.setTimeout(120_000);
  await login(page);
  await newTask(page, 'personal');
  await page.getByTestId('field-wxuser').fill(`user_${suffix()}`);
  await page.getByTestId('field-phone').fill('13800138000');
  const taskPath = await submit(page);
  const taskid = (await page.getByTestId('task-taskid').textContent())!.trim();
  await sandboxPost(request, `/_sandbox/registrations/${taskid}/confirm`, {});
  await expectState(page, 'succeeded');
  await expectAuthorizerOf(page, taskPath);
});

test('a trial mini program: created, renamed and verified into a formal one', async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  await login(page);
  await newTask(page, 'beta');
  await page.getByTestId('field-name').fill('小鹅');
  await page.getByTestId('field-openid').fill(`o6_bmjrPTlm6_2sgVt7hMZOP${suffix()}`);
  await page.getByTestId('task-submit').click();
  await expect(page.getByTestId('error-name')).toContainText('4');
  await page.getByTestId('field-name').fill(`小鹅优选${suffix()}`);
  const taskPath = await submit(page);
  const url = await page.getByTestId('task-confirm-url').inputValue();
  await confirmOnWeChat(browser, url);
  await expectState(page, 'succeeded');
  await expect(page.getByTestId('trial-verification')).toHaveAttribute('data-state', 'none', { timeout: 20_000 });
  await expectAccessible(page);
  const newName = `小鹅商城${suffix()}`;
  await page.getByTestId('rename-name').fill(newName);
  await page.getByTestId('trial-rename-submit').click();
  await expect(page.locator('[data-testid="task-step"][data-step="renamed"]')).toContainText(newName);
  await page.locator('[data-testid="trial-verify"] [data-testid="field-name"]').fill('深圳市小鹅科技有限公司');
  await page.getByTestId('field-code').fill(creditCode());
  await page.getByTestId('field-phone').fill('075586013388');
  await page.getByTestId('trial-verify-submit').click();
  await expect(page.getByTestId('trial-verification')).toHaveAttribute('data-state', 'waiting');
  const appid = await expectAuthorizerOf(page, taskPath);
  const tasks = await (await request.get(`${SANDBOX_URL}/_sandbox/registrations`)).json();
  const verification = tasks.find((t: { kind: string; beta_appid: string }) => t.kind === 'beta_verify' && t.beta_appid === appid);
  await sandboxPost(request, `/_sandbox/registrations/${verification.id}/confirm`, {});
  await page.goto(taskPath);
  await expect(page.getByTestId('trial-verification')).toHaveAttribute('data-state', 'succeeded', { timeout: 20_000 });
});

test("a mini program reusing an official account's qualification, confirmed from the console's page", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const nickname = `资质公众号 ${suffix()}`;
  const oa = await sandboxPost(request, '/_sandbox/accounts', {
    type: 'official_account',
    nickname,
    principal_name: '深圳市小鹅科技有限公司',
    verify_type: 0,
    users: 3,
  });
  await login(page);
  // The account authorizes the platform with every set (27 included) through a link.
  await page.goto('/platforms');
  await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  await page.goto(`${new URL(page.url()).pathname}/link`);
  await hydrated(page);
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/links\/\d+$/);
  const link = await page.getByTestId('link-url').inputValue();
  const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await admin.goto(link);
  await admin.getByTestId('authorize-button').click();
  await admin.locator(`input[name="appid"][value="${oa.appid}"]`).check();
  await admin.locator('#confirm').click();
  await expect(admin.getByTestId('authorized-title')).toHaveText('授权成功');

  await newTask(page, 'reuse');
  await expect(page.getByTestId('field-official_account')).toContainText(nickname);
  const option = page.locator('[data-testid="field-official_account"] option', { hasText: nickname });
  await page.getByTestId('field-official_account').selectOption((await option.getAttribute('value'))!);
  const taskPath = await submit(page);
  const pageUrl = await page.getByTestId('task-confirm-url').inputValue();
  expect(pageUrl.startsWith(`${BASE_URL}/register/`)).toBeTruthy();
  await admin.goto(pageUrl);
  await expect(admin.getByTestId('register-account')).toHaveText(nickname);
  await expectAccessible(admin);
  await admin.getByTestId('register-start').click();
  await expect(admin).toHaveURL(new RegExp(`^${SANDBOX_URL}/cgi-bin/fastregisterauth`));
  await admin.locator('#confirm').click();
  await expect(admin).toHaveURL(new RegExp(`^${BASE_URL}/wechat/`));
  await expect(admin.getByTestId('authorized-title')).toHaveText('小程序注册成功');
  await page.goto(taskPath);
  await expectState(page, 'succeeded');
  await expectAuthorizerOf(page, taskPath);

  // Its users are offered as a trial mini program's administrator.
  await newTask(page, 'beta');
  const account = page.locator('[data-testid="follower-account"] option', { hasText: nickname });
  await page.getByTestId('follower-account').selectOption((await account.getAttribute('value'))!);
  await expect(page.locator('[data-testid="follower-openid"] option')).toHaveCount(4);
  const first = await page.locator('[data-testid="follower-openid"] option').nth(1).getAttribute('value');
  await page.getByTestId('follower-openid').selectOption(first!);
  await expect(page.getByTestId('field-openid')).toHaveValue(first!);
  await expectAccessible(page);
});
