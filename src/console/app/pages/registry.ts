import type { FunctionComponent } from 'preact';
import type { Role } from '../../../../schema/generated/console';
import { FILE_READERS } from '../access';
import type { Route } from '../router';
import type { Session } from '../session';
import { AuditPage } from './audit';
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
];

/** Where a role lands after signing in: its first page in the menu. */
export function homeOf(role: Role): string {
  return PAGES.find((page) => page.nav && page.roles.includes(role))?.path ?? '/children';
}
