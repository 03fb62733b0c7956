import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { CreatedWebhook, CreateWebhookInput, WebhookDeliveryConnection, WebhookDeliveryFilter } from './webhook.type';

/** Civil affairs only: it registers the departments' systems and watches what they were sent. */
@Resolver()
export class WebhookResolver {
  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => CreatedWebhook, { description: "Registers a department's system to be told of events (signed, Standard Webhooks). The secret is returned once." })
  createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() { services, viewer }: RequestContext): Promise<CreatedWebhook> {
    return services.webhooks.create(viewer!, input, viewer!.sub);
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
  @Mutation(() => Boolean, { description: 'Sends a dead delivery again.' })
  retryWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<boolean> {
    return services.webhooks.retry(viewer!, id);
  }
}
