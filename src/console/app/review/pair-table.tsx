import type { ComponentChildren } from 'preact';
import type { ConsoleReviewRecordFragment } from '../../../../schema/generated/console';
import { areaLabel } from '../data';
import { label, SEX_LABELS, SOURCE_LABELS } from '../labels';
import { href } from '../router';

type Field = Exclude<keyof ConsoleReviewRecordFragment, 'ref'>;

/** The rows a reviewer compares, in the order `hub review list` prints them. */
const ROWS: { field: Field; title: string; show?: (value: string, names: Map<string, string>) => string; characters?: boolean }[] = [
  { field: 'source', title: '来源', show: (v) => label(SOURCE_LABELS, v) },
  { field: 'recordKey', title: '部门编号', characters: true },
  { field: 'name', title: '姓名', characters: true },
  { field: 'birthDate', title: '出生日期', characters: true },
  { field: 'sex', title: '性别', show: (v) => label(SEX_LABELS, v) },
  { field: 'idNumber', title: '身份证号', characters: true },
  { field: 'areaCode', title: '所在区域', show: (v, names) => `${areaLabel(names, v)}（${v}）` },
  { field: 'fatherName', title: '父亲', characters: true },
  { field: 'fatherIdNumber', title: '父亲身份证号', characters: true },
  { field: 'motherName', title: '母亲', characters: true },
  { field: 'motherIdNumber', title: '母亲身份证号', characters: true },
  { field: 'guardianName', title: '监护人', characters: true },
  { field: 'guardianRelation', title: '与儿童关系' },
  { field: 'guardianPhone', title: '监护人电话', characters: true },
];

/** How the two values of a row stand: the same, different, or only one side has one. */
export type Agreement = 'same' | 'differs' | 'one-side' | 'neither';

export function agreement(left: string | null, right: string | null): Agreement {
  if (left === null && right === null) return 'neither';
  if (left === null || right === null) return 'one-side';
  return left === right ? 'same' : 'differs';
}

/**
 * The two records side by side, each row marked by how its values agree; within a row of equal
 * length (an ID number, a date, a phone), the characters that differ are marked too, so a
 * transposed digit or a one-day slip shows at a glance.
 */
export function PairTable({ left, right, leftChildId, rightChildId, names }: {
  left: ConsoleReviewRecordFragment;
  right: ConsoleReviewRecordFragment;
  leftChildId: string;
  rightChildId: string;
  names: Map<string, string>;
}) {
  return (
    <table class="pair" data-testid="pair-table">
      <thead>
        <tr>
          <th scope="col">项目</th>
          <th scope="col">
            记录一 <span class="ref">{left.ref}</span>
          </th>
          <th scope="col">
            记录二 <span class="ref">{right.ref}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(({ field, title, show, characters }) => {
          const a = left[field];
          const b = right[field];
          const agree = agreement(a, b);
          // The source differs in almost every pair by design: not a difference to look at.
          const marked = field === 'source' ? 'same' : agree;
          return (
            <tr key={field} class={`agree-${marked}`} data-field={field} data-agreement={marked}>
              <th scope="row">{title}</th>
              <td>{cell(a, b, marked, show, characters, names)}</td>
              <td>{cell(b, a, marked, show, characters, names)}</td>
            </tr>
          );
        })}
        <tr data-field="child">
          <th scope="row">现属档案</th>
          <td>
            <a href={href(`/child/${leftChildId}`)}>{leftChildId}</a>
          </td>
          <td>{leftChildId === rightChildId ? <span class="muted">同一档案</span> : <a href={href(`/child/${rightChildId}`)}>{rightChildId}</a>}</td>
        </tr>
      </tbody>
    </table>
  );
}

function cell(
  value: string | null,
  other: string | null,
  agree: Agreement,
  show: ((value: string, names: Map<string, string>) => string) | undefined,
  characters: boolean | undefined,
  names: Map<string, string>,
): ComponentChildren {
  if (value === null) return <span class="muted">—</span>;
  if (show !== undefined) return show(value, names);
  if (agree !== 'differs' || !characters || other === null) return value;
  return <MarkedCharacters value={value} other={other} />;
}

/**
 * The value with the characters that differ from the other's marked, position by position when
 * the lengths agree (a run of differing characters is one mark), the whole value when they do not.
 */
function MarkedCharacters({ value, other }: { value: string; other: string }) {
  const mine = [...value];
  const theirs = [...other];
  if (mine.length !== theirs.length) return <mark>{value}</mark>;
  const runs: { text: string; differs: boolean }[] = [];
  mine.forEach((character, i) => {
    const differs = character !== theirs[i];
    const last = runs[runs.length - 1];
    if (last !== undefined && last.differs === differs) last.text += character;
    else runs.push({ text: character, differs });
  });
  return <>{runs.map((run, i) => (run.differs ? <mark key={i}>{run.text}</mark> : run.text))}</>;
}
