#!/usr/bin/env node
// A stand-in for the `onedoor` binary, for developing the web UI before the C++ server exists.
// It speaks the same command line (`demo --data DIR`, `serve --data DIR --host H --port P --web DIR`)
// and the /api/v1 contract the web app uses, keeps state in memory (seeded from DIR), and serves
// the built web app with an SPA fallback. Not a reference implementation: the e2e test runs
// against the real binary (ONEDOOR_BIN); point ONEDOOR_BIN at this file only while developing.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { createHallMock } from './hall-mock.mjs'
import { createMattersMock } from './matters-mock.mjs'

const PASSWORD = 'onedoor-demo'

// Mirrors the real demo centre (src/demo/demo_centre.cc): departments, users with A/B posts.
const DEMO = {
  departments: [
    { id: 1, name: '明湖区', parent_id: null, level: 'district' },
    { id: 2, name: '明湖区政务服务中心', parent_id: 1, level: 'office' },
    { id: 3, name: '明湖区12345热线中心', parent_id: 1, level: 'office' },
    { id: 4, name: '明湖区民政局', parent_id: 1, level: 'office' },
    { id: 5, name: '明湖区住房和城乡建设局', parent_id: 1, level: 'office' },
    { id: 6, name: '明湖区城市管理局', parent_id: 1, level: 'office' },
    { id: 7, name: '明湖区市场监督管理局', parent_id: 1, level: 'office' },
    { id: 8, name: '明湖区人力资源和社会保障局', parent_id: 1, level: 'office' },
    { id: 9, name: '东湖街道', parent_id: 1, level: 'street' },
    { id: 10, name: '东湖社区', parent_id: 9, level: 'community' },
    { id: 11, name: '柳岸社区', parent_id: 9, level: 'community' },
    { id: 12, name: '西城街道', parent_id: 1, level: 'street' },
    { id: 13, name: '西城社区', parent_id: 12, level: 'community' },
  ],
  users: [
    { id: 1, username: 'admin', display_name: '系统管理员', role: 'admin', department_id: 2 },
    { id: 2, username: 'supervisor', display_name: '赵敏', role: 'supervisor', department_id: 2 },
    { id: 3, username: 'handler2', display_name: '王芳', role: 'handler', department_id: 5 },
    { id: 4, username: 'handler', display_name: '李强', role: 'handler', department_id: 5, backup: 3 },
    { id: 5, username: 'clerk2', display_name: '周婷', role: 'clerk', department_id: 2 },
    { id: 6, username: 'clerk', display_name: '陈小燕', role: 'clerk', department_id: 2, backup: 5 },
    { id: 7, username: 'operator', display_name: '刘洋', role: 'operator', department_id: 3 },
    { id: 8, username: 'urban1', display_name: '孙伟', role: 'handler', department_id: 6 },
    { id: 9, username: 'market1', display_name: '吴静', role: 'handler', department_id: 7 },
    { id: 10, username: 'hrss1', display_name: '郑浩', role: 'handler', department_id: 8 },
    { id: 11, username: 'civil1', display_name: '冯丽', role: 'handler', department_id: 4 },
    { id: 12, username: 'donghu1', display_name: '何军', role: 'handler', department_id: 9 },
    { id: 13, username: 'xicheng1', display_name: '许敏', role: 'handler', department_id: 12 },
  ],
}

// Appeal categories: code, name, group, pinyin initials, keywords, department, urgent, limits.
const CATEGORIES = [
  ['hrss.wages', '拖欠工资', '人社', 'tqgz', '工资 欠薪 农民工 加班费', 8, false, 1, 10],
  ['housing.elevator', '电梯故障困人', '住房', 'dtgzkr', '电梯 困人 停运', 5, true, 1, 8],
  ['housing.leak', '房屋漏水', '住房', 'fwls', '漏水 渗水 楼上 屋顶', 5, false, 1, 5],
  ['housing.property', '物业服务', '住房', 'wyfw', '物业 保安 保洁 电梯 物业费', 5, false, 1, 10],
  ['city.garbage', '垃圾清运', '城市管理', 'ljqy', '垃圾 清运 异味 垃圾桶', 6, false, 1, 3],
  ['city.noise', '噪音扰民', '城市管理', 'zyrm', '噪音 施工 夜间 广场舞', 6, false, 1, 5],
  ['city.streetlight', '路灯不亮', '城市管理', 'ldbl', '路灯 照明 黑', 6, false, 1, 5],
  ['road.damage', '道路破损', '城市管理', 'dlps', '路面 坑洼 井盖 人行道', 6, false, 1, 5],
  ['market.consumer', '消费投诉', '市场监管', 'xfts', '退款 商家 预付卡 欺诈', 7, false, 1, 15],
  ['market.food', '食品安全', '市场监管', 'spaq', '食品 过期 餐馆 卫生', 7, false, 1, 10],
  ['civil.elderly', '养老服务', '民政', 'ylfw', '养老 老人 补贴 助餐', 4, false, 1, 10],
  ['community.other', '社区事务', '社区', 'sqsw', '社区 居委会 邻里', 9, false, 1, 10],
].map(([code, name, group, pinyin, keywords, department_id, urgent, response_limit, resolution_limit]) => ({
  code, name, group, pinyin, keywords, department_id, urgent, response_limit, resolution_limit,
}))
// category + area → department (the most specific rule wins over the category's default).
const ROUTING = [{ category: 'city.garbage', area: '东湖街道', department_id: 9 }]

function parseArgs(argv) {
  const [cmd, ...rest] = argv
  const opts = {}
  for (let i = 0; i < rest.length; i++) {
    if (rest[i].startsWith('--')) {
      const key = rest[i].slice(2)
      const next = rest[i + 1]
      if (next === undefined || next.startsWith('--')) opts[key] = true
      else {
        opts[key] = next
        i++
      }
    }
  }
  return { cmd, opts }
}

const { cmd, opts } = parseArgs(process.argv.slice(2))
const dataDir = opts.data || './data'
const stateFile = path.join(dataDir, 'mock-state.json')

if (cmd === 'demo') {
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(stateFile, JSON.stringify(DEMO, null, 2))
  console.log('demo centre loaded into', dataDir)
  for (const u of DEMO.users) console.log(`  login: ${u.username} / ${PASSWORD}  (${u.role})`)
  process.exit(0)
}
if (cmd !== 'serve') {
  console.error('usage: mock-server.mjs demo --data DIR | serve --data DIR --host H --port P --web DIR')
  process.exit(2)
}

// ---- state --------------------------------------------------------------------------------------
const seed = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : DEMO
const departments = seed.departments
const users = seed.users.map((u) => ({
  disabled: false,
  presence: u.role === 'handler' ? 'on_duty' : 'off',
  password: PASSWORD,
  ...u,
}))
const sessions = new Map() // token -> { userId, csrf }
const failures = new Map() // username -> [timestamps]
const events = []

function appendEvent(actor, type, subject, payload) {
  const prev = events.length ? events[events.length - 1].hash : '0'.repeat(64)
  const ev = { seq: events.length + 1, at: Date.now(), actor, type, subject, payload }
  ev.hash = crypto.createHash('sha256').update(prev + JSON.stringify({ ...ev })).digest('hex')
  events.push(ev)
  return ev
}
appendEvent('system', 'demo.loaded', 'centre', { departments: departments.length, users: users.length })

function publicUser(u) {
  const dept = departments.find((d) => d.id === u.department_id)
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    department_id: u.department_id,
    department: dept ? dept.name : null,
    presence: u.presence,
    disabled: u.disabled,
  }
}

