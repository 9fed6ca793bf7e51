// OneDoor end-to-end browser tests. Starts the real server (ONEDOOR_BIN, default build/onedoor)
// on a fresh demo database and port 0, drives Debian's Chromium through playwright-core, and
// checks what a person would see: sign-in, the staff desk and presence, the large-type and
// language switches, the admin users table, a clear error for a wrong password, and one appeal
// walked from the citizen's form through the handler's reply to the citizen's verdict; the admin
// enters next year's working-day calendar (工作日历) and sees a weekday make-up day refused; the
// admin issues an Open311 API key, a client files with it, and the revoked key is refused.
//
//   cd tests/e2e && npm ci && node run.mjs        (or: node --test run.mjs)
//
// Environment: ONEDOOR_BIN (server binary; relative paths are from the repo root),
// ONEDOOR_WEB (built web UI, default web/dist), CHROMIUM (default /usr/bin/chromium),
// E2E_SHOTS (directory for screenshots; none taken when unset).
// Every wait is bounded; the server gets SIGTERM at the end, also when a test fails.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const BIN = path.resolve(ROOT, process.env.ONEDOOR_BIN || 'build/onedoor')
const WEB = path.resolve(ROOT, process.env.ONEDOOR_WEB || 'web/dist')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const SHOTS = process.env.E2E_SHOTS ? path.resolve(process.env.E2E_SHOTS) : ''
const PASSWORD = 'onedoor-demo'
const DEMO_USERS = ['admin', 'supervisor', 'handler', 'clerk', 'operator']

const START_TIMEOUT_MS = 30_000
const STEP_TIMEOUT_MS = 15_000
const TEST_TIMEOUT_MS = 90_000

let dataDir = ''
let calDir = '' // a copy of calendars/cn: the calendar test saves a year, never into the source tree
let server = null
let serverLog = ''
let baseURL = ''
let browser = null

// ---- server -------------------------------------------------------------------------------------

function runOnce(args, timeoutMs) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs })
  if (r.error) throw new Error(`${BIN} ${args.join(' ')}: ${r.error.message}`)
  if (r.status !== 0) {
    throw new Error(`${BIN} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`)
  }
  return r.stdout
}

function startServer() {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--web', WEB, '--calendars', calDir]
    server = spawn(BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let pending = ''
    let done = false
    const finish = (err, port) => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (err) reject(err)
      else resolve(port)
    }
    const timer = setTimeout(
      () => finish(new Error(`server did not print "listening on http://127.0.0.1:PORT" within ${START_TIMEOUT_MS} ms\n${serverLog}`)),
      START_TIMEOUT_MS,
    )
    const onData = (chunk) => {
      const s = chunk.toString()
      serverLog += s
      if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000)
      pending += s
      const m = pending.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) finish(null, Number(m[1]))
      if (pending.length > 10_000) pending = pending.slice(-1000)
    }
    // The contract says stdout; stderr is read too so a logger writing there still works.
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('error', (e) => finish(new Error(`cannot start ${BIN}: ${e.message}`)))
    server.on('exit', (code, sig) => {
      finish(new Error(`server exited early (${code ?? sig})\n${serverLog}`))
      server = null
    })
  })
}

async function stopServer() {
  if (!server) return
  const p = server
  const exited = new Promise((r) => p.once('exit', r))
  p.kill('SIGTERM')
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 5000))
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    console.error('server ignored SIGTERM for 5 s; sending SIGKILL')
    p.kill('SIGKILL')
  }
  server = null
}

process.on('exit', () => {
  if (server) server.kill('SIGKILL')
})

// ---- helpers ------------------------------------------------------------------------------------

async function newPage() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  // Every page is served with a Content-Security-Policy: a violation anywhere is a console error,
  // so each test's "no console errors" also says the policy holds on the pages it walks.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    )
  })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
  const errors = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  return { context, page, errors }
}

/**
 * Takes a kiosk ticket through the signed-in staff session of `page` (a clerk issuing for a citizen):
 * anonymous tickets are remote ones since the hall's registered kiosks, and those are rate-limited
 * per address. Returns the HTTP status.
 */
async function issueAsStaff(page, hallId, body) {
  return page.evaluate(async ([id, b]) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('onedoor_csrf='))?.slice('onedoor_csrf='.length) ?? ''
    const r = await fetch(`/api/v1/halls/${id}/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
      body: JSON.stringify(b),
    })
    return r.status
  }, [hallId, body])
}

/** Waits until the locator's text contains `expected`; fails with what it saw instead. */
async function waitForText(locator, expected, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    try {
      last = (await locator.first().textContent({ timeout: 1000 })) ?? ''
      if (last.includes(expected)) return last
    } catch {
      /* not there yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`expected text containing ${JSON.stringify(expected)}, saw ${JSON.stringify(last)}`)
}

async function shot(page, name) {
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

function isLoginPost(r) {
  return new URL(r.url()).pathname === '/api/v1/session' && r.request().method() === 'POST'
}

/** Signs in through the form; returns the POST /api/v1/session response. */
async function login(page, username, password) {
  await page.goto(`${baseURL}/login`)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  const [resp] = await Promise.all([
    page.waitForResponse(isLoginPost),
    page.getByTestId('login-submit').click(),
  ])
  return resp
}

// ---- setup --------------------------------------------------------------------------------------

before(async () => {
  assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (build it, or set ONEDOOR_BIN)`)
  assert.ok(fs.existsSync(path.join(WEB, 'index.html')), `web UI not built: ${WEB} (cd web && npm ci && npm run build)`)
  assert.ok(fs.existsSync(CHROMIUM), `chromium not found: ${CHROMIUM} (apt-get install chromium)`)
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onedoor-e2e-'))
  runOnce(['demo', '--data', dataDir], 60_000)
  calDir = path.join(dataDir, 'calendars')
  fs.cpSync(path.join(ROOT, 'calendars', 'cn'), calDir, { recursive: true })
  const port = await startServer()
  baseURL = `http://127.0.0.1:${port}`
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: START_TIMEOUT_MS,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
})

after(async () => {
  try {
    if (browser) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10_000))])
  } finally {
    await stopServer()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  }
})

// ---- tests --------------------------------------------------------------------------------------

test('clerk signs in, lands on the desk, sees their name and switches presence to 暂离', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'clerk', PASSWORD)
    assert.equal(resp.status(), 200, 'POST /api/v1/session should accept clerk / onedoor-demo')
    const { user } = await resp.json()
    assert.equal(user.username, 'clerk')
    assert.equal(user.role, 'clerk')

    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await waitForText(page.getByTestId('desk-hello'), user.display_name)
    await waitForText(page.getByTestId('desk-role'), '窗口人员')

    // If the demo happens to start the clerk on a break, go on duty first so the switch is real.
    if ((await page.getByTestId('presence-break').getAttribute('aria-checked')) === 'true') {
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/presence'),
        page.getByTestId('presence-on_duty').click(),
      ])
    }
    const [presence] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/presence'),
      page.getByTestId('presence-break').click(),
    ])
    assert.equal(presence.status(), 200, 'POST /api/v1/me/presence should succeed')
    assert.equal((await presence.json()).presence, 'break')
    await waitForText(page.getByTestId('presence-confirm'), '暂离')
    await waitForText(page.getByTestId('presence-current'), '暂离')
    assert.equal(await page.getByTestId('presence-break').getAttribute('aria-checked'), 'true')

    await shot(page, 'desk-clerk')
    assert.deepEqual(errors, [], 'no console errors on login and desk')
  } finally {
    await context.close()
  }
})

test('large-type switch persists across a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    await page.goto(`${baseURL}/`)
    const hasLarge = () => page.evaluate(() => document.documentElement.classList.contains('od-large'))
    const toggle = page.getByTestId('toggle-large')
    await toggle.waitFor()
    assert.equal(await hasLarge(), false, 'large type is off by default')
    await toggle.click()
    assert.equal(await hasLarge(), true, 'clicking the switch turns large type on')
    await page.reload()
    await page.getByTestId('toggle-large').waitFor()
    assert.equal(await hasLarge(), true, 'large type is still on after reload')
    assert.equal(await page.getByTestId('toggle-large').getAttribute('aria-checked'), 'true')
    await shot(page, 'portal-large')
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

test('English switch changes the sign-in button to English', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    await page.goto(`${baseURL}/login`)
    const submit = page.getByTestId('login-submit')
    await waitForText(submit, '登录')
    await page.getByTestId('toggle-lang').click()
    await waitForText(submit, 'Sign in')
    await page.reload()
    await waitForText(page.getByTestId('login-submit'), 'Sign in')
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
    await shot(page, 'login-en')
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

test('admin opens /admin and sees the users table with the five demo users', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page } = await newPage()
  try {
    const resp = await login(page, 'admin', PASSWORD)
    assert.equal(resp.status(), 200, 'admin / onedoor-demo should sign in')
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    const [users] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/users' && r.request().method() === 'GET'),
      page.goto(`${baseURL}/admin`),
    ])
    assert.equal(users.status(), 200, 'GET /api/v1/users should succeed for admin')
    const rows = page.locator('[data-testid="users-table"] .el-table__body tr')
    await rows.first().waitFor()
    const deadline = Date.now() + STEP_TIMEOUT_MS
    while ((await rows.count()) < DEMO_USERS.length && Date.now() < deadline) await page.waitForTimeout(100)
    assert.ok((await rows.count()) >= DEMO_USERS.length, `expected at least ${DEMO_USERS.length} rows, got ${await rows.count()}`)
    const text = await page.locator('[data-testid="users-table"] .el-table__body').innerText()
    for (const name of DEMO_USERS) assert.ok(text.includes(name), `users table should list ${name}`)
    await shot(page, 'admin')
  } finally {
    await context.close()
  }
})

test('a wrong password shows a clear Chinese error and stays on /login', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page } = await newPage()
  try {
    const resp = await login(page, 'operator', 'not-the-password')
    assert.equal(resp.status(), 401, 'a wrong password should get 401')
    await waitForText(page.getByTestId('login-error'), '用户名或密码不正确')
    assert.equal(new URL(page.url()).pathname, '/login')
    await shot(page, 'login-error')
  } finally {
    await context.close()
  }
})

/** The <input> of an Element Plus input or date picker carrying `testid` (on the input or its wrapper). */
function field(scope, testid) {
  return scope.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first()
}

/** Types a YYYY-MM-DD date into a date picker and confirms it with Enter. */
async function pickDate(page, input, value) {
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.keyboard.press('Escape')
  assert.equal(await input.inputValue(), value, `the date picker should hold ${value}`)
}

