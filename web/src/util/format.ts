// Formatting helpers. Times are stored as UTC epoch ms and shown in the hall's time zone.
export const HALL_TZ = 'Asia/Shanghai'

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN'
}

export function formatDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: HALL_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(ms))
}

export function formatClock(d: Date, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: HALL_TZ,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d)
}

export function formatLongDate(d: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: HALL_TZ,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(d)
}

/** Date and time to the minute with the weekday, e.g. 2025/03/05 周三 17:30 (hall time zone). */
export function formatMinute(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: HALL_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(ms))
}

/** A calendar date with the weekday, e.g. 2025/03/05 周三. */
export function formatDay(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: HALL_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).format(new Date(ms))
}

/** Today (or the day of `ms`) in the hall's time zone as YYYY-MM-DD. */
export function hallDate(ms: number = Date.now()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: HALL_TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(ms),
  )
}

/** A rate from the API (a fraction 0–1, or null when nothing was counted) as a percentage. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—'
  const pct = r * 100
  return (Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)) + '%'
}

/** Wall-clock time left until `due` (negative when past), split for display. */
export interface Countdown {
  overdue: boolean
  days: number
  hours: number
  minutes: number
}

export function countdown(due: number, now: number): Countdown {
  const diff = due - now
  const abs = Math.abs(diff)
  const totalMin = Math.floor(abs / 60_000)
  return {
    overdue: diff < 0,
    days: Math.floor(totalMin / (24 * 60)),
    hours: Math.floor((totalMin % (24 * 60)) / 60),
    minutes: totalMin % 60,
  }
}