// ---- http helpers ---------------------------------------------------------------------------------
function send(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(data)
}
function fail(res, status, code, zh, en, field, headers) {
  send(res, status, { error: { code, message: `${zh} / ${en}`, field: field ?? null } }, headers)
}
function cookies(req) {
  const out = {}
  for (const part of (req.headers.cookie || '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim())
  }
  return out
}
function readBody(req) {
  return new Promise((resolve) => {
    let s = ''
    req.on('data', (c) => {
      s += c
      if (s.length > 1e6) req.destroy()
    })
    req.on('end', () => {
      try {
        resolve(s ? JSON.parse(s) : {})
      } catch {
        resolve(null)
      }
    })
  })
}
function current(req) {
  const s = sessions.get(cookies(req).onedoor_session)
  if (!s) return null
  const u = users.find((x) => x.id === s.userId)
  if (!u || u.disabled) return null
  return { session: s, user: u }
}
function requireUser(req, res, roles) {
  const c = current(req)
  if (!c) {
    fail(res, 401, 'unauthenticated', '请先登录', 'Please sign in')
    return null
  }
  if (req.method !== 'GET' && req.headers['x-csrf-token'] !== c.session.csrf) {
    fail(res, 403, 'csrf', '请求校验失败，请刷新页面后重试', 'CSRF check failed; reload the page and try again')
    return null
  }
  if (roles && !roles.includes(c.user.role)) {
    fail(res, 403, 'forbidden', '您没有权限执行此操作', 'You are not allowed to do this')
    return null
  }
  return c
}

// ---- API --------------------------------------------------------------------------------------------
async function api(req, res, url) {
  const p = url.pathname
  const m = req.method

  if (p === '/api/v1/session' && m === 'GET') {
    const c = current(req)
    if (!c) return fail(res, 401, 'unauthenticated', '请先登录', 'Please sign in')
    return send(res, 200, { user: publicUser(c.user), csrf_token: c.session.csrf })
  }
  if (p === '/api/v1/session' && m === 'POST') {
    const b = await readBody(req)
    if (!b || typeof b.username !== 'string' || typeof b.password !== 'string')
      return fail(res, 400, 'bad_request', '请输入用户名和密码', 'Username and password are required')
    const now = Date.now()
    const recent = (failures.get(b.username) || []).filter((t) => now - t < 5 * 60_000)
    if (recent.length >= 5)
      return fail(res, 429, 'too_many_attempts', '尝试次数过多，请稍后再试', 'Too many attempts; try again later', null, {
        'Retry-After': '300',
      })
    const u = users.find((x) => x.username === b.username)
    if (!u || u.disabled || u.password !== b.password) {
      recent.push(now)
      failures.set(b.username, recent)
      appendEvent(b.username, 'staff.sign_in_failed', b.username, {})
      return fail(res, 401, 'bad_credentials', '用户名或密码不正确', 'Wrong username or password')
    }
    failures.delete(b.username)
    const token = crypto.randomBytes(24).toString('hex')
    const csrf = crypto.randomBytes(16).toString('hex')
    sessions.set(token, { userId: u.id, csrf })
    appendEvent(u.username, 'staff.signed_in', u.username, {})
    return send(res, 200, { user: publicUser(u), csrf_token: csrf }, {
      'Set-Cookie': [
        `onedoor_session=${token}; Path=/; HttpOnly; SameSite=Strict`,
        `onedoor_csrf=${csrf}; Path=/; SameSite=Strict`,
      ],
    })
  }
  if (p === '/api/v1/session' && m === 'DELETE') {
    const c = requireUser(req, res)
    if (!c) return
    sessions.delete(cookies(req).onedoor_session)
    appendEvent(c.user.username, 'staff.signed_out', c.user.username, {})
    res.writeHead(204, {
      'Set-Cookie': [
        'onedoor_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
        'onedoor_csrf=; Path=/; SameSite=Strict; Max-Age=0',
      ],
    })
    return res.end()
  }
  if (p === '/api/v1/me/presence' && m === 'POST') {
    const c = requireUser(req, res)
    if (!c) return
    const b = await readBody(req)
    if (!b || !['on_duty', 'break', 'out', 'off'].includes(b.status))
      return fail(res, 400, 'bad_status', '状态不正确', 'Unknown status', 'status')
    c.user.presence = b.status
    const ev = appendEvent(c.user.username, 'staff.presence_changed', c.user.username, { status: b.status })
    return send(res, 200, { presence: b.status, event_seq: ev.seq })
  }
  if (p === '/api/v1/departments' && m === 'GET') return send(res, 200, { departments })
  if (p === '/api/v1/users' && m === 'GET') {
    if (!requireUser(req, res, ['admin'])) return
    return send(res, 200, { users: users.map(publicUser) })
  }
  if (p === '/api/v1/users' && m === 'POST') {
    const c = requireUser(req, res, ['admin'])
    if (!c) return
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(b.username || ''))
      return fail(res, 400, 'bad_username', '用户名须为 3–32 位小写字母、数字', 'Username: 3–32 lowercase letters or digits', 'username')
    if (users.some((u) => u.username === b.username))
      return fail(res, 409, 'username_taken', '用户名已被使用', 'Username already taken', 'username')
    if (typeof b.password !== 'string' || b.password.length < 8)
      return fail(res, 400, 'weak_password', '密码至少 8 位', 'Password needs at least 8 characters', 'password')
    if (!['admin', 'supervisor', 'handler', 'clerk', 'operator'].includes(b.role))
      return fail(res, 400, 'bad_role', '角色不正确', 'Unknown role', 'role')
    if (!departments.some((d) => d.id === b.department_id))
      return fail(res, 400, 'bad_department', '部门不存在', 'Unknown department', 'department_id')
    const u = {
      id: Math.max(...users.map((x) => x.id)) + 1,
      username: b.username,
      display_name: String(b.display_name || b.username),
      role: b.role,
      department_id: b.department_id,
      disabled: false,
      presence: 'off',
      password: b.password,
    }
    users.push(u)
    appendEvent(c.user.username, 'user.created', u.username, { role: u.role })
    return send(res, 201, { user: publicUser(u) })
  }
  const dm = p.match(/^\/api\/v1\/users\/(\d+)\/disable$/)
  if (dm && m === 'POST') {
    const c = requireUser(req, res, ['admin'])
    if (!c) return
    const u = users.find((x) => x.id === Number(dm[1]))
    if (!u) return fail(res, 404, 'not_found', '用户不存在', 'No such user')
    u.disabled = true
    for (const [k, s] of sessions) if (s.userId === u.id) sessions.delete(k)
    appendEvent(c.user.username, 'user.disabled', u.username, {})
    return send(res, 200, { user: publicUser(u) })
  }
  if (p === '/api/v1/events' && m === 'GET') {
    if (!requireUser(req, res, ['supervisor', 'admin'])) return
    const after = Number(url.searchParams.get('after') || 0)
    const limit = Math.min(Number(url.searchParams.get('limit') || 100), 1000)
    let list = events.filter((e) => e.seq > after)
    list = url.searchParams.get('desc') === '1' ? list.slice().reverse().slice(0, limit) : list.slice(0, limit)
    return send(res, 200, { events: list })
  }
  if (p === '/api/v1/ledger/verify' && m === 'GET') {
    if (!requireUser(req, res, ['supervisor', 'admin'])) return
    let prev = '0'.repeat(64)
    for (const e of events) {
      const { hash, ...rest } = e
      const h = crypto.createHash('sha256').update(prev + JSON.stringify(rest)).digest('hex')
      if (h !== hash) return send(res, 200, { ok: false, events: events.length, first_bad_seq: e.seq, reason: 'hash mismatch' })
      prev = hash
    }
    return send(res, 200, { ok: true, events: events.length })
  }
  if ((await calendarApi(req, res, url)) !== false) return
  if ((await appealApi(req, res, url)) !== false) return
  return fail(res, 404, 'not_found', '接口不存在', 'No such endpoint')
}

