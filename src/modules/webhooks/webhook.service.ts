import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db/transaction';
import { AREA_LENGTHS, aRole, type Role } from '../../auth/roles';
import { inArea, type Viewer } from '../../auth/viewer';
import { BadRequestError, checkPageSize } from '../common/requests';
import { kindsFor, type EventKind } from '../events/event-kinds';
import { requeueDelivery } from './delivery';
import type { SecretBox } from './secret-box';
import { newSigningSecret } from './signing';
import { webhookUrlProblem } from './url-policy';
import { auditWebhookAction, type WebhookAction } from './webhook-audit';
import type { CreatedWebhook, CreateWebhookInput, RotatedWebhookSecret, Webhook, WebhookDeliveryConnection, WebhookDeliveryFilter } from './webhook.type';

/** A subscriber's row as read: its URL whole (the answer shows only host and path). */
interface WebhookRow {
  id: number;
  role: Role;
  areaCode: string;
  url: string;
  kinds: EventKind[];
  createdBy: string;
  createdAt: Date;
  enabled: boolean;
  pendingDeliveries: number;
  deadDeliveries: number;
}

/** How a mutation changes a subscriber's row (WebhookService.change). */
interface WebhookChange {
  /** SQL assignments on `webhook w`; their parameters are `values`, from $3. */
  set: string;
  values?: unknown[];
  /** More work in the same transaction, once the row is changed and audited. */
  then?: (client: PoolClient, webhookId: number) => Promise<void>;
}

/** A subscriber's columns, on `webhook w`, with its pending and dead deliveries counted (index webhook_id, status, event_id). */
const WEBHOOK_COLUMNS = `w.id, w.role, w.area_code AS "areaCode", w.url, w.kinds, w.created_by AS "createdBy", w.created_at AS "createdAt", w.enabled,
  (SELECT count(*)::int FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'PENDING') AS "pendingDeliveries",
  (SELECT count(*)::int FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'DEAD') AS "deadDeliveries"`;

/**
 * The one answer for a subscriber that does not exist, was deleted, or lies outside the viewer's
 * area: whether another county has a webhook of that id is not told.
 */
const NO_SUCH_WEBHOOK = 'no webhook with this id in your area';

function shown(row: WebhookRow): Webhook {
  const { url, ...rest } = row;
  const parsed = new URL(url);
  return { ...rest, host: parsed.host, path: parsed.pathname };
}

/**
 * Civil affairs registers the departments' systems (002 §三(二): it leads the information
 * sharing), each for a role and an area inside its own; it lists them, turns them off and on,
 * deletes them, gives them a new secret, sees their deliveries and may send a dead one again.
 * A subscriber is told what its role and area may see (delivery.ts). Every change of who is told
 * is written to the audit log in its own transaction (webhook-audit.ts).
 */
