import type { Pool } from 'pg';
import { AREA_LENGTHS, aRole } from '../../auth/roles';
import { inArea, type Viewer } from '../../auth/viewer';
import { BadRequestError, checkPageSize } from '../common/requests';
import { kindsFor } from '../events/event-kinds';
import { requeueDelivery } from './delivery';
import type { SecretBox } from './secret-box';
import { newSigningSecret } from './signing';
import { webhookUrlProblem } from './url-policy';
import type { CreatedWebhook, CreateWebhookInput, Webhook, WebhookDeliveryConnection, WebhookDeliveryFilter } from './webhook.type';

const WEBHOOK_COLUMNS = `id, role, area_code AS "areaCode", url, kinds, created_at AS "createdAt"`;

/**
 * Civil affairs registers the departments' systems (002 §三(二): it leads the information
 * sharing), each for a role and an area inside its own; it sees their deliveries and may send a
 * dead one again. A subscriber is told what its role and area may see (delivery.ts).
 */
export class WebhookService {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly allowedHosts: readonly string[],
  ) {}

  async create(viewer: Viewer, input: CreateWebhookInput, createdBy: string): Promise<CreatedWebhook> {
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
    const { rows } = await this.pool.query<Webhook>(
      `/* createWebhook */ INSERT INTO webhook (role, area_code, url, kinds, secret_sealed, last_event_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(id), 0) FROM event), $6, now()) RETURNING ${WEBHOOK_COLUMNS}`,
      [input.role, area, input.url, kinds, this.box.seal(secret), createdBy],
    );
    return { webhook: rows[0], secret };
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

  /** Puts a dead delivery back in line: it is sent again, with a fresh 24 hours of retries. */
  async retry(viewer: Viewer, deliveryId: string): Promise<boolean> {
    if (!/^\d{1,18}$/.test(deliveryId)) throw new BadRequestError('id must be a delivery id');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ webhookId: number }>(
        `/* retryDeadDelivery */ UPDATE webhook_delivery d SET status = 'PENDING', first_attempt_at = NULL, next_attempt_at = NULL
         FROM webhook w WHERE d.id = $1::bigint AND w.id = d.webhook_id AND d.status = 'DEAD' AND left(w.area_code, length($2::text)) = $2::text
         RETURNING d.webhook_id AS "webhookId"`,
        [deliveryId, viewer.area],
      );
      if (rows.length === 0) throw new BadRequestError('no dead delivery with this id in your area');
      await requeueDelivery(client, rows[0].webhookId);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

