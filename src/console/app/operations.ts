import auditLogText from '../../../schema/operations/console/audit-log.graphql';
import childFileText from '../../../schema/operations/console/child-file.graphql';
import childrenText from '../../../schema/operations/console/children.graphql';
import dashboardText from '../../../schema/operations/console/dashboard.graphql';
import recordVisitText from '../../../schema/operations/console/record-visit.graphql';
import type {
  ConsoleAuditLogQuery,
  ConsoleAuditLogQueryVariables,
  ConsoleChildFileQuery,
  ConsoleChildFileQueryVariables,
  ConsoleChildrenQuery,
  ConsoleChildrenQueryVariables,
  ConsoleDashboardQuery,
  ConsoleDashboardQueryVariables,
  ConsoleRecordVisitMutation,
  ConsoleRecordVisitMutationVariables,
} from '../../../schema/generated/console';

/**
 * An operation of schema/operations/console with the result and variable types codegen made
 * from it (schema/generated/console.ts): the page sends the text, the compiler checks the use.
 */
export interface Operation<Result, Variables> {
  readonly text: string;
  /** Phantom fields: they carry the types, never a value. */
  readonly result?: Result;
  readonly variables?: Variables;
}

const operation = <Result, Variables>(text: string): Operation<Result, Variables> => ({ text });

export const ConsoleDashboard = operation<ConsoleDashboardQuery, ConsoleDashboardQueryVariables>(dashboardText);
export const ConsoleChildFile = operation<ConsoleChildFileQuery, ConsoleChildFileQueryVariables>(childFileText);
export const ConsoleChildren = operation<ConsoleChildrenQuery, ConsoleChildrenQueryVariables>(childrenText);
export const ConsoleRecordVisit = operation<ConsoleRecordVisitMutation, ConsoleRecordVisitMutationVariables>(recordVisitText);
export const ConsoleAuditLog = operation<ConsoleAuditLogQuery, ConsoleAuditLogQueryVariables>(auditLogText);
