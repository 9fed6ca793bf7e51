// Data over a [from, to] date range (hall days): fetched when the component mounts and again each
// time the range changes, with loading and error refs for the page (error is the message).
import { onMounted, ref, watch, type Ref } from 'vue'

export function useRangeLoad<T>(range: Ref<[string, string]>, fetch: (from: string, to: string) => Promise<T>) {
  const data = ref(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref('')

  async function load() {
    if (!range.value?.[0] || !range.value?.[1]) return
    loading.value = true
    error.value = ''
    try {
      data.value = await fetch(range.value[0], range.value[1])
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }
  onMounted(load)
  watch(range, load)
  return { data, loading, error, load }
}
