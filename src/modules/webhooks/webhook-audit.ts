import type { PoolClient } from 'pg';
import type { Viewer } from '../../auth/viewer';

/** The mutations that change who is told about children, as the audit log names them. */
export type WebhookAction = 'createWebhook' | 'disableWebhook' | 'enableWebhook' | 'deleteWebhook' | 'rotateWebhookSecret' | 'retryWebhookDelivery';

/** A subscriber as the audit log describes it: what it is told and where it goes, never its secret. */
export interface AuditedWebhook {
  id: number;
  role: string;
  areaCode: string;
  kinds: readonly string[];
  url: string;
}

/**
 * Appends one change of who is told about children to the audit log, inside the caller's
 * transaction: no audit row, no change. Who (the token's subject, role and area) and when, as for
 * a read; what in `detail`: the subscriber's id, role, area, kinds and target host. The host and
 * not the URL: a receiver's path or query may carry a token of its own.
 */
export async function auditWebhookAction(client: PoolClient, viewer: Viewer, action: WebhookAction, hook: AuditedWebhook, extra: Record<string, string> = {}): Promise<void> {
  const detail = { webhookId: hook.id, role: hook.role, areaCode: hook.areaCode, kinds: [...hook.kinds], host: new URL(hook.url).host, ...extra };
  await client.query(
    `/* auditWebhookAction */ INSERT INTO audit_entry (at, subject, role, area, operation, child_id, detail)
     VALUES (clock_timestamp(), $1, $2, $3, $4, NULL, $5::jsonb)`,
    [viewer.sub, viewer.role, viewer.area, `${action}:webhook:${hook.id}`, JSON.stringify(detail)],
  );
}
