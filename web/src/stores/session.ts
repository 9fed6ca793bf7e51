// The signed-in staff member, if any. The session cookie is HttpOnly, so we learn who is signed
// in from GET /api/v1/session; we only ask when the readable CSRF cookie exists (it is set at
// sign-in), so public pages make no request that is bound to fail.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  api,
  ApiError,
  CSRF_COOKIE,
  forgetCsrfCookie,
  readCookie,
  rememberCsrf,
  type Presence,
  type Role,
  type User,
} from '@/api'

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)
  let probe: Promise<User | null> | null = null

  const signedIn = computed(() => user.value !== null)

  function hasRole(...roles: Role[]): boolean {
    return !!user.value && roles.includes(user.value.role)
  }

  /** Finds out once whether someone is signed in. Never throws. */
  function ensure(): Promise<User | null> {
    if (checked.value) return Promise.resolve(user.value)
    if (!probe) {
      probe = (async () => {
        if (!readCookie(CSRF_COOKIE)) {
          user.value = null
        } else {
          try {
            const s = await api.getSession()
            user.value = s.user
            rememberCsrf(s.csrf_token)
          } catch (e) {
            user.value = null
            if (e instanceof ApiError && e.status === 401) forgetCsrfCookie()
          }
        }
        checked.value = true
        probe = null
        return user.value
      })()
    }
    return probe
  }

  async function login(username: string, password: string): Promise<User> {
    const s = await api.login(username, password)
    user.value = s.user
    rememberCsrf(s.csrf_token)
    checked.value = true
    return s.user
  }

  async function logout(): Promise<void> {
    try {
      await api.logout()
    } catch {
      /* signed out locally whatever the server said */
    }
    clear()
  }

  /** Forget the user locally (after a 401 or a logout). */
  function clear() {
    user.value = null
    rememberCsrf(undefined)
    forgetCsrfCookie()
    checked.value = true
  }

  async function setPresence(status: Presence) {
    const r = await api.setPresence(status)
    if (user.value) user.value = { ...user.value, presence: r.presence }
    return r
  }

  return { user, checked, signedIn, hasRole, ensure, login, logout, clear, setPresence }
})
