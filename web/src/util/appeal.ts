// Appeal helpers shared by the intake forms, the operator console and the case pages: phone
// checks (the server's rules), category search by Chinese name, pinyin initials or keywords, and
// which deadline a case is working towards now.
import type { AppealState, AppealSummary, Category } from '@/api'

/** Length limits the server enforces (kept here so the counters match). */
export const LIMITS = { text: 2000, title: 60, address: 200, name: 40, reason: 500, place: 100, responsible: 100 } as const
export const MIN_TEXT = 5

/** Removes spaces and full-width digits/dashes people type into phone fields. */
export function normalizePhone(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0D\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s()（）]/g, '')
}

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/

/** An 11-digit mobile number, or a landline with its area code (010-12345678). */
export function validPhone(raw: string): boolean {
  const p = normalizePhone(raw)
  return MOBILE.test(p) || LANDLINE.test(p)
}

/** Characters as the server counts them (code points, so an emoji is one). */
export function charCount(s: string): number {
  return Array.from(s).length
}

export interface CategoryGroup {
  group: string
  items: Category[]
}

export function groupCategories(list: Category[]): CategoryGroup[] {
  const groups = new Map<string, Category[]>()
  for (const c of list) {
    const g = c.group || '其他'
    if (!groups.has(g)) groups.set(g, [])
    groups.get(g)!.push(c)
  }
  return [...groups.entries()].map(([group, items]) => ({ group, items }))
}

/**
 * How well `c` matches the search `q` (lower is better; -1 = no match). Matches the Chinese name,
 * the pinyin initials (dlps for 道路破损), the keywords, the group and the code.
 */
export function categoryScore(c: Category, q: string): number {
  const s = q.trim().toLowerCase()
  if (!s) return 0
  const name = c.name.toLowerCase()
  const py = (c.pinyin || '').toLowerCase().replace(/\s+/g, '')
  if (name === s || py === s) return 0
  if (name.startsWith(s)) return 1
  if (py && py.startsWith(s)) return 1
  if (name.includes(s)) return 2
  if (py && py.includes(s)) return 3
  const words = (c.keywords || '').toLowerCase().split(/[\s,，、;；]+/).filter(Boolean)
  if (words.some((w) => w.startsWith(s) || (w.length >= 2 && s.startsWith(w)))) return 4
  if (words.some((w) => w.includes(s))) return 5
  if ((c.group || '').toLowerCase().includes(s)) return 6
  if (c.code.toLowerCase().includes(s)) return 7
  return -1
}

export function searchCategories(list: Category[], q: string): Category[] {
  if (!q.trim()) return list
  return list
    .map((c, i) => ({ c, i, score: categoryScore(c, q) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .map((x) => x.c)
}

/** The deadline the case is working towards now, or null when it waits for the citizen or is closed. */
export function activeDue(a: Pick<AppealSummary, 'state' | 'response_due' | 'resolution_due'>): {
  kind: 'response' | 'resolution'
  at: number
} | null {
  const s: AppealState = a.state
  if (s === 'received' || s === 'assigned') return { kind: 'response', at: a.response_due }
  if (s === 'accepted') return { kind: 'resolution', at: a.resolution_due }
  return null
}

export function isOpen(state: AppealState): boolean {
  return state !== 'closed'
}