test('admin enters 2027 in the working-day calendar; a weekday make-up day is refused', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'admin', PASSWORD)
    assert.equal(resp.status(), 200, 'admin / onedoor-demo should sign in')
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await page.goto(`${baseURL}/admin`)
    const [list] = await Promise.all([
      page.waitForResponse(isApi('GET', /^\/api\/v1\/calendars$/)),
      page.getByTestId('tab-calendar').click(),
    ])
    assert.equal(list.status(), 200, 'GET /api/v1/calendars should succeed for admin')
    const loaded = (await list.json()).years.map((y) => y.year)
    assert.ok(loaded.includes(2026), `2026 ships and should be listed, got ${loaded}`)
    assert.ok(!loaded.includes(2027), 'a fresh copy of the calendars has no 2027')
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'calendar', 'the tab is in the URL')
    await waitForText(page.getByTestId('calendar-explain'), '每年 11 月前后国务院办公厅发布下一年的放假安排')
    await page.getByTestId('calendar-year-2026').click()
    await waitForText(page.getByTestId('calendar-summary'), '全年工作日 248 天')

    // ---- add 2027 with one holiday and the notice, save ----
    assert.equal(Math.max(...loaded), 2026, 'the next year after the loaded ones is 2027')
    await page.getByTestId('calendar-add-year').click()
    await page.getByTestId('calendar-year-2027').waitFor()
    const edit = page.getByTestId('calendar-edit-2027')
    await edit.waitFor()
    const source = '国务院办公厅关于2027年部分节假日安排的通知（e2e 测试）'
    await field(edit, 'calendar-source').fill(source)
    await page.getByTestId('calendar-add-holiday').click()
    const row = page.getByTestId('holiday-row-0')
    await field(row, 'holiday-name').fill('元旦')
    await pickDate(page, field(row, 'holiday-from'), '2027-01-01')
    await pickDate(page, field(row, 'holiday-to'), '2027-01-01')
    // 2027 has 261 weekdays; 元旦 falls on a Friday.
    await waitForText(page.getByTestId('calendar-summary'), '全年工作日 260 天')
    const [put] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/calendars\/2027$/)),
      page.getByTestId('calendar-save').click(),
    ])
    assert.equal(put.status(), 200, `PUT /api/v1/calendars/2027 should succeed: ${await put.text()}`)
    const sent = put.request().postDataJSON()
    assert.deepEqual(sent.holidays, [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }])
    assert.equal(sent.source, source)
    const saved = (await put.json()).year
    assert.equal(saved.year, 2027)
    assert.equal(saved.working_days, 260)

    // ---- it is on the server: after a reload 2027 is in the year list ----
    const [again] = await Promise.all([
      page.waitForResponse(isApi('GET', /^\/api\/v1\/calendars$/)),
      page.reload(),
    ])
    assert.ok((await again.json()).years.some((y) => y.year === 2027), 'GET /api/v1/calendars lists 2027 after saving')
    const year2027 = page.getByTestId('calendar-year-2027')
    await year2027.waitFor()
    assert.ok(!(await year2027.innerText()).includes('未保存'), '2027 is saved, not a draft')
    await year2027.click()
    assert.equal(await field(page.getByTestId('calendar-edit-2027'), 'calendar-source').inputValue(), source)
    await waitForText(page.getByTestId('calendar-summary'), '全年工作日 260 天')
    await shot(page, 'calendar-2027-saved')

    // ---- a make-up working day on a Wednesday is refused, under its row ----
    await page.getByTestId('calendar-add-workday').click()
    const wrow = page.getByTestId('workday-row-0')
    await pickDate(page, field(wrow, 'workday-date'), '2027-01-06')
    await waitForText(wrow, '周三')
    const [bad] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/calendars\/2027$/)),
      page.getByTestId('calendar-save').click(),
    ])
    assert.equal(bad.status(), 400, 'a weekday make-up day must be refused')
    const err = (await bad.json()).error
    assert.match(err.field ?? '', /^workdays\[0\]/, `the error names the entry: ${JSON.stringify(err)}`)
    const shown = await waitForText(page.getByTestId('workday-error-0'), '/')
    assert.ok(shown.includes(err.message), `the server's message is shown under the row: ${shown}`)
    await shot(page, 'calendar-refused')

    // the refusal changed nothing on the server
    const after = await page.evaluate(async () => (await fetch('/api/v1/calendars')).json())
    const y27 = after.years.find((y) => y.year === 2027)
    assert.deepEqual(y27.workdays, [], 'the refused make-up day was not stored')
    assert.deepEqual(errors.filter((e) => !/Failed to load resource.*400/.test(e)), [], 'no console errors besides the refused PUT')
  } finally {
    await context.close()
  }
})

/** YYYY-MM-DD in Beijing, `days` from now. */
function beijingDate(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

function isApi(method, re) {
  return (r) => r.request().method() === method && re.test(new URL(r.url()).pathname)
}

/** Signs the handler (李强, A post of the housing department) in and puts them on duty. */
async function handlerOnDuty(sp) {
  const resp = await login(sp, 'handler', PASSWORD)
  assert.equal(resp.status(), 200, 'handler / onedoor-demo should sign in')
  await sp.waitForURL((u) => new URL(u).pathname === '/desk')
  if ((await sp.getByTestId('presence-on_duty').getAttribute('aria-checked')) !== 'true') {
    const [p] = await Promise.all([
      sp.waitForResponse(isApi('POST', /^\/api\/v1\/me\/presence$/)),
      sp.getByTestId('presence-on_duty').click(),
    ])
    assert.equal(p.status(), 200, 'POST /api/v1/me/presence on_duty')
  }
}

/** The citizen fills /appeal with a category of the housing department and `phone`. */
async function fillAppealForm(page, phone) {
  const [cats] = await Promise.all([
    page.waitForResponse(isApi('GET', /^\/api\/v1\/categories$/)),
    page.goto(`${baseURL}/appeal`),
  ])
  assert.equal(cats.status(), 200, 'GET /api/v1/categories')
  const { categories } = await cats.json()
  const housing = categories.find((c) => /住房|住建/.test(c.department) && !c.urgent) ?? categories.find((c) => /住房|住建/.test(c.department))
  assert.ok(housing, `a category of the housing department, got ${JSON.stringify(categories.map((c) => [c.code, c.department]))}`)

  await page.getByTestId('f-category').click()
  await page.keyboard.type(housing.name)
  await page.locator('.cat-select__popper .el-select-dropdown__item', { hasText: housing.name }).first().click()
  await waitForText(page.getByTestId('category-hint'), housing.department)
  const text = `E2E：春晖小区 3 号楼电梯坏了一周，老人上下楼很困难（${Date.now()}）`
  await page.getByTestId('f-text').fill(text)
  await page.getByTestId('f-address').fill('东湖路 18 号春晖小区 3 号楼')
  await page.getByTestId('f-phone').fill(phone)
  await page.getByTestId('f-name').fill('王阿姨')
}

/** The citizen fills /appeal with a category of the housing department; returns the receipt. */
async function citizenSubmits(page, shotName, beforeSubmit) {
  await fillAppealForm(page, '13800138000')
  if (beforeSubmit) await beforeSubmit()
  const [created] = await Promise.all([
    page.waitForResponse(isApi('POST', /^\/api\/v1\/appeals$/)),
    page.getByTestId('f-submit').click(),
  ])
  assert.equal(created.status(), 201, `POST /api/v1/appeals: ${await created.text()}`)
  const receipt = await created.json()
  const code = (await page.getByTestId('receipt-code').innerText()).trim()
  const secret = (await page.getByTestId('receipt-secret').innerText()).trim()
  assert.equal(code, receipt.tracking_code, 'the success screen shows the tracking code')
  assert.equal(secret, receipt.secret, 'the success screen shows the secret')
  assert.match(secret, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$/, 'the secret is 13 characters, grouped for reading')
  await waitForText(page.getByTestId('receipt-dept'), receipt.department)
  if (shotName) await shot(page, shotName)
  return { code, secret, receipt }
}

/** The handler opens the case from the desk, accepts it and replies with a concrete `action`. */
async function handlerAcceptsAndReplies(sp, code, action, shots = false) {
  const [inbox] = await Promise.all([
    sp.waitForResponse(isApi('GET', /^\/api\/v1\/appeals$/)),
    sp.goto(`${baseURL}/desk`),
  ])
  assert.equal(inbox.status(), 200, `GET ${inbox.url()}`)
  const row = sp.getByTestId(`case-${code}`)
  await row.waitFor()
  if (shots) await shot(sp, 'desk-handler-inbox')
  const [caseResp] = await Promise.all([sp.waitForResponse(isApi('GET', /^\/api\/v1\/cases\/\d+$/)), row.click()])
  assert.equal(caseResp.status(), 200, `GET ${caseResp.url()}`)
  const caseView = await caseResp.json()
  assert.ok(caseView.actions.includes('accept'), `the handler may accept: actions ${JSON.stringify(caseView.actions)}`)
  await waitForText(sp.getByTestId('case-title'), code)

  const [accepted] = await Promise.all([
    sp.waitForResponse(isApi('POST', /^\/api\/v1\/appeals\/\d+\/accept$/)),
    sp.getByTestId('act-accept').click(),
  ])
  assert.equal(accepted.status(), 200, `POST accept: ${await accepted.text()}`)
  await waitForText(sp.getByTestId('case-state'), '已受理')

  await sp.getByTestId('reply-text').fill('王阿姨您好：经现场查看，3 号楼电梯主板损坏，已联系维保单位更换。')
  await sp.getByTestId('reply-action').fill(action)
  await sp.getByTestId('reply-responsible').fill('住建局物业科 张伟')
  const dueInput = sp.locator('[data-testid="reply-due"] input')
  await dueInput.fill(beijingDate(5))
  await dueInput.press('Enter')
  const [replied] = await Promise.all([
    sp.waitForResponse(isApi('POST', /^\/api\/v1\/appeals\/\d+\/reply$/)),
    sp.getByTestId('reply-submit').click(),
  ])
  const replyBody = replied.request().postDataJSON()
  assert.equal(replied.status(), 200, `POST reply ${JSON.stringify(replyBody)} → ${replied.status()} ${await replied.text()}`)
  assert.equal(replyBody.due, beijingDate(5), 'the reply carries the picked date as YYYY-MM-DD')
  await waitForText(sp.getByTestId('case-state'), '已答复')
  if (shots) await shot(sp, 'case-replied')
  return caseView.appeal.id
}

/** The citizen tracks the case, sees the reply and gives a verdict; returns the verdict response. */
async function citizenVerdict(page, code, secret, action, resolved, rating, comment) {
  const [tracked] = await Promise.all([
    page.waitForResponse(isApi('GET', /^\/api\/v1\/appeals\/[^/]+$/)),
    page.goto(`${baseURL}/track?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`),
  ])
  assert.equal(tracked.status(), 200, `GET ${new URL(tracked.url()).pathname}: ${await tracked.text()}`)
  await waitForText(page.getByTestId('track-reply-action'), action)
  await waitForText(page.getByTestId('track-state'), '已答复')
  await page.getByTestId('verdict-form').waitFor()
  await page.getByTestId(resolved ? 'verdict-resolved-yes' : 'verdict-resolved-no').click()
  await page.getByTestId(`rating-${rating}`).click()
  if (comment) await page.getByTestId('verdict-comment').fill(comment)
  const [verdict] = await Promise.all([
    page.waitForResponse(isApi('POST', /^\/api\/v1\/appeals\/[^/]+\/verdict$/)),
    page.getByTestId('verdict-submit').click(),
  ])
  assert.equal(verdict.status(), 200, `POST verdict: ${await verdict.text()}`)
  const sent = verdict.request().postDataJSON()
  assert.deepEqual({ resolved: sent.resolved, rating: sent.rating }, { resolved, rating })
  return sent
}

test('one appeal end to end: citizen submits, handler accepts and replies, citizen confirms', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const staff = await newPage()
  const citizen = await newPage()
  try {
    // The handler starts the day on duty, so routing gives the A post (李强) the new case.
    await handlerOnDuty(staff.page)

    // ---- the citizen fills /appeal with a category of the housing department ----
    const { page } = citizen
    const { code, secret } = await citizenSubmits(page, 'appeal-receipt')

    // ---- the citizen types the secret in as people do: lower case, without the dashes ----
    await page.goto(`${baseURL}/track`)
    await page.getByTestId('track-code').fill(code.toLowerCase())
    await page.getByTestId('track-secret').fill(secret.replaceAll('-', '').toLowerCase())
    const [looked] = await Promise.all([
      page.waitForResponse(isApi('GET', /^\/api\/v1\/appeals\/[^/]+$/)),
      page.getByTestId('track-submit').click(),
    ])
    assert.equal(looked.status(), 200, `the loosely typed secret opens the case: ${await looked.text()}`)
    await page.getByTestId('track-state').waitFor()

    // ---- the handler opens it from the desk, accepts and replies with a concrete action ----
    const action = '已派维修队更换 3 号楼电梯主板，并在修好后上门回访'
    await handlerAcceptsAndReplies(staff.page, code, action, true)

    // ---- the citizen tracks it, sees the reply and says: resolved, 满意 ----
    await citizenVerdict(page, code, secret, action, true, 'satisfied')
    await waitForText(page.getByTestId('track-state'), '已办结')
    await waitForText(page.getByTestId('verdict-result'), '满意')
    const timeline = await page.getByTestId('timeline').innerText()
    assert.ok(timeline.includes('已受理') && timeline.includes('已答复'), `the timeline shows every step, saw ${JSON.stringify(timeline)}`)
    await shot(page, 'track-closed')

    assert.deepEqual(citizen.errors, [], 'no console errors on the citizen pages')
    assert.deepEqual(staff.errors, [], 'no console errors on the staff pages')
  } finally {
    await staff.context.close()
    await citizen.context.close()
  }
})