// ---- appeals (the contract of issue 3; simplified rules, in memory) -------------------------------
const DAY = 86_400_000
const BJ = 8 * 3600_000 // Beijing is UTC+8 all year
const appeals = [] // the C++ record's fields, plus secret (plain: this is a mock)
// Rectifications (整改, PRODUCT rule 8): opened by a rating of 不满意 or worse, closed by the
// supervisor's record of the follow-up call (回访). Deadline: 5 working days (mock's choice).
const rectifications = []
const RECTIFY_DAYS = 5
const STATE_LABEL = { received: '已接收', assigned: '已派发', accepted: '已受理', replied: '已答复', closed: '已办结' }
const RATING_LEVEL = { very_satisfied: 5, satisfied: 4, basically_satisfied: 3, dissatisfied: 2, very_dissatisfied: 1 }
const RATING_LABEL = { very_satisfied: '非常满意', satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', very_dissatisfied: '非常不满意' }
// Event types and labels as in src/appeals/lifecycle.cc (timelineLabel).
const EVENT_LABEL = {
  'appeal.received': '已登记',
  'appeal.routed': '已分派',
  'appeal.accepted': '已受理',
  'appeal.replied': '已答复',
  'appeal.transferred': '已转办',
  'appeal.assigned': '督查指派',
  'appeal.escalated': '已升级督办',
  'appeal.reopened': '重新办理',
  'appeal.closed': '已办结',
  'appeal.formulaic_override': '督查审核放行',
  'appeal.rectification_opened': '已启动整改',
}
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const randomCode = (n) => Array.from(crypto.randomBytes(n), (b) => CROCKFORD[b % 32]).join('')
const deptName = (id) => departments.find((d) => d.id === id)?.name ?? ''
const userName = (id) => users.find((u) => u.id === id)?.display_name ?? null
const mask = (p) => (p.length >= 7 ? p.slice(0, 3) + '****' + p.slice(-4) : '****')

/** Working days (Mon–Fri, no holiday table in the mock) → that day 17:30 Beijing. */
function addWorkingDays(from, n) {
  let d = Math.floor((from + BJ) / DAY)
  let left = n
  while (left > 0) {
    d++
    const wd = new Date(d * DAY).getUTCDay()
    if (wd !== 0 && wd !== 6) left--
  }
  return d * DAY - BJ + (17 * 60 + 30) * 60_000
}
function due(from, limit, urgent) {
  return urgent ? from + limit * 3600_000 : addWorkingDays(from, limit)
}

// ---- working-day calendar (GET /api/v1/calendars, PUT /api/v1/calendars/{year}) -------------------
// Loaded from --calendars DIR (default calendars/cn); edits stay in memory. Validation follows
// docs/calendar.md (parseYear): the same fields, bilingual messages and `field` paths.
const calendarDir = path.resolve(typeof opts.calendars === 'string' ? opts.calendars : 'calendars/cn')
const calendars = new Map() // year -> {year, region, source, holidays, workdays}
let calendarRegion = 'cn'
try {
  for (const f of fs.readdirSync(calendarDir).filter((n) => /^\d{4}\.json$/.test(n))) {
    const y = JSON.parse(fs.readFileSync(path.join(calendarDir, f), 'utf8'))
    calendars.set(y.year, y)
    calendarRegion = y.region || calendarRegion
  }
} catch (e) {
  console.error(`mock: no calendars in ${calendarDir} (${e.message}); every year is estimated`)
}

const dayNo = (s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3])
  const d = new Date(t)
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null
  return t / DAY
}
const weekdayOfDay = (n) => new Date(n * DAY).getUTCDay()

function calendarWorkingDays(y) {
  const first = Date.UTC(y.year, 0, 1) / DAY
  const last = Date.UTC(y.year, 11, 31) / DAY
  const off = new Set()
  for (const h of y.holidays) for (let d = dayNo(h.from); d <= dayNo(h.to); d++) off.add(d)
  const on = new Set(y.workdays.map((w) => dayNo(w.date)))
  let n = 0
  for (let d = first; d <= last; d++) {
    const wd = weekdayOfDay(d)
    if (on.has(d) || (wd !== 0 && wd !== 6 && !off.has(d))) n++
  }
  return n
}
const calendarView = (y) => ({ ...y, working_days: calendarWorkingDays(y) })

/** Returns [canonical year] or [null, {zh, en, field}]. */
function checkCalendar(b, pathYear) {
  const bad = (field, zh, en) => [null, { field, zh, en }]
  if (!b || typeof b !== 'object' || Array.isArray(b)) return bad('', '日历必须是 JSON 对象', 'The calendar must be a JSON object')
  for (const k of Object.keys(b))
    if (!['year', 'region', 'source', 'holidays', 'workdays'].includes(k))
      return bad(k, `未知字段“${k}”`, `Unknown field "${k}"`)
  if (!Number.isInteger(b.year) || b.year < 1949 || b.year > 9999)
    return bad('year', '年份须为 1949–9999 的整数', 'year must be an integer from 1949 to 9999')
  if (b.year !== pathYear) return bad('year', '年份与地址中的年份不一致', 'year does not match the year in the URL')
  if (typeof b.region !== 'string' || !/^[a-z0-9-]+$/.test(b.region))
    return bad('region', '地区须为小写字母、数字或 -', 'region must be lowercase letters, digits or -')
  if (b.region !== calendarRegion)
    return bad('region', `地区须与已载入的日历一致（${calendarRegion}）`, `region must match the loaded calendars (${calendarRegion})`)
  if (typeof b.source !== 'string' || !b.source.trim())
    return bad('source', '请填写依据的通知', 'source (the official notice) is required')
  if (!Array.isArray(b.holidays)) return bad('holidays', 'holidays 须为数组', 'holidays must be an array')
  if (!Array.isArray(b.workdays)) return bad('workdays', 'workdays 须为数组', 'workdays must be an array')
  const first = Date.UTC(b.year, 0, 1) / DAY
  const last = Date.UTC(b.year, 11, 31) / DAY
  const date = (v, field) => {
    const d = typeof v === 'string' ? dayNo(v) : null
    if (d == null) return [null, { field, zh: `日期“${v ?? ''}”不是有效的 YYYY-MM-DD 日期`, en: `"${v ?? ''}" is not a valid YYYY-MM-DD date` }]
    if (d < first || d > last) return [null, { field, zh: `日期 ${v} 不在 ${b.year} 年内`, en: `${v} is not in ${b.year}` }]
    return [d]
  }
  const holidays = []
  for (const [i, h] of b.holidays.entries()) {
    const f = `holidays[${i}]`
    if (!h || typeof h !== 'object') return bad(f, '放假安排须为对象', 'a holiday must be an object')
    for (const k of Object.keys(h)) if (!['name', 'from', 'to'].includes(k)) return bad(`${f}.${k}`, `未知字段“${k}”`, `Unknown field "${k}"`)
    if (typeof h.name !== 'string' || !h.name.trim()) return bad(`${f}.name`, '请填写放假名称', 'the holiday needs a name')
    const [from, e1] = date(h.from, `${f}.from`)
    if (e1) return [null, e1]
    const [to, e2] = date(h.to, `${f}.to`)
    if (e2) return [null, e2]
    if (to < from) return bad(`${f}.to`, `${h.name}：结束日期 ${h.to} 早于开始日期 ${h.from}`, `${h.name}: ends ${h.to}, before it starts ${h.from}`)
    holidays.push({ i, name: h.name.trim(), from: h.from, to: h.to, a: from, b: to })
  }
  const byStart = [...holidays].sort((x, y) => x.a - y.a)
  for (let k = 1; k < byStart.length; k++)
    if (byStart[k].a <= byStart[k - 1].b)
      return bad(`holidays[${byStart[k].i}].from`, `${byStart[k].name} 与 ${byStart[k - 1].name} 的日期重叠`, `${byStart[k].name} overlaps ${byStart[k - 1].name}`)
  const workdays = []
  const seen = new Set()
  for (const [i, w] of b.workdays.entries()) {
    const f = `workdays[${i}]`
    if (!w || typeof w !== 'object') return bad(f, '调休上班须为对象', 'a make-up working day must be an object')
    for (const k of Object.keys(w)) if (!['date', 'name'].includes(k)) return bad(`${f}.${k}`, `未知字段“${k}”`, `Unknown field "${k}"`)
    if (w.name !== undefined && typeof w.name !== 'string') return bad(`${f}.name`, '说明须为文字', 'name must be a string')
    const [d, e] = date(w.date, `${f}.date`)
    if (e) return [null, e]
    const wd = weekdayOfDay(d)
    if (wd !== 0 && wd !== 6) {
      const names = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
      const en = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
      return bad(`${f}.date`, `调休上班日 ${w.date} 是${names[wd]}，不是周六或周日（工作日本来就上班，可能日期输错了）`,
        `make-up working day ${w.date} is a ${en[wd]}, not a Saturday or Sunday (weekdays are worked anyway; the date may be mistyped)`)
    }
    if (seen.has(d)) return bad(`${f}.date`, `调休上班日 ${w.date} 重复`, `make-up working day ${w.date} is listed twice`)
    seen.add(d)
    const h = holidays.find((x) => x.a <= d && d <= x.b)
    if (h) return bad(`${f}.date`, `${w.date} 既是放假（${h.name}）又是调休上班`, `${w.date} is both a holiday (${h.name}) and a make-up working day`)
    workdays.push(w.name && w.name.trim() ? { date: w.date, name: w.name.trim() } : { date: w.date })
  }
  return [{
    year: b.year,
    region: b.region,
    source: b.source.trim(),
    holidays: byStart.map(({ name, from, to }) => ({ name, from, to })),
    workdays: workdays.sort((x, y) => (x.date < y.date ? -1 : 1)),
  }]
}

