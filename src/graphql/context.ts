import type DataLoader from 'dataloader';
import type { Viewer } from '../auth/viewer';
import type { AuditService } from '../modules/audit/audit.service';
import type { CaseService } from '../modules/cases/case.service';
import type { VisitService } from '../modules/casework/visit.service';
import type { ChangesService } from '../modules/changes/changes.service';
import type { VisitsDueService } from '../modules/casework/visits-due.service';
import type { MandatoryReportService } from '../modules/cases/mandatory-report.service';
import type { VisitRecord } from '../modules/casework/visit.type';
import type { EventService } from '../modules/events/event.service';
import type { WebhookService } from '../modules/webhooks/webhook.service';
import type { DashboardService } from '../modules/dashboard/dashboard.service';
import type { ReviewService } from '../modules/identity/review.service';
import type { ImportService } from '../modules/ingest/import.service';
import type { ChildLoaders } from '../modules/sharing/child.loaders';
import type { ChildService } from '../modules/sharing/child.service';
import type { StatusService } from '../modules/status/status.service';

/** The services a request may use; built once in the composition root and handed to each request. */
export interface Services {
  imports: ImportService;
  status: StatusService;
  children: ChildService;
  audit: AuditService;
  reviews: ReviewService;
  dashboard: DashboardService;
  visits: VisitService;
  changes: ChangesService;
  visitsDue: VisitsDueService;
  cases: CaseService;
  reports: MandatoryReportService;
  events: EventService;
  webhooks: WebhookService;
}

export interface RequestContext {
  services: Services;
  /** Who asks: every request carries a verified token (no token is an HTTP 401 before this). */
  viewer: Viewer | null;
  /** Fresh per request. */
  loaders: ChildLoaders & { visits: DataLoader<string, VisitRecord[]> };
}
