// One ECharts instance bound to a chart element: created on the first render, resized with the
// element, disposed with the component. Each chart component registers its own ECharts parts
// (`use(...)`) and supplies the option. `narrowBelow` (px): crossing that width re-renders, for
// options that lay out differently on a phone.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core'

export function useEChart(el: Ref<HTMLElement | null>, option: () => EChartsCoreOption, narrowBelow?: number) {
  let chart: ECharts | null = null
  let ro: ResizeObserver | null = null

  function render() {
    if (!el.value) return
    if (!chart) chart = init(el.value, undefined, { renderer: 'canvas' })
    chart.setOption(option(), true)
    chart.resize()
  }

  const isNarrow = () => narrowBelow !== undefined && (el.value?.clientWidth ?? 800) < narrowBelow

  onMounted(() => {
    render()
    let lastNarrow = isNarrow()
    ro = new ResizeObserver(() => {
      const narrow = isNarrow()
      if (narrow !== lastNarrow) {
        lastNarrow = narrow
        render()
      } else chart?.resize()
    })
    if (el.value) ro.observe(el.value)
  })
  onBeforeUnmount(() => {
    ro?.disconnect()
    chart?.dispose()
    chart = null
  })

  return { render }
}
