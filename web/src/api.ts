// HTTP client for the OneDoor JSON API (/api/v1). Same-origin fetch with cookies; every
// non-GET request carries the CSRF token from the readable `onedoor_csrf` cookie.
// Errors arrive as {"error":{"code","message","field"}} and are thrown as ApiError.
// A 401 calls the registered unauthorized handler (which sends the user to /login),
// unless the caller opts out (the session probe and the login form handle 401 themselves).

export type Role = 'admin' | 'supervisor' | 'handler' | 'clerk' | 'operator'
export type Presence = 'on_duty' | 'break' | 'out' | 'off'
export type DeptLevel = 'district' | 'street' | 'community' | 'office'

export const ROLES: Role[] = ['admin', 'supervisor', 'handler', 'clerk', 'operator']
export const PRESENCES: Presence[] = ['on_duty', 'break', 'out', 'off']

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  department_id: number | null
  department?: string
  presence?: Presence
  disabled?: boolean
}

export interface SessionInfo {
  user: User
  csrf_token?: string
}

export interface Department {
  id: number
  name: string
  parent_id: number | null
  level: DeptLevel | string
}

export interface LedgerEvent {
  seq: number
  at: number
  actor: string | number | null
  type: string
  subject: string | number | null
  payload: Record<string, unknown> | null
  hash: string
}

export interface LedgerVerify {
  ok: boolean
  events: number
  first_bad_seq?: number
  reason?: string
}

export interface NewUser {
  username: string
  password: string
  display_name: string
  role: Role
  department_id: number | null
}

// ---- appeals (诉求) ---------------------------------------------------------------------------

export type AppealState = 'received' | 'assigned' | 'accepted' | 'replied' | 'closed'
export type AppealChannel = 'web' | 'hotline' | 'mailbox' | 'field' | 'open311'
export type AppealAction = 'accept' | 'reply' | 'transfer' | 'assign' | 'escalate'
export type RatingLevel = 'very_satisfied' | 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'very_dissatisfied'

export const APPEAL_STATES: AppealState[] = ['received', 'assigned', 'accepted', 'replied', 'closed']
export const RATINGS: RatingLevel[] = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']

export interface Category {
  code: string
  name: string
  group: string
  pinyin: string
  keywords: string
  department_id: number
  department: string
  urgent: boolean
  response_limit: number
  resolution_limit: number
  unit: 'working_days' | 'working_hours'
}

export interface NewAppeal {
  category: string
  text: string
  phone: string
  address?: string
  area?: string
  name?: string
  title?: string
  channel?: 'hotline' | 'mailbox'
  lat?: number
  lng?: number
}

export interface AppealReceipt {
  id: number
  tracking_code: string
  secret: string
  response_due: number
  resolution_due: number
  department: string
  estimated?: boolean
}

export interface AppealReply {
  text: string
  action: string
  responsible: string
  /** By when: epoch ms (or a YYYY-MM-DD string from older servers). */
  due: number | string | null
  at: number | null
}

export interface TimelineEntry {
  at: number
  type: string
  label: string
  note?: string | null
}

/** The citizen's view of a case (GET /api/v1/appeals/{tracking_code}?secret=…). */
export interface CitizenAppeal {
  tracking_code: string
  channel: AppealChannel | string
  category: string
  category_name: string
  title?: string
  text: string
  address?: string
  state: AppealState
  state_label?: string
  department: string
  created_at: number
  response_due: number
  resolution_due: number
  reply: AppealReply | null
  confirm_due?: number | null
  resolved: boolean | null
  rating: RatingLevel | string | null
  closed_at?: number | null
  close_reason?: string | null
  reopen_count?: number
}

/** A photo sent with an appeal; `url` needs ?secret= on the citizen's side. */
export interface AppealPhoto {
  id: number
  mime: string
  size: number
  created_at?: number
  url: string
}

export interface CitizenView {
  appeal: CitizenAppeal
  timeline: TimelineEntry[]
  photos?: AppealPhoto[]
  can_add_photo?: boolean
  can_verdict: boolean
}