test('the citizen marks the place on the map and adds a photo; the handler sees both', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const staff = await newPage()
  const citizen = await newPage()
  try {
    const { page } = citizen
    let photoPosted = null
    const { code, secret, receipt } = await citizenSubmits(page, null, async () => {
      // Tap the east of the district map: 东湖街道.
      const svg = page.getByTestId('map-svg')
      await svg.waitFor()
      const box = await svg.boundingBox()
      await svg.click({ position: { x: box.width * 0.85, y: box.height * 0.8 } })
      await waitForText(page.getByTestId('map-coords'), '东湖街道')
      // A real picture, drawn by the browser itself.
      const b64 = await page.evaluate(() => {
        const c = document.createElement('canvas')
        c.width = 64
        c.height = 48
        const g = c.getContext('2d')
        g.fillStyle = '#c0392b'
        g.fillRect(0, 0, 64, 48)
        return c.toDataURL('image/png').split(',')[1]
      })
      await page.getByTestId('photo-input').setInputFiles({ name: 'lift.png', mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') })
      await page.locator('[data-testid="photo-picker"] img').first().waitFor()
      await shot(page, 'appeal-form-map-photo')
      photoPosted = page.waitForResponse(isApi('POST', /^\/api\/v1\/appeals\/[^/]+\/photos$/))
    })
    const posted = await photoPosted
    assert.equal(posted.status(), 201, `POST photo: ${await posted.text()}`)
    await waitForText(page.getByTestId('receipt-photos'), '1')
    await shot(page, 'appeal-receipt-photo')

    // The tracking page shows the photo, and it really loads.
    await page.goto(`${baseURL}/track?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`)
    const img = page.locator('[data-testid="appeal-photo"] img').first()
    await img.waitFor()
    await page.waitForFunction(() => {
      const i = document.querySelector('[data-testid="appeal-photo"] img')
      return i && i.complete && i.naturalWidth > 0
    })
    await waitForText(page.getByTestId('timeline'), '已补充照片')

    // The handler's case page shows the map point and the photo.
    await login(staff.page, 'handler', PASSWORD)
    const [caseResp] = await Promise.all([
      staff.page.waitForResponse(isApi('GET', /^\/api\/v1\/cases\/\d+$/)),
      staff.page.goto(`${baseURL}/cases/${receipt.id}`),
    ])
    assert.equal(caseResp.status(), 200)
    const view = await caseResp.json()
    assert.ok(view.appeal.lat > 30.2 && view.appeal.lat < 30.32, `lat within the district, got ${view.appeal.lat}`)
    assert.ok(view.appeal.lng > 120.18, `lng in the east (东湖街道), got ${view.appeal.lng}`)
    assert.equal(view.appeal.area, '东湖街道', 'tapping inside a street fills in the street')
    await staff.page.getByTestId('case-point').waitFor()
    await staff.page.waitForFunction(() => {
      const i = document.querySelector('[data-testid="appeal-photo"] img')
      return i && i.complete && i.naturalWidth > 0
    })
    await shot(staff.page, 'case-photo')
    assert.deepEqual(citizen.errors, [], 'no console errors on the citizen pages')
    assert.deepEqual(staff.errors, [], 'no console errors on the staff pages')
  } finally {
    await staff.context.close()
    await citizen.context.close()
  }
})

test('need-to-know: the handler desk works for their own case; another department\'s handler finds no such case', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const staff = await newPage()
  const other = await newPage()
  const citizen = await newPage()
  try {
    await handlerOnDuty(staff.page)
    const { code, receipt } = await citizenSubmits(citizen.page, null)

    // The housing handler: the desk lists the case with its address, the case page shows the citizen.
    const [inbox] = await Promise.all([
      staff.page.waitForResponse(isApi('GET', /^\/api\/v1\/appeals$/)),
      staff.page.goto(`${baseURL}/desk`),
    ])
    const row = (await inbox.json()).appeals.find((a) => a.tracking_code === code)
    assert.ok(row && row.personal_data === true, `the desk lists the own case with personal data, got ${JSON.stringify(row)}`)
    await waitForText(staff.page.getByTestId(`case-${code}`), '东湖路 18 号')
    const [own] = await Promise.all([
      staff.page.waitForResponse(isApi('GET', /^\/api\/v1\/cases\/\d+$/)),
      staff.page.getByTestId(`case-${code}`).click(),
    ])
    assert.equal(own.status(), 200, `GET ${own.url()}`)
    await waitForText(staff.page.getByTestId('case-title'), code)
    await waitForText(staff.page.locator('.case-page'), '王阿姨')
    await waitForText(staff.page.locator('.case-page'), '东湖路 18 号春晖小区 3 号楼')
    const [accepted] = await Promise.all([
      staff.page.waitForResponse(isApi('POST', /^\/api\/v1\/appeals\/\d+\/accept$/)),
      staff.page.getByTestId('act-accept').click(),
    ])
    assert.equal(accepted.status(), 200, `POST accept: ${await accepted.text()}`)
    await waitForText(staff.page.getByTestId('case-state'), '已受理')
    assert.deepEqual(staff.errors, [], 'no console errors on the handler pages')

    // 城管局's handler: the same link answers "no such appeal", and nothing of the citizen shows.
    const resp = await login(other.page, 'urban1', PASSWORD)
    assert.equal(resp.status(), 200, 'urban1 / onedoor-demo should sign in')
    const [denied] = await Promise.all([
      other.page.waitForResponse(isApi('GET', /^\/api\/v1\/cases\/\d+$/)),
      other.page.goto(`${baseURL}/cases/${receipt.id}`),
    ])
    assert.equal(denied.status(), 404, `GET ${denied.url()} as another department`)
    await waitForText(other.page.locator('.case-page .el-alert'), '找不到该诉求')
    const text = await other.page.locator('body').innerText()
    assert.ok(!text.includes('王阿姨') && !text.includes('春晖小区'), `no personal data on the page, saw ${JSON.stringify(text.slice(0, 400))}`)
    await shot(other.page, 'case-not-in-scope')
  } finally {
    await staff.context.close()
    await other.context.close()
    await citizen.context.close()
  }
})

test('a supervisor runs the what-if simulator on the commentary\'s hall and on the live hall, and sees the four policies', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'supervisor', PASSWORD)
    assert.equal(resp.status(), 200)
    const [list] = await Promise.all([
      page.waitForResponse(isApi('GET', /^\/api\/v1\/sim\/scenarios$/)),
      page.goto(`${baseURL}/what-if`),
    ])
    assert.equal(list.status(), 200)
    await page.getByTestId('whatif-scenarios').getByText('评论里的大厅').click()
    await waitForText(page.getByTestId('whatif-blurb'), '社保卡')
    const [run] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/sim\/run$/)),
      page.getByTestId('whatif-run').click(),
    ])
    assert.equal(run.status(), 200, `POST /api/v1/sim/run: ${await run.text()}`)
    const body = await run.json()
    assert.equal(body.scenario, 'seed-hall')
    const rows = page.locator('[data-testid="whatif-table"] .el-table__body tr')
    await rows.nth(3).waitFor()
    assert.equal(await rows.count(), 4, 'four policies in the table')
    const table = await page.getByTestId('whatif-table').innerText()
    assert.ok(table.includes('今天的做法') && table.includes('一扇门调度'), `policy names in the table: ${table}`)
    // The headline states onedoor's p95 as a share of today's, from the same numbers.
    const pct = Math.round((body.policies.onedoor.wait_min.p95 / body.policies.static.wait_min.p95) * 100)
    await waitForText(page.getByTestId('whatif-headline'), `${pct}%`)
    await page.locator('[data-testid="policy-chart"] canvas').first().waitFor()
    await shot(page, 'what-if')

    // The live demo hall, from its own services, windows and staff.
    const hallButton = page.locator('[data-testid^="whatif-hall-"]').first()
    await hallButton.click()
    await waitForText(page.getByTestId('whatif-blurb'), '近四周')
    const [live] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/sim\/run$/)),
      page.getByTestId('whatif-run').click(),
    ])
    assert.equal(live.status(), 200, `POST /api/v1/sim/run (hall): ${await live.text()}`)
    assert.ok(live.request().postDataJSON().hall > 0, 'the run names the hall')
    await waitForText(page.locator('.od-card__head h2').filter({ hasText: '推演结果' }), '现在的')
    await shot(page, 'what-if-live-hall')
    assert.deepEqual(errors, [], 'no console errors')
  } finally {
    await context.close()
  }
})

