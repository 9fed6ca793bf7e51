// Matters (事项), appointments (预约), applications (办件) and the spring-door index (弹簧门指数):
// the types and calls of docs/matters-api.md, and small helpers the pages share.
import { request } from '@/api'
import type { Ticket } from '@/hall'
import { formatDay } from '@/util/format'

export type Channels = 'online' | 'window' | 'both'
export type MatchKind = 'name' | 'pinyin' | 'initials' | 'keyword' | 'summary'

export interface Material {
  id: string
  name: string
  description: string
  example: string
  original: boolean
  copies: number
  issuer: string
  alternatives: string[]
  optional: boolean
}

export interface Matter {
  id: number
  code: string
  name: string
  summary: string
  who: string
  conditions: string[]
  materials: Material[]
  fee: string
  legal_basis: string[]
  statutory_days: number | null
  promised_days: number | null
  channels: Channels
  promised_trips: 0 | 1
  department_id: number
  department_name: string
  hall_services: string[]
  keywords: string[]
  version: number
  published_at: number | null
  plain?: { score: number }
}

export interface MatterHit {
  id: number
  code: string
  name: string
  summary: string
  department_name: string
  promised_trips: 0 | 1
  channels: Channels
  match?: MatchKind
}

export interface AdminMatter extends Matter {
  draft: Matter | null
  published: boolean
}

export interface MissingMaterial {
  id: string
  name: string
  issuer: string
  alternatives: string[]
  description?: string
}

export interface Precheck {
  missing: MissingMaterial[]
  complete: boolean
}

export interface PlainProblem {
  kind: 'too_long' | 'jargon' | 'undefined_abbreviation' | 'stacked_passive' | string
  text: string
  suggestion?: string
  start: number
  length: number
}

export interface PlainSentence {
  text: string
  start: number
  length: number
  chars: number
  problems: PlainProblem[]
}

export interface PlainReport {
  score: number
  sentences: PlainSentence[]
  worst: number[]
  limits: { sentence_chars: number }
}

export interface JargonTerm {
  term: string
  plain: string
}

export interface MatterVersion {
  version: number
  published_at: number
  published_by: string
}

// ---- appointments ---------------------------------------------------------------------------------

export interface Slot {
  start: number
  end: number
  capacity: number
  booked: number
  free: number
}

export interface SlotDay {
  date: string
  slots: Slot[]
}

export type AppointmentState = 'booked' | 'cancelled' | 'checked_in' | 'missed'

export interface Appointment {
  code: string
  matter_id: number
  matter_name: string
  service: string
  hall_id: number
  slot_start: number
  slot_end: number
  name: string
  phone: string
  state: AppointmentState
  ticket_id: string | null
  reminder: { due_at: number; sent_at: number | null }
  ics_url: string
  created_at: number
}

// ---- applications ---------------------------------------------------------------------------------

export type ApplicationState = 'prechecked' | 'submitted' | 'accepted' | 'missing_materials' | 'approved' | 'rejected' | 'done'
export const APPLICATION_STATES: ApplicationState[] = [
  'prechecked',
  'submitted',
  'accepted',
  'missing_materials',
  'approved',
  'rejected',
  'done',
]
export type VisitPurpose = 'submit_materials' | 'collect' | 'other'

export interface Notification {
  at: number
  items: string[]
  new_items: string[]
  violation: boolean
}

export interface Application {
  id: number
  code: string
  matter_id: number
  matter_name: string
  department_name: string
  state: ApplicationState
  applicant_name: string
  applicant_phone: string
  trips: number
  visits: { at: number; purpose: VisitPurpose | string; by: string }[]
  notifications: Notification[]
  missing: string[]
  violations: number
  promised_trips: 0 | 1
  submitted_at: number
  accepted_at: number | null
  due: number | null
  finished_at: number | null
  reason: string | null
  tracking_url: string
}

export interface NewApplication {
  matter_id: number
  applicant_name: string
  applicant_phone: string
  appointment_code?: string
  have: string[]
}

export interface ApplicationTrack {
  code: string
  matter_name: string
  state: ApplicationState
  missing: MissingMaterial[]
  notifications: { at: number; items: string[] }[]
  trips: number
  due: number | null
}

// ---- spring-door index ------------------------------------------------------------------------------

export interface SpringRow {
  finished: number
  mean_trips: number | null
  over_one_trip_share: number | null
  over_promised_share: number | null
  violations: number
  extra_trips: number
}

export interface SpringIndex {
  /** The period as epoch ms: from inclusive, to exclusive (the day after the last day). */
  from: number
  to: number
  overall: SpringRow
  matters: (SpringRow & { matter_id: number; name: string })[]
  departments: (SpringRow & { department_id: number; name: string })[]
}

const enc = encodeURIComponent
const pub = { noAuthRedirect: true }

function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? '?' + s : ''
}

