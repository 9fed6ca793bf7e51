// In-memory stand-in for the matters, appointments, applications and spring-door API
// (docs/matters-api.md) inside mock-server.mjs, so the pages can be built and looked at before the
// C++ server has them. A few demo matters with hand-written pinyin; a crude plain-language check
// (sentence length and a jargon list); slots on Mon–Fri only (no holiday table). The real rules
// live in the C++ server. Not used by run.mjs against the real binary.
import crypto from 'node:crypto'

const DAY = 86_400_000
const BJ = 8 * 3600_000 // Beijing is UTC+8 all year
const MIN = 60_000
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const code10 = () => Array.from(crypto.randomBytes(10), (b) => CROCKFORD[b % 32]).join('')
const maskPhone = (p) => (p.length >= 7 ? p.slice(0, 3) + '****' + p.slice(-4) : '****')
const maskName = (n) => (n ? Array.from(n)[0] + '*' : '')
// Slot grid in Beijing minutes of the day: 09:00–12:00 and 13:30–17:00, half an hour each.
const SLOT_STARTS = []
for (let m = 9 * 60; m < 12 * 60; m += 30) SLOT_STARTS.push(m)
for (let m = 13 * 60 + 30; m < 17 * 60; m += 30) SLOT_STARTS.push(m)
const CAPACITY = 4

const mat = (id, name, issuer, extra = {}) => ({
  id,
  name,
  description: '',
  example: '',
  original: true,
  copies: 0,
  issuer,
  alternatives: [],
  optional: false,
  ...extra,
})

// The demo matters, with the pinyin the server would compute (full and initials per name).
const DEMO_MATTERS = [
  {
    code: 'SB-001',
    name: '社会保障卡申领',
    pinyin: 'shehuibaozhangkashenling',
    initials: 'shbzksl',
    keywords: ['社保卡', '医保卡', '补卡'],
    summary: '第一次办社保卡，或者社保卡丢了、坏了要补办。带上身份证和照片，窗口当场就能办好。',
    who: '在本区参加社会保险的人，包括外地户口在本区工作的人。',
    conditions: ['已经参加社会保险', '本人来办；老人和小孩可以由家人代办'],
    materials: [
      mat('m1', '居民身份证', '户口所在地派出所；丢了可以先去派出所办临时身份证', {
        description: '二代身份证原件，在有效期内',
        example: '身份证正反面都要清楚',
        alternatives: ['临时居民身份证'],
      }),
      mat('m2', '一寸白底证件照', '任何照相馆；大厅 1 楼自助照相机 10 元', {
        description: '近 6 个月内拍的，白色背景，不戴帽子',
        example: '一寸（25mm × 35mm）',
        original: false,
      }),
      mat('m3', '银行卡', '任何银行网点（选合作银行：工商、建设、农业）', {
        description: '本人名下的借记卡，用来绑定社保卡的金融功能',
        optional: true,
      }),
      mat('m4', '代办人身份证', '代办人自己的身份证', { description: '家人代办时才要', optional: true }),
    ],
    fee: '免费',
    legal_basis: ['《社会保障卡管理办法》第十二条'],
    statutory_days: 20,
    promised_days: 0,
    channels: 'both',
    promised_trips: 1,
    department_id: 8,
    hall_services: ['B'],
  },
  {
    code: 'HJ-002',
    name: '居民身份证换领',
    pinyin: 'jumingshenfenzhenghuanling',
    initials: 'jmsfzhl',
    keywords: ['身份证', '到期', '换证'],
    summary: '身份证快到期或已经到期，来换一张新的。在窗口拍照、按指纹，新证做好后寄到家里。',
    who: '本区户口的居民。',
    conditions: ['身份证到期前 3 个月内，或已经到期'],
    materials: [
      mat('m1', '旧身份证', '本人持有', { description: '快到期或已到期的身份证原件' }),
      mat('m2', '户口簿', '户主保管；丢了去户口所在地派出所补办', { description: '户口簿原件' }),
    ],
    fee: '20 元（工本费）',
    legal_basis: ['《中华人民共和国居民身份证法》第五条'],
    statutory_days: 60,
    promised_days: 15,
    channels: 'window',
    promised_trips: 1,
    department_id: 2,
    hall_services: ['A'],
  },
  {
    code: 'BDC-003',
    name: '不动产权证书补办',
    pinyin: 'budongchanquanzhengshububan',
    initials: 'bdcqzsbb',
    keywords: ['房产证', '丢失', '补证'],
    summary: '房产证丢了或坏了，补办一本新的。先在报纸或网站上声明作废，再来窗口申请。',
    who: '房屋的登记产权人。',
    conditions: ['已经登报或在网站上声明原证作废'],
    materials: [
      mat('m1', '身份证', '户口所在地派出所', {}),
      mat('m2', '遗失声明', '市级以上报纸，或不动产登记中心网站', { description: '登报或网站刊登的作废声明，登出满 15 天' }),
      mat('m3', '不动产登记申请书', '窗口领取，或网站下载', { original: true, copies: 1 }),
    ],
    fee: '80 元',
    legal_basis: ['《不动产登记暂行条例实施细则》第二十二条'],
    statutory_days: 30,
    promised_days: 5,
    channels: 'window',
    promised_trips: 1,
    department_id: 5,
    hall_services: ['C'],
  },
  {
    code: 'SC-004',
    name: '个体工商户注册登记',
    pinyin: 'getigongshanghuzhucedengji',
    initials: 'gtgshzcdj',
    keywords: ['营业执照', '开店', '个体户'],
    summary: '开小店、做小生意，先办个体户营业执照。网上填表，材料齐的话当天就发执照。',
    who: '年满 18 岁、想自己做生意的人。',
    conditions: ['有经营场所'],
    materials: [
      mat('m1', '身份证', '户口所在地派出所'),
      mat('m2', '经营场所证明', '房东提供租房合同；自己的房子带房产证', { description: '租房合同或房产证复印件', original: false, copies: 1 }),
    ],
    fee: '免费',
    legal_basis: ['《促进个体工商户发展条例》'],
    statutory_days: 15,
    promised_days: 1,
    channels: 'online',
    promised_trips: 0,
    department_id: 7,
    hall_services: ['D'],
  },
]

