// Service hall (玻璃门) client: the types and calls of docs/hall-api.md, small helpers the hall
// pages share, and useHallLive, the live feed of one hall (WebSocket with reconnect and backoff,
// a state reload on every version gap, and polling while the socket is down).
import { onUnmounted, ref, shallowRef } from 'vue'
import { request, type RatingLevel } from '@/api'

export type Priority = 'normal' | 'elderly' | 'disabled' | 'pregnant' | 'military'
export const PRIORITIES: Priority[] = ['normal', 'elderly', 'disabled', 'pregnant', 'military']
export type TicketState = 'waiting' | 'called' | 'serving' | 'finished' | 'no_show' | 'cancelled'
export type WindowState = 'open' | 'shut' | 'paused'

export interface Hall {
  id: number
  code: string
  name: string
  target_p95_min: number
}

export interface Ticket {
  ticket_id: string
  number: string
  service: string
  service_name: string
  services_left: string[]
  priority: Priority
  state: TicketState
  ahead: number
  estimated_wait_min: number | null
  window: { id: number; number: number } | null
  issued_at: number
  called_at: number | null
  recalls: number
  status_url: string
  near_front: boolean
  rating: RatingLevel | string | null
  /** A class claimed from a phone that a clerk has not confirmed yet. */
  priority_claimed?: Priority | null
  /** Only in the answer that issued the ticket: the holder's secret (cancel, rate, QR code). */
  holder_token?: string
  holder_url?: string
  /** Not in the contract yet: the hall the ticket belongs to (for the live feed). */
  hall?: number | { id: number }
  hall_id?: number
}

/** What a window's rating pad shows of the visit it offers (no ticket id). */
export interface PadTicket {
  number: string
  service: string
  service_name: string
  state: TicketState
  finished_at: number | null
}

export interface HallService {
  code: string
  name: string
  prefix: string
  waiting: number
  predicted_wait_min: number | null
  mean_service_min: number
}

export interface HallWindow {
  id: number
  number: number
  name: string
  skills: string[]
  state: WindowState
  /** Staff view only. */
  staff?: { user_id: number; name: string } | null
  /** Public view: number, service and state only. */
  current: Ticket | null
  idle_since: number | null
}

export interface RecentCall {
  number: string
  window_number: number
  service_name: string
  at: number
}

export interface HallAlert {
  id: number | string
  kind: 'long_wait' | 'staff_away' | string
  message: string
  /** The same in English (the page prefers building the text from the fields below). */
  message_en?: string
  service?: string
  service_name?: string
  window?: number
  window_number?: number
  predicted_wait_min?: number | null
  target_min?: number
  staff_name?: string
  away_min?: number
  limit_min?: number
  waiting?: number
  remedy: Remedy | null
}

export type Remedy =
  | { kind: 'open_window'; window: number; staff_user_id: number; text?: string; [k: string]: unknown }
  | { kind: 'switch_window'; window: number; service: string; text?: string; [k: string]: unknown }

export interface HallState {
  hall: Hall
  services: HallService[]
  windows: HallWindow[]
  recent_calls: RecentCall[]
  /** Staff view only. */
  alerts?: HallAlert[]
  view?: 'public' | 'staff'
  glass_door_min_today: number
  version: number
}

export interface HallEvent {
  type: string
  hall?: number
  version?: number
  number?: string
  window_number?: number
  service_name?: string
  ticket_id?: string
  [k: string]: unknown
}

export interface NewTicket {
  service: string
  priority: Priority
  services?: string[]
  channel: 'kiosk' | 'remote'
  phone?: string
}

const enc = encodeURIComponent