export const mattersApi = {
  search: (q: string, limit?: number, signal?: AbortSignal) =>
    request<{ matters: MatterHit[] }>('GET', `/api/v1/matters${qs({ q, limit })}`, undefined, { ...pub, signal }),
  get: (id: number) => request<Matter>('GET', `/api/v1/matters/${id}`, undefined, pub),
  precheck: (id: number, have: string[]) => request<Precheck>('POST', `/api/v1/matters/${id}/precheck`, { have }, pub),
  versions: (id: number) => request<{ versions: MatterVersion[] }>('GET', `/api/v1/matters/${id}/versions`),
  version: (id: number, v: number) => request<Matter>('GET', `/api/v1/matters/${id}/versions/${v}`),
  // admin
  adminList: () => request<{ matters: AdminMatter[] }>('GET', '/api/v1/admin/matters'),
  create: (m: Partial<Matter>) => request<{ matter: Matter }>('POST', '/api/v1/admin/matters', m),
  save: (id: number, m: Partial<Matter>) =>
    request<{ matter: Matter; plain?: PlainReport }>('PUT', `/api/v1/admin/matters/${id}`, m),
  publish: (id: number) => request<{ matter: Matter }>('POST', `/api/v1/admin/matters/${id}/publish`, {}),
  check: (text: string, signal?: AbortSignal) =>
    request<PlainReport>('POST', '/api/v1/plain-language/check', { text }, { signal }),
  jargon: () => request<{ terms: JargonTerm[] }>('GET', '/api/v1/admin/jargon'),
  saveJargon: (terms: JargonTerm[]) => request<{ terms: JargonTerm[] }>('PUT', '/api/v1/admin/jargon', { terms }),
}

export const appointmentsApi = {
  slots: (matter: number, from?: string, days = 7) =>
    request<{ service: string; days: SlotDay[] }>('GET', `/api/v1/matters/${matter}/slots${qs({ from, days })}`, undefined, pub),
  book: (b: { matter_id: number; slot_start: number; name: string; phone: string }) =>
    request<Appointment>('POST', '/api/v1/appointments', b, pub),
  get: (code: string) => request<Appointment>('GET', `/api/v1/appointments/${enc(code)}`, undefined, pub),
  change: (code: string, slot_start: number) =>
    request<Appointment>('POST', `/api/v1/appointments/${enc(code)}/change`, { slot_start }, pub),
  cancel: (code: string) => request<Appointment>('POST', `/api/v1/appointments/${enc(code)}/cancel`, {}, pub),
  checkIn: (code: string) =>
    request<{ appointment: Appointment; ticket: Ticket }>('POST', `/api/v1/appointments/${enc(code)}/check-in`, {}, pub),
  icsUrl: (code: string) => `/api/v1/appointments/${enc(code)}.ics`,
}

export const applicationsApi = {
  create: (a: NewApplication) => request<Application>('POST', '/api/v1/applications', a),
  list: (f: { state?: string; matter_id?: number; limit?: number } = {}) =>
    request<{ applications: Application[] }>('GET', `/api/v1/applications${qs(f)}`),
  get: (id: number) => request<Application>('GET', `/api/v1/applications/${id}`),
  missing: (id: number, items: string[]) => request<Application>('POST', `/api/v1/applications/${id}/missing`, { items }),
  visit: (id: number, purpose: VisitPurpose, have?: string[]) =>
    request<Application>('POST', `/api/v1/applications/${id}/visits`, have ? { purpose, have } : { purpose }),
  setState: (id: number, state: string, reason?: string) =>
    request<Application>('POST', `/api/v1/applications/${id}/state`, reason ? { state, reason } : { state }),
  track: (code: string) => request<ApplicationTrack>('GET', `/api/v1/applications/track/${enc(code)}`, undefined, pub),
}

export const springApi = {
  index: (from?: string, to?: string) => request<SpringIndex>('GET', `/api/v1/indices/spring-door${qs({ from, to })}`, undefined, pub),
}

/** An empty matter for the admin editor. */
export function blankMatter(): Matter {
  return {
    id: 0,
    code: '',
    name: '',
    summary: '',
    who: '',
    conditions: [],
    materials: [],
    fee: '免费',
    legal_basis: [],
    statutory_days: null,
    promised_days: null,
    channels: 'window',
    promised_trips: 1,
    department_id: 0,
    department_name: '',
    hall_services: [],
    keywords: [],
    version: 0,
    published_at: null,
  }
}

/** A new material row; its id is one past the highest mN so far (a removed id is never reused). */
export function blankMaterial(existing: Material[]): Material {
  const n = existing.reduce((hi, m) => Math.max(hi, Number(/^m(\d+)$/.exec(m.id)?.[1] ?? 0)), 0) + 1
  return { id: `m${n}`, name: '', description: '', example: '', original: true, copies: 0, issuer: '', alternatives: [], optional: false }
}

/** "HH:MM" of an epoch ms in Beijing time. */
export function hhmm(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    new Date(ms),
  )
}

/** An appointment slot as the citizen reads it: "<day> HH:MM–HH:MM" (Beijing time). */
export function slotText(start: number, end: number, locale: string): string {
  return `${formatDay(start, locale)} ${hhmm(start)}–${hhmm(end)}`
}
