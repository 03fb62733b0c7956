import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { REPORT_STEP_ROLES } from './mandatory-report.service';
import {
  AttachReportChildInput, CloseReportInput, ConcernReportConnection, ConcernReportDetail, ConcernReportStatus,
  RecordReportAssessmentInput, RecordReportResponseInput, RecordReportSupportInput, ReportCaseStatus, ReportConcernInput,
} from './mandatory-report.type';

/** The mandatory report's chain (强制报告, 001 §二(三)(五)(六)); who takes each step: REPORT_STEP_ROLES. */
@Resolver()
export class MandatoryReportResolver {
  @Authorized(...REPORT_STEP_ROLES.report)
  @Mutation(() => ConcernReportStatus, { description: 'Report a concern about a child (强制报告): any role but the auditor. Opens a MANDATORY_REPORT case for the police (response due in 24 h), or joins the one the child has.' })
  reportConcern(@Arg('input', () => ReportConcernInput) input: ReportConcernInput, @Ctx() { services, viewer }: RequestContext): Promise<ConcernReportStatus> {
    return services.reports.report(viewer!, input);
  }

  @Authorized(...REPORT_STEP_ROLES.report)
  @Query(() => ConcernReportConnection, { description: 'Your own reports, newest first, 20 a page (at most 100): where each stands, nothing of the child’s file.' })
  myReports(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConcernReportConnection> {
    return services.reports.myReports(viewer!, first ?? 20, after);
  }

  @Authorized(...REPORT_STEP_ROLES.read)
  @Query(() => [ConcernReportDetail], { description: 'The reports behind a MANDATORY_REPORT case of your area, with the children a report without a child id may be about (police and civil affairs). Empty when there is no such case. Audited.' })
  concernReports(@Arg('caseId', () => ID) caseId: string, @Ctx() { services, viewer }: RequestContext): Promise<ConcernReportDetail[]> {
    return services.reports.concernReports(viewer!, caseId);
  }

  @Authorized(...REPORT_STEP_ROLES.attach)
  @Mutation(() => ReportCaseStatus, { description: 'Police or civil affairs name the child a report without a child id is about. A child with a report case already open takes the report there.' })
  attachReportChild(@Arg('input', () => AttachReportChildInput) input: AttachReportChildInput, @Ctx() { services, viewer }: RequestContext): Promise<ReportCaseStatus> {
    return services.reports.attachChild(viewer!, input);
  }

  @Authorized(...REPORT_STEP_ROLES.respond)
  @Mutation(() => ReportCaseStatus, { description: 'Police record the response (出警), the emergency measure and the notice to the town; the case passes to civil affairs and the town supervisor, assessment due in 15 days.' })
  recordReportResponse(@Arg('input', () => RecordReportResponseInput) input: RecordReportResponseInput, @Ctx() { services, viewer }: RequestContext): Promise<ReportCaseStatus> {
    return services.reports.recordResponse(viewer!, input);
  }

  @Authorized(...REPORT_STEP_ROLES.assess)
  @Mutation(() => ReportCaseStatus, { description: 'The town supervisor or civil affairs record the assessment (安全处境, 监护情况, 身心健康) after the response.' })
  recordReportAssessment(@Arg('input', () => RecordReportAssessmentInput) input: RecordReportAssessmentInput, @Ctx() { services, viewer }: RequestContext): Promise<ReportCaseStatus> {
    return services.reports.recordAssessment(viewer!, input);
  }

  @Authorized(...REPORT_STEP_ROLES.support)
  @Mutation(() => ReportCaseStatus, { description: 'The town supervisor or civil affairs record support arranged after the assessment (监护指导, 医疗救治, 心理疏导, 法律援助, 纳入保障…).' })
  recordReportSupport(@Arg('input', () => RecordReportSupportInput) input: RecordReportSupportInput, @Ctx() { services, viewer }: RequestContext): Promise<ReportCaseStatus> {
    return services.reports.recordSupport(viewer!, input);
  }

  @Authorized(...REPORT_STEP_ROLES.close)
  @Mutation(() => ReportCaseStatus, { description: 'The town supervisor or civil affairs close an assessed report with an outcome: GUARDIANSHIP_RESTORED, SUPPORT_ARRANGED, NO_CONCERN_FOUND or REFERRED.' })
  closeReport(@Arg('input', () => CloseReportInput) input: CloseReportInput, @Ctx() { services, viewer }: RequestContext): Promise<ReportCaseStatus> {
    return services.reports.close(viewer!, input);
  }
}
