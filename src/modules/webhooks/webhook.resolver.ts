import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { CreatedWebhook, CreateWebhookInput, RotatedWebhookSecret, Webhook, WebhookDeliveryConnection, WebhookDeliveryFilter } from './webhook.type';

/**
 * Civil affairs only: it registers the departments' systems, lists and manages them, and watches
 * what they were sent. Each change is audited. A webhook outside the viewer's area answers as one
 * that does not exist.
 */
@Resolver()
export class WebhookResolver {
  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => CreatedWebhook, { description: "Registers a department's system to be told of events (signed, Standard Webhooks). The secret is returned once. Audited." })
  createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() { services, viewer }: RequestContext): Promise<CreatedWebhook> {
    return services.webhooks.create(viewer!, input);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Query(() => [Webhook], { description: 'The webhooks of your area (not deleted), oldest first: what each is told, where it goes, whether it is on, its pending and dead deliveries. Never a secret.' })
  webhooks(@Ctx() { services, viewer }: RequestContext): Promise<Webhook[]> {
    return services.webhooks.list(viewer!);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => Webhook, { description: 'Turns a webhook off: it is told nothing of what happens while it is off, and its pending deliveries wait. Audited.' })
  disableWebhook(@Arg('id', () => Int) id: number, @Ctx() { services, viewer }: RequestContext): Promise<Webhook> {
    return services.webhooks.disable(viewer!, id);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => Webhook, { description: 'Turns a webhook on again: it is told of what happens from now on, and its pending deliveries are sent. Audited.' })
  enableWebhook(@Arg('id', () => Int) id: number, @Ctx() { services, viewer }: RequestContext): Promise<Webhook> {
    return services.webhooks.enable(viewer!, id);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => Boolean, { description: 'Deletes a webhook: it is told nothing more, its pending deliveries are dropped, its secret wiped. What it was sent stays listed in webhookDeliveries. Audited.' })
  deleteWebhook(@Arg('id', () => Int) id: number, @Ctx() { services, viewer }: RequestContext): Promise<boolean> {
    return services.webhooks.delete(viewer!, id);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => RotatedWebhookSecret, { description: 'Gives a webhook a new signing secret, returned once; deliveries are signed with it from the next batch on. Audited.' })
  rotateWebhookSecret(@Arg('id', () => Int) id: number, @Ctx() { services, viewer }: RequestContext): Promise<RotatedWebhookSecret> {
    return services.webhooks.rotateSecret(viewer!, id);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries to the webhooks of your area: pending (with their last failure), delivered, dead.' })
  webhookDeliveries(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter?: WebhookDeliveryFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
  ): Promise<WebhookDeliveryConnection> {
    return services.webhooks.deliveries(viewer!, filter ?? {}, first ?? 20);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => Boolean, { description: 'Sends a dead delivery again. Audited.' })
  retryWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<boolean> {
    return services.webhooks.retry(viewer!, id);
  }
}
