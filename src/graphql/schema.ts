import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { CaseResolver } from '../modules/cases/case.resolver';
import { EventResolver } from '../modules/events/event.resolver';
import { EventSubscriptionResolver, NO_TOPICS } from '../modules/events/subscription.resolver';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver';
import { VisitResolver } from '../modules/casework/visit.resolver';
import { ChangesResolver } from '../modules/changes/changes.resolver';
import { VisitsDueResolver } from '../modules/casework/visits-due.resolver';
import { MandatoryReportResolver } from '../modules/cases/mandatory-report.resolver';
import { DashboardResolver } from '../modules/dashboard/dashboard.resolver';
import { IngestResolver } from '../modules/ingest/ingest.resolver';
import { ReviewResolver } from '../modules/review/review.resolver';
import { ChildResolver } from '../modules/sharing/child.resolver';
import { StatusResolver } from '../modules/status/status.resolver';

export const RESOLVERS = [IngestResolver, StatusResolver, ChildResolver, AuditResolver, ReviewResolver, DashboardResolver, VisitResolver, ChangesResolver, VisitsDueResolver, CaseResolver, MandatoryReportResolver, EventResolver, EventSubscriptionResolver, WebhookResolver] as const;

export function buildHubSchema(): Promise<GraphQLSchema> {
  // A field the role may not see is null with an "Access denied" error (the sections are
  // nullable), and the rest of the file still answers; a denied operation answers nothing.
  // Subscriptions read the event outbox, not topics in memory (subscription.resolver.ts).
  return buildSchema({ resolvers: [...RESOLVERS], validate: false, authChecker, authMode: 'error', pubSub: NO_TOPICS });
}

/** The SDL as committed in schema/schema.graphql: sorted, so that diffs show real changes only. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildHubSchema()))}\n`;
}