test('what-if: on the paired-skills hall the supervisor sees the bound for its skill graph and the training advice, in Chinese then English', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'supervisor', PASSWORD)
    assert.equal(resp.status(), 200)
    await Promise.all([
      page.waitForResponse(isApi('GET', /^\/api\/v1\/sim\/scenarios$/)),
      page.goto(`${baseURL}/what-if`),
    ])
    await page.getByTestId('whatif-scenarios').getByText('两项技能两两成对').click()
    await waitForText(page.getByTestId('whatif-blurb'), '两两成对')
    await page.getByTestId('whatif-advise-training').click()
    const [run] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/sim\/run$/), { timeout: 60_000 }),
      page.getByTestId('whatif-run').click(),
    ])
    assert.equal(run.status(), 200, `POST /api/v1/sim/run: ${await run.text()}`)
    assert.equal(run.request().postDataJSON().advise_training, true, 'the run asks for the training advice')
    const body = await run.json()
    assert.equal(body.skill_graph.components, 4)
    assert.ok(body.training.moves.length >= 1, 'at least one training step')
    assert.equal(body.training.moves[0].joins_components, true, 'the first step joins two pairs')
    await waitForText(page.getByTestId('whatif-graph'), '4 个互不相通的组')
    const first = page.getByTestId('whatif-move-0')
    await waitForText(first, `教 ${body.training.moves[0].staff}`)
    await waitForText(first, body.training.moves[0].service)
    await waitForText(first, '把两个组连起来')
    await waitForText(first, `${Math.round(body.training.moves[0].gap_closed * 100)}%`)
    await shot(page, 'what-if-training')
    await page.getByTestId('toggle-lang').click()
    await waitForText(page.getByTestId('whatif-training'), 'Training advice')
    await waitForText(page.getByTestId('whatif-move-0'), `Teach ${body.training.moves[0].staff}`)
    await waitForText(page.getByTestId('whatif-graph'), '4 groups')
    assert.deepEqual(errors, [], 'no console errors')
  } finally {
    await context.close()
  }
})

test('a 不满意 verdict opens a rectification; the supervisor records the follow-up call', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const staff = await newPage()
  const citizen = await newPage()
  const sup = await newPage()
  try {
    await handlerOnDuty(staff.page)
    const { page } = citizen
    const { code, secret } = await citizenSubmits(page)
    const action = '已派维修队更换 3 号楼电梯主板，并在修好后上门回访'
    const appealId = await handlerAcceptsAndReplies(staff.page, code, action)

    // ---- the citizen says: not resolved, 不满意 → reopened, and a rectification opens ----
    const comment = '电梯还是经常停，答复说修好了其实没有。'
    await citizenVerdict(page, code, secret, action, false, 'dissatisfied', comment)
    await waitForText(page.getByTestId('track-state'), '已受理')

    // ---- the supervisor finds it on /escalations → 整改与回访 ----
    const sp = sup.page
    const resp = await login(sp, 'supervisor', PASSWORD)
    assert.equal(resp.status(), 200, 'supervisor / onedoor-demo should sign in')
    await sp.waitForURL((u) => new URL(u).pathname === '/desk')
    const [list] = await Promise.all([
      sp.waitForResponse((r) => isApi('GET', /^\/api\/v1\/rectifications$/)(r) && new URL(r.url()).searchParams.get('open') === '1'),
      sp.goto(`${baseURL}/escalations`),
    ])
    assert.equal(list.status(), 200, `GET ${list.url()}: ${await list.text()}`)
    const open = (await list.json()).rectifications.find((r) => r.tracking_code === code)
    assert.ok(open, `GET /api/v1/rectifications?open=1 lists ${code}`)
    assert.equal(open.appeal_id, appealId)
    assert.equal(open.state, 'open')
    assert.equal(open.rating, 'dissatisfied')

    await sp.getByTestId('tab-rectifications').click()
    await sp.waitForURL((u) => new URL(u).searchParams.get('tab') === 'rectifications')
    const item = sp.getByTestId(`rect-${code}`)
    await item.waitFor()
    await waitForText(item.getByTestId('rect-rating'), '不满意')
    await waitForText(item.getByTestId('rect-comment'), comment)
    assert.equal(
      await item.getByTestId(`rect-case-${code}`).getAttribute('href'),
      `/cases/${appealId}`,
      'the rectification links to its case',
    )
    await shot(sp, 'rectifications-open')

    // ---- 记录回访: a too-short note is refused in the form, then a real one is saved ----
    await item.getByTestId(`rect-followup-${code}`).click()
    const dialog = sp.getByTestId('followup-dialog')
    await dialog.waitFor()
    await sp.getByTestId('followup-note').fill('好')
    await sp.getByTestId('followup-submit').click()
    await waitForText(dialog, '5 到 500 个字')
    const note = '电话回访王阿姨：维保单位已更换主板，这周电梯没再停过，她说满意。'
    await sp.getByTestId('followup-note').fill(note)
    await sp.getByTestId('followup-satisfied-yes').click()
    await shot(sp, 'rectification-dialog')
    const [saved] = await Promise.all([
      sp.waitForResponse(isApi('POST', /^\/api\/v1\/rectifications\/\d+\/followup$/)),
      sp.getByTestId('followup-submit').click(),
    ])
    assert.equal(saved.status(), 200, `POST followup: ${await saved.text()}`)
    assert.deepEqual(saved.request().postDataJSON(), { note, citizen_satisfied: true })
    const done = (await saved.json()).rectification
    assert.equal(done.state, 'done')
    assert.equal(done.citizen_satisfied, true)

    // ---- it is now listed as done, with what the follow-up found; no longer open ----
    const doneItem = sp.getByTestId(`rect-done-${code}`)
    await doneItem.waitFor()
    await waitForText(doneItem.getByTestId('rect-note'), note)
    await waitForText(doneItem.getByTestId('rect-result'), '群众满意')
    assert.equal(await sp.getByTestId(`rect-${code}`).count(), 0, 'the done rectification left the open list')
    await shot(sp, 'rectifications-done')

    assert.deepEqual(citizen.errors, [], 'no console errors on the citizen pages')
    assert.deepEqual(staff.errors, [], 'no console errors on the handler pages')
    assert.deepEqual(sup.errors, [], 'no console errors on the supervisor pages')
  } finally {
    await staff.context.close()
    await citizen.context.close()
    await sup.context.close()
  }
})

test('admin issues an Open311 API key, a client files with it, and after revoking it cannot', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  const file = (key) =>
    fetch(`${baseURL}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'city.streetlight',
        description: '人民路 18 号门口的路灯不亮了',
        address_string: '西城街道人民路 18 号',
      }).toString(),
    })
  try {
    const resp = await login(page, 'admin', PASSWORD)
    assert.equal(resp.status(), 200)
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await page.goto(`${baseURL}/admin`)
    await page.getByTestId('tab-apikeys').click()
    await page.waitForURL((u) => new URL(u).searchParams.get('tab') === 'apikeys')
    await page.locator('input[name="apikey-name"]').fill('FixMyStreet 明湖')
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/api-keys' && r.request().method() === 'POST'),
      page.getByTestId('apikey-create').click(),
    ])
    assert.equal(created.status(), 201)
    const key = (await page.getByTestId('apikey-value').innerText()).trim()
    assert.match(key, /^od311_[0-9a-f]{40}$/, 'the dialog shows the new key')
    await shot(page, 'apikey-shown-once')
    await page.getByTestId('apikey-done').click()
    await page.getByTestId('apikey-value').waitFor({ state: 'detached' })
    await waitForText(page.getByTestId('apikey-table'), 'FixMyStreet 明湖')
    assert.ok(!(await page.getByTestId('apikey-table').innerText()).includes(key), 'the table never shows the key')

    const ok = await file(key)
    assert.equal(ok.status, 201, 'a live key files a request')
    const [filed] = await ok.json()
    assert.match(filed.service_request_id, /^\d+$/)

    await page.locator('[data-testid^="apikey-revoke-"]').first().click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await waitForText(page.getByTestId('apikey-table'), '已停用')
    const refused = await file(key)
    assert.equal(refused.status, 403, 'a revoked key is refused')
    await shot(page, 'apikey-revoked')
    assert.deepEqual(errors, [])
  } finally {
    await context.close()
  }
})

// ---- service hall (玻璃门, issue 4) ----------------------------------------------------------------
// A kiosk ticket is called from the clerk's window desk and must appear on the hall display within a
// second; the phone page follows it live; after the service the rating pad takes one rating and a
// second rating is refused. Screenshots: kiosk, printed slip, phone, display, desk, pad, supervisor.

const HALL_CALL_BUDGET_MS = 1000

async function hallPage(opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
  const errors = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // Refusals the test provokes on purpose show as failed resources; a socket that has to
    // reconnect is reported by the page itself (the live dot), not as an error.
    if (m.type() === 'error' && !/Failed to load resource|WebSocket/.test(m.text())) errors.push(`console: ${m.text()}`)
  })
  return { context, page, errors }
}

async function getJSON(p) {
  const r = await fetch(baseURL + p, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) })
  assert.equal(r.status, 200, `GET ${p}`)
  return r.json()
}

/** The hall's staff state (staff, current tickets, queues, alerts) as the signed-in `page` sees it. */
async function staffState(page, hallId) {
  const st = await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/halls/${id}/state`, { credentials: 'same-origin' })
    return r.json()
  }, hallId)
  assert.equal(st.view, 'staff', 'a signed-in clerk gets the staff state')
  return st
}

async function firstHall() {
  const { halls } = await getJSON('/api/v1/halls')
  assert.ok(halls.length > 0, 'the demo has a service hall')
  return halls[0].id
}

/** Signs `username` in and opens the window desk; returns the seated window (signing in if needed). */
async function clerkAtWindow(page, hallId, username = 'clerk') {
  const resp = await login(page, username, PASSWORD)
  assert.equal(resp.status(), 200, `${username} / onedoor-demo should sign in`)
  await page.waitForURL((u) => new URL(u).pathname === '/desk')
  await page.goto(`${baseURL}/desk/window?hall=${hallId}`)
  const seated = page.getByTestId('desk-window')
  const pick = page.locator('[data-testid^="desk-sign-in-"]')
  await Promise.race([seated.waitFor(), pick.first().waitFor()])
  if (!(await seated.isVisible())) {
    // A free window (no staff) whose services nobody is waiting for, if there is one.
    const st = await staffState(page, hallId)
    const waiting = Object.fromEntries(st.services.map((s) => [s.code, s.waiting]))
    const free = st.windows.filter((w) => !w.staff && w.skills.length)
    const win = free.find((w) => w.skills.every((c) => !waiting[c])) ?? free[0]
    assert.ok(win, 'a window without staff for the clerk to sit at')
    const [r] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/sign-in$/)),
      page.getByTestId(`desk-sign-in-${win.number}`).click(),
    ])
    assert.equal(r.status(), 200, `POST sign-in: ${await r.text()}`)
    await seated.waitFor()
  }
  const st = await staffState(page, hallId)
  const id = Number(await seated.getAttribute('data-window-id'))
  const win = st.windows.find((w) => w.id === id)
  assert.ok(win, `the window the desk shows (${await seated.innerText()}) is in the hall state`)
  return win
}