/** One row of a staff list (GET /api/v1/appeals). */
export interface AppealSummary {
  id: number
  tracking_code: string
  channel: AppealChannel | string
  category_name: string
  title?: string
  text: string
  state: AppealState
  state_label?: string
  department_id: number
  department: string
  handler_id: number | null
  handler: string | null
  created_at: number
  response_due: number
  resolution_due: number
  overdue: boolean
  escalation_level: number
  transfers: number
  reopen_count: number
  phone_masked?: string
  address?: string
  /** false: outside the caller's need-to-know scope, address and phone_masked are empty. */
  personal_data?: boolean
}

/** The staff view of one case (GET /api/v1/cases/{id}). */
export interface StaffAppeal extends AppealSummary {
  category?: string
  reply: AppealReply | null
  confirm_due?: number | null
  resolved: boolean | null
  rating: RatingLevel | string | null
  citizen_name?: string
  phone?: string
  lat?: number | null
  lng?: number | null
  assignment_final?: boolean
  closed_at?: number | null
  close_reason?: string | null
  /** The Open311 client that filed it (API key's name), if any. */
  client?: string | null
}

export interface CaseView {
  appeal: StaffAppeal
  timeline: TimelineEntry[]
  photos?: AppealPhoto[]
  actions: AppealAction[]
}

/** The hotline's similar-case hint: the problem, never the citizen (no address; phone masked in text). */
export interface SimilarAppeal {
  tracking_code: string
  category_name: string
  text: string
  state: AppealState
  state_label?: string
  created_at: number
}

export interface Handler {
  id: number
  display_name: string
  department_id: number
  presence?: Presence
}

export interface ReplyInput {
  text: string
  action: string
  responsible: string
  due: string
  override_reason?: string
}

export interface FieldConcern {
  category: string
  text: string
  address?: string
  phone?: string
  name?: string
}

export interface BoardRates {
  cases: number
  response_rate: number | null
  resolution_rate: number | null
  satisfaction_rate: number | null
  on_time_rate: number | null
  reopen_rate: number | null
  override_rate: number | null
}

export interface BoardDepartment extends BoardRates {
  id: number
  name: string
  ranked: boolean
  rank: number | null
}

export interface Board {
  from: string
  to: string
  min_cases: number
  overall: BoardRates
  departments: BoardDepartment[]
}

/** A rectification (整改) opened by a bad rating, with its follow-up call (回访); PRODUCT rule 8. */
export interface Rectification {
  id: number
  appeal_id: number
  tracking_code: string
  department: string
  category_name: string
  rating: 'dissatisfied' | 'very_dissatisfied' | string
  rating_label: string
  comment: string
  opened_at: number
  /** Deadline for the rectification and the follow-up call, epoch ms. */
  due: number
  overdue: boolean
  state: 'open' | 'done'
  followup_at: number | null
  followup_note: string
  citizen_satisfied: boolean | null
}

export interface FollowupInput {
  note: string
  citizen_satisfied: boolean
}

export interface AppealFilter {
  state?: AppealState
  department?: number
  overdue?: boolean
  escalated?: boolean
  mine?: boolean
  open?: boolean
}

// ---- API keys of outside clients (Open311) ------------------------------------------------------

export interface ApiKey {
  id: number
  name: string
  key_prefix: string
  created_at: number
  created_by: string
  revoked_at: number | null
  active: boolean
}

// ---- working-day calendar (工作日历) ------------------------------------------------------------

/** Days off, `from` … `to` inclusive (YYYY-MM-DD). */
export interface CalendarHoliday {
  name: string
  from: string
  to: string
}

/** A make-up working day (调休上班): a Saturday or Sunday that is worked. */
export interface CalendarWorkday {
  date: string
  name?: string
}

/** One year's file, as PUT /api/v1/calendars/{year} takes it (docs/calendar.md). */
export interface CalendarYearInput {
  year: number
  region: string
  source: string
  holidays: CalendarHoliday[]
  workdays: CalendarWorkday[]
}

