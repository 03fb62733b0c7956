import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import type { ReviewVerdict } from '../identity/review-decision.entity';
import { DecideReviewInput, ReviewItem, ReviewQueue } from './review.type';

/** The review queue, settled by civil affairs (002 §三(二): 民政 leads the comparison). */
@Resolver()
export class ReviewResolver {
  @Authorized(Role.CIVIL_AFFAIRS)
  @Query(() => ReviewQueue, { description: 'Open review items of your county, strongest first.' })
  async reviewQueue(@Ctx() { services, viewer }: RequestContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number): Promise<ReviewQueue> {
    return services.reviews.queue(viewer!, first ?? 20);
  }

  @Authorized(Role.CIVIL_AFFAIRS)
  @Mutation(() => ReviewItem, { description: 'Settle a review item; the next hub reconcile obeys the decision.' })
  async decideReview(@Arg('input', () => DecideReviewInput) input: DecideReviewInput, @Ctx() { services, viewer }: RequestContext): Promise<ReviewItem> {
    // ReviewDecisionKind's values are the stored verdicts ('MATCH' | 'NO_MATCH').
    return services.reviews.decideAsViewer(viewer!, { id: input.id, decision: input.decision as ReviewVerdict, reason: input.reason });
  }
}
