import type { FunctionComponent } from 'preact';
import type { Role } from '../../../../schema/generated/console';
import { FILE_READERS } from '../access';
import type { Route } from '../router';
import type { Session } from '../session';
import { CASE_READERS, REPORTERS, REPORT_WORKERS, VISIT_KEEPERS } from '../casework';
import { AuditPage } from './audit';
import { CasePage } from './case';
import { CasesPage, ReportQueuePage } from './cases';
import { ReportsPage } from './reports';
import { VisitsDuePage } from './visits-due';
import { ChildFilePage } from './child-file';
import { ChildrenPage, DropoutsPage, UnregisteredPage } from './children';
import { DashboardPage } from './dashboard';
import { ReviewPage } from './review';

export interface PageProps {
  session: Session;
  route: Route;
  params: Record<string, string>;
}

/**
 * The console's pages: a new page is one entry here (its path, title, roles and component).
 * `nav`: listed in the menu (a child's file is reached from a list, not from the menu).
 */
export interface PageEntry {
  path: string;
  title: string;
  roles: readonly Role[];
  nav: boolean;
  component: FunctionComponent<PageProps>;
}

export const PAGES: readonly PageEntry[] = [
  { path: '/dashboard', title: '工作概览', roles: ['CIVIL_AFFAIRS', 'TOWN_SUPERVISOR'], nav: true, component: DashboardPage },
  { path: '/queues/dropouts', title: '辍学名单', roles: ['EDUCATION'], nav: true, component: DropoutsPage },
  { path: '/queues/unregistered', title: '无户籍名单', roles: ['POLICE'], nav: true, component: UnregisteredPage },
  { path: '/children', title: '儿童名册', roles: FILE_READERS, nav: true, component: ChildrenPage },
  { path: '/child/:id', title: '儿童档案', roles: FILE_READERS, nav: false, component: ChildFilePage },
  { path: '/review', title: '复核比对', roles: ['CIVIL_AFFAIRS'], nav: true, component: ReviewPage },
  { path: '/audit', title: '查阅记录', roles: ['AUDITOR'], nav: true, component: AuditPage },
  // Casework comes after the pages above, so that each role still lands on its first page.
  { path: '/cases', title: '个案跟踪', roles: CASE_READERS, nav: true, component: CasesPage },
  { path: '/case/:id', title: '个案', roles: CASE_READERS, nav: false, component: CasePage },
  { path: '/visits-due', title: '待走访', roles: VISIT_KEEPERS, nav: true, component: VisitsDuePage },
  { path: '/reports/queue', title: '报告处置', roles: REPORT_WORKERS, nav: true, component: ReportQueuePage },
  { path: '/reports', title: '强制报告', roles: REPORTERS, nav: true, component: ReportsPage },
];

/** Where a role lands after signing in: its first page in the menu. */
export function homeOf(role: Role): string {
  return PAGES.find((page) => page.nav && page.roles.includes(role))?.path ?? '/children';
}
