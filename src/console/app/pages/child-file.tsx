import type { ConsoleChildFileQuery } from '../../../../schema/generated/console';
import { sees } from '../access';
import { ErrorNotice, Fields, Loading, PageTitle, Section } from '../components';
import { areaLabel, useAreaNames, useOperation } from '../data';
import { formatDate, orDash, yesNo } from '../format';
import { FLAG_LABELS, label, SEX_LABELS, SOURCE_LABELS, STRENGTH_LABELS, VERIFICATION_LABELS, VISIT_KIND_LABELS } from '../labels';
import { ConsoleChildFile } from '../operations';
import { REPORTERS } from '../casework';
import { href } from '../router';
import { ChildCases } from './child-cases';
import type { PageProps } from './registry';
import { VisitForm } from './visit-form';

type Child = NonNullable<ConsoleChildFileQuery['child']>;

/**
 * 一人一档: a child's file, every section the role may see and no other (the query asks only for
 * those). What the API returned is shown as it is: a masked ID number stays masked.
 */
export function ChildFilePage({ session, params }: PageProps) {
  const role = session.role;
  const { data, error, loading, reload } = useOperation(session, ConsoleChildFile, {
    id: params.id,
    family: sees(role, 'family'),
    guardianship: sees(role, 'guardianship'),
    welfare: sees(role, 'welfare'),
    schooling: sees(role, 'schooling'),
    visits: sees(role, 'visits'),
  });
  const names = useAreaNames(session);
  if (loading && data === null) return <Loading />;
  if (error !== null) return <ErrorNotice error={error} />;
  if (data === null) return null;
  const child = data.child;
  if (child === null) {
    return (
      <div class="refused" role="alert">
        <h1>未找到该儿童</h1>
        <p>该儿童不存在，或不在您的辖区内。</p>
      </div>
    );
  }
  return (
    <div class="child-file" data-child={child.id}>
      <PageTitle title={`${orDash(child.name)} 的档案`}>
        <span class={`badge verification-${child.verification}`}>{label(VERIFICATION_LABELS, child.verification)}</span>
        {REPORTERS.includes(role) && (
          <a class="report-link" href={href('/reports', { child: child.id })}>
            报告儿童遭受侵害或无人照料
          </a>
        )}
      </PageTitle>
      <div class="grid-2">
        <Section title="基本信息" id="identity">
          <Fields
            rows={[
              ['姓名', orDash(child.name)],
              ['性别', label(SEX_LABELS, child.sex)],
              ['出生日期', formatDate(child.birthDate)],
              ['身份证号', <span class="id-number" data-testid="id-number">{orDash(child.idNumber)}</span>],
              ['所在区域', areaLabel(names, child.areaCode)],
              ['儿童编号', child.id],
            ]}
          />
        </Section>
        <Section title="标记" id="flags">
          <Flags child={child} />
        </Section>
      </div>
      {child.family != null && (
        <Section title="家庭情况" id="family">
          <Fields
            rows={[
              ['父亲', orDash(child.family.fatherName)],
              ['父亲身份证号', <span class="id-number">{orDash(child.family.fatherIdNumber)}</span>],
              ['父亲外出务工', yesNo(child.family.fatherMigrant)],
              ['母亲', orDash(child.family.motherName)],
              ['母亲身份证号', <span class="id-number">{orDash(child.family.motherIdNumber)}</span>],
              ['母亲外出务工', yesNo(child.family.motherMigrant)],
              ['户号', orDash(child.family.householdNumber)],
              ['户主', orDash(child.family.householderName)],
            ]}
          />
        </Section>
      )}
      <div class="grid-2">
        {child.guardianship != null && (
          <Section title="监护情况" id="guardianship">
            <Fields
              rows={[
                ['监护人', orDash(child.guardianship.guardianName)],
                ['与儿童关系', orDash(child.guardianship.guardianRelation)],
                ['联系电话', orDash(child.guardianship.guardianPhone)],
                ['监护类型', orDash(child.guardianship.guardianshipType)],
              ]}
            />
          </Section>
        )}
        {child.welfare != null && (
          <Section title="救助帮扶" id="welfare">
            <Fields
              rows={[
                ['儿童类别', child.welfare.categories.join('、') || '—'],
                ['困境类型', child.welfare.difficultyTypes.join('、') || '—'],
                ['家庭经济来源', orDash(child.welfare.incomeSource)],
                ['救助帮扶', child.welfare.assistance.join('、') || '—'],
              ]}
            />
          </Section>
        )}
        {child.schooling != null && (
          <Section title="就学情况" id="schooling">
            <Fields
              rows={[
                ['学校', orDash(child.schooling.schoolName)],
                ['年级', orDash(child.schooling.grade)],
                ['学籍状态', orDash(child.schooling.enrolmentStatus)],
                ['学校登记为留守', yesNo(child.schooling.leftBehind)],
              ]}
            />
          </Section>
        )}
      </div>
      <Section title="部门记录" id="records">
        <table data-testid="source-records">
          <thead>
            <tr>
              <th>部门</th>
              <th>记录引用</th>
              <th>部门编号</th>
              <th>期次</th>
            </tr>
          </thead>
          <tbody>
            {child.sourceRecords.map((r) => (
              <tr key={r.ref}>
                <td>{label(SOURCE_LABELS, r.source)}</td>
                <td>{r.ref}</td>
                <td class="id-number">{orDash(r.recordKey)}</td>
                <td>{r.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <ChildCases session={session} childId={child.id} names={names} />
      {child.visits != null && (
        <Section title="走访记录" id="visits">
          {child.visits.length === 0 ? (
            <p class="muted">尚无走访记录。</p>
          ) : (
            <table data-testid="visits">
              <thead>
                <tr>
                  <th>日期</th>
                  <th>方式</th>
                  <th>情况</th>
                  <th>记录人</th>
                </tr>
              </thead>
              <tbody>
                {child.visits.map((v) => (
                  <tr key={v.id}>
                    <td>{formatDate(v.visitedOn)}</td>
                    <td>{label(VISIT_KIND_LABELS, v.kind)}</td>
                    <td class="notes">{v.notes}</td>
                    <td>{v.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {role === 'VILLAGE_DIRECTOR' && <VisitForm session={session} childId={child.id} birthDate={child.birthDate} onRecorded={reload} />}
        </Section>
      )}
    </div>
  );
}

function Flags({ child }: { child: Child }) {
  if (child.flags.length === 0) return <p class="muted">无标记。</p>;
  return (
    <ul class="flags">
      {child.flags.map((f) => (
        <li key={f.flag} data-flag={f.flag}>
          <strong>{label(FLAG_LABELS, f.flag)}</strong>
          {f.strength !== null && <span class={`badge strength-${f.strength}`}>{label(STRENGTH_LABELS, f.strength)}</span>}
          <p class="rule">依据：{f.rule}</p>
          {f.evidence.length > 0 && (
            <ul class="evidence">
              {f.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
