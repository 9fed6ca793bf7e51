// Routes and the access guard. Staff pages carry meta.auth (any signed-in user) and optionally
// meta.roles; the guard sends anonymous visitors to /login?redirect=… and shows a friendly
// "no access" page to staff whose role does not fit.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api'
import { useSession } from '@/stores/session'
import { i18n } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    auth?: boolean
    roles?: Role[]
    /** No site top bar and footer (the hall display has its own header). */
    bare?: boolean
    /** i18n key of the page title. */
    title?: string
    feature?: 'ticket' | 'book' | 'guides'
  }
}


const routes: RouteRecordRaw[] = [
  { path: '/', name: 'portal', component: () => import('@/views/PortalView.vue') },
  { path: '/ticket', name: 'ticket', redirect: '/queue' },
  // Matters (事项), appointments and applications (弹簧门): docs/matters-api.md.
  { path: '/guides', name: 'guides', redirect: '/matters' },
  { path: '/matters', name: 'matters', component: () => import('@/views/MattersView.vue'), meta: { title: 'matters.search.title' } },
  { path: '/matters/:id(\\d+)', name: 'matter', component: () => import('@/views/MatterView.vue'), meta: { title: 'matters.search.title' } },
  { path: '/book', name: 'book', component: () => import('@/views/BookView.vue'), meta: { title: 'matters.book.title' } },
  { path: '/appointments/new', name: 'appointment-new', component: () => import('@/views/BookView.vue'), meta: { title: 'matters.book.title' } },
  { path: '/appointment/:code?', name: 'appointment', component: () => import('@/views/AppointmentView.vue'), meta: { title: 'matters.appt.title' } },
  {
    path: '/track/application/:code?',
    name: 'track-application',
    component: () => import('@/views/TrackApplicationView.vue'),
    meta: { title: 'matters.track.title' },
  },
  { path: '/indices/spring-door', name: 'spring-door', component: () => import('@/views/SpringDoorView.vue'), meta: { title: 'matters.spring.title' } },
  {
    path: '/desk/applications',
    name: 'applications-desk',
    component: () => import('@/views/ApplicationsDeskView.vue'),
    meta: { auth: true, roles: ['clerk', 'supervisor', 'admin'], title: 'matters.desk.title' },
  },
  {
    path: '/admin/matters',
    name: 'admin-matters',
    component: () => import('@/views/AdminMattersView.vue'),
    meta: { auth: true, roles: ['admin'], title: 'matters.admin.title' },
  },
  { path: '/appeal', name: 'appeal', component: () => import('@/views/AppealView.vue'), props: { variant: 'web' }, meta: { title: 'appeal.title' } },
  { path: '/track', name: 'track', component: () => import('@/views/TrackView.vue'), meta: { title: 'track.title' } },
  { path: '/mailbox', name: 'mailbox', component: () => import('@/views/AppealView.vue'), props: { variant: 'mailbox' }, meta: { title: 'mailbox.title' } },
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: 'login.title' } },
  { path: '/desk', name: 'desk', component: () => import('@/views/DeskView.vue'), meta: { auth: true, title: 'topbar.desk' } },
  {
    path: '/hotline',
    name: 'hotline',
    component: () => import('@/views/HotlineView.vue'),
    meta: { auth: true, roles: ['operator', 'supervisor', 'admin'], title: 'hotline.title' },
  },
  { path: '/field', name: 'field', component: () => import('@/views/FieldVisitView.vue'), meta: { auth: true, title: 'field.title' } },
  { path: '/cases/:id(\\d+)', name: 'case', component: () => import('@/views/CaseView.vue'), meta: { auth: true, title: 'caseView.details' } },
  {
    path: '/escalations',
    name: 'escalations',
    component: () => import('@/views/EscalationsView.vue'),
    meta: { auth: true, roles: ['supervisor', 'admin'], title: 'escalations.title' },
  },
  // Service hall (玻璃门): kiosk, phone ticket, remote queue, calling display, rating pad, clerk
  // desk and the supervisor's live view.
  { path: '/display/:hall(\\d+)?', name: 'display', component: () => import('@/views/DisplayView.vue'), meta: { bare: true, title: 'topbar.display' } },
  { path: '/kiosk/:hall(\\d+)?', name: 'kiosk', component: () => import('@/views/KioskView.vue'), meta: { bare: true, title: 'hall.kiosk.title' } },
  { path: '/pad/:window(\\d+)', name: 'pad', component: () => import('@/views/PadView.vue'), meta: { bare: true, title: 'hall.pad.title' } },
  { path: '/queue/:hall(\\d+)?', name: 'queue', component: () => import('@/views/QueueView.vue'), meta: { title: 'hall.queue.title' } },
  { path: '/t/:ticketId', name: 'hall-ticket', component: () => import('@/views/TicketView.vue'), meta: { title: 'hall.ticket.title' } },
  {
    path: '/desk/window',
    name: 'window-desk',
    component: () => import('@/views/WindowDeskView.vue'),
    meta: { auth: true, roles: ['clerk', 'supervisor', 'admin'], title: 'hall.desk.title' },
  },
  {
    path: '/hall/:hall(\\d+)?',
    name: 'hall',
    component: () => import('@/views/HallView.vue'),
    meta: { auth: true, roles: ['supervisor', 'admin'], title: 'hall.super.title' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/DashboardView.vue'),
    meta: { auth: true, roles: ['supervisor', 'admin'], title: 'dashboard.title' },
  },
  {
    path: '/what-if',
    name: 'what-if',
    component: () => import('@/views/WhatIfView.vue'),
    meta: { auth: true, roles: ['supervisor', 'admin'], title: 'whatIf.title' },
  },
  { path: '/board', name: 'board', component: () => import('@/views/BoardView.vue'), meta: { title: 'board.title' } },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('@/views/AdminView.vue'),
    meta: { auth: true, roles: ['admin'], title: 'admin.title' },
  },
  { path: '/no-access', name: 'no-access', component: () => import('@/views/NoAccessView.vue'), meta: { auth: true, title: 'noAccess.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const session = useSession()
  const user = await session.ensure()
  if (to.meta.auth && !user) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  if (to.meta.roles && user && !to.meta.roles.includes(user.role)) {
    return { name: 'no-access', query: { from: to.fullPath } }
  }
  if (to.name === 'login' && user) {
    const r = typeof to.query.redirect === 'string' ? to.query.redirect : ''
    return safeRedirect(r)
  }
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  const base = t('app.fullName')
  document.title = to.meta.title ? `${t(to.meta.title)} · ${base}` : base
})

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeRedirect(r: string): string {
  if (r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login')) return r
  return '/desk'
}