async function calendarApi(req, res, url) {
  const p = url.pathname
  const m = req.method
  if (p === '/api/v1/calendars' && m === 'GET') {
    if (!requireUser(req, res, ['admin'])) return
    const years = [...calendars.values()].sort((a, b) => a.year - b.year).map(calendarView)
    return send(res, 200, { region: calendarRegion, years })
  }
  const cm = p.match(/^\/api\/v1\/calendars\/(\d{4})$/)
  if (cm && m === 'PUT') {
    const c = requireUser(req, res, ['admin'])
    if (!c) return
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    const [y, err] = checkCalendar(b, Number(cm[1]))
    if (err) return fail(res, 400, 'invalid', err.zh, err.en, err.field)
    const replaced = calendars.has(y.year)
    calendars.set(y.year, y)
    appendEvent(c.user.username, 'calendar.saved', `calendar:${y.region}/${y.year}`, { replaced, holidays: y.holidays.length, workdays: y.workdays.length })
    return send(res, 200, { year: calendarView(y) })
  }
  return false
}

function appealEvent(a, actor, type, payload = {}, note = null, at = Date.now()) {
  appendEvent(actor, type, `appeal:${a.id}`, payload)
  a.timeline.push({ at, type, label: EVENT_LABEL[type] ?? type, note })
}

function route(category, area) {
  const rule = ROUTING.find((r) => r.category === category.code && r.area === area)
  const deptId = rule ? rule.department_id : category.department_id
  const posts = users.filter((u) => u.role === 'handler' && u.department_id === deptId && !u.disabled)
  // A post: the first handler who has a backup configured, else the first handler.
  const a = posts.find((u) => u.backup) ?? posts[0]
  if (!a) return { deptId, handler: null, backupOf: null }
  if (['out', 'off'].includes(a.presence) && a.backup) return { deptId, handler: a.backup, backupOf: a }
  return { deptId, handler: a.id, backupOf: null }
}

function checkIntake(b, channel) {
  const len = (s) => Array.from(String(s ?? '')).length
  if (!b.category) return ['请选择诉求类别', 'Choose a category', 'category']
  if (!CATEGORIES.some((c) => c.code === b.category)) return ['诉求类别不存在', 'Unknown category', 'category']
  if (len(String(b.text ?? '').trim()) < 5) return ['诉求内容至少 5 个字', 'The text needs at least 5 characters', 'text']
  if (len(b.text) > 2000) return ['诉求内容最多 2000 字', 'The text may have at most 2000 characters', 'text']
  if (channel === 'mailbox' && len(String(b.title ?? '').trim()) < 2) return ['信件标题至少 2 个字', 'The title needs at least 2 characters', 'title']
  if (len(b.address) > 200) return ['地址最多 200 字', 'The address may have at most 200 characters', 'address']
  if (!/^1[3-9]\d{9}$/.test(b.phone ?? '') && !/^0\d{2,3}-?\d{7,8}$/.test(b.phone ?? ''))
    return ['请填写正确的联系电话（11 位手机号或带区号的座机）', 'Enter a valid phone number', 'phone']
  return null
}

function intake(b, channel, createdBy, actor, at = Date.now()) {
  const category = CATEGORIES.find((c) => c.code === b.category)
  const secret = randomCode(8)
  const r = route(category, b.area || '')
  const a = {
    id: appeals.length + 1,
    tracking_code: randomCode(10),
    secret,
    channel,
    category: category.code,
    title: String(b.title ?? '').trim(),
    text: String(b.text).trim(),
    address: String(b.address ?? '').trim(),
    phone: b.phone ?? '',
    citizen_name: String(b.name ?? '').trim(),
    area: b.area || '',
    state: 'assigned',
    department_id: r.deptId,
    handler_id: r.handler,
    created_at: at,
    created_by: createdBy,
    response_due: due(at, category.response_limit, category.urgent),
    resolution_due: due(at, category.resolution_limit, category.urgent),
    accepted_at: null,
    replied_at: null,
    closed_at: null,
    transfers: 0,
    assignment_final: false,
    reopen_count: 0,
    escalation_level: 0,
    reply: null,
    confirm_due: 0,
    resolved: null,
    rating: null,
    verdict_comment: '',
    close_reason: '',
    override: false,
    timeline: [],
  }
  appeals.push(a)
  appealEvent(a, actor, 'appeal.received', { channel, category: category.code }, null, at)
  if (r.backupOf) {
    appealEvent(a, 'system', 'appeal.routed', { department_id: r.deptId, handler_id: r.handler },
      `A 岗${r.backupOf.display_name}不在岗，已交 B 岗${userName(r.handler)}办理`, at)
  } else {
    appealEvent(a, 'system', 'appeal.routed', { department_id: r.deptId, handler_id: r.handler }, `派发至${deptName(r.deptId)}`, at)
  }
  return a
}

function isOverdue(a, now = Date.now()) {
  if (['received', 'assigned'].includes(a.state) && a.response_due < now) return true
  return ['received', 'assigned', 'accepted'].includes(a.state) && a.resolution_due < now
}

