import type { ApolloServerPlugin } from '@apollo/server';
import { seesFullIdNumbers } from '../auth/access';
import { maskIdNumbersDeep } from '../auth/masking';
import type { RequestContext } from './context';

/**
 * The one place ID numbers are masked: every answer to a viewer whose role does not see full ID
 * numbers (auth/access.ts) is walked once before it is sent, and every ID number in it is masked,
 * wherever it sits: a field, a flag's evidence, a record key, a pushed row's rejection, an error
 * message. A field added tomorrow is masked without anyone remembering to. An answer without a
 * known viewer (no or a bad token) is masked too.
 */
export function idMaskingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const viewer = (contextValue as Partial<RequestContext> | undefined)?.viewer;
          if (viewer != null && seesFullIdNumbers(viewer.role)) return;
          if (response.body.kind === 'single') {
            maskIdNumbersDeep(response.body.singleResult);
          } else {
            maskIdNumbersDeep(response.body.initialResult);
            // Incremental delivery (@defer/@stream) is not enabled; mask its parts anyway should it be.
            const parts = response.body.subsequentResults;
            response.body.subsequentResults = (async function* () {
              for await (const part of parts) yield maskIdNumbersDeep(part) as typeof part;
            })();
          }
        },
      };
    },
  };
}
