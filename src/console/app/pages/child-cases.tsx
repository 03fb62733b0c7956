import { ErrorNotice, Section } from '../components';
import { useOperation } from '../data';
import { ConsoleCases } from '../operations';
import type { Session } from '../session';
import { CaseTable } from './cases';

/**
 * 个案 on a child's file: the child's cases that the role reads (the hub filters by role and
 * area: education sees its dropout follow-ups, police theirs), shown only when there are some.
 */
export function ChildCases({ session, childId, names }: { session: Session; childId: string; names: Map<string, string> }) {
  const { data, error } = useOperation(session, ConsoleCases, { filter: { childId, areaCode: undefined, kind: undefined, overdue: undefined, owner: undefined, status: undefined }, after: null });
  if (error !== null) return <ErrorNotice error={error} />;
  if (data === null || data.cases.totalCount === 0) return null;
  return (
    <Section title="个案" id="cases">
      <CaseTable cases={data.cases.edges.map((e) => e.node)} names={names} role={session.role} reports={false} />
    </Section>
  );
}
