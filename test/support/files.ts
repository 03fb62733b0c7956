import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A private temporary folder for one test file, removed by the returned cleanup. */
export function tempDir(prefix = 'hub-test-'): { dir: string; file(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Generated (invented) rows in the three export formats, Chinese headers. */
export const HEADERS = {
  'civil-affairs':
    '记录编号,姓名,性别,出生日期,身份证号,民族,行政区划代码,户籍地址,现住址,儿童类别,困境类型,父亲姓名,父亲身份证号,父亲外出务工,父亲务工地,母亲姓名,母亲身份证号,母亲外出务工,母亲务工地,监护人姓名,监护人关系,监护人电话,监护类型,家庭经济来源,救助帮扶情况,就学情况,填报人,填报日期',
  education:
    '全国学籍号,姓名,性别,出生日期,证件类型,身份证号,学校标识码,学校名称,年级,班级,入学年月,学籍状态,变动日期,是否留守儿童,监护人姓名,监护人关系,监护人电话,户口所在地,现住址,行政区划代码',
  police:
    '公民身份号码,姓名,曾用名,性别,出生日期,民族,户号,户主姓名,与户主关系,住址,行政区划代码,人员状态,父亲姓名,父亲公民身份号码,母亲姓名,母亲公民身份号码,登记日期,变动日期',
} as const;

export const POLICE_ROWS = [
  '500109201304120311,王小明,,男,20130412,汉,500109110244031,王德福,孙子,重庆市北碚区静观镇素心村3组12号,500109110244,正常,王建国,500109198805030213,李秀英,500109199007160480,20130520,',
  '500109201509080464,劉思琪,,女,20150908,汉,500109110245007,刘强,女,重庆市北碚区静观镇万全村1组4号,500109110245,正常,刘强,,陈红,,20151010,',
  '500109201201300176,陈浩,陈小浩,男,20120130,汉,500109113214019,陈大勇,子,重庆市北碚区三圣镇古佛村5组8号,500109113214,正常,陈大勇,,黄丽,,20120301,',
];

export function csv(source: keyof typeof HEADERS, rows: string[], { bom = false } = {}): string {
  return `${bom ? '\uFEFF' : ''}${[HEADERS[source], ...rows].join('\n')}\n`;
}