// Secrets kept on this device: a ticket holder's token (per ticket) and a paired device's token
// (the rating pad of a window, the kiosk of a hall). localStorage: they outlive a reload.
function stored(key: string): string {
  try {
    return localStorage.getItem(key) ?? ''
  } catch {
    return ''
  }
}
function store(key: string, value: string) {
  try {
    if (value) localStorage.setItem(key, value)
    else localStorage.removeItem(key)
  } catch {
    /* private mode: the secret lives in the URL only */
  }
}
export const holderToken = (ticketId: string) => stored(`onedoor.holder.${ticketId}`)
export const saveHolderToken = (ticketId: string, token: string) => store(`onedoor.holder.${ticketId}`, token)
export type DeviceKind = 'pad' | 'kiosk'
export const deviceToken = (kind: DeviceKind, id: number) => stored(`onedoor.device.${kind}.${id}`)
export const saveDeviceToken = (kind: DeviceKind, id: number, token: string) => store(`onedoor.device.${kind}.${id}`, token)
function deviceHeaders(kind: DeviceKind, id: number): Record<string, string> {
  const token = deviceToken(kind, id)
  return token ? { 'X-Device-Token': token } : {}
}
/** The holder's secret from a phone-page URL's fragment (#k=…), which never reaches the server's logs. */
export function holderFromHash(hash: string): string {
  const m = /[#&]k=([0-9A-Za-z]+)/.exec(hash)
  return m ? m[1] : ''
}

export const hallApi = {
  halls: () => request<{ halls: Hall[] }>('GET', '/api/v1/halls', undefined, { noAuthRedirect: true }),
  state: (hall: number) => request<HallState>('GET', `/api/v1/halls/${hall}/state`, undefined, { noAuthRedirect: true }),
  issue: (hall: number, t: NewTicket) =>
    request<Ticket>('POST', `/api/v1/halls/${hall}/tickets`, t, { noAuthRedirect: true, headers: deviceHeaders('kiosk', hall) }),
  ticket: (id: string) => request<Ticket>('GET', `/api/v1/tickets/${enc(id)}`, undefined, { noAuthRedirect: true }),
  cancel: (id: string, holder: string) =>
    request<Ticket>('POST', `/api/v1/tickets/${enc(id)}/cancel`, { holder_token: holder }, { noAuthRedirect: true }),
  rate: (id: string, holder: string, rating: RatingLevel, comment?: string) =>
    request<Ticket>(
      'POST',
      `/api/v1/tickets/${enc(id)}/rating`,
      comment ? { rating, comment, holder_token: holder } : { rating, holder_token: holder },
      { noAuthRedirect: true },
    ),
  /** QR code of the phone page, for the ticket's holder. */
  qrUrl: (id: string, holder: string) => `/api/v1/tickets/${enc(id)}/qr.svg?holder_token=${enc(holder)}`,
  pad: (win: number) =>
    request<{ window: { id: number; number: number; name: string; hall: number }; ticket: PadTicket | null }>(
      'GET',
      `/api/v1/windows/${win}/pad`,
      undefined,
      { noAuthRedirect: true, headers: deviceHeaders('pad', win) },
    ),
  padRate: (win: number, rating: RatingLevel) =>
    request<{ number: string }>('POST', `/api/v1/windows/${win}/pad/rating`, { rating }, {
      noAuthRedirect: true,
      headers: deviceHeaders('pad', win),
    }),
  pair: (kind: DeviceKind, id: number, code: string) =>
    request<{ device_token: string }>(
      'POST',
      kind === 'pad' ? `/api/v1/windows/${id}/pad/pair` : `/api/v1/halls/${id}/kiosk/pair`,
      { code },
      { noAuthRedirect: true },
    ),
  // staff: pairing codes for a window's pad / a hall's kiosks
  pairingCode: (kind: DeviceKind, id: number) =>
    request<{ code: string; expires_at: number }>(
      'POST',
      kind === 'pad' ? `/api/v1/windows/${id}/pad/pairing-code` : `/api/v1/halls/${id}/kiosk/pairing-code`,
      {},
    ),
  confirmPriority: (win: number, number: string, priority: Priority) =>
    request<{ ticket: Ticket }>('POST', `/api/v1/windows/${win}/confirm-priority`, { number, priority }),
  // staff
  signIn: (win: number) => request<unknown>('POST', `/api/v1/windows/${win}/sign-in`, {}),
  signOut: (win: number) => request<unknown>('POST', `/api/v1/windows/${win}/sign-out`, {}),
  setState: (win: number, state: WindowState) => request<unknown>('POST', `/api/v1/windows/${win}/state`, { state }),
  callNext: (win: number) => request<{ ticket: Ticket | null }>('POST', `/api/v1/windows/${win}/call-next`, {}),
  act: (win: number, action: 'recall' | 'no-show' | 'start' | 'finish') =>
    request<{ ticket?: Ticket | null } | Ticket | null>('POST', `/api/v1/windows/${win}/${action}`, {}),
  transfer: (win: number, service: string) => request<unknown>('POST', `/api/v1/windows/${win}/transfer`, { service }),
  redirect: (win: number, window: number) => request<unknown>('POST', `/api/v1/windows/${win}/redirect`, { window }),
  remedy: (hall: number, r: Remedy) => request<unknown>('POST', `/api/v1/halls/${hall}/remedies`, r),
  // settings (supervisor, admin)
  settings: (hall: number) => request<HallSettings>('GET', `/api/v1/halls/${hall}/settings`),
  saveSettings: (hall: number, priority_weights: Record<string, number>) =>
    request<HallSettings>('PUT', `/api/v1/halls/${hall}/settings`, { priority_weights }),
  shifts: (hall: number) => request<ShiftsDoc>('GET', `/api/v1/halls/${hall}/shifts`),
  saveShifts: (hall: number, shifts: Shift[]) => request<ShiftsDoc>('PUT', `/api/v1/halls/${hall}/shifts`, { shifts }),
  appointmentCapacity: (hall: number) => request<CapacityDoc>('GET', `/api/v1/halls/${hall}/appointment-capacity`),
  saveAppointmentCapacity: (hall: number, capacity: Record<string, number>) =>
    request<CapacityDoc>('PUT', `/api/v1/halls/${hall}/appointment-capacity`, { capacity }),
}

export interface HallSettings {
  hall: number
  priority_weights: Record<Priority, number>
  defaults: boolean
  head_start_per_weight_min: number
}

/** One weekly shift: weekdays 1 (Monday) … 7 (Sunday), times "HH:MM" on the half hour. */
export interface Shift {
  id?: number
  user_id: number | null
  weekdays: number[]
  start: string
  end: string
  window: number | null
  services: string[]
}

export interface ShiftsDoc {
  hall: number
  shifts: Shift[]
  staff: { user_id: number; name: string; username: string; role: string; skills: string[] }[]
  windows: { number: number; skills: string[] }[]
  services: { code: string; name: string }[]
}

/** Places per appointment slot of each service of a hall (0: walk-ins only). */
export interface CapacityDoc {
  hall: number
  default: number
  max: number
  services: { code: string; name: string; capacity: number }[]
}

/** The hall id of a ticket, when the server says it (the contract does not yet). */
export function ticketHall(t: Ticket): number | null {
  if (typeof t.hall === 'number') return t.hall
  if (t.hall && typeof t.hall === 'object' && typeof t.hall.id === 'number') return t.hall.id
  if (typeof t.hall_id === 'number') return t.hall_id
  return null
}

/** The hall to show when the route names none: the first hall the server lists. */
export async function defaultHall(): Promise<number | null> {
  const { halls } = await hallApi.halls()
  return halls.length ? halls[0].id : null
}

/** "请 A023 号 到 5 号窗口办理", the words the display shows and says. */
export function callSentence(number: string, windowNumber: number): string {
  return `请 ${number} 号 到 ${windowNumber} 号窗口办理`
}

/** Whole minutes since `ms`, never negative. */
export function minutesSince(ms: number | null | undefined, now = Date.now()): number {
  if (!ms) return 0
  return Math.max(0, Math.floor((now - ms) / 60000))
}

export interface HallLiveOptions {
  /** Every event in order (after a gap the state is reloaded first). */
  onEvent?: (e: HallEvent) => void
  /** Called after each state reload. */
  onState?: (s: HallState) => void
  /** Polling period while the socket is down, ms (default 4000). */
  pollMs?: number
  /** Do not load the hall state (the phone page reloads only its ticket). */
  noState?: boolean
  /** Called when something changed and the caller should reload its own data. */
  onChange?: () => void
}

/**
 * Live feed of one hall. `state` is reloaded (debounced) after every event, on a version gap,
 * on (re)connect, and by polling while the socket is down. Call start(hall) once the id is known.
 */
export function useHallLive(opts: HallLiveOptions = {}) {
  const state = shallowRef<HallState | null>(null)
  const connected = ref(false)
  const error = ref('')
  let hall = 0
  let ws: WebSocket | null = null
  let lastVersion: number | null = null
  let backoff = 1000
  let reconnectTimer: number | undefined
  let pollTimer: number | undefined
  let reloadTimer: number | undefined
  let stopped = false

  async function reload() {
    opts.onChange?.()
    if (opts.noState) return
    try {
      const s = await hallApi.state(hall)
      state.value = s
      if (typeof s.version === 'number') lastVersion = s.version
      error.value = ''
      opts.onState?.(s)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  function scheduleReload(ms = 80) {
    window.clearTimeout(reloadTimer)
    reloadTimer = window.setTimeout(reload, ms)
  }

  function startPolling() {
    if (pollTimer !== undefined || stopped) return
    pollTimer = window.setInterval(reload, opts.pollMs ?? 4000)
  }

  function stopPolling() {
    window.clearInterval(pollTimer)
    pollTimer = undefined
  }

  function connect() {
    if (stopped) return
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    let sock: WebSocket
    try {
      sock = new WebSocket(`${proto}://${location.host}/api/v1/halls/${hall}/events`)
    } catch {
      scheduleReconnect()
      return
    }
    ws = sock
    sock.onopen = () => {
      connected.value = true
      backoff = 1000
      stopPolling()
    }
    sock.onmessage = (m) => {
      let e: HallEvent
      try {
        e = JSON.parse(String(m.data)) as HallEvent
      } catch {
        return
      }
      if (e.type === 'hello') {
        if (lastVersion === null || e.version !== lastVersion) scheduleReload(0)
        if (typeof e.version === 'number') lastVersion = e.version
        return
      }
      if (typeof e.version === 'number') {
        const gap = lastVersion !== null && e.version > lastVersion + 1
        lastVersion = Math.max(lastVersion ?? 0, e.version)
        if (gap) scheduleReload(0)
      }
      opts.onEvent?.(e)
      scheduleReload()
    }
    sock.onclose = () => {
      if (ws === sock) ws = null
      connected.value = false
      scheduleReconnect()
    }
    sock.onerror = () => {
      /* onclose follows */
    }
  }

  function scheduleReconnect() {
    if (stopped) return
    startPolling()
    window.clearTimeout(reconnectTimer)
    reconnectTimer = window.setTimeout(connect, backoff)
    backoff = Math.min(backoff * 2, 30000)
  }

  async function start(h: number) {
    stop()
    stopped = false
    hall = h
    lastVersion = null
    await reload()
    connect()
  }

  function stop() {
    stopped = true
    window.clearTimeout(reconnectTimer)
    window.clearTimeout(reloadTimer)
    stopPolling()
    if (ws) {
      const s = ws
      ws = null
      s.onclose = null
      s.close()
    }
    connected.value = false
  }

  onUnmounted(stop)
  return { state, connected, error, start, stop, reload }
}
