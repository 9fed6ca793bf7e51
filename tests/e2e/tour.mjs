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
  await visit(anon, 'queue', '/ticket')
  await visit(anon, 'kiosk', '/kiosk')
  await visit(anon, 'pad', '/pad/1')
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
  await visit(admin, 'hall', '/hall')
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
  await visit(clerk, 'window-desk', '/desk/window')

  const large = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await large.addInitScript(() => localStorage.setItem('onedoor.large', '1'))
  await visit(large, 'login-large', '/login')
  await visit(large, 'display-large', '/display')

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true })
  await visit(phone, 'portal-phone', '/')
  await visit(phone, 'queue-phone', '/queue')

  // Appeals: a citizen reports on a phone, keeps the receipt and tracks it; staff pages after.
  let receipt = null
  await visit(phone, 'appeal-phone', '/appeal')
  await visit(phone, 'appeal-receipt-phone', '/appeal', async (p) => {
    await p.getByTestId('f-category').click()
    await p.locator('.cat-select__popper .el-select-dropdown__item').first().click()
    await p.getByTestId('f-text').fill('小区 3 号楼电梯坏了一周，老人上下楼很困难。')
    await p.getByTestId('f-address').fill('东湖路 18 号春晖小区 3 号楼')
    await p.getByTestId('f-phone').fill('13800138000')
    await p.getByTestId('f-submit').click()
    await p.getByTestId('receipt').waitFor()
    receipt = { code: await p.getByTestId('receipt-code').innerText(), secret: await p.getByTestId('receipt-secret').innerText() }
  })
  await visit(phone, 'mailbox-phone', '/mailbox')
  await visit(phone, 'track-form-phone', '/track')
  if (receipt) await visit(phone, 'track-phone', `/track?code=${receipt.code}&secret=${receipt.secret}`)
  await visit(phone, 'board-phone', '/board')

  const operator = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await signIn(operator, 'operator')
  await visit(operator, 'hotline', '/hotline', async (p) => {
    await p.keyboard.type('dt')
    await p.keyboard.press('Enter')
    await p.keyboard.type('13912345678')
    await p.keyboard.press('Tab')
    await p.keyboard.type('春晖小区 3 号楼')
    await p.keyboard.press('Tab')
    await p.keyboard.type('3 号楼电梯又坏了，老人下不了楼')
    await p.waitForTimeout(1000)
  })
  await visit(operator, 'field', '/field')

  const handler = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await signIn(handler, 'handler')
  await visit(handler, 'desk-handler', '/desk')
  await visit(handler, 'case', '/desk', async (p) => {
    await p.locator('[data-testid=inbox-list] a').first().click()
    await p.getByTestId('case-title').waitFor()
  })

  const supervisor = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await signIn(supervisor, 'supervisor')
  await visit(supervisor, 'escalations', '/escalations')
  await visit(large, 'board-large', '/board')
  const english = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, timezoneId: 'Asia/Shanghai' })
  await english.addInitScript(() => localStorage.setItem('onedoor.locale', 'en'))
  await visit(english, 'board-en', '/board')
  await visit(english, 'appeal-en', '/appeal')
  // Matters, appointments, applications (issue 6).
  await visit(anon, 'matters', '/matters')
  await visit(anon, 'matter', '/matters/1')
  await visit(anon, 'book', '/book')
  await visit(anon, 'spring-door', '/indices/spring-door')
  await visit(large, 'matters-large', '/matters')
  await visit(large, 'matter-large', '/matters/1')
  await visit(phone, 'matter-phone', '/matters/1')
  await visit(english, 'matter-en', '/matters/1')
  await visit(clerk, 'applications-desk', '/desk/applications')
  await visit(admin, 'admin-matters', '/admin/matters')
} finally {
  await browser.close()
}