function summary(a) {
  return {
    id: a.id,
    tracking_code: a.tracking_code,
    channel: a.channel,
    category: a.category,
    category_name: CATEGORIES.find((c) => c.code === a.category)?.name ?? a.category,
    title: a.title,
    text: Array.from(a.text).length > 80 ? Array.from(a.text).slice(0, 80).join('') + '…' : a.text,
    state: a.state,
    state_label: STATE_LABEL[a.state],
    department_id: a.department_id,
    department: deptName(a.department_id),
    handler_id: a.handler_id,
    handler: a.handler_id ? userName(a.handler_id) : null,
    created_at: a.created_at,
    response_due: a.response_due,
    resolution_due: a.resolution_due,
    overdue: isOverdue(a),
    escalation_level: a.escalation_level,
    transfers: a.transfers,
    reopen_count: a.reopen_count,
    phone_masked: mask(a.phone),
    address: a.address,
  }
}

function openRectification(a, at = Date.now()) {
  const r = {
    id: rectifications.length + 1,
    appeal_id: a.id,
    rating: a.rating,
    comment: a.verdict_comment || '',
    opened_at: at,
    due: addWorkingDays(at, RECTIFY_DAYS),
    state: 'open',
    followup_at: null,
    followup_note: '',
    citizen_satisfied: null,
  }
  rectifications.push(r)
  return r
}

function rectificationView(r, now = Date.now()) {
  const a = appeals.find((x) => x.id === r.appeal_id)
  return {
    id: r.id,
    appeal_id: r.appeal_id,
    tracking_code: a.tracking_code,
    department: deptName(a.department_id),
    category_name: CATEGORIES.find((c) => c.code === a.category)?.name ?? a.category,
    rating: r.rating,
    rating_label: RATING_LABEL[r.rating],
    comment: r.comment,
    opened_at: r.opened_at,
    due: r.due,
    overdue: r.state === 'open' && r.due < now,
    state: r.state,
    followup_at: r.followup_at,
    followup_note: r.followup_note,
    citizen_satisfied: r.citizen_satisfied,
  }
}

function canAct(user, a) {
  if (['supervisor', 'admin'].includes(user.role)) return true
  return user.role === 'handler' && (a.department_id === user.department_id || a.handler_id === user.id)
}

function staffView(a, user) {
  const full = ['supervisor', 'admin'].includes(user.role) || a.handler_id === user.id
  const actions = []
  if (canAct(user, a)) {
    if (['received', 'assigned'].includes(a.state)) actions.push('accept')
    if (a.state === 'accepted') actions.push('reply')
    if (['assigned', 'accepted'].includes(a.state) && !a.assignment_final) actions.push('transfer')
    if (['supervisor', 'admin'].includes(user.role) && ['received', 'assigned', 'accepted'].includes(a.state)) actions.push('assign')
    if (a.state !== 'closed' && a.escalation_level < 2) actions.push('escalate')
  }
  return {
    appeal: {
      ...summary(a),
      text: a.text,
      reply: a.reply,
      confirm_due: a.confirm_due || null,
      resolved: a.resolved,
      rating: a.rating,
      citizen_name: a.citizen_name,
      phone: full ? a.phone : mask(a.phone),
      assignment_final: a.assignment_final,
      closed_at: a.closed_at,
      close_reason: a.close_reason || null,
    },
    timeline: a.timeline,
    actions,
  }
}

function citizenView(a) {
  return {
    appeal: {
      tracking_code: a.tracking_code,
      channel: a.channel,
      category: a.category,
      category_name: CATEGORIES.find((c) => c.code === a.category)?.name ?? a.category,
      title: a.title,
      text: a.text,
      address: a.address,
      state: a.state,
      state_label: STATE_LABEL[a.state],
      department: deptName(a.department_id),
      created_at: a.created_at,
      response_due: a.response_due,
      resolution_due: a.resolution_due,
      reply: a.reply,
      confirm_due: a.confirm_due || null,
      resolved: a.resolved,
      rating: a.rating,
      closed_at: a.closed_at,
      close_reason: a.close_reason || null,
      reopen_count: a.reopen_count,
    },
    timeline: a.timeline,
    can_verdict: a.state === 'replied',
  }
}

const BOILERPLATE = /高度重视|认真研究|积极协调|尽快处理|进一步加强|妥善处理|认真对待|加大力度/
const ACTION_VERB = /已|将|派|修|换|清|装|拆|补|查|罚|约谈|整改|疏通|回填|恢复|联系|发放|安排/
function formulaicMissing(r) {
  const missing = []
  const action = String(r.action ?? '').trim()
  if (Array.from(action).length < 4 || !ACTION_VERB.test(action) || (BOILERPLATE.test(action) && Array.from(action).length < 16))
    missing.push('具体措施（做了什么或将做什么，如“已派维修队更换主板”） / a concrete action (what was or will be done)')
  if (Array.from(String(r.responsible ?? '').trim()).length < 2) missing.push('负责单位或人员 / who is responsible')
  if (BOILERPLATE.test(String(r.text ?? '')) && missing.length === 0 && !ACTION_VERB.test(String(r.text))) missing.push('答复内容只有套话 / the reply text is boilerplate only')
  return missing
}

function parseDay(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s ?? '')) return null
  const ms = Date.parse(s + 'T17:30:00+08:00')
  return Number.isFinite(ms) ? ms : null
}

function computeRates(list, now) {
  const n = list.length
  const ratio = (a, b) => (b === 0 ? null : a / b)
  const accepted = list.filter((a) => a.accepted_at !== null && a.accepted_at <= a.response_due).length
  const closed = list.filter((a) => a.state === 'closed')
  const resolved = closed.filter((a) => a.resolved === true).length
  const rated = list.filter((a) => a.rating)
  const unconfirmed = closed.filter((a) => a.close_reason === 'unconfirmed').length
  const satisfied = rated.filter((a) => RATING_LEVEL[a.rating] >= 3).length
  const replied = list.filter((a) => a.replied_at !== null)
  const onTime = replied.filter((a) => a.replied_at <= a.resolution_due).length
  const overdueUnreplied = list.filter((a) => a.replied_at === null && a.resolution_due < now).length
  return {
    cases: n,
    response_rate: ratio(accepted, n),
    resolution_rate: ratio(resolved, closed.length),
    satisfaction_rate: ratio(satisfied, rated.length + unconfirmed),
    on_time_rate: ratio(onTime, replied.length + overdueUnreplied),
    reopen_rate: ratio(list.filter((a) => a.reopen_count > 0).length, n),
    override_rate: ratio(replied.filter((a) => a.override).length, replied.length),
  }
}