test('hall: a kiosk ticket is called from the clerk desk and shows on the display within a second; phone page and pad follow', { timeout: 4 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const clerk = await hallPage()
  const kiosk = await hallPage({ viewport: { width: 1280, height: 1024 } })
  const tv = await hallPage({ viewport: { width: 1600, height: 900 } })
  const phone = await hallPage({ viewport: { width: 390, height: 844 }, mobile: true })
  try {
    // 1. The clerk sits at a window; the kiosk issues a ticket for a service that window serves.
    const win = await clerkAtWindow(clerk.page, hallId)
    // A demo clerk may already be busy at the window: start and finish that ticket first.
    if (win.current?.state === 'called') {
      await Promise.all([clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/start$/)), clerk.page.keyboard.press('s')])
    }
    if (win.current && win.current.state !== 'finished') {
      await Promise.all([clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/finish$/)), clerk.page.keyboard.press('f')])
    }
    const service = win.skills[0]

    await kiosk.page.goto(`${baseURL}/kiosk/${hallId}?print=0`)
    await kiosk.page.getByTestId(`kiosk-service-${service}`).waitFor()
    await shot(kiosk.page, 'hall-kiosk')
    await kiosk.page.getByTestId(`kiosk-service-${service}`).click()
    await kiosk.page.getByTestId('kiosk-priority-normal').waitFor()
    await shot(kiosk.page, 'hall-kiosk-priority')
    const [issued] = await Promise.all([
      kiosk.page.waitForResponse(isApi('POST', /^\/api\/v1\/halls\/\d+\/tickets$/)),
      kiosk.page.getByTestId('kiosk-priority-normal').click(),
    ])
    assert.equal(issued.status(), 201, `POST tickets: ${await issued.text()}`)
    const ticket = await issued.json()
    assert.match(ticket.number, /^[A-Z]+\d+$/, 'a ticket number like A023')
    await waitForText(kiosk.page.getByTestId('kiosk-number'), ticket.number)
    await kiosk.page.waitForFunction(() => [...document.images].every((i) => i.complete))
    await shot(kiosk.page, 'hall-kiosk-ticket')
    await kiosk.page.emulateMedia({ media: 'print' })
    await shot(kiosk.page, 'hall-ticket-printed')
    await kiosk.page.emulateMedia({ media: 'screen' })

    // 2. The display and the phone page are open and live before the call. The display's voice
    // goes to a recorder instead of the speakers (headless Chromium has no speech engine).
    await tv.page.addInitScript(() => {
      window.__said = []
      const engine = {
        speak(u) {
          window.__said.push(u.text)
          setTimeout(() => u.onend?.(), 20)
        },
        cancel() {},
        getVoices: () => [],
      }
      Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true })
      if (!('SpeechSynthesisUtterance' in window)) {
        window.SpeechSynthesisUtterance = class {
          constructor(text) {
            this.text = text
          }
        }
      }
    })
    await tv.page.goto(`${baseURL}/display/${hallId}`)
    await tv.page.locator('.board__live.on').waitFor()
    await tv.page.getByTestId('display-voice').click()
    // The QR code's link: the phone page with the holder's secret in the fragment.
    assert.ok(ticket.holder_token?.length >= 13, 'the issue answer carries the holder secret once')
    assert.equal(ticket.holder_url, `/t/${ticket.ticket_id}#k=${ticket.holder_token}`)
    await phone.page.goto(`${baseURL}${ticket.status_url}?hall=${hallId}#k=${ticket.holder_token}`)
    await waitForText(phone.page.getByTestId('ticket-number'), ticket.number)
    await waitForText(phone.page.getByTestId('ticket-state'), '排队中')
    await shot(phone.page, 'hall-phone-waiting')

    // 3. Call next from the desk until this ticket is called (others may be ahead); time the display.
    // Both ends are timed inside the browsers (same machine clock): the desk notes when F1 went
    // down, the display when the number appeared in its DOM; the test runner's overhead stays out.
    await clerk.page.evaluate(() => {
      window.addEventListener('keydown', (e) => e.key === 'F1' && (window.__pressedAt = Date.now()), { capture: true })
    })
    let calledAt = 0
    let shownAt = 0
    let latency = -1
    for (let i = 0; i < 15; i++) {
      await clerk.page.getByTestId('desk-callNext').waitFor()
      const appeared = tv.page
        .evaluate(
          (n) =>
            new Promise((resolve) => {
              const seen = () => document.querySelector('[data-testid="display-latest-number"]')?.textContent?.trim() === n
              if (seen()) return resolve(0)
              const mo = new MutationObserver(() => {
                if (!seen()) return
                mo.disconnect()
                resolve(Date.now())
              })
              mo.observe(document.body, { subtree: true, childList: true, characterData: true })
              setTimeout(() => (mo.disconnect(), resolve(0)), 10_000)
            }),
          ticket.number,
        )
        .catch(() => 0)
      // The number before the click, so a change can be told from the old call.
      const before = await tv.page.evaluate(() => document.querySelector('[data-testid="display-latest-number"]')?.textContent?.trim() ?? '')
      const t0 = Date.now()
      const [r] = await Promise.all([
        clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/call-next$/)),
        clerk.page.keyboard.press('F1'),
      ])
      assert.equal(r.status(), 200, `call-next: ${await r.text()}`)
      const called = (await r.json()).ticket
      assert.ok(called, 'call-next found a ticket (ours at least is waiting)')
      if (called.number === ticket.number) {
        await tv.page.waitForFunction(
          (n) => document.querySelector('[data-testid="display-latest-number"]')?.textContent?.trim() === n,
          ticket.number,
          { polling: 'raf', timeout: 5000 },
        )
        shownAt = Date.now()
        calledAt = t0
        assert.notEqual(before, ticket.number)
        const inPage = await appeared
        const pressed = await clerk.page.evaluate(() => window.__pressedAt ?? 0)
        assert.ok(inPage > 0 && pressed > 0, 'both ends of the call were timed in the browsers')
        latency = inPage - pressed
        break
      }
      // Someone else came first: mark them a no-show with the shortcut and call again.
      await waitForText(clerk.page.getByTestId('desk-current-number'), called.number)
      await Promise.all([
        clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/no-show$/)),
        clerk.page.keyboard.press('x'),
      ])
    }
    assert.ok(calledAt, `ticket ${ticket.number} was called within 15 calls`)
    console.log(
      `hall: display showed ${ticket.number} ${latency} ms after the clerk pressed F1 ` +
        `(${shownAt - calledAt} ms as the test runner saw it; budget ${HALL_CALL_BUDGET_MS} ms)`,
    )
    assert.ok(latency < HALL_CALL_BUDGET_MS, `display latency ${latency} ms should be under ${HALL_CALL_BUDGET_MS} ms`)
    await waitForText(tv.page.getByTestId('display-latest-window'), String(win.number))
    await waitForText(clerk.page.getByTestId('desk-current-number'), ticket.number)
    await shot(tv.page, 'hall-display')
    // Said in Chinese, twice, one after the other.
    const sentence = `请 ${ticket.number} 号 到 ${win.number} 号窗口办理`
    await tv.page.waitForFunction((s) => window.__said.filter((x) => x === s).length === 2, sentence, { timeout: 10_000 })
    await shot(clerk.page, 'hall-desk-called')

    // 4. The phone page shows "called" and the window, live.
    await waitForText(phone.page.getByTestId('ticket-called'), `${win.number} 号窗口`)
    await waitForText(phone.page.getByTestId('ticket-state'), '正在叫您')
    await shot(phone.page, 'hall-phone-called')

    // 5. Start (S) and finish (F) from the keyboard; the pad offers the rating, once.
    await Promise.all([
      clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/start$/)),
      clerk.page.keyboard.press('s'),
    ])
    await waitForText(clerk.page.getByTestId('desk-current'), '办理中')
    await shot(clerk.page, 'hall-desk-serving')
    const [fin] = await Promise.all([
      clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/finish$/)),
      clerk.page.keyboard.press('f'),
    ])
    assert.equal(fin.status(), 200, `finish: ${await fin.text()}`)
    // Finishing twice is refused plainly and changes nothing.
    const again = await clerk.page.evaluate(async (id) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('onedoor_csrf='))?.split('=')[1] ?? ''
      const r = await fetch(`/api/v1/windows/${id}/finish`, { method: 'POST', headers: { 'X-CSRF-Token': decodeURIComponent(csrf), 'Content-Type': 'application/json' }, body: '{}' })
      return r.status
    }, win.id)
    assert.equal(again, 409, 'finishing a ticket twice is a 409')

    const pad = await hallPage({ viewport: { width: 1180, height: 820 } })
    try {
      // An unpaired pad asks for a code; the clerk's desk shows one; typed once, the pad is paired.
      await pad.page.goto(`${baseURL}/pad/${win.id}`)
      await pad.page.getByTestId('pad-pair').waitFor()
      await shot(pad.page, 'hall-pad-pair')
      const [codeRes] = await Promise.all([
        clerk.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/pad\/pairing-code$/)),
        clerk.page.getByTestId('desk-pad-code').click(),
      ])
      assert.equal(codeRes.status(), 201, `pairing code: ${await codeRes.text()}`)
      const { code } = await codeRes.json()
      await waitForText(clerk.page.locator('.el-message-box__message'), code)
      await clerk.page.locator('.el-message-box__btns .el-button--primary').click()
      await pad.page.getByTestId('pad-pair-code').fill(code.toLowerCase())
      const [pairRes] = await Promise.all([
        pad.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/pad\/pair$/)),
        pad.page.getByTestId('pad-pair-ok').click(),
      ])
      assert.equal(pairRes.status(), 201, `pair: ${await pairRes.text()}`)
      await pad.page.getByTestId('pad-rate').waitFor()
      await waitForText(pad.page.getByTestId('pad-rate'), ticket.number)
      await shot(pad.page, 'hall-pad')
      const [rated] = await Promise.all([
        pad.page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/pad\/rating$/)),
        pad.page.getByTestId('rate-satisfied').click(),
      ])
      assert.equal(rated.status(), 200, `rating: ${await rated.text()}`)
      await pad.page.getByTestId('pad-thanks').waitFor()
      await shot(pad.page, 'hall-pad-thanks')
      assert.deepEqual(pad.errors, [], 'no errors on the pad')
    } finally {
      await pad.context.close()
    }

    // The phone page shows the rating and offers no second one; the API refuses a second one too.
    await waitForText(phone.page.getByTestId('ticket-state'), '已办完')
    await phone.page.reload()
    await waitForText(phone.page.getByTestId('ticket-rated'), '满意')
    assert.equal(await phone.page.getByTestId('ticket-rate').count(), 0, 'no rating buttons after rating')
    await shot(phone.page, 'hall-phone-rated')
    const second = await fetch(`${baseURL}/api/v1/tickets/${ticket.ticket_id}/rating`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating: 'very_dissatisfied', holder_token: ticket.holder_token }),
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    })
    assert.equal(second.status, 409, 'a second rating for the visit is refused')
    // The pad API without the pad's device token is refused.
    const stranger = await fetch(`${baseURL}/api/v1/windows/${win.id}/pad`, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) })
    assert.equal(stranger.status, 401, 'an unpaired caller gets nothing from the pad API')

    for (const [name, p] of Object.entries({ clerk, kiosk, tv, phone })) assert.deepEqual(p.errors, [], `no errors on the ${name} page`)
  } finally {
    await Promise.all([clerk, kiosk, tv, phone].map((p) => p.context.close()))
  }
})

