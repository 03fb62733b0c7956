import auditLogText from '../../../schema/operations/console/audit-log.graphql';
import childFileText from '../../../schema/operations/console/child-file.graphql';
import childrenText from '../../../schema/operations/console/children.graphql';
import dashboardText from '../../../schema/operations/console/dashboard.graphql';
import recordVisitText from '../../../schema/operations/console/record-visit.graphql';
import casesText from '../../../schema/operations/console/cases.graphql';
import caseText from '../../../schema/operations/console/case.graphql';
import updateCaseText from '../../../schema/operations/console/update-case.graphql';
import visitsDueText from '../../../schema/operations/console/visits-due.graphql';
import reportConcernText from '../../../schema/operations/console/report-concern.graphql';
import myReportsText from '../../../schema/operations/console/my-reports.graphql';
import concernReportsText from '../../../schema/operations/console/concern-reports.graphql';
import attachReportChildText from '../../../schema/operations/console/attach-report-child.graphql';
import recordReportResponseText from '../../../schema/operations/console/record-report-response.graphql';
import recordReportAssessmentText from '../../../schema/operations/console/record-report-assessment.graphql';
import recordReportSupportText from '../../../schema/operations/console/record-report-support.graphql';
import closeReportText from '../../../schema/operations/console/close-report.graphql';
import changeTotalsText from '../../../schema/operations/console/change-totals.graphql';
import hubPeriodsText from '../../../schema/operations/console/hub-periods.graphql';
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
  ConsoleCasesQuery,
  ConsoleCasesQueryVariables,
  ConsoleCaseQuery,
  ConsoleCaseQueryVariables,
  ConsoleUpdateCaseMutation,
  ConsoleUpdateCaseMutationVariables,
  ConsoleVisitsDueQuery,
  ConsoleVisitsDueQueryVariables,
  ConsoleReportConcernMutation,
  ConsoleReportConcernMutationVariables,
  ConsoleMyReportsQuery,
  ConsoleMyReportsQueryVariables,
  ConsoleConcernReportsQuery,
  ConsoleConcernReportsQueryVariables,
  ConsoleAttachReportChildMutation,
  ConsoleAttachReportChildMutationVariables,
  ConsoleRecordReportResponseMutation,
  ConsoleRecordReportResponseMutationVariables,
  ConsoleRecordReportAssessmentMutation,
  ConsoleRecordReportAssessmentMutationVariables,
  ConsoleRecordReportSupportMutation,
  ConsoleRecordReportSupportMutationVariables,
  ConsoleCloseReportMutation,
  ConsoleCloseReportMutationVariables,
  ConsoleChangeTotalsQuery,
  ConsoleChangeTotalsQueryVariables,
  ConsoleHubPeriodsQuery,
  ConsoleHubPeriodsQueryVariables,
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
export const ConsoleCases = operation<ConsoleCasesQuery, ConsoleCasesQueryVariables>(casesText);
export const ConsoleCase = operation<ConsoleCaseQuery, ConsoleCaseQueryVariables>(caseText);
export const ConsoleUpdateCase = operation<ConsoleUpdateCaseMutation, ConsoleUpdateCaseMutationVariables>(updateCaseText);
export const ConsoleVisitsDue = operation<ConsoleVisitsDueQuery, ConsoleVisitsDueQueryVariables>(visitsDueText);
export const ConsoleReportConcern = operation<ConsoleReportConcernMutation, ConsoleReportConcernMutationVariables>(reportConcernText);
export const ConsoleMyReports = operation<ConsoleMyReportsQuery, ConsoleMyReportsQueryVariables>(myReportsText);
export const ConsoleConcernReports = operation<ConsoleConcernReportsQuery, ConsoleConcernReportsQueryVariables>(concernReportsText);
export const ConsoleAttachReportChild = operation<ConsoleAttachReportChildMutation, ConsoleAttachReportChildMutationVariables>(attachReportChildText);
export const ConsoleRecordReportResponse = operation<ConsoleRecordReportResponseMutation, ConsoleRecordReportResponseMutationVariables>(recordReportResponseText);
export const ConsoleRecordReportAssessment = operation<ConsoleRecordReportAssessmentMutation, ConsoleRecordReportAssessmentMutationVariables>(recordReportAssessmentText);
export const ConsoleRecordReportSupport = operation<ConsoleRecordReportSupportMutation, ConsoleRecordReportSupportMutationVariables>(recordReportSupportText);
export const ConsoleCloseReport = operation<ConsoleCloseReportMutation, ConsoleCloseReportMutationVariables>(closeReportText);
export const ConsoleChangeTotals = operation<ConsoleChangeTotalsQuery, ConsoleChangeTotalsQueryVariables>(changeTotalsText);
export const ConsoleHubPeriods = operation<ConsoleHubPeriodsQuery, ConsoleHubPeriodsQueryVariables>(hubPeriodsText);