// Believable history so the board, the escalation list and the inbox have something to show.
function seedHistory() {
  const now = Date.now()
  const texts = {
    'housing.property': ['小区物业长期不打扫楼道，垃圾堆在楼梯口。', '春晖小区物业费上涨没有公示。'],
    'housing.leak': ['楼上卫生间漏水，天花板发霉。', '顶楼屋面渗水，下雨就漏。'],
    'road.damage': ['湖滨路与青年路交叉口路面塌陷，雨天积水。', '人行道地砖松动，老人容易绊倒。'],
    'city.noise': ['工地夜里十一点以后还在打桩。', '凌晨渣土车进出噪音很大。'],
    'city.garbage': ['东湖社区 2 号垃圾点三天没清运。', '菜市场后门垃圾堆放，气味很大。'],
    'market.food': ['买到过期面包，商家不给退。', '小吃店后厨卫生很差。'],
    'civil.elderly': ['社区助餐点停了，老人没地方吃饭。'],
  }
  const codes = Object.keys(texts)
  let k = 0
  for (let i = 0; i < 34; i++) {
    const code = codes[i % codes.length]
    const at = now - (2 + (i % 20)) * DAY - (i % 5) * 3600_000
    const area = code === 'city.garbage' && i % 2 ? '东湖街道' : ''
    const a = intake({ category: code, text: texts[code][k++ % texts[code].length], phone: '1380013' + String(1000 + i), address: '明湖区东湖路 ' + (i + 1) + ' 号', area }, ['web', 'hotline', 'mailbox', 'field'][i % 4], 0, 'citizen', at)
    const r = i % 7
    if (r === 6) continue // left unaccepted: overdue, escalated below
    a.state = 'accepted'
    a.accepted_at = at + (r === 5 ? 3 * DAY : 3 * 3600_000)
    appealEvent(a, 'user:' + (a.handler_id ?? 2), 'appeal.accepted', {}, null, a.accepted_at)
    if (r === 4) continue // accepted, not replied
    a.state = 'replied'
    a.replied_at = a.accepted_at + DAY
    a.override = i % 11 === 0
    a.reply = { text: '经现场核实，情况属实，已安排处理。', action: '已派人现场处理并复查', responsible: deptName(a.department_id), due: a.replied_at + 2 * DAY, at: a.replied_at }
    a.confirm_due = addWorkingDays(a.replied_at, 3)
    appealEvent(a, 'user:' + (a.handler_id ?? 2), 'appeal.replied', {}, a.reply.action, a.replied_at)
    if (a.confirm_due > now) continue
    a.state = 'closed'
    a.closed_at = a.confirm_due
    if (r === 3) {
      a.close_reason = 'unconfirmed'
    } else {
      a.close_reason = 'verdict'
      a.resolved = r !== 2
      a.rating = ['very_satisfied', 'satisfied', 'dissatisfied', 'basically_satisfied', '', 'satisfied'][r]
      a.closed_at = a.replied_at + 3600_000
    }
    appealEvent(a, a.rating ? 'citizen' : 'system', 'appeal.closed', {}, a.rating ? '评价：' + RATING_LABEL[a.rating] : '确认期已过，记为未确认', a.closed_at)
  }
  // Bad ratings in the history opened rectifications; the oldest one has been followed up.
  for (const a of appeals.filter((x) => RATING_LEVEL[x.rating] <= 2)) {
    a.verdict_comment = a.verdict_comment || '答复说已处理，可是问题还在。'
    const r = openRectification(a, a.closed_at)
    appealEvent(a, 'system', 'appeal.rectification_opened', { rectification_id: r.id, due: r.due }, null, a.closed_at)
    if (r.id === 1) {
      r.state = 'done'
      r.followup_at = Math.min(now - 3600_000, r.opened_at + 2 * DAY)
      r.followup_note = '电话回访，群众说已经重新处理，现在没有问题了。'
      r.citizen_satisfied = true
    }
  }
  for (const a of appeals) {
    if (isOverdue(a, now) && a.escalation_level === 0) {
      a.escalation_level = a.state === 'assigned' ? 2 : 1
      appealEvent(a, 'system', 'appeal.escalated', { level: a.escalation_level }, a.escalation_level === 2 ? '升级至督查' : '升级至部门负责人')
    }
  }
}
if (process.env.MOCK_SEED !== '0') seedHistory()

