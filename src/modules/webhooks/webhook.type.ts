import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { EventKind } from '../events/event-kinds';
import { PageInfo } from '../sharing/child.type';

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus', description: 'PENDING: not yet delivered (retried with backoff); DELIVERED; DEAD: failed for 24 hours, kept for a retry by hand.' });

@InputType()
export class CreateWebhookInput {
  @Field(() => Role, { description: 'The department it speaks for: it is told what that role may see, nothing more.' }) role!: Role;
  @Field({ description: "The area it is told about: a code of the role's level, inside your area." }) areaCode!: string;
  @Field({ description: 'https, to a host listed in HUB_WEBHOOK_HOSTS.' }) url!: string;
  @Field(() => [EventKind]) kinds!: EventKind[];
}

@ObjectType({ description: "A department's system told of events. Its signing secret is never shown again after its creation (or a new one's)." })
export class Webhook {
  @Field(() => Int) id!: number;
  @Field(() => Role) role!: Role;
  @Field() areaCode!: string;
  @Field({ description: 'The host it is sent to (with its port, if any).' }) host!: string;
  @Field({ description: "The URL's path; its query string is not shown (it may carry the receiver's own token)." }) path!: string;
  @Field(() => [EventKind]) kinds!: EventKind[];
  @Field({ description: 'The token subject that registered it.' }) createdBy!: string;
  @Field() createdAt!: Date;
  @Field({ description: 'Off: it is told nothing of what happens meanwhile, and its pending deliveries wait.' }) enabled!: boolean;
  @Field(() => Int, { description: 'Deliveries not yet made (waiting, or retried with backoff).' }) pendingDeliveries!: number;
  @Field(() => Int, { description: 'Deliveries that failed for 24 hours (retryWebhookDelivery sends one again).' }) deadDeliveries!: number;
}

@ObjectType()
export class CreatedWebhook {
  @Field(() => Webhook) webhook!: Webhook;
  @Field({ description: 'The signing secret (Standard Webhooks, whsec_…): shown this once, never again.' }) secret!: string;
}

@ObjectType()
export class RotatedWebhookSecret {
  @Field(() => Webhook) webhook!: Webhook;
  @Field({ description: 'The new signing secret (whsec_…), used from now on: shown this once, never again. The old one no longer signs.' }) secret!: string;
}

@ObjectType()
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => Int) webhookId!: number;
  @Field(() => ID) eventId!: string;
  @Field(() => EventKind) kind!: EventKind;
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true }) lastStatus!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => Int, { nullable: true }) webhookId?: number;
  @Field(() => DeliveryStatus, { nullable: true }) status?: DeliveryStatus;
  @Field(() => ID, { nullable: true, description: 'Only deliveries after this id.' }) after?: string;
}

@ObjectType()
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDelivery]) nodes!: WebhookDelivery[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
