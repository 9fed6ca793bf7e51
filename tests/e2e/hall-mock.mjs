// In-memory stand-in for the service hall API (docs/hall-api.md) inside mock-server.mjs, so the
// hall pages can be developed and looked at before the C++ server has them: halls, tickets,
// windows, the rating pad, remedies, and the WebSocket event feed (a minimal RFC 6455 server:
// text frames out, close frames in). The dispatch here is deliberately simple; the real rules
// live in src/hall/. Not used by run.mjs against the real binary. Like the server (docs/security/hall.md):
// cancel and rating need the holder token returned at issue, the pad answers its paired device
// only (any code from pad/pairing-code, once), and events carry numbers, not ticket ids.
import crypto from 'node:crypto'

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const PRIORITIES = ['normal', 'elderly', 'disabled', 'pregnant', 'military']
const RATINGS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']
const MIN = 60_000

export function createHallMock({ send, fail, readBody, requireUser, users, current }) {
  const hall = { id: 1, code: 'MH', name: '明湖区政务服务中心', target_p95_min: 15 }
  const services = [
    { code: 'A', name: '户籍办理', prefix: 'A', mean_service_min: 6 },
    { code: 'B', name: '社保医保', prefix: 'B', mean_service_min: 8 },
    { code: 'C', name: '不动产登记', prefix: 'C', mean_service_min: 15 },
    { code: 'D', name: '营业执照', prefix: 'D', mean_service_min: 12 },
    { code: 'E', name: '公积金', prefix: 'E', mean_service_min: 7 },
    { code: 'F', name: '综合咨询', prefix: 'F', mean_service_min: 4 },
  ]
  const staffNames = { 101: '黄磊', 102: '郑洁', 103: '冯刚', 104: '何丽', 105: '许诺', 106: '马超', 107: '钱红' }
  const skillsOf = (n) => [['A', 'F'], ['A', 'B'], ['B', 'E'], ['C'], ['C', 'D'], ['D'], ['E', 'F'], ['A', 'B', 'F'], ['B'], ['C', 'D'], ['A', 'D', 'E'], ['F']][n - 1]
  const windows = []
  for (let n = 1; n <= 12; n++) {
    const staff = n <= 7 && n !== 1 ? 100 + n : n === 8 ? 5 : null
    windows.push({ id: n, number: n, name: `${n}号窗口`, skills: skillsOf(n), state: staff ? 'open' : 'shut', staff_id: staff, current: null, idle_since: staff ? Date.now() - 3 * MIN : null, last_finished: null })
  }
  const tickets = new Map()
  const counters = {}
  const recent = []
  let version = 1
  let glassDoor = 37
  const sockets = new Set()

  const svc = (code) => services.find((s) => s.code === code)
  const staffName = (id) => users.find((u) => u.id === id)?.display_name ?? staffNames[id] ?? `#${id}`
  const newId = () => Array.from(crypto.randomBytes(10), (b) => CROCKFORD[b % 32]).join('')
  const rank = (t) => [t.redirect_window ? 0 : 1, t.priority === 'normal' ? 1 : 0, t.arrival]
  const before = (a, b) => {
    const x = rank(a)
    const y = rank(b)
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i]
    return false
  }
  const waitingOf = (code) => [...tickets.values()].filter((t) => t.state === 'waiting' && t.service === code)
  const servers = (code) => Math.max(1, windows.filter((w) => w.state === 'open' && w.skills.includes(code)).length)

  function view(t) {
    const ahead = t.state === 'waiting' ? waitingOf(t.service).filter((o) => o !== t && before(o, t)).length : 0
    const w = windows.find((x) => x.id === t.window_id)
    return {
      ticket_id: t.ticket_id,
      number: t.number,
      service: t.service,
      service_name: svc(t.service).name,
      services_left: t.services_left,
      priority: t.priority,
      state: t.state,
      ahead,
      estimated_wait_min: t.state === 'waiting' ? Math.round(((ahead + 0.5) * svc(t.service).mean_service_min) / servers(t.service)) : null,
      window: w ? { id: w.id, number: w.number } : null,
      issued_at: t.issued_at,
      called_at: t.called_at,
      recalls: t.recalls,
      status_url: `/t/${t.ticket_id}`,
      near_front: t.state === 'waiting' && ahead <= 2,
      rating: t.rating,
      hall: hall.id,
    }
  }

  function windowView(w) {
    const cur = w.current ? tickets.get(w.current) : null
    return {
      id: w.id,
      number: w.number,
      name: w.name,
      skills: w.skills,
      state: w.state,
      staff: w.staff_id ? { user_id: w.staff_id, name: staffName(w.staff_id) } : null,
      current: cur ? view(cur) : null,
      idle_since: cur ? null : w.idle_since,
    }
  }

  function predicted(code) {
    const n = waitingOf(code).length
    return n ? Math.round((n * svc(code).mean_service_min) / servers(code)) : 0
  }

  function alerts() {
    const out = []
    for (const s of services) {
      const p = predicted(s.code)
      if (p <= hall.target_p95_min) continue
      const spare = windows.find((w) => w.state === 'shut' && w.skills.includes(s.code))
      const idle = windows.find((w) => w.state === 'open' && !w.current && !w.skills.includes(s.code))
      const remedy = spare
        ? { kind: 'open_window', window: spare.id, staff_user_id: 107, staff_name: staffName(107) }
        : idle
          ? { kind: 'switch_window', window: idle.id, service: s.code }
          : null
      out.push({ id: `wait-${s.code}`, kind: 'long_wait', service: s.code, message: `${s.name}预计等待 ${p} 分钟，超过目标 ${hall.target_p95_min} 分钟`, remedy })
    }
    return out
  }

  function state() {
    return {
      hall,
      services: services.map((s) => ({ ...s, waiting: waitingOf(s.code).length, predicted_wait_min: predicted(s.code) })),
      windows: windows.map(windowView),
      recent_calls: recent.slice(0, 10),
      alerts: alerts(),
      glass_door_min_today: glassDoor,
      version,
    }
  }

  function wsFrame(text) {
    const data = Buffer.from(text)
    const n = data.length
    const head = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 255]) : null
    if (!head) {
      const h = Buffer.alloc(10)
      h[0] = 0x81
      h[1] = 127
      h.writeBigUInt64BE(BigInt(n), 2)
      return Buffer.concat([h, data])
    }
    return Buffer.concat([head, data])
  }

  function emit(type, extra = {}) {
    version++
    const msg = wsFrame(JSON.stringify({ type, hall: hall.id, version, ...extra }))
    for (const s of sockets) s.write(msg)
  }

  function issue(b, channel) {
    const list = Array.isArray(b.services) && b.services.length ? b.services : [b.service]
    for (const c of list) if (!svc(c)) return { err: [404, 'unknown_service', '没有这个事项', 'Unknown service', 'service'] }
    if (!PRIORITIES.includes(b.priority || 'normal')) return { err: [400, 'bad_priority', '优先类别不对', 'Unknown priority class', 'priority'] }
    const code = list[0]
    counters[code] = (counters[code] ?? 0) + 1
    const t = {
      holder_token: newId() + newId(),
      ticket_id: newId(),
      number: `${svc(code).prefix}${String(counters[code]).padStart(3, '0')}`,
      service: code,
      services_left: list.slice(1),
      priority: b.priority || 'normal',
      state: 'waiting',
      window_id: null,
      issued_at: Date.now(),
      arrival: Date.now(),
      called_at: null,
      recalls: 0,
      rating: null,
      channel,
      redirect_window: null,
      finished_at: null,
    }
    tickets.set(t.ticket_id, t)
    return { t }
  }

  // A hall that looks alive at first sight: some people already waiting, D over target.
  for (const [code, n] of [['A', 3], ['B', 4], ['C', 2], ['D', 9], ['E', 1]]) {
    for (let i = 0; i < n; i++) {
      const { t } = issue({ service: code, priority: i === 1 && code === 'B' ? 'elderly' : 'normal' }, 'kiosk')
      t.issued_at = t.arrival = Date.now() - (n - i) * 4 * MIN
    }
  }
  for (const w of windows.filter((x) => x.staff_id && x.id !== 8).slice(0, 4)) {
    const t = waitingOf(w.skills[0]).sort((a, b) => a.arrival - b.arrival)[0]
    if (!t) continue
    t.state = 'serving'
    t.window_id = w.id
    t.called_at = Date.now() - 2 * MIN
    w.current = t.ticket_id
    recent.unshift({ number: t.number, window_number: w.number, service_name: svc(t.service).name, at: t.called_at })
  }

  function seatCheck(req, res, w) {
    const c = requireUser(req, res, ['clerk', 'supervisor', 'admin'])
    if (!c) return null
    if (c.user.role === 'clerk' && w.staff_id !== c.user.id) {
      fail(res, 403, 'not_signed_in', `您没有在 ${w.number} 号窗口签到`, `You are not signed in at window ${w.number}`)
      return null
    }
    return c
  }

  async function handle(req, res, url) {
    const p = url.pathname
    let m
    if (p === '/api/v1/halls' && req.method === 'GET') return send(res, 200, { halls: [hall] }), true
    if ((m = p.match(/^\/api\/v1\/halls\/(\d+)\/state$/)) && req.method === 'GET') {
      if (Number(m[1]) !== hall.id) return fail(res, 404, 'not_found', '没有这个大厅', 'No such hall'), true
      // Staff (a hall role) get everything; the public view would leave out staff, queues, alerts.
      const c = current(req)
      const staff = c && ['clerk', 'supervisor', 'admin'].includes(c.user.role)
      return send(res, 200, { ...state(), view: staff ? 'staff' : 'public' }), true
    }
    if ((m = p.match(/^\/api\/v1\/halls\/(\d+)\/tickets$/)) && req.method === 'POST') {
      if (Number(m[1]) !== hall.id) return fail(res, 404, 'not_found', '没有这个大厅', 'No such hall'), true
      const b = (await readBody(req)) || {}
      const r = issue(b, b.channel === 'remote' ? 'remote' : 'kiosk')
      if (r.err) return fail(res, ...r.err), true
      emit('ticket_issued', { number: r.t.number })
      return send(res, 201, { ...view(r.t), holder_token: r.t.holder_token, holder_url: `/t/${r.t.ticket_id}#k=${r.t.holder_token}` }), true
    }
    if ((m = p.match(/^\/api\/v1\/halls\/(\d+)\/remedies$/)) && req.method === 'POST') {
      if (!requireUser(req, res, ['supervisor', 'admin'])) return true
      const b = (await readBody(req)) || {}
      const w = windows.find((x) => x.id === b.window)
      if (!w) return fail(res, 404, 'unknown_window', '没有这个窗口', 'Unknown window', 'window'), true
      if (b.kind === 'open_window') Object.assign(w, { state: 'open', staff_id: b.staff_user_id, idle_since: Date.now() })
      else if (b.kind === 'switch_window' && svc(b.service)) w.skills = [b.service]
      else return fail(res, 400, 'bad_remedy', '建议内容不对', 'Bad remedy'), true
      emit('window_changed', { window: w.id })
      return send(res, 200, { window: windowView(w) }), true
    }
    if ((m = p.match(/^\/api\/v1\/tickets\/([0-9A-Z]+)(\/qr\.svg|\/cancel|\/rating)?$/))) {
      const t = tickets.get(m[1])
      if (!t) return fail(res, 404, 'not_found', '没有这个号', 'No such ticket'), true
      if (!m[2] && req.method === 'GET') return send(res, 200, view(t)), true
      if (m[2] === '/qr.svg') {
        // A stand-in pattern, not a real QR code (the server makes that with libqrencode).
        let cells = ''
        const h = crypto.createHash('sha256').update(t.ticket_id).digest()
        for (let i = 0; i < 21 * 21; i++) if ((h[i % 32] >> (i % 8)) & 1) cells += `<rect x="${i % 21}" y="${Math.floor(i / 21)}" width="1" height="1"/>`
        res.writeHead(200, { 'Content-Type': 'image/svg+xml' })
        return res.end(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 25 25"><rect x="-2" y="-2" width="25" height="25" fill="#fff"/>${cells}</svg>`), true
      }
      const holderOk = async () => ((await readBody(req)) || {}).holder_token === t.holder_token
      if (m[2] === '/cancel' && req.method === 'POST') {
        if (!(await holderOk())) return fail(res, 403, 'forbidden', '只有持票人可以这样做', 'Only the ticket\'s holder may do this'), true
        if (t.state !== 'waiting') return fail(res, 409, 'not_waiting', '只有排队中的号可以取消', 'Only a waiting ticket can be cancelled'), true
        t.state = 'cancelled'
        emit('ticket_cancelled', { number: t.number })
        return send(res, 200, view(t)), true
      }
      if (m[2] === '/rating' && req.method === 'POST') {
        const b = (await readBody(req)) || {}
        if (b.holder_token !== t.holder_token) return fail(res, 403, 'forbidden', '只有持票人可以这样做', 'Only the ticket\'s holder may do this'), true
        if (!RATINGS.includes(b.rating)) return fail(res, 400, 'bad_rating', '请选择一个评价', 'Choose a rating', 'rating'), true
        if (t.state !== 'finished') return fail(res, 409, 'not_finished', '办完后才能评价', 'Rate after the service is finished'), true
        if (t.rating) return fail(res, 409, 'already_rated', '这次办事已经评价过了', 'This visit has already been rated'), true
        t.rating = b.rating
        return send(res, 200, view(t)), true
      }
      return false
    }
    if ((m = p.match(/^\/api\/v1\/windows\/(\d+)\/pad\/(pairing-code|pair|rating)$/)) && req.method === 'POST') {
      const w = windows.find((x) => x.id === Number(m[1]))
      if (!w) return fail(res, 404, 'unknown_window', '没有这个窗口', 'Unknown window'), true
      if (m[2] === 'pairing-code') {
        if (!seatCheck(req, res, w)) return true
        w.pad_code = newId().slice(0, 8)
        return send(res, 201, { code: w.pad_code, expires_at: Date.now() + 10 * MIN }), true
      }
      const b = (await readBody(req)) || {}
      if (m[2] === 'pair') {
        if (!w.pad_code || String(b.code || '').toUpperCase() !== w.pad_code) return fail(res, 403, 'forbidden', '配对码不正确或已失效', 'The pairing code is wrong, used or expired'), true
        w.pad_code = null
        w.pad_token = newId() + newId() + newId()
        return send(res, 201, { device_token: w.pad_token }), true
      }
      if (!(w.pad_token && req.headers['x-device-token'] === w.pad_token)) return fail(res, 401, 'unauthorized', '评价器未与该窗口配对', 'This rating pad is not paired with the window'), true
      const t = w.last_finished ? tickets.get(w.last_finished) : null
      if (!t || t.rating || Date.now() - t.finished_at >= 10 * MIN) return fail(res, 409, 'conflict', '这个窗口没有待评价的办理', 'No finished visit waits for a rating'), true
      if (!RATINGS.includes(b.rating)) return fail(res, 400, 'bad_rating', '请选择一个评价', 'Choose a rating', 'rating'), true
      t.rating = b.rating
      return send(res, 200, { number: t.number, rating: t.rating, rectification_id: null }), true
    }
    if ((m = p.match(/^\/api\/v1\/windows\/(\d+)\/([a-z-]+)$/))) {
      const w = windows.find((x) => x.id === Number(m[1]))
      if (!w) return fail(res, 404, 'unknown_window', '没有这个窗口', 'Unknown window'), true
      const action = m[2]
      const padTicket = () => {
        const t = w.last_finished ? tickets.get(w.last_finished) : null
        return t && !t.rating && Date.now() - t.finished_at < 10 * MIN ? t : null
      }
      const padOk = () => w.pad_token && req.headers['x-device-token'] === w.pad_token
      if (action === 'pad' && req.method === 'GET') {
        if (!padOk()) return fail(res, 401, 'unauthorized', '评价器未与该窗口配对', 'This rating pad is not paired with the window'), true
        const t = padTicket()
        const pt = t && { number: t.number, service: t.service, service_name: svc(t.service).name, state: t.state, finished_at: t.finished_at }
        return send(res, 200, { window: { id: w.id, number: w.number, name: w.name, hall: hall.id }, ticket: pt || null }), true
      }
      if (req.method !== 'POST') return false
      if (action === 'sign-in') {
        const c = requireUser(req, res, ['clerk', 'supervisor', 'admin'])
        if (!c) return true
        if (w.staff_id && w.staff_id !== c.user.id) return fail(res, 409, 'occupied', `${staffName(w.staff_id)} 已在 ${w.number} 号窗口`, 'Someone else is signed in there'), true
        for (const o of windows) if (o.staff_id === c.user.id && o !== w && !o.current) Object.assign(o, { staff_id: null, state: 'shut' })
        Object.assign(w, { staff_id: c.user.id, state: 'open', idle_since: Date.now() })
        emit('window_changed', { window: w.id })
        return send(res, 200, { window: windowView(w) }), true
      }
      const c = seatCheck(req, res, w)
      if (!c) return true
      const b = (await readBody(req)) || {}
      const cur = w.current ? tickets.get(w.current) : null
      const conflict = (zh, en) => (fail(res, 409, 'conflict', zh, en), true)
      const done = (type) => {
        emit(type, cur ? { number: cur.number, window_number: w.number, service_name: svc(cur.service).name } : { window: w.id })
        return send(res, 200, { ticket: cur ? view(cur) : null, window: windowView(w) }), true
      }
      switch (action) {
        case 'sign-out':
          if (cur) return conflict('请先办结当前的号', 'Finish the current ticket first')
          Object.assign(w, { staff_id: null, state: 'shut', idle_since: null })
          return done('window_changed')
        case 'state':
          if (!['open', 'paused', 'shut'].includes(b.state)) return fail(res, 400, 'bad_state', '窗口状态不对', 'Bad window state', 'state'), true
          w.state = b.state
          return done('window_changed')
        case 'call-next': {
          if (cur) return conflict(`请先处理当前的号 ${cur.number}`, `Deal with ${cur.number} first`)
          if (w.state !== 'open') return conflict('窗口没有开放', 'The window is not open')
          const cand = [...tickets.values()]
            .filter((t) => t.state === 'waiting' && (t.redirect_window ? t.redirect_window === w.id : w.skills.includes(t.service)))
            .sort((a, b2) => (before(a, b2) ? -1 : 1))[0]
          if (!cand) return send(res, 200, { ticket: null }), true
          Object.assign(cand, { state: 'called', window_id: w.id, called_at: Date.now(), redirect_window: null })
          w.current = cand.ticket_id
          const call = { number: cand.number, window_number: w.number, service_name: svc(cand.service).name, at: cand.called_at }
          recent.unshift(call)
          emit('ticket_called', { ...call })
          return send(res, 200, { ticket: view(cand) }), true
        }
        case 'recall':
          if (!cur || cur.state !== 'called') return conflict('没有正在叫的号', 'No ticket is being called')
          cur.recalls++
          recent.unshift({ number: cur.number, window_number: w.number, service_name: svc(cur.service).name, at: Date.now() })
          return done('ticket_recalled')
        case 'no-show':
          if (!cur || cur.state !== 'called') return conflict('没有正在叫的号', 'No ticket is being called')
          cur.state = 'no_show'
          w.current = null
          w.idle_since = Date.now()
          return done('ticket_no_show')
        case 'start':
          if (!cur || cur.state !== 'called') return conflict('没有正在叫的号', 'No ticket is being called')
          cur.state = 'serving'
          return done('ticket_started')
        case 'finish':
          if (!cur || cur.state !== 'serving') return conflict('没有正在办理的号（不能重复办结）', 'No ticket is being served (cannot finish twice)')
          if (cur.services_left.length) {
            Object.assign(cur, { service: cur.services_left[0], services_left: cur.services_left.slice(1), state: 'waiting', window_id: null })
          } else {
            cur.state = 'finished'
            cur.finished_at = Date.now()
            w.last_finished = cur.ticket_id
          }
          w.current = null
          w.idle_since = Date.now()
          return done('ticket_finished')
        case 'transfer':
          if (!cur) return conflict('当前没有号', 'No current ticket')
          if (!svc(b.service)) return fail(res, 404, 'unknown_service', '没有这个事项', 'Unknown service', 'service'), true
          if (!windows.some((x) => x.state === 'open' && x.skills.includes(b.service))) return conflict('没有开放的窗口能办这个事项', 'No open window can serve that service')
          Object.assign(cur, { service: b.service, state: 'waiting', window_id: null })
          w.current = null
          w.idle_since = Date.now()
          return done('ticket_transferred')
        case 'redirect': {
          if (!cur) return conflict('当前没有号', 'No current ticket')
          const to = windows.find((x) => x.id === b.window)
          if (!to || to === w) return fail(res, 404, 'unknown_window', '没有这个窗口', 'Unknown window', 'window'), true
          Object.assign(cur, { state: 'waiting', window_id: null, redirect_window: to.id })
          w.current = null
          w.idle_since = Date.now()
          return done('ticket_transferred')
        }
      }
      return false
    }
    return false
  }

  function upgrade(req, socket) {
    const url = new URL(req.url, 'http://x')
    const m = url.pathname.match(/^\/api\/v1\/halls\/(\d+)\/events$/)
    const key = req.headers['sec-websocket-key']
    if (!m || Number(m[1]) !== hall.id || !key) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    const accept = crypto.createHash('sha1').update(key + WS_GUID).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
    sockets.add(socket)
    socket.write(wsFrame(JSON.stringify({ type: 'hello', hall: hall.id, version })))
    socket.on('data', (d) => {
      if ((d[0] & 0x0f) === 8) socket.end()
    })
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => sockets.delete(socket))
  }

  // A little time passes in the mock hall so the glass-door figure moves.
  setInterval(() => (glassDoor += 1), 60_000).unref()
  /** A ticket issued by another part of the mock (an appointment checked in at the kiosk). */
  function issueTicket(b, channel) {
    const r = issue(b, channel)
    if (r.err) throw new Error(r.err[2])
    emit('ticket_issued', { number: r.t.number })
    return { ...view(r.t), holder_token: r.t.holder_token }
  }
  return { handle, upgrade, closeAll: () => sockets.forEach((s) => s.destroy()), hall, services, issue: issueTicket }
}