async function appealApi(req, res, url) {
  const p = url.pathname
  const m = req.method
  const now = Date.now()

  if (p === '/api/v1/categories' && m === 'GET') {
    return send(res, 200, {
      categories: CATEGORIES.map((c) => ({ ...c, department: deptName(c.department_id), unit: c.urgent ? 'working_hours' : 'working_days' })),
    })
  }
  if (p === '/api/v1/appeals' && m === 'POST') {
    const c = current(req)
    if (c && req.headers['x-csrf-token'] !== c.session.csrf)
      return fail(res, 403, 'csrf', '请求校验失败，请刷新页面后重试', 'CSRF check failed; reload the page and try again')
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    let channel = 'web'
    if (b.channel === 'hotline' || b.channel === 'mailbox') {
      if (b.channel === 'hotline' && !c) return fail(res, 403, 'forbidden', '只有工作人员可以登记热线来电', 'Only staff may record hotline calls', 'channel')
      channel = b.channel
    } else if (b.channel !== undefined && b.channel !== 'web') {
      return fail(res, 400, 'bad_channel', '来源不正确', 'Unknown channel', 'channel')
    }
    const bad = checkIntake(b, channel)
    if (bad) return fail(res, 400, 'invalid', bad[0], bad[1], bad[2])
    const a = intake(b, channel, c ? c.user.id : 0, c ? c.user.username : 'citizen')
    return send(res, 201, {
      id: a.id,
      tracking_code: a.tracking_code,
      secret: a.secret,
      response_due: a.response_due,
      resolution_due: a.resolution_due,
      department: deptName(a.department_id),
      estimated: false,
    })
  }
  if (p === '/api/v1/field-visits' && m === 'POST') {
    const c = requireUser(req, res)
    if (!c) return
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    if (!String(b.place ?? '').trim()) return fail(res, 400, 'invalid', '请填写走访地点', 'Give the place visited', 'place')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b.visited_on ?? '')) return fail(res, 400, 'invalid', '走访日期格式应为 YYYY-MM-DD', 'visited_on must be YYYY-MM-DD', 'visited_on')
    if (!Array.isArray(b.concerns) || !b.concerns.length) return fail(res, 400, 'invalid', '至少要有一件群众反映的事', 'At least one concern', 'concerns')
    for (const [i, x] of b.concerns.entries()) {
      const phone = x.phone || '00000000000'
      const bad = checkIntake({ ...x, phone: x.phone ? x.phone : '13800000000' }, 'field')
      if (bad) return fail(res, 400, 'invalid', bad[0], bad[1], `concerns[${i}].${bad[2]}`)
      void phone
    }
    const out = b.concerns.map((x) => {
      const a = intake({ ...x, address: x.address || b.place }, 'field', c.user.id, c.user.username)
      a.timeline[0].note = `走访 ${b.place}（${b.visited_on}）`
      return { id: a.id, tracking_code: a.tracking_code, secret: a.secret }
    })
    return send(res, 201, { appeals: out })
  }
  if (p === '/api/v1/appeals/similar' && m === 'GET') {
    if (!requireUser(req, res)) return
    const cat = url.searchParams.get('category') || ''
    const text = url.searchParams.get('text') || ''
    const address = url.searchParams.get('address') || ''
    const grams = (s) => {
      const a = Array.from(s.replace(/\s+/g, ''))
      const g = new Set()
      for (let i = 0; i + 1 < a.length; i++) g.add(a[i] + a[i + 1])
      return g
    }
    const tg = grams(text)
    const ag = grams(address)
    const overlap = (g, s) => {
      if (!g.size) return 0
      const h = grams(s)
      let n = 0
      for (const x of g) if (h.has(x)) n++
      return n / g.size
    }
    const list = appeals
      .filter((a) => a.category === cat && a.state !== 'closed')
      .map((a) => ({ a, score: overlap(tg, a.text) + overlap(ag, a.address) }))
      .filter((x) => x.score >= 0.3)
      .sort((x, y) => y.score - x.score)
      .slice(0, 5)
      .map(({ a }) => ({
        tracking_code: a.tracking_code,
        category_name: CATEGORIES.find((c) => c.code === a.category)?.name,
        text: a.text,
        address: a.address,
        state: a.state,
        state_label: STATE_LABEL[a.state],
        created_at: a.created_at,
      }))
    return send(res, 200, { appeals: list })
  }
  if (p === '/api/v1/appeals' && m === 'GET') {
    const c = requireUser(req, res)
    if (!c) return
    const q = url.searchParams
    let list = appeals
    if (q.get('state')) list = list.filter((a) => a.state === q.get('state'))
    if (q.get('department')) list = list.filter((a) => a.department_id === Number(q.get('department')))
    if (q.get('open') === '1') list = list.filter((a) => a.state !== 'closed')
    if (q.get('overdue') === '1') list = list.filter((a) => isOverdue(a, now))
    if (q.get('escalated') === '1') list = list.filter((a) => a.escalation_level > 0)
    if (q.get('mine') === '1')
      list = list.filter((a) => a.handler_id === c.user.id || (a.handler_id === null && a.department_id === c.user.department_id))
    list = [...list].sort((x, y) => x.resolution_due - y.resolution_due || x.id - y.id)
    return send(res, 200, { appeals: list.map(summary) })
  }
  if (p === '/api/v1/handlers' && m === 'GET') {
    if (!requireUser(req, res)) return
    const dep = Number(url.searchParams.get('department_id'))
    return send(res, 200, {
      handlers: users
        .filter((u) => u.role === 'handler' && !u.disabled && (!dep || u.department_id === dep))
        .map((u) => ({ id: u.id, display_name: u.display_name, department_id: u.department_id, presence: u.presence })),
    })
  }
  if (p === '/api/v1/board' && m === 'GET') {
    const from = url.searchParams.get('from') || ''
    const to = url.searchParams.get('to') || ''
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to))
      return fail(res, 400, 'invalid', '请用 YYYY-MM-DD 格式给出起止日期', 'Give from and to as YYYY-MM-DD', 'from')
    const lo = Date.parse(from + 'T00:00:00+08:00')
    const hi = Date.parse(to + 'T00:00:00+08:00') + DAY
    if (hi <= lo) return fail(res, 400, 'invalid', '结束日期不能早于开始日期', 'to must not be before from', 'to')
    const inRange = appeals.filter((a) => a.created_at >= lo && a.created_at < hi)
    const MIN = 5
    const depIds = [...new Set(inRange.map((a) => a.department_id))]
    const deps = depIds.map((id) => {
      const r = computeRates(inRange.filter((a) => a.department_id === id), now)
      return { id, name: deptName(id), ...r, ranked: r.cases >= MIN, rank: null }
    })
    const key = (d) => [d.satisfaction_rate ?? -1, d.resolution_rate ?? -1, d.response_rate ?? -1]
    const ranked = deps.filter((d) => d.ranked).sort((x, y) => {
      const a = key(x)
      const b = key(y)
      return b[0] - a[0] || b[1] - a[1] || b[2] - a[2] || x.id - y.id
    })
    ranked.forEach((d, i) => (d.rank = i + 1))
    const unranked = deps.filter((d) => !d.ranked).sort((x, y) => x.id - y.id)
    return send(res, 200, { from, to, min_cases: MIN, overall: computeRates(inRange, now), departments: [...ranked, ...unranked] })
  }

  if (p === '/api/v1/rectifications' && m === 'GET') {
    if (!requireUser(req, res, ['supervisor', 'admin'])) return
    let list = rectifications
    if (url.searchParams.get('open') === '1') list = list.filter((r) => r.state === 'open')
    list = [...list].sort((x, y) => y.opened_at - x.opened_at || y.id - x.id)
    return send(res, 200, { rectifications: list.map((r) => rectificationView(r, now)) })
  }
  const rm = p.match(/^\/api\/v1\/rectifications\/(\d+)\/followup$/)
  if (rm && m === 'POST') {
    const c = requireUser(req, res, ['supervisor', 'admin'])
    if (!c) return
    const r = rectifications.find((x) => x.id === Number(rm[1]))
    if (!r) return fail(res, 404, 'not_found', '整改不存在', 'No such rectification')
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    if (r.state === 'done') return fail(res, 409, 'already_done', '这件整改已经记录过回访', 'The follow-up of this rectification is already recorded')
    const note = typeof b.note === 'string' ? b.note.trim() : ''
    const len = Array.from(note).length
    if (len < 5 || len > 500) return fail(res, 400, 'invalid', '回访情况请写 5 到 500 个字', 'The follow-up note needs 5 to 500 characters', 'note')
    if (typeof b.citizen_satisfied !== 'boolean')
      return fail(res, 400, 'invalid', '请说明群众是否满意整改结果', 'Say whether the citizen is satisfied', 'citizen_satisfied')
    r.state = 'done'
    r.followup_at = now
    r.followup_note = note
    r.citizen_satisfied = b.citizen_satisfied
    appendEvent(c.user.username, 'rectification.followed_up', `rectification:${r.id}`, { appeal_id: r.appeal_id, citizen_satisfied: r.citizen_satisfied })
    return send(res, 200, { rectification: rectificationView(r, now) })
  }

  const cm = p.match(/^\/api\/v1\/cases\/(\d+)$/)
  if (cm && m === 'GET') {
    const c = requireUser(req, res)
    if (!c) return
    const a = appeals.find((x) => x.id === Number(cm[1]))
    if (!a) return fail(res, 404, 'not_found', '诉求件不存在', 'No such case')
    return send(res, 200, staffView(a, c.user))
  }

  const am = p.match(/^\/api\/v1\/appeals\/(\d+)\/(accept|reply|transfer|assign|escalate)$/)
  if (am && m === 'POST') {
    const c = requireUser(req, res)
    if (!c) return
    const a = appeals.find((x) => x.id === Number(am[1]))
    if (!a) return fail(res, 404, 'not_found', '诉求件不存在', 'No such case')
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    const u = c.user
    const actor = u.username
    const sup = ['supervisor', 'admin'].includes(u.role)
    if (!canAct(u, a)) return fail(res, 403, 'forbidden', '这件诉求不归您办理', 'This case is not yours to act on')
    const stateMsg = (what) =>
      fail(res, 409, 'illegal_transition', `诉求件当前状态为“${STATE_LABEL[a.state]}”，不能${what}`, `The case is ${a.state}; cannot ${am[2]}`)
    switch (am[2]) {
      case 'accept':
        if (!['received', 'assigned'].includes(a.state)) return stateMsg('受理')
        a.state = 'accepted'
        a.accepted_at = now
        if (!a.handler_id && u.role === 'handler') a.handler_id = u.id
        appealEvent(a, actor, 'appeal.accepted', {}, `${u.display_name}受理`)
        break
      case 'reply': {
        if (a.state !== 'accepted') return stateMsg('答复')
        for (const f of ['text', 'action', 'responsible'])
          if (!String(b[f] ?? '').trim()) return fail(res, 400, 'invalid', '答复的四项都要填写', 'All four reply fields are required', f)
        const dueMs = parseDay(b.due)
        if (dueMs === null) return fail(res, 400, 'invalid', '完成时间格式应为 YYYY-MM-DD', 'due must be YYYY-MM-DD', 'due')
        if (dueMs < now - DAY) return fail(res, 400, 'invalid', '完成时间不能早于今天', 'due must not be in the past', 'due')
        const missing = formulaicMissing(b)
        let override = false
        if (missing.length) {
          const reason = String(b.override_reason ?? '').trim()
          if (!sup || !reason)
            return fail(res, 409, 'formulaic', `答复没有具体内容，已退回。缺少：${missing.map((x) => x.split(' / ')[0]).join('；')}`, `The reply is formulaic and was refused. Missing: ${missing.map((x) => x.split(' / ')[1]).join('; ')}`)
          override = true
        }
        a.state = 'replied'
        a.replied_at = now
        a.override = override
        a.reply = { text: b.text.trim(), action: b.action.trim(), responsible: b.responsible.trim(), due: dueMs, at: now }
        a.confirm_due = addWorkingDays(now, 3)
        if (override) appealEvent(a, actor, 'appeal.formulaic_override', { reason: b.override_reason }, b.override_reason)
        appealEvent(a, actor, 'appeal.replied', {}, `${a.reply.action}（${a.reply.responsible}，${b.due} 前）`)
        break
      }
      case 'transfer': {
        if (!['assigned', 'accepted'].includes(a.state)) return stateMsg('转办')
        if (a.assignment_final) return fail(res, 409, 'final', '督查已最终指派，不能再转办', 'Assigned for good by a supervisor; no transfer')
        if (a.transfers >= 2)
          return fail(res, 409, 'transfers_exhausted', '已转办 2 次，按首问负责制只能由督查指派', 'Transferred twice already; only a supervisor may assign it now')
        const to = departments.find((d) => d.id === Number(b.department_id))
        if (!to) return fail(res, 400, 'invalid', '请选择转办部门', 'Choose a department', 'department_id')
        if (to.id === a.department_id) return fail(res, 400, 'invalid', '不能转给本部门', 'Cannot transfer to the same department', 'department_id')
        if (!String(b.reason ?? '').trim()) return fail(res, 400, 'invalid', '转办必须写明原因', 'A transfer needs a reason', 'reason')
        const from = deptName(a.department_id)
        a.department_id = to.id
        a.handler_id = null
        a.state = 'assigned'
        a.transfers++
        appealEvent(a, actor, 'appeal.transferred', { to: to.id }, `${from} → ${to.name}：${b.reason}`)
        break
      }
      case 'assign': {
        if (!sup) return fail(res, 403, 'forbidden', '只有督查可以指派', 'Only a supervisor may assign')
        if (!['received', 'assigned', 'accepted'].includes(a.state)) return stateMsg('指派')
        const to = departments.find((d) => d.id === Number(b.department_id))
        if (!to) return fail(res, 400, 'invalid', '请选择部门', 'Choose a department', 'department_id')
        if (!String(b.reason ?? '').trim()) return fail(res, 400, 'invalid', '指派必须写明原因', 'An assignment needs a reason', 'reason')
        a.department_id = to.id
        a.handler_id = b.handler_id ? Number(b.handler_id) : null
        a.state = 'assigned'
        a.assignment_final = true
        appealEvent(a, actor, 'appeal.assigned', { to: to.id }, `${to.name}${a.handler_id ? ' ' + userName(a.handler_id) : ''}：${b.reason}`)
        break
      }
      case 'escalate':
        if (a.state === 'closed') return stateMsg('升级')
        if (a.escalation_level >= 2) return fail(res, 409, 'max_level', '已经升级到督查，不能再升级', 'Already at the supervisor level')
        if (!String(b.reason ?? '').trim()) return fail(res, 400, 'invalid', '升级必须写明原因', 'An escalation needs a reason', 'reason')
        a.escalation_level++
        appealEvent(a, actor, 'appeal.escalated', { level: a.escalation_level }, `${a.escalation_level === 2 ? '升级至督查' : '升级至部门负责人'}：${b.reason}`)
        break
    }
    return send(res, 200, { appeal: staffView(a, u).appeal })
  }

  const vm = p.match(/^\/api\/v1\/appeals\/([0-9A-Za-z]+)\/verdict$/)
  if (vm && m === 'POST') {
    const b = await readBody(req)
    if (!b) return fail(res, 400, 'bad_json', '请求格式不正确', 'Malformed JSON')
    const a = appeals.find((x) => x.tracking_code === vm[1].toUpperCase())
    if (!a || a.secret !== b.secret) return fail(res, 403, 'forbidden', '查询码或密码不正确', 'The tracking code or the secret is wrong', 'secret')
    if (a.state !== 'replied') return fail(res, 409, 'illegal_transition', '这件诉求现在不能评价（还没有答复，或已经评价过）', 'No verdict possible now (not replied yet, or already given)')
    if (typeof b.resolved !== 'boolean') return fail(res, 400, 'invalid', '请说明问题是否解决', 'Say whether it was resolved', 'resolved')
    if (!(b.rating in RATING_LEVEL)) return fail(res, 400, 'invalid', '请选择满意程度', 'Choose a rating', 'rating')
    a.resolved = b.resolved
    a.rating = b.rating
    a.verdict_comment = String(b.comment ?? '')
    const verdictNote = `评价：${b.resolved ? '已解决' : '没有解决'}，${RATING_LABEL[b.rating]}`
    if (b.resolved && RATING_LEVEL[b.rating] >= 3) {
      a.state = 'closed'
      a.closed_at = now
      a.close_reason = 'verdict'
      appealEvent(a, 'citizen', 'appeal.closed', { resolved: b.resolved, rating: b.rating }, verdictNote)
    } else {
      a.state = 'accepted'
      a.reopen_count++
      a.resolution_due = addWorkingDays(now, 5)
      appealEvent(a, 'citizen', 'appeal.reopened', { resolved: b.resolved, rating: b.rating }, `${verdictNote}；第 ${a.reopen_count} 次重办`)
      if (RATING_LEVEL[b.rating] <= 2) {
        const r = openRectification(a, now)
        appealEvent(a, 'system', 'appeal.rectification_opened', { rectification_id: r.id, due: r.due }, null)
      }
      if (a.reopen_count >= 2 && a.escalation_level < 2) {
        a.escalation_level = 2
        appealEvent(a, 'system', 'appeal.escalated', { level: 2 }, '第二次重办，升级至督查')
      }
    }
    return send(res, 200, citizenView(a))
  }

  const tm = p.match(/^\/api\/v1\/appeals\/([0-9A-Za-z]+)$/)
  if (tm && m === 'GET') {
    const a = appeals.find((x) => x.tracking_code === tm[1].toUpperCase())
    const secret = url.searchParams.get('secret') || ''
    if (!a || a.secret !== secret) return fail(res, 403, 'forbidden', '查询码或密码不正确，请核对后重新输入', 'The tracking code or the secret is wrong', 'secret')
    return send(res, 200, citizenView(a))
  }
  return false
}

