import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { expectAccessible, hydrated, login } from './helpers';

// Pages at real sizes (issue 14): every staff page at 1280x900 with the longest names WeChat
// allows and many authorizers never overflows the page sideways, keeps each authorizers row at
// most 120 px high (permission sets fold) and has its sidebar reach the bottom of the page.
// In `cargo xtask test` the spec seeds 1, then 100 authorizers itself; `cargo xtask screenshots`
// seeds 100,000 before it starts (LAYOUT_SEEDED) and has it save one PNG per page
// (SCREENSHOTS_DIR).

const SANDBOX_URL = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';
const SHOTS = process.env.SCREENSHOTS_DIR;
const SEEDED = Number(process.env.LAYOUT_SEEDED ?? '0');
const WIDTH = 1280;
const HEIGHT = 900;
const MAX_ROW = 120;
/** Long pages are cut here in the PNGs, so that the repository stays small. */
const MAX_SHOT_HEIGHT = 1400;
const DEMO_PLATFORM = '演示第三方平台';

/** The longest names WeChat gives (as xtask/src/seed.rs seeds them). */
const LONGEST_NICKNAME = '华南区连锁便利店会员积分兑换与门店服务中心官方服务号第一分号';
const LONGEST_PRINCIPAL = '广州市天河区珠江新城国际供应链管理与跨境电子商务服务有限公司深圳前海蛇口自贸片区分公司';

test.use({ viewport: { width: WIDTH, height: HEIGHT } });

/** Adds `count` seeded authorizers numbered from `start` to the demo platform. */
function seed(start: number, count: number) {
  const xtask = process.env.XTASK_BIN;
  const db = process.env.E2E_DATABASE_URL;
  if (!xtask || !db) throw new Error('XTASK_BIN and E2E_DATABASE_URL come from `cargo xtask test`');
  execFileSync(xtask, [
    'seed-authorizers',
    '--database-url', db,
    '--platform', DEMO_PLATFORM,
    '--start', String(start),
    '--count', String(count),
  ], { stdio: 'inherit' });
}

let shot = 0;

/**
 * Hydrated and quiet: a click in the first moments after hydration can still reach the plain
 * HTML form (a GET to the page itself) on a busy machine; no person clicks that fast.
 */
async function settle(page: Page) {
  await hydrated(page);
  await page.waitForLoadState('networkidle');
}

/** The layout checks on the page as it is; then axe-core; then the PNG when asked for. */
async function check(page: Page, name: string, app = true, photo = true) {
  // The merchant's pages are plain server-rendered HTML (no WASM to wait for).
  if (app) await hydrated(page);
  await page.waitForLoadState('networkidle');
  const m = await page.evaluate(() => {
    const doc = document.documentElement;
    const side = document.querySelector('.sidebar');
    const rows = [...document.querySelectorAll('[data-testid="authorizers-table"] tbody tr')].map((r) => ({
      appid: r.getAttribute('data-appid'),
      height: r.getBoundingClientRect().height,
    }));
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      pageHeight: doc.scrollHeight,
      sideHeight: side ? side.getBoundingClientRect().height : null,
      rows,
    };
  });
  expect(m.scrollWidth, `${name} (${page.url()}): wider than the window`).toBeLessThanOrEqual(m.clientWidth);
  for (const row of m.rows) {
    expect(row.height, `${name}: the row of ${row.appid} is too tall`).toBeLessThanOrEqual(MAX_ROW);
  }
  if (m.sideHeight !== null) {
    expect(m.sideHeight, `${name}: the sidebar stops before the end of the page`).toBeGreaterThanOrEqual(m.pageHeight - 1);
  }
  await expectAccessible(page);
  if (SHOTS && photo) {
    shot += 1;
    const file = path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: { x: 0, y: 0, width: WIDTH, height: Math.min(m.pageHeight, MAX_SHOT_HEIGHT) },
    });
  }
}

/** Opens `url` and checks it; `photo` false: checked only (a near copy of another PNG). */
async function visit(page: Page, url: string, name: string, photo = true) {
  await page.goto(url);
  await check(page, name, true, photo);
}

