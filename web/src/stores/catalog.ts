// Reference data the appeal pages share, fetched once per page load: the categories (public,
// GET /api/v1/categories) and the departments (GET /api/v1/departments). Failed loads are not
// cached, so the next page that asks tries again.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type Category, type Department } from '@/api'

export const useCatalog = defineStore('catalog', () => {
  const categories = ref<Category[]>([])
  const departments = ref<Department[]>([])
  let catLoad: Promise<Category[]> | null = null
  let deptLoad: Promise<Department[]> | null = null

  function loadCategories(): Promise<Category[]> {
    if (!catLoad) {
      catLoad = api
        .categories()
        .then((r) => (categories.value = r.categories))
        .catch((e) => {
          catLoad = null
          throw e
        })
    }
    return catLoad
  }

  function loadDepartments(): Promise<Department[]> {
    if (!deptLoad) {
      deptLoad = api
        .departments()
        .then((r) => (departments.value = r.departments))
        .catch((e) => {
          deptLoad = null
          throw e
        })
    }
    return deptLoad
  }

  const streets = computed(() => departments.value.filter((d) => d.level === 'street'))
  const byCode = computed(() => new Map(categories.value.map((c) => [c.code, c])))

  return { categories, departments, streets, byCode, loadCategories, loadDepartments }
})
