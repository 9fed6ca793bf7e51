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

const PASSWORD = 'onedoor-demo'

const DEMO = {
  departments: [
    { id: 1, name: '示范区政务服务中心', parent_id: null, level: 'district' },
    { id: 2, name: '综合受理窗口', parent_id: 1, level: 'office' },
    { id: 3, name: '不动产登记窗口', parent_id: 1, level: 'office' },
    { id: 4, name: '12345 热线分中心', parent_id: 1, level: 'office' },
    { id: 5, name: '东湖街道', parent_id: 1, level: 'street' },
    { id: 6, name: '东湖街道便民服务中心', parent_id: 5, level: 'office' },
    { id: 7, name: '青石社区', parent_id: 5, level: 'community' },
  ],
  users: [
    { id: 1, username: 'admin', display_name: '系统管理员', role: 'admin', department_id: 1 },
    { id: 2, username: 'supervisor', display_name: '王督查', role: 'supervisor', department_id: 1 },
    { id: 3, username: 'handler', display_name: '李承办', role: 'handler', department_id: 6 },
    { id: 4, username: 'clerk', display_name: '张窗口', role: 'clerk', department_id: 2 },
    { id: 5, username: 'operator', display_name: '赵话务', role: 'operator', department_id: 4 },
  ],
}

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
const users = seed.users.map((u) => ({ disabled: false, presence: 'off', password: PASSWORD, ...u }))
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
  return fail(res, 404, 'not_found', '接口不存在', 'No such endpoint')
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

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  try {
    if (url.pathname.startsWith('/api/')) await api(req, res, url)
    else if (req.method === 'GET' || req.method === 'HEAD') serveStatic(req, res, url)
    else fail(res, 405, 'method_not_allowed', '不支持的请求方法', 'Method not allowed')
  } catch (e) {
    console.error(e)
    if (!res.headersSent) fail(res, 500, 'internal', '服务器内部错误', 'Internal error')
  }
})

const host = opts.host || '127.0.0.1'
server.listen(Number(opts.port ?? 8080), host, () => {
  console.log(`onedoor mock listening on http://${host}:${server.address().port}`)
})
const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