export class WebhookService {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly allowedHosts: readonly string[],
  ) {}

  async create(viewer: Viewer, input: CreateWebhookInput, createdBy: string = viewer.sub): Promise<CreatedWebhook> {
    const area = input.areaCode.trim();
    if (!/^\d+$/.test(area) || !AREA_LENGTHS[input.role].includes(area.length)) {
      throw new BadRequestError(`${aRole(input.role)} subscriber needs an area code of ${AREA_LENGTHS[input.role].join(' or ')} digits`);
    }
    if (!inArea(viewer, area)) throw new BadRequestError(`the area ${area} is outside your area ${viewer.area}`);
    const heard = kindsFor(input.role);
    const kinds = [...new Set(input.kinds)];
    const unheard = kinds.filter((k) => !heard.includes(k));
    if (kinds.length === 0) throw new BadRequestError('kinds must name at least one kind of event');
    if (unheard.length > 0) throw new BadRequestError(`${aRole(input.role)} is not told of ${unheard.join(', ')}`);
    const problem = webhookUrlProblem(input.url, this.allowedHosts);
    if (problem !== null) throw new BadRequestError(problem);
    const secret = newSigningSecret();
    const row = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<WebhookRow>(
        `/* createWebhook */ INSERT INTO webhook AS w (role, area_code, url, kinds, secret_sealed, last_event_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(id), 0) FROM event), $6, now()) RETURNING ${WEBHOOK_COLUMNS}`,
        [input.role, area, input.url, kinds, this.box.seal(secret), createdBy],
      );
      await auditWebhookAction(client, viewer, 'createWebhook', rows[0]);
      return rows[0];
    });
    return { webhook: shown(row), secret };
  }

  /** The subscribers of the viewer's area, oldest first (a county has a handful: no paging). */
  async list(viewer: Viewer): Promise<Webhook[]> {
    const { rows } = await this.pool.query<WebhookRow>(
      `/* webhooksOfArea */ SELECT ${WEBHOOK_COLUMNS} FROM webhook w
       WHERE w.deleted_at IS NULL AND left(w.area_code, length($1::text)) = $1::text ORDER BY w.id`,
      [viewer.area],
    );
    return rows.map(shown);
  }

  /** Off: the fan-out skips it from now on, and its deliveries not yet made wait until it is enabled. */
  async disable(viewer: Viewer, id: number): Promise<Webhook> {
    return shown(await this.change(viewer, id, 'disableWebhook', { set: 'enabled = false' }));
  }

  /**
   * On again: told of what happens from now on (not of what happened while it was off, as a new
   * subscriber is told nothing earlier), and its waiting deliveries are sent.
   */
  async enable(viewer: Viewer, id: number): Promise<Webhook> {
    // Event ids follow commit order (outbox.ts lockEventWriters): any event committed after this
    // read has a larger id, and is told.
    const row = await this.change(viewer, id, 'enableWebhook', {
      set: 'enabled = true, last_event_id = CASE WHEN w.enabled THEN w.last_event_id ELSE (SELECT coalesce(max(id), 0) FROM event) END',
      then: requeueDelivery,
    });
    return shown(row);
  }

  /**
   * Gone: off for good, its sealed secret wiped and its deliveries not yet made dropped; the row
   * and its delivered and dead deliveries stay, a record of what it was sent.
   */
  async delete(viewer: Viewer, id: number): Promise<boolean> {
    await this.change(viewer, id, 'deleteWebhook', {
      set: `enabled = false, deleted_at = now(), deleted_by = $3, secret_sealed = ''`,
      values: [viewer.sub],
      then: async (client, webhookId) => {
        await client.query(`/* dropPendingDeliveries */ DELETE FROM webhook_delivery WHERE webhook_id = $1 AND status = 'PENDING'`, [webhookId]);
      },
    });
    return true;
  }

  /** A new signing secret, returned this once; the old one signs nothing from the next batch of deliveries on. */
  async rotateSecret(viewer: Viewer, id: number): Promise<RotatedWebhookSecret> {
    const secret = newSigningSecret();
    const row = await this.change(viewer, id, 'rotateWebhookSecret', { set: 'secret_sealed = $3', values: [this.box.seal(secret)] });
    return { webhook: shown(row), secret };
  }

  async deliveries(viewer: Viewer, filter: WebhookDeliveryFilter, first: number): Promise<WebhookDeliveryConnection> {
    checkPageSize(first);
    const after = filter.after ?? '0';
    if (!/^\d{1,18}$/.test(after)) throw new BadRequestError('after must be a delivery id');
    const { rows } = await this.pool.query(
      `/* webhookDeliveries */ SELECT d.id::text AS id, d.webhook_id AS "webhookId", d.event_id::text AS "eventId", e.kind, d.status, d.attempts,
         d.last_status AS "lastStatus", d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"
       FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN event e ON e.id = d.event_id
       WHERE d.id > $1::bigint AND left(w.area_code, length($2::text)) = $2::text
         AND ($3::int IS NULL OR d.webhook_id = $3) AND ($4::text IS NULL OR d.status = $4)
       ORDER BY d.id LIMIT $5`,
      [after, viewer.area, filter.webhookId ?? null, filter.status ?? null, first + 1],
    );
    const page = rows.slice(0, first);
    return { nodes: page, pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? page[page.length - 1].id : null } };
  }

  /** Puts a dead delivery of a subscriber not deleted back in line: it is sent again, with a fresh 24 hours of retries. */
  async retry(viewer: Viewer, deliveryId: string): Promise<boolean> {
    if (!/^\d{1,18}$/.test(deliveryId)) throw new BadRequestError('id must be a delivery id');
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<WebhookRow>(
        `/* retryDeadDelivery */ UPDATE webhook_delivery d SET status = 'PENDING', first_attempt_at = NULL, next_attempt_at = NULL
         FROM webhook w WHERE d.id = $1::bigint AND w.id = d.webhook_id AND d.status = 'DEAD' AND w.deleted_at IS NULL
           AND left(w.area_code, length($2::text)) = $2::text
         RETURNING w.id, w.role, w.area_code AS "areaCode", w.url, w.kinds`,
        [deliveryId, viewer.area],
      );
      if (rows.length === 0) throw new BadRequestError('no dead delivery with this id in your area');
      await auditWebhookAction(client, viewer, 'retryWebhookDelivery', rows[0], { deliveryId });
      await requeueDelivery(client, rows[0].id);
    });
    return true;
  }

  /**
   * One change of a subscriber of the viewer's area, not deleted: `set` (SQL on `webhook w`, its
   * parameters `values` from $3), audited and followed by `then` in the same transaction. The
   * update locks the row, so a fan-out under way (delivery.ts, FOR UPDATE) finishes first.
   */
  private async change(viewer: Viewer, id: number, action: Exclude<WebhookAction, 'createWebhook' | 'retryWebhookDelivery'>, change: WebhookChange): Promise<WebhookRow> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1) throw new BadRequestError(NO_SUCH_WEBHOOK);
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<WebhookRow>(
        `/* ${action} */ UPDATE webhook w SET ${change.set}
         WHERE w.id = $1 AND w.deleted_at IS NULL AND left(w.area_code, length($2::text)) = $2::text
         RETURNING ${WEBHOOK_COLUMNS}`,
        [id, viewer.area, ...(change.values ?? [])],
      );
      if (rows.length === 0) throw new BadRequestError(NO_SUCH_WEBHOOK);
      await auditWebhookAction(client, viewer, action, rows[0]);
      await change.then?.(client, rows[0].id);
      return rows[0];
    });
  }

}