// ---- static files with SPA fallback ------------------------------------------------------------------
const webRoot = path.resolve(opts.web || 'web/dist')
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
function serveStatic(req, res, url) {
  let rel
  try {
    rel = decodeURIComponent(url.pathname)
  } catch {
    res.writeHead(400)
    return res.end()
  }
  let file = path.join(webRoot, path.normalize(rel))
  if (!file.startsWith(webRoot)) {
    res.writeHead(403)
    return res.end()
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (rel.startsWith('/assets/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      return res.end('not found')
    }
    file = path.join(webRoot, 'index.html')
  }
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    return res.end('web UI not built')
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Cache-Control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  fs.createReadStream(file).pipe(res)
}

const hallMock = createHallMock({ send, fail, readBody, requireUser, users, current })
const mattersMock = createMattersMock({
  send,
  fail,
  readBody,
  requireUser,
  departments,
  appendEvent,
  hall: { id: hallMock.hall.id, services: hallMock.services, issue: hallMock.issue },
})

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  try {
    if (url.pathname.startsWith('/api/') && (await hallMock.handle(req, res, url))) return
    if (url.pathname.startsWith('/api/') && (await mattersMock.handle(req, res, url))) return
    if (url.pathname.startsWith('/api/')) await api(req, res, url)
    else if (req.method === 'GET' || req.method === 'HEAD') serveStatic(req, res, url)
    else fail(res, 405, 'method_not_allowed', '不支持的请求方法', 'Method not allowed')
  } catch (e) {
    console.error(e)
    if (!res.headersSent) fail(res, 500, 'internal', '服务器内部错误', 'Internal error')
  }
})

server.on('upgrade', (req, socket) => hallMock.upgrade(req, socket))

const host = opts.host || '127.0.0.1'
server.listen(Number(opts.port ?? 8080), host, () => {
  console.log(`onedoor mock listening on http://${host}:${server.address().port}`)
})
const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
  hallMock.closeAll()
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
