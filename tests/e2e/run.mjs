// OneDoor end-to-end browser tests. Starts the real server (ONEDOOR_BIN, default build/onedoor)
// on a fresh demo database and port 0, drives Debian's Chromium through playwright-core, and
// checks what a person would see: sign-in, the staff desk and presence, the large-type and
// language switches, the admin users table, and a clear error for a wrong password.
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
    const args = ['serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--web', WEB]
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