async function sandboxPost(request: APIRequestContext, url: string, data: unknown) {
  const res = await request.post(`${SANDBOX_URL}${url}`, { data });
  expect(res.ok(), `${url}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

/** What the pages show besides the seeded authorizers, made as staff and WeChat would. */
interface Made {
  platform: string;
  otherPlatform: string;
  linkPage: string;
  linkUrl: string;
  task: string;
}

/**
 * Real data with the longest names: a second platform, a link, an account authorized through it
 * that a follower writes to, an API key, an invitation and a registration task.
 */
async function makeData(page: Page, request: APIRequestContext): Promise<Made> {
  const stamp = Date.now().toString(36);
  // A second platform, named as long as the form allows.
  await page.goto('/platforms/new');
  await settle(page);
  const hex = (n: number) => [...Array(n)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
  await page.getByTestId('field-name').fill(`华南区连锁便利店会员积分兑换与门店数字化服务第三方平台（正式环境，服务全部门店）${stamp}`);
  await page.getByTestId('field-appid').fill(`wx${hex(16)}`);
  await page.getByTestId('field-secret').fill(hex(32));
  await page.getByTestId('field-token').fill(`token${stamp}`);
  await page.getByTestId('field-aes_key').fill(`${'a'.repeat(30)}${hex(13)}`);
  await page.getByTestId('platform-submit').click();
  await expect(page).toHaveURL(/\/platforms\/\d+$/);
  const otherPlatform = new URL(page.url()).pathname;

  await page.goto('/platforms');
  const platform = (await page.locator('a[href^="/platforms/"]', { hasText: DEMO_PLATFORM }).first().getAttribute('href'))!;
  expect(platform).toMatch(/^\/platforms\/\d+$/);
  await page.goto(`${platform}/link`);
  await settle(page);
  await page.getByTestId('link-submit').click();
  await expect(page).toHaveURL(/\/links\/\d+$/);
  const linkPage = new URL(page.url()).pathname;
  const linkUrl = await page.getByTestId('link-url').inputValue();

  // An official account with the longest names authorizes through the link over HTTP (the
  // merchant's page itself is photographed before, unused); a follower writes to it.
  const account = await sandboxPost(request, '/_sandbox/accounts', {
    type: 'official_account',
    nickname: LONGEST_NICKNAME,
    principal_name: LONGEST_PRINCIPAL,
    // A WeChat ID of 20 characters and an introduction of 120 (WeChat's limits).
    alias: 'hn_store_club_2026_a',
    signature: '华南区连锁便利店会员服务号：积分兑换、门店查询、优惠券领取、会员日活动提醒、电子发票开具与售后服务一站办理。'.repeat(3).slice(0, 120),
    users: 2,
  });
  const authorize = await page.context().request.post(linkUrl, { maxRedirects: 0 });
  expect(authorize.status()).toBe(303);
  const wechat = new URL(authorize.headers()['location']);
  const confirmed = await sandboxPost(request, '/_sandbox/authorizations/confirm', {
    pre_auth_code: wechat.searchParams.get('pre_auth_code'),
    redirect_uri: wechat.searchParams.get('redirect_uri'),
    appid: account.appid,
  });
  expect((await request.get(confirmed.redirect_url)).ok()).toBeTruthy();
  const detail = await (await request.get(`${SANDBOX_URL}/_sandbox/accounts/${account.appid}`)).json();
  const list: { component_appid: string; authorizer_appid: string }[] = await (
    await request.get(`${SANDBOX_URL}/_sandbox/authorizations`)
  ).json();
  const auth = list.find((a) => a.authorizer_appid === account.appid);
  expect(auth).toBeTruthy();
  await sandboxPost(request, '/_sandbox/messages', {
    component_appid: auth!.component_appid,
    authorizer_appid: account.appid,
    openid: detail.users[0].openid,
    msg_type: 'text',
    content: `${LONGEST_NICKNAME}的会员积分兑换规则是什么？门店营业时间和地址也请发我一下，谢谢`,
  });

  // An API key and an invitation with long names.
  await page.goto('/settings');
  await settle(page);
  const keys = page.getByTestId('api-keys');
  await keys.getByTestId('api-key-name').fill(`华南区门店收银系统读取令牌-${stamp}`);
  await expect(keys.getByTestId('api-key-scope-tokens')).toBeChecked();
  await keys.getByTestId('api-key-create').click();
  await expect(keys.getByTestId('api-key-secret')).toHaveValue(/^wxk_/);
  const invitations = page.getByTestId('invitations');
  await invitations.getByTestId('invite-role').selectOption('viewer');
  const note = `华南区运营中心数据分析组新同事（只读）${stamp}`;
  await invitations.getByTestId('invite-note').fill(note);
  await invitations.getByTestId('invite-submit').click();
  await expect(invitations.getByTestId('invitation-row').filter({ hasText: note })).toHaveCount(1);

  // A registration task waiting for its user.
  await page.goto('/registrations/new');
  await settle(page);
  const demo = page.locator('[data-testid="field-platform"] option', { hasText: DEMO_PLATFORM });
  await page.getByTestId('field-platform').selectOption((await demo.getAttribute('value'))!);
  await page.getByTestId('kind-personal').check();
  await page.getByTestId('field-wxuser').fill(`layout_${stamp}`);
  await page.getByTestId('field-phone').fill('13800138000');
  await page.getByTestId('task-submit').click();
  await expect(page).toHaveURL(/\/registrations\/\d+$/);
  const task = new URL(page.url()).pathname;
  return { platform, otherPlatform, linkPage, linkUrl, task };
}

/**
 * Every staff page, checked; `label` names the data size. `all` false: only the pages whose
 * content grows with the number of authorizers (the first, smaller size in `cargo xtask test`).
 */
async function checkEveryPage(page: Page, made: Made, label: string, all = true) {
  const p = (name: string) => `${name}${label}`;
  await visit(page, '/', p('overview'));
  if (!all) {
    await visit(page, '/authorizers', p('authorizers'));
    await visit(page, '/authorizers?q=wx5eed', p('authorizers-seeded'));
    await visit(page, made.platform, p('platform'));
    return;
  }
  await visit(page, '/platforms', p('platforms'));
  await visit(page, made.platform, p('platform'));
  await visit(page, made.otherPlatform, p('platform-second'));
  await visit(page, '/platforms/new', p('platform-new'));
  await visit(page, `${made.platform}/link`, p('link-form'));
  await visit(page, made.linkPage, p('link'));
  await visit(page, '/authorizers', p('authorizers'));
  // The seeded accounts only: long names, forty permission sets on every fifth.
  await visit(page, '/authorizers?q=wx5eed', p('authorizers-seeded'), false);
  // An account with forty sets (three shown, "37 more" folded).
  const many = page
    .getByTestId('authorizer-row')
    .filter({ has: page.locator('[data-testid="funcs-more"] summary', { hasText: '37' }) })
    .first();
  if ((await many.count()) > 0) {
    // The fold opens in place.
    await many.getByTestId('funcs-more').locator('summary').click();
    await expect(many.getByTestId('funcs-more')).toHaveAttribute('open', '');
    const href = (await many.getByTestId('authorizer-name').getAttribute('href'))!;
    await visit(page, href, p('authorizer-40-sets'));
  }
  await visit(page, `/authorizers?q=${encodeURIComponent(LONGEST_NICKNAME)}`, p('authorizers-search'), false);
  const named = page.getByTestId('authorizer-name').first();
  await visit(page, (await named.getAttribute('href'))!, p('authorizer'));
  await visit(page, '/events', p('events'));
  await visit(page, '/messages', p('messages'));
  await visit(page, '/registrations', p('registrations'));
  await visit(page, made.task, p('registration'));
  await visit(page, '/registrations/new', p('registration-new'));
  await visit(page, '/audit', p('audit'));
  await visit(page, '/settings', p('settings'));
}

test('pages at real sizes: no overflow at 1280 px, short authorizer rows, a full-height sidebar', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(SHOTS ? 600_000 : 240_000);
  await login(page);
  const made = await makeData(page, request);
  const sizes = SEEDED > 0 ? [SEEDED] : [1, 100];
  let seeded = SEEDED;
  for (const size of sizes) {
    if (size > seeded) {
      seed(seeded, size - seeded);
      seeded = size;
    }
    await checkEveryPage(page, made, SHOTS ? '' : `-${size}`, size === sizes[sizes.length - 1]);
  }

  // The merchant's page (no sign-in) and the platform administrator's tenants page.
  const merchant = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: WIDTH, height: HEIGHT } })).newPage();
  await merchant.goto(made.linkUrl);
  await check(merchant, 'merchant-authorize', false);
  await merchant.context().close();
  const admin = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: WIDTH, height: HEIGHT } })).newPage();
  await login(admin, 'admin', 'wxopen-admin');
  await visit(admin, '/tenants', 'tenants');
  await admin.context().close();
});
