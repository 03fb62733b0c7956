import { useState } from 'preact/hooks';
import { ErrorNotice, Loading, PageTitle } from '../components';
import { areaLabel, useAreaNames, useOperation } from '../data';
import { formatCount, formatDateTime } from '../format';
import { AUDIT_OPERATION_LABELS, label, ROLE_LABELS } from '../labels';
import { ConsoleAuditLog } from '../operations';
import { navigate } from '../router';
import type { PageProps } from './registry';

/** 查阅记录 (auditors): who read a child's file, and when. The auditor never reads the file itself. */
export function AuditPage({ session, route }: PageProps) {
  const childId = route.query.get('child') ?? '';
  const [input, setInput] = useState(childId);
  const names = useAreaNames(session);
  const { data, error, loading } = useOperation(session, ConsoleAuditLog, childId === '' ? null : { childId, after: null });
  return (
    <div class="audit">
      <PageTitle title="查阅记录" />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate('/audit', { child: input.trim() || null });
        }}
      >
        <label>
          儿童编号
          <input name="child" value={input} placeholder="例如 C0123abcd" onInput={(e) => setInput((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">查询谁查看了该儿童</button>
      </form>
      {childId === '' && <p class="muted">输入儿童编号，查看谁在何时查阅过该儿童的档案。</p>}
      {loading && <Loading />}
      {error !== null && <ErrorNotice error={error} />}
      {data !== null && (
        <>
          <p data-testid="total-count">共 {formatCount(data.auditLog.totalCount)} 次查阅</p>
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>时间</th>
                <th>查阅人</th>
                <th>角色</th>
                <th>区域</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {data.auditLog.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{formatDateTime(node.at)}</td>
                  <td data-testid="audit-subject">{node.subject}</td>
                  <td>{label(ROLE_LABELS, node.role)}</td>
                  <td title={node.area}>{areaLabel(names, node.area)}</td>
                  <td>{label(AUDIT_OPERATION_LABELS, node.operation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
