import { APIRequestContext, Browser, expect, Page } from '@playwright/test';

export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'wxopen-demo';

/** Waits until the WASM has hydrated the page (the app marks <body data-hydrated>). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toHaveCount(1);
  // Parts of a page hydrate when their data arrives (forms inside a resource's view): until the
  // network is quiet, a click can still reach the plain HTML form (a GET of the page itself) on a
  // busy 2-core machine. No person clicks that fast; the tests wait as they would.
  await page.waitForLoadState('networkidle');
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

/** Fails with every WCAG 2 A/AA violation axe-core finds on the page as it is now. */
export async function expectAccessible(page: Page) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(found, `accessibility of ${page.url()}`).toEqual([]);
}

/**
 * The follower `openid` writes to the authorized account (the sandbox delivers it to the
 * console's message URL): WeChat's 48-hour customer-service window opens; before it, the sandbox
 * refuses `message/custom/send` with 45015 as WeChat does.
 */
export async function userWrites(request: APIRequestContext, sandboxUrl: string, authorizerAppid: string, openid: string) {
  const list: { component_appid: string; authorizer_appid: string }[] = await (
    await request.get(`${sandboxUrl}/_sandbox/authorizations`)
  ).json();
  const auth = list.find((a) => a.authorizer_appid === authorizerAppid);
  expect(auth, `${authorizerAppid} is authorized`).toBeTruthy();
  const res = await request.post(`${sandboxUrl}/_sandbox/messages`, {
    data: { component_appid: auth!.component_appid, authorizer_appid: authorizerAppid, openid, msg_type: 'text', content: '在吗' },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/**
 * A new official account with followers in the sandbox authorizes the demo platform through an
 * authorization link (made by signed-in staff on `page`, opened by the account's administrator in
 * a browser of their own); `page` ends on the account's page in the console.
 */
export async function authorizeNewOfficialAccount(
  page: Page,
  browser: Browser,
  request: APIRequestContext,
  sandboxUrl: string,
  nickname: string,
): Promise<{ appid: string; openid: string; platformPath: string }> {
  const created = await request.post(`${sandboxUrl}/_sandbox/accounts`, {
    data: { type: 'official_account', nickname, users: 2 },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { appid } = await created.json();
  const account = await (await request.get(`${sandboxUrl}/_sandbox/accounts/${appid}`)).json();
  await login(page);
  await page.goto('/platforms');
  await page.locator('a[href^="/platforms/"]:not([href="/platforms/new"])').first().click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  const platformPath = new URL(page.url()).pathname;
  await page.goto(`${platformPath}/link`);
  await hydrated(page);
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/links\/\d+$/);
  const link = await page.getByTestId('link-url').inputValue();
  const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await admin.goto(link);
  await admin.getByTestId('authorize-button').click();
  await admin.locator(`input[name="appid"][value="${appid}"]`).check();
  await admin.locator('#confirm').click();
  await expect(admin.getByTestId('authorized-title')).toHaveText('授权成功');
  await admin.context().close();
  await page.goto(`/authorizers?q=${encodeURIComponent(nickname)}`);
  await page.locator(`[data-testid="authorizer-row"][data-appid="${appid}"] [data-testid="authorizer-name"]`).click();
  await expect(page).toHaveURL(/\/authorizers\/\d+$/);
  await hydrated(page);
  return { appid, openid: account.users[0].openid, platformPath };
}