test('hall: a citizen takes a remote ticket on the phone and cancels it', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const { context, page, errors } = await hallPage({ viewport: { width: 390, height: 844 }, mobile: true })
  try {
    await page.goto(`${baseURL}/queue/${hallId}`)
    const first = page.locator('[data-testid^="queue-service-"]').first()
    await first.waitFor()
    await first.click()
    await shot(page, 'hall-queue')
    const [r] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/halls\/\d+\/tickets$/)),
      page.getByTestId('queue-take').click(),
    ])
    assert.equal(r.status(), 201, `remote ticket: ${await r.text()}`)
    const ticket = await r.json()
    await page.waitForURL((u) => new URL(u).pathname === `/t/${ticket.ticket_id}`)
    await waitForText(page.getByTestId('ticket-number'), ticket.number)
    // Someone who has only the public link (no holder secret) sees the status but cannot cancel.
    const other = await hallPage({ viewport: { width: 390, height: 844 }, mobile: true })
    try {
      await other.page.goto(`${baseURL}/t/${ticket.ticket_id}`)
      await waitForText(other.page.getByTestId('ticket-number'), ticket.number)
      assert.equal(await other.page.getByTestId('ticket-cancel').count(), 0, 'no cancel button without the holder secret')
      assert.deepEqual(other.errors, [], 'no errors on the stranger\'s ticket page')
    } finally {
      await other.context.close()
    }
    await page.getByTestId('ticket-cancel').click()
    const [c] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/tickets\/[^/]+\/cancel$/)),
      page.locator('.el-message-box__btns .el-button--primary').click(),
    ])
    assert.equal(c.status(), 200, `cancel: ${await c.text()}`)
    await waitForText(page.getByTestId('ticket-state'), '已取消')
    assert.deepEqual(errors, [], 'no errors on the queue and ticket pages')
  } finally {
    await context.close()
  }
})

test('hall: the supervisor sees windows, queues, alerts and the glass-door minutes; English and large type', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const { context, page, errors } = await hallPage({ viewport: { width: 1366, height: 900 } })
  try {
    const resp = await login(page, 'supervisor', PASSWORD)
    assert.equal(resp.status(), 200, 'supervisor / onedoor-demo should sign in')
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    // A queue well over target: a dozen people for the slowest service raise a long-wait alert.
    const st = await getJSON(`/api/v1/halls/${hallId}/state`)
    const slow = [...st.services].sort((x, y) => y.mean_service_min - x.mean_service_min)[0]
    for (let i = 0; i < 12; i++) {
      const status = await issueAsStaff(page, hallId, { service: slow.code, priority: 'normal', channel: 'kiosk' })
      assert.equal(status, 201, `ticket for ${slow.code}`)
    }
    await page.goto(`${baseURL}/hall/${hallId}`)
    await page.getByTestId('hall-glass-door').waitFor()
    await page.locator('[data-testid^="hall-window-"]').first().waitFor()
    await page.getByTestId('hall-alerts').waitFor()
    const adopt = page.locator('[data-testid^="hall-adopt-"]').first()
    await adopt.waitFor()
    await waitForText(page.getByTestId('hall-alerts'), slow.name)
    await shot(page, 'hall-supervisor')
    // One click applies the remedy (POST /remedies) and the view reloads.
    const [applied] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/halls\/\d+\/remedies$/)), adopt.click()])
    assert.equal(applied.status(), 200, `remedy: ${await applied.text()}`)
    await page.locator('.el-message--success').waitFor()
    await shot(page, 'hall-supervisor-adopted')

    // English and large type on the display and the kiosk.
    await page.getByTestId('toggle-lang').click()
    await waitForText(page.locator('h1'), 'Live hall view')
    // The alerts follow the switch: worded in English from their fields, no Chinese sentence left.
    const enAlerts = await waitForText(page.getByTestId('hall-alerts'), 'predicted wait')
    assert.ok(!/预计等候|已离开/.test(enAlerts), `alerts in English: ${enAlerts}`)
    await page.getByTestId('toggle-large').click()
    await shot(page, 'hall-supervisor-en-large')
    await page.goto(`${baseURL}/display/${hallId}`)
    await page.locator('.board__live.on').waitFor()
    await shot(page, 'hall-display-en-large')
    await page.goto(`${baseURL}/kiosk/${hallId}?print=0`)
    await page.locator('[data-testid^="kiosk-service-"]').first().waitFor()
    await shot(page, 'hall-kiosk-en-large')
    assert.deepEqual(errors, [], 'no errors on the supervisor, display and kiosk pages')
  } finally {
    await context.close()
  }
})

test('hall: the clerk recalls, transfers and redirects from the keyboard; the server’s answers show', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const { context, page, errors } = await hallPage()
  try {
    const win = await clerkAtWindow(page, hallId)
    if (win.current?.state === 'called') {
      await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/start$/)), page.keyboard.press('s')])
    }
    if (win.current && win.current.state !== 'finished') {
      await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/finish$/)), page.keyboard.press('f')])
    }
    // Two people for this window's first service.
    for (let i = 0; i < 2; i++) {
      assert.equal(await issueAsStaff(page, hallId, { service: win.skills[0], priority: 'elderly', channel: 'kiosk' }), 201)
    }
    const st = await staffState(page, hallId)
    const other = st.services.find((s) => !win.skills.includes(s.code) && st.windows.some((w) => w.state === 'open' && w.skills.includes(s.code)))
    const otherWin = st.windows.find((w) => w.id !== win.id && w.state === 'open' && w.staff)
    assert.ok(other && otherWin, 'another service and another open window')

    // N calls, R recalls, T transfers to another service.
    const [c1] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/call-next$/)), page.keyboard.press('n')])
    const first = (await c1.json()).ticket
    await waitForText(page.getByTestId('desk-current-number'), first.number)
    const [rc] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/recall$/)), page.keyboard.press('r')])
    assert.equal(rc.status(), 200, `recall: ${await rc.text()}`)
    await waitForText(page.getByTestId('desk-current'), '重呼 1 次')
    await page.keyboard.press('t')
    await page.getByTestId('desk-transfer-select').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: other.name }).first().click()
    await shot(page, 'hall-desk-transfer')
    const [tr] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/transfer$/)), page.getByTestId('desk-transfer-ok').click()])
    assert.equal(tr.status(), 200, `transfer: ${await tr.text()}`)
    const moved = await getJSON(`/api/v1/tickets/${first.ticket_id}`)
    assert.equal(moved.service, other.code, 'the ticket now waits for the other service')
    assert.equal(moved.state, 'waiting')

    // The next one is redirected (D) to another window.
    await page.getByTestId('desk-callNext').waitFor()
    await waitForText(page.getByTestId('desk-current'), '当前没有号码')
    // The desk takes keys only once the transfer's request and reload are done and the window may
    // call again (the button says so); under load that can trail the text above.
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="desk-callNext"]')
      return b && !b.disabled
    })
    const [c2] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/call-next$/)), page.keyboard.press('F1')])
    const second = (await c2.json()).ticket
    await waitForText(page.getByTestId('desk-current-number'), second.number)
    await page.keyboard.press('d')
    await page.getByTestId('desk-redirect-select').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: `${otherWin.number} 号窗口` }).first().click()
    const [rd] = await Promise.all([page.waitForResponse(isApi('POST', /^\/api\/v1\/windows\/\d+\/redirect$/)), page.getByTestId('desk-redirect-ok').click()])
    assert.equal(rd.status(), 200, `redirect: ${await rd.text()}`)
    await waitForText(page.getByTestId('desk-current'), '当前没有号码')
    assert.deepEqual(errors, [], 'no errors on the window desk')
  } finally {
    await context.close()
  }
})

// ---- matters, appointments, applications (弹簧门, issue 6; docs/matters-api.md) -------------------

/** The opened matter's id from a card or button whose testid ends in the id. */
async function idFromTestId(locator, prefix) {
  const tid = await locator.getAttribute('data-testid')
  const id = Number(tid?.slice(prefix.length))
  assert.ok(id > 0, `a matter id in ${tid}`)
  return id
}

/** The required material the tests leave out: the last required one (the first is usually the ID card). */
function lackingMaterial(matter) {
  const required = matter.materials.filter((m) => !m.optional)
  assert.ok(required.length > 0, `${matter.name} has required materials`)
  return required[required.length - 1]
}

