import decideReviewText from '../../../../schema/operations/console/decide-review.graphql';
import reviewQueueText from '../../../../schema/operations/console/review-queue.graphql';
import type {
  ConsoleDecideReviewMutation,
  ConsoleDecideReviewMutationVariables,
  ConsoleReviewQueueQuery,
  ConsoleReviewQueueQueryVariables,
} from '../../../../schema/generated/console';
import type { Operation } from '../operations';

/** The review screen's operations (schema/operations/console), typed by codegen. */
export const ConsoleReviewQueue: Operation<ConsoleReviewQueueQuery, ConsoleReviewQueueQueryVariables> = { text: reviewQueueText };
export const ConsoleDecideReview: Operation<ConsoleDecideReviewMutation, ConsoleDecideReviewMutationVariables> = { text: decideReviewText };

export type ReviewItem = ConsoleReviewQueueQuery['reviewQueue']['items'][number];
export type Decision = ConsoleDecideReviewMutationVariables['input']['decision'];
