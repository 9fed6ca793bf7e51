// A clock for countdowns: a ref holding Date.now(), refreshed every `intervalMs` while the
// component is mounted (one timer per component, cleared on unmount).
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNow(intervalMs = 30_000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), intervalMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