test('matters: a citizen finds 社保卡 by "sbk", ticks the materials, sees what is missing, books a slot and sees it booked', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    await page.goto(`${baseURL}/matters`)
    const [search] = await Promise.all([
      page.waitForResponse((r) => isApi('GET', /^\/api\/v1\/matters$/)(r) && new URL(r.url()).searchParams.get('q') === 'sbk'),
      field(page, 'matters-q').fill('sbk'),
    ])
    assert.equal(search.status(), 200, 'GET /api/v1/matters?q=sbk')
    const card = page.locator('[data-testid^="matter-card-"]').first()
    await card.waitFor()
    await waitForText(card, '社会保障卡')
    await shot(page, 'matters-search')
    const id = await idFromTestId(card, 'matter-card-')
    await card.click()
    await page.waitForURL((u) => new URL(u).pathname === `/matters/${id}`)

    const matter = await getJSON(`/api/v1/matters/${id}`)
    await waitForText(page.getByTestId('matter-name'), matter.name)
    const lacking = lackingMaterial(matter)
    // Every material answered: the lacking one 我没有, the others 我有. The last click's precheck counts.
    const everyAnswer = (r) => {
      if (!isApi('POST', new RegExp(`^/api/v1/matters/${id}/precheck$`))(r)) return false
      const have = JSON.parse(r.request().postData() || '{}').have ?? []
      return have.length === matter.materials.length - 1
    }
    const lastCheck = page.waitForResponse(everyAnswer)
    for (const m of matter.materials) await page.getByTestId((m.id === lacking.id ? 'not-' : 'have-') + m.id).click()
    const last = await lastCheck
    assert.equal(last.status(), 200, `precheck: ${await last.text()}`)
    const pre = await last.json()
    assert.deepEqual(pre.missing.map((x) => x.id), [lacking.id], 'only the material answered 我没有 is missing')
    const missing = page.getByTestId('missing-' + lacking.id)
    await waitForText(missing, lacking.name)
    if (lacking.issuer) await waitForText(missing, lacking.issuer)
    await waitForText(page.getByTestId('precheck-missing'), '还缺这些')
    await shot(page, 'matters-guide-missing')

    // Book: the first slot with room, a name and a phone.
    await page.getByTestId('matter-book').click()
    await page.waitForURL((u) => new URL(u).pathname === '/appointments/new' && new URL(u).searchParams.get('matter') === String(id))
    const slot = page.locator('[data-testid^="slot-"]:not([disabled])').first()
    await slot.waitFor()
    await slot.click()
    await field(page, 'book-name').fill('张三')
    await field(page, 'book-phone').fill('13800001234')
    await shot(page, 'matters-book')
    const [booked] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/appointments$/)),
      page.getByTestId('book-submit').click(),
    ])
    assert.equal(booked.status(), 201, `booking: ${await booked.text()}`)
    const appt = await booked.json()
    assert.match(appt.code, /^[0-9A-HJKMNP-TV-Z]{10}$/, 'a 10-character Crockford code')
    await waitForText(page.getByTestId('book-code'), appt.code)
    assert.equal(await page.getByTestId('book-ics').getAttribute('href'), appt.ics_url || `/api/v1/appointments/${appt.code}.ics`)
    await shot(page, 'matters-booked')

    await page.getByTestId('book-view').click()
    await page.waitForURL((u) => new URL(u).pathname === `/appointment/${appt.code}`)
    await waitForText(page.getByTestId('appt-state'), '已预约')
    await waitForText(page.getByTestId('appt-matter'), matter.name)
    await waitForText(page.getByTestId('appt-code'), appt.code)
    await shot(page, 'matters-appointment')
    await page.getByTestId('toggle-large').click()
    await shot(page, 'matters-appointment-large')
    assert.deepEqual(errors, [], 'no errors on the guide, booking and appointment pages')
  } finally {
    await context.close()
  }
})

test('matters: a clerk records an application with a missing item; the citizen’s tracking page lists it with where to get it', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'clerk', PASSWORD)
    assert.equal(resp.status(), 200)
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await page.goto(`${baseURL}/desk/applications`)
    await field(page, 'app-matter-q').fill('sbk')
    const hit = page.locator('button[data-testid^="app-matter-"]').first()
    await hit.waitFor()
    const id = await idFromTestId(hit, 'app-matter-')
    await hit.click()
    await page.getByTestId('app-picked').waitFor()
    const matter = await getJSON(`/api/v1/matters/${id}`)
    const lacking = lackingMaterial(matter)
    for (const m of matter.materials.filter((x) => !x.optional && x.id !== lacking.id)) await page.getByTestId('app-have-' + m.id).click()
    await field(page, 'app-name').fill('李四')
    await field(page, 'app-phone').fill('13900005678')
    await shot(page, 'matters-desk-new')
    const [created] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/applications$/)),
      page.getByTestId('app-submit').click(),
    ])
    assert.equal(created.status(), 201, `application: ${await created.text()}`)
    const app = await created.json()
    assert.equal(app.state, 'missing_materials')
    assert.deepEqual(app.missing, [lacking.id])
    const notice = page.getByTestId('missing-notice')
    await waitForText(notice, '一次性告知')
    await waitForText(page.getByTestId('notice-item-' + lacking.id), lacking.name)
    await shot(page, 'matters-desk-notice')
    if (SHOTS) {
      await page.emulateMedia({ media: 'print' })
      await shot(page, 'matters-desk-notice-print')
      await page.emulateMedia({ media: 'screen' })
    }
    // The list shows it too.
    await waitForText(page.getByTestId('app-table'), app.code)

    // The citizen, with no account, opens the tracking link.
    const citizen = await newPage()
    try {
      await citizen.page.goto(`${baseURL}/track/application/${app.code}`)
      await waitForText(citizen.page.getByTestId('apptrack-state'), '缺材料')
      const item = citizen.page.getByTestId('apptrack-missing-' + lacking.id)
      await waitForText(item, lacking.name)
      if (lacking.issuer) await waitForText(item, lacking.issuer)
      await waitForText(citizen.page.getByTestId('apptrack-trips'), '1')
      await shot(citizen.page, 'matters-track-application')
      assert.deepEqual(citizen.errors, [], 'no errors on the tracking page')
    } finally {
      await citizen.context.close()
    }
    assert.deepEqual(errors, [], 'no errors on the applications desk')
  } finally {
    await context.close()
  }
})

test('matters: the citizen moves the appointment to another time, then cancels it after a confirm', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { matters } = await getJSON('/api/v1/matters?q=sbk')
  assert.ok(matters.length > 0, 'a matter for "sbk"')
  const id = matters[0].id
  const { days } = await getJSON(`/api/v1/matters/${id}/slots?days=10`)
  const free = days.flatMap((d) => d.slots).filter((s) => s.free > 0)
  assert.ok(free.length >= 2, 'two free slots to move between')
  const r = await fetch(`${baseURL}/api/v1/appointments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ matter_id: id, slot_start: free[0].start, name: '王五', phone: '13700002222' }),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  })
  const body = await r.text()
  assert.equal(r.status, 201, `booking: ${body}`)
  const appt = JSON.parse(body)

  const { context, page, errors } = await newPage()
  try {
    await page.goto(`${baseURL}/appointment/${appt.code}`)
    await waitForText(page.getByTestId('appt-state'), '已预约')
    await page.getByTestId('appt-change').click()
    // Any free slot other than the booked one (the picker opens on the first day with room).
    const other = page.locator(`[data-testid^="slot-"]:not([disabled]):not([data-testid="slot-${appt.slot_start}"])`).first()
    await other.waitFor()
    const to = Number((await other.getAttribute('data-testid')).slice('slot-'.length))
    await other.click()
    const [ch] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/appointments\/[^/]+\/change$/)),
      page.getByTestId('appt-change-save').click(),
    ])
    assert.equal(ch.status(), 200, `change: ${await ch.text()}`)
    assert.equal((await ch.json()).slot_start, to)
    await page.getByTestId('appt-cancel').click()
    const [cc] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/appointments\/[^/]+\/cancel$/)),
      page.locator('.el-message-box__btns .el-button--primary').click(),
    ])
    assert.equal(cc.status(), 200, `cancel: ${await cc.text()}`)
    await waitForText(page.getByTestId('appt-state'), '已取消')
    assert.equal(await page.getByTestId('appt-change').count(), 0, 'a cancelled appointment offers no change')
    await shot(page, 'matters-appointment-cancelled')
    assert.deepEqual(errors, [], 'no errors on the appointment page')
  } finally {
    await context.close()
  }
})

test('matters: the admin edits a guide; the plain-language panel scores the text and marks officialese; the draft is saved', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const { context, page, errors } = await newPage()
  try {
    const resp = await login(page, 'admin', PASSWORD)
    assert.equal(resp.status(), 200)
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await page.goto(`${baseURL}/admin`)
    await page.getByTestId('admin-matters-link').click()
    await page.waitForURL((u) => new URL(u).pathname === '/admin/matters')
    const edit = page.locator('[data-testid^="matter-edit-"]').first()
    await edit.waitFor()
    await edit.click()
    await page.getByTestId('matter-editor').waitFor()
    const text = '申请人须携带本人身份证，到窗口予以办理。窗口工作人员将根据有关规定对申请人提交的全部申请材料逐项进行审核，审核通过后当场予以发放。'
    const [check] = await Promise.all([
      page.waitForResponse((r) => isApi('POST', /^\/api\/v1\/plain-language\/check$/)(r) && JSON.parse(r.request().postData() || '{}').text === text),
      page.locator('textarea[data-testid="f-summary"]').fill(text),
    ])
    assert.equal(check.status(), 200, `check: ${await check.text()}`)
    const report = await check.json()
    assert.ok(report.score < 100, 'the officialese text loses points')
    await waitForText(page.getByTestId('plain-score'), String(report.score))
    const flagged = report.sentences.flatMap((s) => s.problems).find((p) => p.kind !== 'too_long')
    if (flagged) await waitForText(page.getByTestId('plain-problems'), flagged.text)
    assert.ok((await page.locator('[data-testid="plain-marked"] mark').count()) > 0, 'the worst sentence or a problem is marked in the text')
    await shot(page, 'matters-admin-editor')
    const [saved] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/admin\/matters\/\d+$/)),
      page.getByTestId('matter-save').click(),
    ])
    assert.equal(saved.status(), 200, `save draft: ${await saved.text()}`)
    assert.equal((await saved.json()).matter.summary, text)
    assert.deepEqual(errors, [], 'no errors in the matter editor')
  } finally {
    await context.close()
  }
})

test('matters: at the kiosk 我有预约 takes the code; an appointment days away is refused with the server’s words and stays booked', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const { matters } = await getJSON('/api/v1/matters?q=sbk')
  const id = matters[0].id
  const { days } = await getJSON(`/api/v1/matters/${id}/slots?days=10`)
  // The last free slot of the last day listed: days away, so never inside the check-in window.
  const later = days.at(-1).slots.filter((s) => s.free > 0).at(-1)
  assert.ok(later, 'a free slot some days ahead')
  const r = await fetch(`${baseURL}/api/v1/appointments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ matter_id: id, slot_start: later.start, name: '赵六', phone: '13600003333' }),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  })
  const body = await r.text()
  assert.equal(r.status, 201, `booking: ${body}`)
  const appt = JSON.parse(body)

  const { context, page, errors } = await hallPage()
  try {
    await page.goto(`${baseURL}/kiosk/${hallId}?print=0`)
    await page.getByTestId('kiosk-appt').click()
    await page.getByTestId('kiosk-appt-code').fill(appt.code.toLowerCase())
    const [ci] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/appointments\/[^/]+\/check-in$/)),
      page.getByTestId('kiosk-appt-submit').click(),
    ])
    // The contract names no status for "too early"; any clear 4xx with a message will do.
    assert.ok(ci.status() >= 400 && ci.status() < 500, `an early check-in is refused: ${ci.status()}`)
    const { error } = await ci.json()
    await waitForText(page.getByTestId('kiosk-appt-error'), error.message.split(' / ')[0])
    assert.equal(await page.getByTestId('kiosk-ticket').count(), 0, 'no ticket')
    assert.equal((await getJSON(`/api/v1/appointments/${appt.code}`)).state, 'booked', 'still booked')
    await shot(page, 'matters-kiosk-refused')
    assert.deepEqual(errors, [], 'no errors at the kiosk')
  } finally {
    await context.close()
  }
})

