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
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
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
      body: body === undefined ? undefined : JSON.stringify(body),
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
}
