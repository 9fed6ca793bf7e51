// Screenshot tour of every page, for looking at the UI as a person would (not a test).
//   BASE_URL=http://127.0.0.1:8080 OUT=/tmp/tour node tour.mjs
// Needs a running server with the demo data (onedoor serve --demo, or mock-server.mjs).
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'

const BASE = process.env.BASE_URL || 'http://127.0.0.1:8080'
const OUT = path.resolve(process.env.OUT || 'shots')
const WIDTH = Number(process.env.WIDTH || 1280)
fs.mkdirSync(OUT, { recursive: true })

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})

async function visit(ctx, name, url, prep) {
  const page = await ctx.newPage()
  page.setDefaultTimeout(10_000)
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(BASE + url)
  await page.waitForLoadState('networkidle')
  if (prep) await prep(page)
  await page.waitForTimeout(400)
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true })
  console.log(name.padEnd(22), page.url(), errors.length ? `ERRORS: ${errors.join(' | ')}` : '')
  await page.close()
}

async function signIn(ctx, user) {
  const page = await ctx.newPage()
  await page.goto(BASE + '/login')
  await page.fill('input[name=username]', user)
  await page.fill('input[name=password]', 'onedoor-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForURL('**/desk')
  await page.close()
}

try {
  const anon = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await visit(anon, 'portal', '/')
  await visit(anon, 'coming-track', '/track')
  await visit(anon, 'login', '/login')
  await visit(anon, 'login-error', '/login', async (p) => {
    await p.fill('input[name=username]', 'nobody')
    await p.fill('input[name=password]', 'wrong')
    await p.getByTestId('login-submit').click()
    await p.getByTestId('login-error').waitFor()
  })
  await visit(anon, 'board', '/board')
  await visit(anon, 'display', '/display')
  await visit(anon, 'not-found', '/no/such/page')
  await visit(anon, 'desk-redirect', '/desk')

  const admin = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await signIn(admin, 'admin')
  await visit(admin, 'desk-admin', '/desk')
  await visit(admin, 'dashboard', '/dashboard', async (p) => {
    await p.getByTestId('verify-ledger').click()
    await p.locator('[data-testid=verify-result] .el-alert').waitFor()
  })
  await visit(admin, 'admin', '/admin')
  await visit(admin, 'admin-add', '/admin', async (p) => {
    await p.getByTestId('add-user').click()
    await p.fill('input[name=new-username]', 'clerk')
    await p.fill('input[name=new-display-name]', '新同事')
    await p.fill('input[name=new-password]', 'x')
    await p.getByTestId('add-user-submit').click()
    await p.waitForTimeout(300)
  })

  const clerk = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await signIn(clerk, 'clerk')
  await visit(clerk, 'no-access', '/admin')

  const large = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await large.addInitScript(() => localStorage.setItem('onedoor.large', '1'))
  await visit(large, 'login-large', '/login')
  await visit(large, 'display-large', '/display')

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true })
  await visit(phone, 'portal-phone', '/')
} finally {
  await browser.close()
}