test('hall: the supervisor edits a priority weight, appointment places and a shift, which stay after a reload; an overlapping shift is refused', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const hallId = await firstHall()
  const { context, page, errors } = await hallPage({ viewport: { width: 1366, height: 900 } })
  try {
    const resp = await login(page, 'supervisor', PASSWORD)
    assert.equal(resp.status(), 200, 'supervisor / onedoor-demo should sign in')
    await page.waitForURL((u) => new URL(u).pathname === '/desk')
    await page.goto(`${baseURL}/hall/${hallId}?tab=settings`)
    const elderly = page.locator('[data-testid="hs-weight-elderly"] input')
    await elderly.waitFor()
    await page.getByTestId('hs-week').waitFor()

    // A weight: 70+ from the default 4 to 6.
    await elderly.fill('6')
    await elderly.press('Tab')
    const [w] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/halls\/\d+\/settings$/)),
      page.getByTestId('hs-save-weights').click(),
    ])
    assert.equal(w.status(), 200, `weights: ${await w.text()}`)
    assert.equal((await w.json()).priority_weights.elderly, 6)

    // Appointment places: the first service down to 2 per slot.
    const places = page.locator('[data-testid^="hs-capacity-"] input').first()
    await places.waitFor()
    const placesId = await page.locator('[data-testid^="hs-capacity-"]').first().getAttribute('data-testid')
    const serviceCode = placesId.replace('hs-capacity-', '')
    await places.fill('2')
    await places.press('Tab')
    const [c] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/halls\/\d+\/appointment-capacity$/)),
      page.getByTestId('hs-save-capacity').click(),
    ])
    assert.equal(c.status(), 200, `appointment places: ${await c.text()}`)
    assert.equal((await c.json()).services.find((x) => x.code === serviceCode).capacity, 2)

    // A shift: 高洁, Monday to Friday 09:00–17:00 (the defaults of a new row), at window 2.
    await page.getByTestId('hs-add-shift').click()
    const row = page.getByTestId('hs-row-0')
    await row.waitFor()
    await page.getByTestId('hs-row-0-staff').click()
    await page.locator('.hs-popper .el-select-dropdown__item:visible', { hasText: '高洁' }).first().click()
    await page.getByTestId('hs-row-0-window').click()
    await page.locator('.hs-popper .el-select-dropdown__item:visible', { hasText: /^\s*2 号窗口\s*$/ }).first().click()
    const [s] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/halls\/\d+\/shifts$/)),
      page.getByTestId('hs-save-shifts').click(),
    ])
    assert.equal(s.status(), 200, `shifts: ${await s.text()}`)
    await shot(page, 'hall-settings-saved')

    // Kept after a reload.
    await page.reload()
    await elderly.waitFor()
    await page.waitForFunction(() => document.querySelector('[data-testid="hs-weight-elderly"] input')?.value === '6')
    await page.waitForFunction(() => document.querySelector('[data-testid^="hs-capacity-"] input')?.value === '2')
    await waitForText(page.getByTestId('hs-week'), '高洁 09:00–17:00')
    await waitForText(page.getByTestId('hs-row-0'), '高洁')

    // A second shift for 高洁 on the same days and hours overlaps: refused, with the reason under the row.
    await page.getByTestId('hs-add-shift').click()
    await page.getByTestId('hs-row-1').waitFor()
    await page.getByTestId('hs-row-1-staff').click()
    await page.locator('.hs-popper .el-select-dropdown__item:visible', { hasText: '高洁' }).first().click()
    const [bad] = await Promise.all([
      page.waitForResponse(isApi('PUT', /^\/api\/v1\/halls\/\d+\/shifts$/)),
      page.getByTestId('hs-save-shifts').click(),
    ])
    assert.equal(bad.status(), 400, 'an overlapping shift must be refused')
    const err = (await bad.json()).error
    assert.match(err.field ?? '', /^shifts\[1\]/, `the error names the row: ${JSON.stringify(err)}`)
    const shown = await waitForText(page.getByTestId('hs-row-1'), '重叠')
    assert.ok(shown.includes('重叠'), `the reason is shown under the row: ${shown}`)
    await shot(page, 'hall-settings-refused')
    const kept = await page.evaluate(async (id) => (await fetch(`/api/v1/halls/${id}/shifts`)).json(), hallId)
    assert.equal(kept.shifts.length, 1, 'the refused save changed nothing')
    assert.deepEqual(errors.filter((e) => !/Failed to load resource.*400/.test(e)), [], 'no console errors besides the refused PUT')
  } finally {
    await context.close()
  }
})

test('every page loads under the Content-Security-Policy with no violation, signed out and as admin', { timeout: 4 * TEST_TIMEOUT_MS }, async () => {
  const publicPaths = ['/', '/matters', '/matters/1', '/book', '/appointment', '/track', '/track/application', '/appeal',
    '/mailbox', '/login', '/board', '/indices/spring-door', '/display/1', '/kiosk/1', '/queue/1', '/pad/1', '/no-such-page']
  const staffPaths = ['/desk', '/desk/window', '/desk/applications', '/hotline', '/field', '/escalations', '/hall/1',
    '/dashboard', '/what-if', '/admin', '/admin/matters', '/cases/1']
  const { context, page, errors } = await newPage()
  try {
    const visit = async (p) => {
      const resp = await page.goto(`${baseURL}${p}`)
      assert.equal(resp.status(), 200, `${p} answers 200`)
      assert.match(resp.headers()['content-security-policy'] ?? '', /script-src 'self'/, `${p} carries the policy`)
      await page.waitForLoadState('networkidle', { timeout: STEP_TIMEOUT_MS }).catch(() => {})
    }
    for (const p of publicPaths) await visit(p)
    const resp = await login(page, 'admin', PASSWORD)
    assert.equal(resp.status(), 200)
    for (const p of staffPaths) await visit(p)
    const csp = errors.filter((e) => /Content Security Policy|CSP violation/.test(e))
    assert.deepEqual(csp, [], 'no page breaks the Content-Security-Policy')
  } finally {
    await context.close()
  }
})

// Rate limits (docs/security/limits.md): a phone that already holds its active tickets, or its
// places for a day, is refused with 429; the queue and booking pages show the server's own words.
async function postJSON(p, body) {
  const r = await fetch(`${baseURL}${p}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  })
  return { status: r.status, body: await r.json() }
}

test('limits: the appeal, queue and booking pages show the server’s 429 message when a phone has used its share', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  // The appeal form: this phone has filed as many appeals as it may in a row.
  const citizen = await newPage()
  try {
    const phone = '13500006666'
    let refusal = null
    for (let i = 0; i < 10 && !refusal; i++) {
      const r = await postJSON('/api/v1/appeals', { category: 'housing.leak', text: `楼上卫生间漏水，第 ${i + 1} 次反映`, phone })
      if (r.status === 429) refusal = r.body.error
      else assert.equal(r.status, 201, `appeal ${i}: ${JSON.stringify(r.body)}`)
    }
    assert.ok(refusal, 'the API refuses a phone past its appeals')
    await fillAppealForm(citizen.page, phone)
    const [created] = await Promise.all([
      citizen.page.waitForResponse(isApi('POST', /^\/api\/v1\/appeals$/)),
      citizen.page.getByTestId('f-submit').click(),
    ])
    assert.equal(created.status(), 429, `one appeal past the limit: ${await created.text()}`)
    assert.ok(created.headers()['retry-after'], 'Retry-After')
    const { error } = await created.json()
    await waitForText(citizen.page.getByTestId('form-error'), error.message.split(' / ')[0])
    await shot(citizen.page, 'limits-appeal-refused')
    assert.deepEqual(citizen.errors.filter((e) => !/Failed to load resource.*429/.test(e)), [], 'no console errors besides the refusal')
  } finally {
    await citizen.context.close()
  }

  const hallId = await firstHall()
  const { context, page, errors } = await hallPage({ viewport: { width: 390, height: 844 }, mobile: true })
  try {
    // The queue page: the phone already holds as many active tickets as it may (the default cap).
    const phone = '13500007777'
    let refusal = null
    for (let i = 0; i < 5 && !refusal; i++) {
      const r = await postJSON(`/api/v1/halls/${hallId}/tickets`, { service: 'A', channel: 'remote', phone })
      if (r.status === 429) refusal = r.body.error
      else assert.equal(r.status, 201, `remote ticket ${i}: ${JSON.stringify(r.body)}`)
    }
    assert.ok(refusal, 'the API refuses a phone past its active tickets')
    await page.goto(`${baseURL}/queue/${hallId}`)
    const first = page.locator('[data-testid^="queue-service-"]').first()
    await first.waitFor()
    await first.click()
    await page.locator('.phone input').fill(phone)
    const [r] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/halls\/\d+\/tickets$/)),
      page.getByTestId('queue-take').click(),
    ])
    assert.equal(r.status(), 429, `one ticket past the cap: ${await r.text()}`)
    assert.ok(r.headers()['retry-after'], 'Retry-After')
    const { error } = await r.json()
    await waitForText(page.getByRole('alert'), error.message.split(' / ')[0])
    await shot(page, 'limits-queue-refused')
    assert.equal(new URL(page.url()).pathname, `/queue/${hallId}`, 'no ticket page')

    // The booking page: the phone already holds its places on the day of the slot picked.
    const { matters } = await getJSON('/api/v1/matters?q=sbk')
    const id = matters[0].id
    const { days } = await getJSON(`/api/v1/matters/${id}/slots?days=10`)
    const day = days.find((d) => d.slots.filter((s) => s.free > 0).length >= 4)
    assert.ok(day, 'a day with four free slots')
    const free = day.slots.filter((s) => s.free > 0)
    const booker = '13500008888'
    let held = 0
    for (const s of free.slice(0, 3)) {
      const b = await postJSON('/api/v1/appointments', { matter_id: id, slot_start: s.start, name: '孙七', phone: booker })
      if (b.status === 429) break
      assert.equal(b.status, 201, `booking: ${JSON.stringify(b.body)}`)
      held++
    }
    assert.ok(held >= 1 && held < 3, `the API stops the phone at its places for the day (held ${held})`)
    await page.goto(`${baseURL}/appointments/new?matter=${id}`)
    // The picker opens on the first day with room: pick the day, then the slot.
    await page.getByTestId(`day-${day.date}`).click()
    await page.getByTestId(`slot-${free[3].start}`).click()
    await field(page, 'book-name').fill('孙七')
    await field(page, 'book-phone').fill(booker)
    const [bk] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/appointments$/)),
      page.getByTestId('book-submit').click(),
    ])
    assert.equal(bk.status(), 429, `a booking past the day's places: ${await bk.text()}`)
    const refused = (await bk.json()).error
    await waitForText(page.getByTestId('book-error'), refused.message.split(' / ')[0])
    await shot(page, 'limits-book-refused')
    assert.deepEqual(errors.filter((e) => !/Failed to load resource.*429/.test(e)), [], 'no console errors besides the refusals')
  } finally {
    await context.close()
  }
})