const DEFAULT_JARGON = [
  { term: '予以', plain: '给' },
  { term: '办理', plain: '办' },
  { term: '申请人', plain: '您' },
  { term: '相关部门', plain: '具体写出哪个部门' },
  { term: '有关规定', plain: '具体写出哪条规定' },
  { term: '须', plain: '要' },
  { term: '不予受理', plain: '不能办' },
]

export function createMattersMock({ send, fail, readBody, requireUser, departments, appendEvent, hall }) {
  const matters = [] // {id, published: Matter|null, draft: Matter|null, versions: [{version, published_at, published_by, matter}], pinyin, initials}
  let jargon = DEFAULT_JARGON.map((t) => ({ ...t }))
  const appointments = new Map()
  const applications = []
  const booked = new Map() // `${service}:${slot_start}` -> count
  const deptName = (id) => departments.find((d) => d.id === id)?.name ?? ''

  function stamp(m, id, version, at) {
    return {
      id,
      code: m.code,
      name: m.name,
      summary: m.summary,
      who: m.who,
      conditions: [...m.conditions],
      materials: m.materials.map((x) => ({ ...x, alternatives: [...x.alternatives] })),
      fee: m.fee,
      legal_basis: [...m.legal_basis],
      statutory_days: m.statutory_days ?? null,
      promised_days: m.promised_days ?? null,
      channels: m.channels,
      promised_trips: m.promised_trips,
      department_id: m.department_id,
      department_name: deptName(m.department_id),
      hall_services: [...m.hall_services],
      keywords: [...(m.keywords ?? [])],
      version,
      published_at: at,
      plain: { score: check(m.summary).score },
    }
  }

  for (const [i, d] of DEMO_MATTERS.entries()) {
    const at = Date.now() - (30 - i) * DAY
    const m = stamp(d, i + 1, 1, at)
    matters.push({ id: i + 1, published: m, draft: null, versions: [{ version: 1, published_at: at, published_by: 'admin', matter: m }], pinyin: d.pinyin, initials: d.initials })
  }

  // ---- plain-language check (crude: the server's rules are in docs/plain-language.md) --------------
  function utf16Sentences(text) {
    const out = []
    let start = 0
    for (let i = 0; i < text.length; i++) {
      if ('。！？；!?\n'.includes(text[i])) {
        if (i + 1 - start > 0) out.push([start, i + 1 - start])
        start = i + 1
      }
    }
    if (start < text.length) out.push([start, text.length - start])
    return out.filter(([s, l]) => text.slice(s, s + l).trim())
  }
  function check(text) {
    const LIMIT = 40
    const sentences = utf16Sentences(text || '').map(([start, length]) => {
      const s = text.slice(start, start + length)
      const chars = Array.from(s.replace(/\s/g, '')).length
      const problems = []
      if (chars > LIMIT) problems.push({ kind: 'too_long', text: s, suggestion: `拆成两句，每句不超过 ${LIMIT} 个字`, start, length })
      for (const j of jargon) {
        let k = s.indexOf(j.term)
        while (j.term && k >= 0) {
          problems.push({ kind: 'jargon', text: j.term, suggestion: j.plain, start: start + k, length: j.term.length })
          k = s.indexOf(j.term, k + j.term.length)
        }
      }
      for (const ab of s.matchAll(/\b[A-Z]{2,6}\b/g))
        problems.push({ kind: 'undefined_abbreviation', text: ab[0], suggestion: '第一次出现时写出全称', start: start + ab.index, length: ab[0].length })
      if (/被.{0,8}被|予以.{0,6}予以/.test(s)) problems.push({ kind: 'stacked_passive', text: s, suggestion: '改成主动句：谁做什么', start, length })
      return { text: s, start, length, chars, problems }
    })
    const penalty = sentences.reduce((p, s) => p + s.problems.reduce((q, x) => q + (x.kind === 'too_long' ? 15 : 8), 0), 0)
    const worst = sentences
      .map((s, i) => [i, s.problems.length * 10 + Math.max(0, s.chars - LIMIT)])
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([i]) => i)
    return { score: Math.max(0, 100 - penalty), sentences, worst, limits: { sentence_chars: LIMIT } }
  }

  // ---- search ------------------------------------------------------------------------------------
  function search(q) {
    const pub = matters.filter((m) => m.published)
    const hit = (m) => ({
      id: m.id,
      code: m.published.code,
      name: m.published.name,
      summary: m.published.summary,
      department_name: m.published.department_name,
      promised_trips: m.published.promised_trips,
      channels: m.published.channels,
    })
    if (!q) return pub.sort((a, b) => a.published.code.localeCompare(b.published.code)).map(hit)
    const ql = q.toLowerCase()
    const out = []
    for (const m of pub) {
      const p = m.published
      let match = null
      let rank = 9
      if (p.name.includes(q)) [match, rank] = ['name', 0]
      else if (m.pinyin.includes(ql)) [match, rank] = ['pinyin', 1]
      else if (m.initials.includes(ql) || p.keywords.some((k) => initialsOf(k).includes(ql))) [match, rank] = ['initials', 2]
      else if (p.keywords.some((k) => k.includes(q) || q.includes(k))) [match, rank] = ['keyword', 3]
      else if (p.summary.includes(q)) [match, rank] = ['summary', 4]
      if (match) out.push({ ...hit(m), match, rank })
    }
    return out.sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code)).map(({ rank, ...x }) => x)
  }
  // Initials of the few keywords the demo uses (the server derives them from a pinyin table).
  const KEY_INITIALS = { 社保卡: 'sbk', 医保卡: 'ybk', 补卡: 'bk', 身份证: 'sfz', 房产证: 'fcz', 营业执照: 'yyzz', 个体户: 'gth', 开店: 'kd' }
  const initialsOf = (k) => KEY_INITIALS[k] ?? ''

  // ---- validation of a matter from the admin editor ---------------------------------------------
  function validate(b) {
    const bad = (field, zh, en) => ({ field, zh, en })
    if (!b || typeof b !== 'object') return bad('', '请求格式不正确', 'Malformed JSON')
    const name = String(b.name ?? '').trim()
    if (!name) return bad('name', '请填写事项名称', 'The name is required')
    if (Array.from(name).length > 60) return bad('name', '事项名称不能超过 60 个字', 'The name may have at most 60 characters')
    if (!String(b.summary ?? '').trim()) return bad('summary', '请填写一句话说明', 'The summary is required')
    const mats = Array.isArray(b.materials) ? b.materials : []
    const ids = new Set()
    for (const [i, x] of mats.entries()) {
      if (!x || !String(x.id ?? '').trim()) return bad(`materials[${i}].id`, '材料编号不能为空', 'Material id is required')
      if (ids.has(x.id)) return bad(`materials[${i}].id`, `材料编号 ${x.id} 重复了`, `Material id ${x.id} is used twice`)
      ids.add(x.id)
      if (!String(x.name ?? '').trim()) return bad(`materials[${i}].name`, `第 ${i + 1} 项材料没有名称`, `Material ${i + 1} has no name`)
    }
    if (![0, 1].includes(b.promised_trips)) return bad('promised_trips', '跑动次数只能是 0 或 1', 'promised_trips must be 0 or 1')
    if (b.promised_days != null && b.statutory_days != null && b.promised_days > b.statutory_days)
      return bad('promised_days', '承诺时限不能长于法定时限', 'The promised time may not exceed the statutory time')
    if (!['online', 'window', 'both'].includes(b.channels)) return bad('channels', '办理方式不对', 'channels must be online, window or both')
    if (!departments.some((d) => d.id === b.department_id)) return bad('department_id', '请选择部门', 'Unknown department')
    for (const s of b.hall_services ?? [])
      if (!hall.services.some((x) => x.code === s)) return bad('hall_services', `没有这个大厅业务：${s}`, `Unknown hall service: ${s}`)
    return null
  }
  const normalize = (b) => ({
    code: String(b.code ?? '').trim(),
    name: String(b.name).trim(),
    summary: String(b.summary).trim(),
    who: String(b.who ?? ''),
    conditions: (b.conditions ?? []).map(String).filter((x) => x.trim()),
    materials: (b.materials ?? []).map((x) => ({
      id: String(x.id),
      name: String(x.name),
      description: String(x.description ?? ''),
      example: String(x.example ?? ''),
      original: !!x.original,
      copies: Number(x.copies) || 0,
      issuer: String(x.issuer ?? ''),
      alternatives: (x.alternatives ?? []).map(String).filter((y) => y.trim()),
      optional: !!x.optional,
    })),
    fee: String(b.fee ?? ''),
    legal_basis: (b.legal_basis ?? []).map(String).filter((x) => x.trim()),
    statutory_days: b.statutory_days ?? null,
    promised_days: b.promised_days ?? null,
    channels: b.channels,
    promised_trips: b.promised_trips,
    department_id: b.department_id,
    hall_services: b.hall_services ?? [],
    keywords: (b.keywords ?? []).map(String).filter((x) => x.trim()),
  })
  const adminView = (m) => ({
    ...(m.published ?? m.draft),
    draft: m.draft,
    published: !!m.published,
  })

  // ---- slots -------------------------------------------------------------------------------------
  const bjDay = (ms) => Math.floor((ms + BJ) / DAY)
  const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10)
  const working = (day) => ![0, 6].includes(new Date(day * DAY).getUTCDay())
  const slotStart = (day, min) => day * DAY - BJ + min * MIN
  function onGrid(ms) {
    const day = bjDay(ms)
    return working(day) && SLOT_STARTS.some((m) => slotStart(day, m) === ms)
  }
  const taken = (svc, start) => booked.get(`${svc}:${start}`) ?? 0
  // Some slots already taken, so the page shows different numbers.
  function seedTaken(svc, day) {
    for (const [i, m] of SLOT_STARTS.entries()) {
      const k = `${svc}:${slotStart(day, m)}`
      if (!booked.has(k)) booked.set(k, (day * 7 + i * 3) % 5 === 0 ? CAPACITY : (day + i) % 3)
    }
  }
  function slots(svc, from, days) {
    const now = Date.now()
    const out = []
    let day = from
    while (out.length < days && day < from + 60) {
      if (working(day)) {
        seedTaken(svc, day)
        const list = SLOT_STARTS.map((m) => slotStart(day, m))
          .filter((s) => s > now)
          .map((s) => ({ start: s, end: s + 30 * MIN, capacity: CAPACITY, booked: taken(svc, s), free: CAPACITY - taken(svc, s) }))
        if (list.length) out.push({ date: isoOf(day), slots: list })
      }
      day++
    }
    return out
  }

  function apptView(a) {
    const m = matters.find((x) => x.id === a.matter_id)
    const day = bjDay(a.slot_start)
    const eve = (day - 1) * DAY - BJ + 18 * 60 * MIN
    return {
      code: a.code,
      matter_id: a.matter_id,
      matter_name: m?.published?.name ?? '',
      service: a.service,
      hall_id: hall.id,
      slot_start: a.slot_start,
      slot_end: a.slot_start + 30 * MIN,
      name: maskName(a.name),
      phone: maskPhone(a.phone),
      state: a.state,
      ticket_id: a.ticket_id,
      reminder: { due_at: Math.max(eve, a.created_at), sent_at: a.created_at > eve ? a.created_at : null },
      ics_url: `/api/v1/appointments/${a.code}.ics`,
      created_at: a.created_at,
    }
  }

  // A demo appointment that can be checked in at the kiosk right now (the mock's shortcut).
  const demoAppt = {
    code: 'K7P2M9Q4XA',
    matter_id: 1,
    service: 'B',
    slot_start: Math.floor(Date.now() / (30 * MIN)) * 30 * MIN,
    name: '张三',
    phone: '13800001234',
    state: 'booked',
    ticket_id: null,
    created_at: Date.now() - DAY,
  }
  appointments.set(demoAppt.code, demoAppt)

  // ---- applications ------------------------------------------------------------------------------
  const matterOf = (id) => matters.find((x) => x.id === id)?.published
  const matName = (p, id) => p.materials.find((x) => x.id === id)?.name ?? id
  function addWorkingDays(from, n) {
    let d = bjDay(from)
    let left = n
    while (left > 0) {
      d++
      if (working(d)) left--
    }
    return d * DAY - BJ + (17 * 60 + 30) * MIN
  }
  function appView(a) {
    const p = matterOf(a.matter_id)
    const days = p.promised_days ?? p.statutory_days
    return {
      id: a.id,
      code: a.code,
      matter_id: a.matter_id,
      matter_name: p.name,
      department_name: p.department_name,
      state: a.state,
      applicant_name: maskName(a.applicant_name),
      applicant_phone: maskPhone(a.applicant_phone),
      trips: a.visits.length,
      visits: a.visits,
      notifications: a.notifications,
      missing: a.missing,
      violations: a.notifications.filter((n) => n.violation).length,
      promised_trips: p.promised_trips,
      submitted_at: a.submitted_at,
      accepted_at: a.accepted_at,
      due: a.accepted_at && days != null ? addWorkingDays(a.accepted_at, days) : null,
      finished_at: a.finished_at,
      reason: a.reason,
      tracking_url: `/track/application/${a.code}`,
    }
  }
  function trackView(a) {
    const p = matterOf(a.matter_id)
    const v = appView(a)
    return {
      code: a.code,
      matter_name: p.name,
      state: a.state,
      missing: a.missing.map((id) => {
        const x = p.materials.find((y) => y.id === id)
        return { id, name: x?.name ?? id, issuer: x?.issuer ?? '', alternatives: x?.alternatives ?? [], description: x?.description ?? '' }
      }),
      notifications: a.notifications.map((n) => ({ at: n.at, items: n.items.map((id) => matName(p, id)) })),
      trips: v.trips,
      due: v.due,
    }
  }
  function required(p) {
    return p.materials.filter((x) => !x.optional).map((x) => x.id)
  }
  function notify(a, items, at) {
    const earlier = new Set(a.notifications.flatMap((n) => n.items))
    const fresh = items.filter((i) => !earlier.has(i))
    const violation = a.notifications.length > 0 && fresh.length > 0
    a.notifications.push({ at, items: [...items], new_items: a.notifications.length ? fresh : [], violation })
    for (const i of items) if (!a.missing.includes(i)) a.missing.push(i)
    if (!['approved', 'rejected', 'done'].includes(a.state)) a.state = 'missing_materials'
    return violation
  }
  let appSeq = 0
  function createApp(b, by, at) {
    const p = matterOf(b.matter_id)
    const have = new Set(b.have ?? [])
    const miss = required(p).filter((id) => !have.has(id))
    const a = {
      id: ++appSeq,
      code: code10(),
      matter_id: b.matter_id,
      applicant_name: b.applicant_name,
      applicant_phone: b.applicant_phone,
      state: miss.length ? 'missing_materials' : 'submitted',
      visits: [{ at, purpose: 'submit_materials', by }],
      notifications: [],
      missing: [],
      submitted_at: at,
      accepted_at: null,
      finished_at: null,
      reason: null,
    }
    if (miss.length) notify(a, miss, at)
    applications.push(a)
    return a
  }
  // A month of finished applications so the spring-door index has something to show.
  {
    const clerks = ['陈小燕', '周婷']
    let k = 0
    for (let d = 28; d >= 1; d--) {
      for (const mid of [1, 2, 3, 4]) {
        if ((d + mid) % 3 === 0) continue
        k++
        const at = Date.now() - d * DAY - 3 * 3600_000
        const p = matterOf(mid)
        const have = (k % 4 === 0 ? required(p).slice(1) : required(p))
        const a = createApp({ matter_id: mid, applicant_name: '演示', applicant_phone: '13900000000', have }, clerks[k % 2], at)
        if (a.state === 'missing_materials') {
          if (mid === 3 && k % 8 === 0) notify(a, [p.materials[2].id], at + DAY)
          a.visits.push({ at: at + 2 * DAY, purpose: 'submit_materials', by: clerks[k % 2] })
          a.missing = []
        }
        a.state = 'accepted'
        a.accepted_at = at + 2 * DAY
        if (mid === 2 && k % 3 === 0) a.visits.push({ at: at + 5 * DAY, purpose: 'collect', by: clerks[0] })
        a.state = 'done'
        a.finished_at = Math.min(Date.now() - 3600_000, at + 6 * DAY)
      }
    }
  }

  function row(list, matterById) {
    const n = list.length
    if (!n) return { finished: 0, mean_trips: null, over_one_trip_share: null, over_promised_share: null, violations: 0, extra_trips: 0 }
    let trips = 0
    let over1 = 0
    let overP = 0
    let viol = 0
    let extra = 0
    for (const a of list) {
      const t = a.visits.length
      const promised = Math.max(1, matterById(a.matter_id).promised_trips)
      trips += t
      if (t > 1) over1++
      if (t > promised) overP++
      extra += Math.max(0, t - promised)
      viol += a.notifications.filter((x) => x.violation).length
    }
    return { finished: n, mean_trips: trips / n, over_one_trip_share: over1 / n, over_promised_share: overP / n, violations: viol, extra_trips: extra }
  }

  const STAFF = ['clerk', 'supervisor', 'admin']
  const parseDate = (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s ?? '') ? Date.parse(s + 'T00:00:00+08:00') : null)

  async function handle(req, res, url) {
    const p = url.pathname
    const M = req.method
    let m
    const bad = (e) => (fail(res, 400, 'invalid', e.zh, e.en, e.field), true)

    // ---- public matters ----
    if (p === '/api/v1/matters' && M === 'GET') {
      const q = (url.searchParams.get('q') ?? '').trim()
      const limit = Number(url.searchParams.get('limit')) || 50
      return send(res, 200, { matters: search(q).slice(0, limit) }), true
    }
    if ((m = p.match(/^\/api\/v1\/matters\/(\d+)$/)) && M === 'GET') {
      const x = matters.find((y) => y.id === Number(m[1]))
      if (!x?.published) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter'), true
      return send(res, 200, x.published), true
    }
    if ((m = p.match(/^\/api\/v1\/matters\/(\d+)\/precheck$/)) && M === 'POST') {
      const x = matters.find((y) => y.id === Number(m[1]))
      if (!x?.published) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter'), true
      const b = await readBody(req)
      if (!b || !Array.isArray(b.have)) return fail(res, 400, 'invalid', '请说明有哪些材料', 'have must be a list', 'have'), true
      const mats = x.published.materials
      for (const id of b.have)
        if (!mats.some((y) => y.id === id)) return fail(res, 400, 'invalid', `没有这项材料：${id}`, `Unknown material: ${id}`, 'have'), true
      const missing = mats
        .filter((y) => !y.optional && !b.have.includes(y.id))
        .map((y) => ({ id: y.id, name: y.name, issuer: y.issuer, alternatives: y.alternatives, description: y.description }))
      return send(res, 200, { missing, complete: missing.length === 0 }), true
    }
    if ((m = p.match(/^\/api\/v1\/matters\/(\d+)\/versions(?:\/(\d+))?$/)) && M === 'GET') {
      if (!requireUser(req, res)) return true
      const x = matters.find((y) => y.id === Number(m[1]))
      if (!x) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter'), true
      if (m[2]) {
        const v = x.versions.find((y) => y.version === Number(m[2]))
        if (!v) return fail(res, 404, 'not_found', '没有这个版本', 'No such version'), true
        return send(res, 200, v.matter), true
      }
      return send(res, 200, { versions: [...x.versions].reverse().map(({ matter, ...v }) => v) }), true
    }
    if ((m = p.match(/^\/api\/v1\/matters\/(\d+)\/slots$/)) && M === 'GET') {
      const x = matters.find((y) => y.id === Number(m[1]))
      if (!x?.published) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter'), true
      const svc = x.published.hall_services[0]
      if (!svc) return fail(res, 409, 'no_service', '这个事项不能在大厅预约', 'This matter cannot be booked in the hall'), true
      const from = parseDate(url.searchParams.get('from'))
      const days = Math.min(31, Number(url.searchParams.get('days')) || 7)
      return send(res, 200, { service: svc, days: slots(svc, from === null ? bjDay(Date.now()) : bjDay(from), days) }), true
    }

    // ---- admin matters ----
    if (p === '/api/v1/admin/matters' && M === 'GET') {
      if (!requireUser(req, res, ['admin'])) return true
      return send(res, 200, { matters: matters.map(adminView) }), true
    }
    if (p === '/api/v1/admin/matters' && M === 'POST') {
      const c = requireUser(req, res, ['admin'])
      if (!c) return true
      const b = await readBody(req)
      const e = validate(b)
      if (e) return bad(e)
      const id = Math.max(0, ...matters.map((x) => x.id)) + 1
      const n = normalize(b)
      const d = stamp(n, id, 0, null)
      matters.push({ id, published: null, draft: d, versions: [], pinyin: '', initials: '' })
      appendEvent(c.user.username, 'matter.saved', `matter:${id}`, {})
      return send(res, 201, { matter: d }), true
    }
    if ((m = p.match(/^\/api\/v1\/admin\/matters\/(\d+)(\/publish)?$/))) {
      const c = requireUser(req, res, ['admin'])
      if (!c) return true
      const x = matters.find((y) => y.id === Number(m[1]))
      if (!x) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter'), true
      if (!m[2] && M === 'PUT') {
        const b = await readBody(req)
        const e = validate(b)
        if (e) return bad(e)
        const n = normalize(b)
        x.draft = stamp(n, x.id, x.published?.version ?? 0, x.published?.published_at ?? null)
        appendEvent(c.user.username, 'matter.saved', `matter:${x.id}`, {})
        return send(res, 200, { matter: x.draft, plain: check(n.summary) }), true
      }
      if (m[2] && M === 'POST') {
        if (!x.draft) return fail(res, 409, 'no_draft', '没有要发布的草稿', 'There is no draft to publish'), true
        const v = (x.published?.version ?? 0) + 1
        const at = Date.now()
        x.published = { ...x.draft, version: v, published_at: at }
        x.versions.push({ version: v, published_at: at, published_by: c.user.username, matter: x.published })
        x.draft = null
        appendEvent(c.user.username, 'matter.published', `matter:${x.id}`, { version: v })
        return send(res, 200, { matter: x.published }), true
      }
      return false
    }
    if (p === '/api/v1/plain-language/check' && M === 'POST') {
      if (!requireUser(req, res)) return true
      const b = await readBody(req)
      if (!b || typeof b.text !== 'string') return fail(res, 400, 'invalid', '请给出要检查的文字', 'text is required', 'text'), true
      return send(res, 200, check(b.text)), true
    }
    if (p === '/api/v1/admin/jargon') {
      const c = requireUser(req, res, ['admin'])
      if (!c) return true
      if (M === 'GET') return send(res, 200, { terms: jargon }), true
      if (M === 'PUT') {
        const b = await readBody(req)
        if (!b || !Array.isArray(b.terms)) return fail(res, 400, 'invalid', 'terms 须为数组', 'terms must be a list', 'terms'), true
        for (const [i, t] of b.terms.entries())
          if (!String(t?.term ?? '').trim()) return fail(res, 400, 'invalid', `第 ${i + 1} 条没有词语`, `Term ${i + 1} is empty`, `terms[${i}].term`), true
        jargon = b.terms.map((t) => ({ term: String(t.term).trim(), plain: String(t.plain ?? '').trim() }))
        appendEvent(c.user.username, 'jargon.saved', 'jargon', { n: jargon.length })
        return send(res, 200, { terms: jargon }), true
      }
      return false
    }

    // ---- appointments ----
    if (p === '/api/v1/appointments' && M === 'POST') {
      const b = await readBody(req)
      const x = matters.find((y) => y.id === Number(b?.matter_id))
      if (!x?.published) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter', 'matter_id'), true
      if (!String(b.name ?? '').trim()) return fail(res, 400, 'invalid', '请填写姓名', 'The name is required', 'name'), true
      if (!/^1\d{10}$/.test(String(b.phone ?? '').trim())) return fail(res, 400, 'invalid', '手机号不对，请填 11 位手机号', 'Not a mobile phone number', 'phone'), true
      const svc = x.published.hall_services[0]
      const s = Number(b.slot_start)
      if (!onGrid(s) || s <= Date.now()) return fail(res, 400, 'slot_invalid', '这个时间不能预约', 'This time cannot be booked', 'slot_start'), true
      if (taken(svc, s) >= CAPACITY) return fail(res, 409, 'slot_full', '这个时间已经约满了，请换一个时间', 'This slot is full; pick another', 'slot_start'), true
      booked.set(`${svc}:${s}`, taken(svc, s) + 1)
      const a = { code: code10(), matter_id: x.id, service: svc, slot_start: s, name: String(b.name).trim(), phone: String(b.phone).trim(), state: 'booked', ticket_id: null, created_at: Date.now() }
      appointments.set(a.code, a)
      appendEvent('citizen', 'appointment.booked', `appointment:${a.code}`, {})
      return send(res, 201, apptView(a)), true
    }
    if ((m = p.match(/^\/api\/v1\/appointments\/([0-9A-Za-z]+)(\.ics|\/change|\/cancel|\/check-in)?$/))) {
      const a = appointments.get(m[1].toUpperCase())
      if (!a) return fail(res, 404, 'not_found', '没有找到这个预约，请核对预约码', 'No appointment with this code'), true
      const op = m[2]
      if (!op && M === 'GET') return send(res, 200, apptView(a)), true
      if (op === '.ics' && M === 'GET') {
        const v = apptView(a)
        const f = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
        res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="${a.code}.ics"` })
        return res.end(
          ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//OneDoor mock//EN', 'BEGIN:VEVENT', `UID:${a.code}@onedoor`, `DTSTAMP:${f(a.created_at)}`, `DTSTART:${f(v.slot_start)}`, `DTEND:${f(v.slot_end)}`, `SUMMARY:${v.matter_name}`, 'BEGIN:VALARM', 'TRIGGER:-P1D', 'ACTION:DISPLAY', 'DESCRIPTION:明天办事', 'END:VALARM', 'BEGIN:VALARM', 'TRIGGER:-PT1H', 'ACTION:DISPLAY', 'DESCRIPTION:一小时后办事', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
        ), true
      }
      if (M !== 'POST') return false
      if (a.state !== 'booked') return fail(res, 409, 'conflict', a.state === 'cancelled' ? '这个预约已经取消了' : '这个预约已经用过了', a.state === 'cancelled' ? 'This appointment was cancelled' : 'This appointment was already used'), true
      if (op === '/cancel') {
        booked.set(`${a.service}:${a.slot_start}`, Math.max(0, taken(a.service, a.slot_start) - 1))
        a.state = 'cancelled'
        return send(res, 200, apptView(a)), true
      }
      if (op === '/change') {
        const b = await readBody(req)
        const s = Number(b?.slot_start)
        if (!onGrid(s) || s <= Date.now()) return fail(res, 400, 'slot_invalid', '这个时间不能预约', 'This time cannot be booked', 'slot_start'), true
        if (s !== a.slot_start && taken(a.service, s) >= CAPACITY) return fail(res, 409, 'slot_full', '这个时间已经约满了，请换一个时间', 'This slot is full; pick another', 'slot_start'), true
        booked.set(`${a.service}:${a.slot_start}`, Math.max(0, taken(a.service, a.slot_start) - 1))
        booked.set(`${a.service}:${s}`, taken(a.service, s) + 1)
        a.slot_start = s
        return send(res, 200, apptView(a)), true
      }
      if (op === '/check-in') {
        const now = Date.now()
        // The demo code works at any time (the mock's shortcut for looking at the kiosk).
        if (a !== demoAppt && (now < a.slot_start - 30 * MIN || now > a.slot_start + 30 * MIN))
          return fail(res, 409, 'not_now', '请在预约时间前后半小时内取号', 'Check in from 30 minutes before to 30 minutes after your time'), true
        const ticket = hall.issue({ service: a.service, priority: 'normal' }, 'appointment')
        a.state = 'checked_in'
        a.ticket_id = ticket.ticket_id
        return send(res, 200, { appointment: apptView(a), ticket }), true
      }
      return false
    }

    // ---- applications ----
    if (p === '/api/v1/applications' && M === 'POST') {
      const c = requireUser(req, res, STAFF)
      if (!c) return true
      const b = await readBody(req)
      const pm = matterOf(Number(b?.matter_id))
      if (!pm) return fail(res, 404, 'not_found', '没有这个事项', 'No such matter', 'matter_id'), true
      if (!String(b.applicant_name ?? '').trim()) return fail(res, 400, 'invalid', '请填写申请人姓名', 'The applicant name is required', 'applicant_name'), true
      if (!/^1\d{10}$/.test(String(b.applicant_phone ?? '').trim())) return fail(res, 400, 'invalid', '手机号不对', 'Not a mobile phone number', 'applicant_phone'), true
      for (const id of b.have ?? []) if (!pm.materials.some((y) => y.id === id)) return fail(res, 400, 'invalid', `没有这项材料：${id}`, `Unknown material: ${id}`, 'have'), true
      const a = createApp({ ...b, matter_id: pm.id }, c.user.display_name, Date.now())
      appendEvent(c.user.username, 'application.created', `application:${a.id}`, {})
      return send(res, 201, appView(a)), true
    }
    if (p === '/api/v1/applications' && M === 'GET') {
      if (!requireUser(req, res)) return true
      const st = url.searchParams.get('state')
      const mid = Number(url.searchParams.get('matter_id'))
      const limit = Number(url.searchParams.get('limit')) || 100
      let list = [...applications].reverse()
      if (st) list = list.filter((a) => a.state === st)
      if (mid) list = list.filter((a) => a.matter_id === mid)
      return send(res, 200, { applications: list.slice(0, limit).map(appView) }), true
    }
    if ((m = p.match(/^\/api\/v1\/applications\/track\/([0-9A-Za-z]+)$/)) && M === 'GET') {
      const a = applications.find((x) => x.code === m[1].toUpperCase())
      if (!a) return fail(res, 404, 'not_found', '没有找到这个办件，请核对查询码', 'No application with this code'), true
      return send(res, 200, trackView(a)), true
    }
    if ((m = p.match(/^\/api\/v1\/applications\/(\d+)(\/missing|\/visits|\/state)?$/))) {
      const a = applications.find((x) => x.id === Number(m[1]))
      if (!m[2] && M === 'GET') {
        if (!requireUser(req, res)) return true
        if (!a) return fail(res, 404, 'not_found', '没有这个办件', 'No such application'), true
        return send(res, 200, appView(a)), true
      }
      if (M !== 'POST') return false
      const c = requireUser(req, res, STAFF)
      if (!c) return true
      if (!a) return fail(res, 404, 'not_found', '没有这个办件', 'No such application'), true
      const pm = matterOf(a.matter_id)
      const b = (await readBody(req)) ?? {}
      const closed = ['approved', 'rejected', 'done'].includes(a.state)
      if (m[2] === '/missing') {
        const items = Array.isArray(b.items) ? b.items : []
        if (!items.length) return fail(res, 400, 'invalid', '请选择缺少的材料', 'Choose the missing materials', 'items'), true
        for (const id of items) if (!pm.materials.some((y) => y.id === id)) return fail(res, 400, 'invalid', `没有这项材料：${id}`, `Unknown material: ${id}`, 'items'), true
        if (closed) return fail(res, 409, 'conflict', '办件已经办结，不能再补充材料清单', 'The application is finished'), true
        const v = notify(a, items, Date.now())
        appendEvent(c.user.username, 'application.missing_listed', `application:${a.id}`, { items })
        if (v) appendEvent(c.user.username, 'application.violation', `application:${a.id}`, { items })
        return send(res, 200, appView(a)), true
      }
      if (m[2] === '/visits') {
        if (!['submit_materials', 'collect', 'other'].includes(b.purpose)) return fail(res, 400, 'invalid', '请选择来办什么', 'Choose the purpose', 'purpose'), true
        for (const id of b.have ?? []) if (!pm.materials.some((y) => y.id === id)) return fail(res, 400, 'invalid', `没有这项材料：${id}`, `Unknown material: ${id}`, 'have'), true
        a.visits.push({ at: Date.now(), purpose: b.purpose, by: c.user.display_name })
        a.missing = a.missing.filter((id) => !(b.have ?? []).includes(id))
        if (a.state === 'missing_materials' && !a.missing.length) a.state = 'submitted'
        appendEvent(c.user.username, 'application.visit', `application:${a.id}`, {})
        return send(res, 200, appView(a)), true
      }
      if (m[2] === '/state') {
        if (!['accepted', 'approved', 'rejected', 'done'].includes(b.state)) return fail(res, 400, 'invalid', '状态不对', 'Unknown state', 'state'), true
        if (b.state === 'rejected' && !String(b.reason ?? '').trim()) return fail(res, 400, 'invalid', '不予办理要写明法定理由', 'A rejection needs its legal reason', 'reason'), true
        if (closed && b.state !== 'done') return fail(res, 409, 'conflict', '办件已经办结', 'The application is finished'), true
        a.state = b.state
        if (b.state === 'accepted') a.accepted_at = Date.now()
        if (['approved', 'rejected', 'done'].includes(b.state)) a.finished_at = Date.now()
        if (b.reason) a.reason = String(b.reason).trim()
        appendEvent(c.user.username, 'application.state', `application:${a.id}`, { state: b.state })
        return send(res, 200, appView(a)), true
      }
      return false
    }

    // ---- spring-door index ----
    if (p === '/api/v1/indices/spring-door' && M === 'GET') {
      const today = new Date(Date.now() + BJ).toISOString().slice(0, 10)
      const to = url.searchParams.get('to') || today
      const from = url.searchParams.get('from') || new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10)
      const lo = parseDate(from)
      const hi = parseDate(to)
      if (lo === null) return fail(res, 400, 'invalid', '开始日期格式应为 YYYY-MM-DD', 'from must be YYYY-MM-DD', 'from'), true
      if (hi === null || hi < lo) return fail(res, 400, 'invalid', '结束日期不对', 'to must be YYYY-MM-DD, not before from', 'to'), true
      const fin = applications.filter((a) => a.finished_at && a.finished_at >= lo && a.finished_at < hi + DAY)
      const byId = (id) => matterOf(id)
      const mids = [...new Set(fin.map((a) => a.matter_id))]
      const dids = [...new Set(fin.map((a) => byId(a.matter_id).department_id))]
      return send(res, 200, {
        from: lo, // epoch ms like the server: from inclusive, to exclusive
        to: hi + DAY,
        overall: row(fin, byId),
        matters: mids.map((id) => ({ matter_id: id, name: byId(id).name, ...row(fin.filter((a) => a.matter_id === id), byId) })),
        departments: dids.map((id) => ({ department_id: id, name: deptName(id), ...row(fin.filter((a) => byId(a.matter_id).department_id === id), byId) })),
      }), true
    }
    return false
  }

  return { handle }
}
