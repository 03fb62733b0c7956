import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A department's system that hears of events (webhook.service.ts), by its role and area. */
@Entity({ tableName: 'webhook' })
export class WebhookEntity {
  @PrimaryKey()
  id!: number;

  /** The role whose rules decide what it is told (auth/access.ts, events/event-kinds.ts). */
  @Property({ length: 20 })
  role!: string;

  @Property({ length: 12 })
  areaCode!: string;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text[]' })
  kinds!: string[];

  /** The signing secret, encrypted with the hub's webhook key (AES-256-GCM): never stored in clear. */
  @Property({ type: 'text' })
  secretSealed!: string;

  /** The last event the fan-out considered for this subscriber: it hears of what follows its creation. */
  @Property({ type: 'bigint' })
  lastEventId!: string;

  @Property({ length: 200 })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  /** Off: the fan-out skips it (it is told nothing meanwhile) and its pending deliveries wait. */
  @Property({ default: true })
  enabled: boolean = true;

  /** Deleted: kept, off and without its secret, so that what it was sent stays on record. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt?: Date;

  @Property({ length: 200, nullable: true })
  deletedBy?: string;
}

/** One event owed to one subscriber: delivered at least once, retried, then dead-lettered. */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['webhookId', 'eventId'] })
@Index({ properties: ['webhookId', 'childKey', 'status', 'eventId'] })
@Index({ properties: ['webhookId', 'status', 'eventId'] })
export class WebhookDeliveryEntity {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property()
  webhookId!: number;

  @Property({ type: 'bigint' })
  eventId!: string;

  /** The child the event is about ('' for none): deliveries of one child go in event order. */
  @Property({ length: 20 })
  childKey!: string;

  @Enum({ items: ['PENDING', 'DELIVERED', 'DEAD'] })
  status!: 'PENDING' | 'DELIVERED' | 'DEAD';

  @Property()
  attempts!: number;

  @Property({ nullable: true })
  lastStatus?: number;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  firstAttemptAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date;

  /** After a failed attempt: not sent again (nor the child's later events) before this time. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt?: Date;
}
