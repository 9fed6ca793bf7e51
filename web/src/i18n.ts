// vue-i18n instance: zh-CN default, English optional. The chosen locale lives in localStorage
// (see stores/prefs.ts); this module only builds the instance.
import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'
import en from './locales/en'
import hallZh from './locales/hall.zh-CN'
import hallEn from './locales/hall.en'
import mattersZh from './locales/matters.zh-CN'
import mattersEn from './locales/matters.en'

export type Locale = 'zh-CN' | 'en'
export const LOCALE_KEY = 'onedoor.locale'

export function savedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': { ...zhCN, hall: hallZh, matters: mattersZh },
    en: { ...en, hall: hallEn, matters: mattersEn },
  },
  missingWarn: false,
  fallbackWarn: false,
})
