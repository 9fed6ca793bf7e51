// Display preferences that every page shares: language and the elderly-friendly large mode.
// Both persist in localStorage and are applied to <html> (lang attribute, `od-large` class).
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, LOCALE_KEY, savedLocale, type Locale } from '@/i18n'

export const LARGE_KEY = 'onedoor.large'
export const LARGE_CLASS = 'od-large'

function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

function savedLarge(): boolean {
  try {
    return localStorage.getItem(LARGE_KEY) === '1'
  } catch {
    return false
  }
}

/** Applies saved preferences to <html> before the app mounts, so the first paint is right. */
export function applySavedPrefs(): void {
  document.documentElement.classList.toggle(LARGE_CLASS, savedLarge())
  document.documentElement.lang = savedLocale()
}

export const usePrefs = defineStore('prefs', () => {
  const locale = ref<Locale>(savedLocale())
  const large = ref<boolean>(savedLarge())

  watch(
    locale,
    (l) => {
      i18n.global.locale.value = l
      document.documentElement.lang = l
      store(LOCALE_KEY, l)
    },
    { immediate: true },
  )

  watch(
    large,
    (on) => {
      document.documentElement.classList.toggle(LARGE_CLASS, on)
      store(LARGE_KEY, on ? '1' : '0')
    },
    { immediate: true },
  )

  function toggleLocale() {
    locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN'
  }

  function toggleLarge() {
    large.value = !large.value
  }

  return { locale, large, toggleLocale, toggleLarge }
})
