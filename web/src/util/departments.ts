// Builds the department tree from the flat list GET /api/v1/departments returns.
import type { Department } from '@/api'

export interface DeptNode {
  id: number
  name: string
  level: string
  children: DeptNode[]
}

export function buildDeptTree(list: Department[]): DeptNode[] {
  const nodes = new Map<number, DeptNode>()
  for (const d of list) nodes.set(d.id, { id: d.id, name: d.name, level: d.level, children: [] })
  const roots: DeptNode[] = []
  for (const d of list) {
    const n = nodes.get(d.id)!
    const parent = d.parent_id != null ? nodes.get(d.parent_id) : undefined
    // A missing parent (or a cycle back to itself) makes the node a root rather than lost.
    if (parent && parent !== n) parent.children.push(n)
    else roots.push(n)
  }
  const sort = (arr: DeptNode[]) => {
    arr.sort((a, b) => a.id - b.id)
    arr.forEach((c) => sort(c.children))
  }
  sort(roots)
  return roots
}

export function deptNames(list: Department[]): Map<number, string> {
  return new Map(list.map((d) => [d.id, d.name]))
}