export interface CalendarYear extends CalendarYearInput {
  working_days: number
}

export interface CalendarList {
  region: string
  years: CalendarYear[]
}

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    q.set(k, v === true ? '1' : String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly retryAfter?: number

  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.retryAfter = retryAfter
  }
}

export const CSRF_COOKIE = 'onedoor_csrf'

export function readCookie(name: string): string | null {
  const prefix = name + '='
  for (const part of document.cookie.split(';')) {
    const p = part.trim()
    if (p.startsWith(prefix)) return decodeURIComponent(p.slice(prefix.length))
  }
  return null
}

/** Removes the readable CSRF cookie (the HttpOnly session cookie is the server's to clear). */
export function forgetCsrfCookie(): void {
  document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict`
}

// Token from the last session response, used only if the cookie cannot be read.
let csrfFromBody = ''
export function rememberCsrf(token: string | undefined): void {
  csrfFromBody = token ?? ''
}

let unauthorizedHandler: (() => void) | null = null
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}

interface RequestOptions {
  /** Do not run the global 401 handler; the caller deals with it. */
  noAuthRedirect?: boolean
  signal?: AbortSignal
  /** Extra headers (a paired hall device's X-Device-Token). */
  headers?: Record<string, string>
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) }
  // A Blob (a photo) goes as it is; everything else as JSON.
  const isBlob = body instanceof Blob
  if (body !== undefined) headers['Content-Type'] = isBlob ? (body as Blob).type || 'application/octet-stream' : 'application/json'
  if (method !== 'GET' && method !== 'HEAD') {
    const token = readCookie(CSRF_COOKIE) || csrfFromBody
    if (token) headers['X-CSRF-Token'] = token
  }

  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isBlob ? (body as Blob) : JSON.stringify(body),
      signal: opts.signal,
    })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError(
      0,
      'network',
      '无法连接到服务器，请检查网络后重试 / Cannot reach the server; check the network and try again',
    )
  }

  if (res.status === 204) return undefined as T

  const text = await res.text()
  let data: unknown = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }

  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error
    const retry = Number(res.headers.get('Retry-After'))
    const apiErr = new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ??
        `服务器暂时无法处理请求（HTTP ${res.status}） / The server could not handle the request (HTTP ${res.status})`,
      err?.field || undefined,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    )
    if (res.status === 401 && !opts.noAuthRedirect && unauthorizedHandler) unauthorizedHandler()
    throw apiErr
  }

  if (data === null && text) {
    throw new ApiError(
      res.status,
      'bad_response',
      '服务器返回的内容无法识别 / The server sent a response that could not be read',
    )
  }
  return data as T
}

// ---- endpoints -------------------------------------------------------------------------------

export const api = {
  getSession: () => request<SessionInfo>('GET', '/api/v1/session', undefined, { noAuthRedirect: true }),

  login: (username: string, password: string) =>
    request<SessionInfo>('POST', '/api/v1/session', { username, password }, { noAuthRedirect: true }),

  logout: () => request<void>('DELETE', '/api/v1/session', undefined, { noAuthRedirect: true }),

  setPresence: (status: Presence) =>
    request<{ presence: Presence; event_seq?: number }>('POST', '/api/v1/me/presence', { status }),

  departments: () => request<{ departments: Department[] }>('GET', '/api/v1/departments'),

  users: () => request<{ users: User[] }>('GET', '/api/v1/users'),

  createUser: (u: NewUser) => request<{ user: User }>('POST', '/api/v1/users', u),

  disableUser: (id: number) => request<{ user: User }>('POST', `/api/v1/users/${id}/disable`),

  events: (limit = 20) =>
    request<{ events: LedgerEvent[] }>('GET', `/api/v1/events?limit=${limit}&desc=1`),

  verifyLedger: () => request<LedgerVerify>('GET', '/api/v1/ledger/verify'),

  // appeals
  categories: () => request<{ categories: Category[] }>('GET', '/api/v1/categories'),

  submitAppeal: (a: NewAppeal) => request<AppealReceipt>('POST', '/api/v1/appeals', a),
  addAppealPhoto: (code: string, secret: string, photo: Blob) =>
    request<AppealPhoto>(
      'POST',
      `/api/v1/appeals/${encodeURIComponent(code)}/photos?secret=${encodeURIComponent(secret)}`,
      photo,
      { noAuthRedirect: true },
    ),

  fieldVisit: (place: string, visited_on: string, concerns: FieldConcern[]) =>
    request<{ appeals: { id: number; tracking_code: string; secret: string }[] }>('POST', '/api/v1/field-visits', {
      place,
      visited_on,
      concerns,
    }),

  trackAppeal: (code: string, secret: string) =>
    request<CitizenView>('GET', `/api/v1/appeals/${encodeURIComponent(code)}${query({ secret })}`),

  verdict: (code: string, body: { secret: string; resolved: boolean; rating: RatingLevel; comment?: string }) =>
    request<CitizenView>('POST', `/api/v1/appeals/${encodeURIComponent(code)}/verdict`, body),

  appeals: (f: AppealFilter = {}) =>
    request<{ appeals: AppealSummary[] }>('GET', `/api/v1/appeals${query({ ...f })}`),

  similar: (category: string, text: string, address: string, signal?: AbortSignal) =>
    request<{ appeals: SimilarAppeal[] }>('GET', `/api/v1/appeals/similar${query({ category, text, address })}`, undefined, {
      signal,
    }),

  caseView: (id: number) => request<CaseView>('GET', `/api/v1/cases/${id}`),

  accept: (id: number) => request<{ appeal: StaffAppeal }>('POST', `/api/v1/appeals/${id}/accept`, {}),

  reply: (id: number, r: ReplyInput) => request<{ appeal: StaffAppeal }>('POST', `/api/v1/appeals/${id}/reply`, r),

  transfer: (id: number, department_id: number, reason: string) =>
    request<{ appeal: StaffAppeal }>('POST', `/api/v1/appeals/${id}/transfer`, { department_id, reason }),

  assign: (id: number, department_id: number, handler_id: number | null, reason: string) =>
    request<{ appeal: StaffAppeal }>('POST', `/api/v1/appeals/${id}/assign`, {
      department_id,
      ...(handler_id ? { handler_id } : {}),
      reason,
    }),

  escalate: (id: number, reason: string) =>
    request<{ appeal: StaffAppeal }>('POST', `/api/v1/appeals/${id}/escalate`, { reason }),

  handlers: (departmentId: number) =>
    request<{ handlers: Handler[] }>('GET', `/api/v1/handlers${query({ department_id: departmentId })}`),

  /** Open rectifications only with `open`; otherwise all, newest first. */
  rectifications: (open = false) =>
    request<{ rectifications: Rectification[] }>('GET', `/api/v1/rectifications${query({ open })}`),

  followup: (id: number, f: FollowupInput) =>
    request<{ rectification: Rectification }>('POST', `/api/v1/rectifications/${id}/followup`, f),

  board: (from: string, to: string) => request<Board>('GET', `/api/v1/board${query({ from, to })}`),

  // working-day calendar (admin)
  calendars: () => request<CalendarList>('GET', '/api/v1/calendars'),

  saveCalendar: (y: CalendarYearInput) =>
    request<{ year: CalendarYear }>('PUT', `/api/v1/calendars/${y.year}`, y),

  apiKeys: () => request<{ api_keys: ApiKey[] }>('GET', '/api/v1/api-keys'),

  createApiKey: (name: string) => request<{ api_key: ApiKey; key: string }>('POST', '/api/v1/api-keys', { name }),

  revokeApiKey: (id: number) => request<{ api_key: ApiKey }>('POST', `/api/v1/api-keys/${id}/revoke`),
}
