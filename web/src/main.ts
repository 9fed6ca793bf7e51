// Entry point: applies saved display preferences, installs pinia, i18n, router and the
// Element Plus components the app uses, and wires the API's 401 handler to the login page.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/index.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { installElement } from './element'
import { onUnauthorized } from './api'
import { applySavedPrefs } from './stores/prefs'
import { useSession } from './stores/session'

applySavedPrefs()

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)
installElement(app)

onUnauthorized(() => {
  useSession(pinia).clear()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') {
    router.replace({ name: 'login', query: cur.meta.auth ? { redirect: cur.fullPath } : {} })
  }
})

router.isReady().then(() => app.mount('#app'))
