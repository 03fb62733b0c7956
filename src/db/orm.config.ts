import { JobWorkerEntity } from '../jobs/job-worker.entity';
import path from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ImportRejection } from '../modules/ingest/import-rejection.entity';
import { ImportRun } from '../modules/ingest/import-run.entity';
import { SourceRecordVersion } from '../modules/ingest/source-record-version.entity';
import { SourceRecord } from '../modules/ingest/source-record.entity';
import { HubEventEntity } from '../modules/events/event.entity';
import { WebhookDeliveryEntity, WebhookEntity } from '../modules/webhooks/webhook.entity';
import { AuditEntry } from '../modules/audit/audit-entry.entity';
import { Visit } from '../modules/casework/visit.entity';
import { CaseEntity } from '../modules/cases/case.entity';
import { CaseEvent } from '../modules/cases/case-event.entity';
import { ConcernReport } from '../modules/cases/concern-report.entity';
import { AreaTally } from '../modules/dashboard/area-tally.entity';
import { ChildAlias } from '../modules/identity/child-alias.entity';
import { ChildRecord } from '../modules/identity/child-record.entity';
import { Child } from '../modules/identity/child.entity';
import { LinkEvent } from '../modules/identity/link-event.entity';
import { ReconcileRun } from '../modules/identity/reconcile-run.entity';
import { ReviewDecision } from '../modules/identity/review-decision.entity';
import { ReviewItem } from '../modules/identity/review-item.entity';
import { ChildPeriodState, PeriodSnapshot } from '../modules/changes/child-period-state.entity';

export const ENTITIES = [
  ImportRun, SourceRecord, SourceRecordVersion, ImportRejection,
  ReconcileRun, Child, ChildAlias, ChildRecord, LinkEvent, ReviewItem, ReviewDecision,
  AuditEntry, Visit, AreaTally, CaseEntity, CaseEvent, ConcernReport,
  ChildPeriodState, PeriodSnapshot,
  HubEventEntity, WebhookEntity, WebhookDeliveryEntity, JobWorkerEntity,
];

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/** The one MikroORM configuration, shared by the server, the CLI, the migration script and tests. */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    // A second instance must never need state from this process (docs/ROADMAP.md, stage 6): no metadata cache files.
    metadataCache: { enabled: false },
    discovery: { warnWhenNoEntities: true },
    driverOptions: { connection: { application_name: 'hub' } },
    pool: { min: 0, max: 10 },
    // MikroORM logs (the migrator's included) go to stderr: stdout belongs to the commands' output.
    logger: (message: string) => process.stderr.write(`${message}\n`),
    colors: false,
    // graphile-worker's schema is the queue's own, migrated by it (jobs/queue.ts): not the entities'.
    schemaGenerator: { ignoreSchema: ['graphile_worker'] },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    ...overrides,
  });
}
