export type SourceName = 'civil-affairs' | 'education' | 'police';

export interface SourceColumn {
  /** Canonical (English, snake_case) column name, as in docs/FORMATS.md's brackets. */
  name: string;
  /** Chinese header(s): docs/FORMATS.md's first, then spellings seen in other exports. */
  zh: string[];
}

export interface SourceLayout {
  /** Canonical name of the first column: the record's stable key within the source (docs/FORMATS.md). */
  key: string;
  columns: SourceColumn[];
}

const col = (name: string, ...zh: string[]): SourceColumn => ({ name, zh });

/** Every source's columns in docs/FORMATS.md order, with their Chinese headers. */
export const SOURCE_COLUMNS: Record<SourceName, SourceLayout> = {
  // 民政摸排台账: one row per child, filled by the village child director.
  'civil-affairs': {
    key: 'record_id',
    columns: [
      col('record_id', '记录编号'),
      col('name', '姓名', '儿童姓名'),
      col('sex', '性别'),
      col('birth_date', '出生日期'),
      col('id_number', '身份证号', '身份证号码', '公民身份号码'),
      col('ethnicity', '民族'),
      col('area_code', '行政区划代码'),
      col('hukou_address', '户籍地址'),
      col('current_address', '现住址'),
      col('category', '儿童类别'),
      col('difficulty_types', '困境类型'),
      col('father_name', '父亲姓名'),
      col('father_id_number', '父亲身份证号', '父亲身份证号码'),
      col('father_migrant', '父亲外出务工'),
      col('father_work_place', '父亲务工地'),
      col('mother_name', '母亲姓名'),
      col('mother_id_number', '母亲身份证号', '母亲身份证号码'),
      col('mother_migrant', '母亲外出务工'),
      col('mother_work_place', '母亲务工地'),
      col('guardian_name', '监护人姓名'),
      col('guardian_relation', '监护人关系'),
      col('guardian_phone', '监护人电话', '监护人联系电话'),
      col('guardianship_type', '监护类型'),
      col('income_source', '家庭经济来源'),
      col('assistance', '救助帮扶情况'),
      col('schooling', '就学情况'),
      col('reporter', '填报人'),
      col('report_date', '填报日期'),
    ],
  },
  // 学籍系统: one row per student.
  education: {
    key: 'student_number',
    columns: [
      col('student_number', '全国学籍号', '学籍号'),
      col('name', '姓名'),
      col('sex', '性别'),
      col('birth_date', '出生日期'),
      col('id_type', '证件类型', '身份证件类型'),
      col('id_number', '身份证号', '身份证件号', '身份证号码'),
      col('school_code', '学校标识码'),
      col('school_name', '学校名称'),
      col('grade', '年级'),
      col('class', '班级'),
      col('enrolled_month', '入学年月'),
      col('enrolment_status', '学籍状态'),
      col('status_changed_on', '变动日期'),
      col('left_behind', '是否留守儿童'),
      col('guardian_name', '监护人姓名'),
      col('guardian_relation', '监护人关系'),
      col('guardian_phone', '监护人电话', '监护人联系电话'),
      col('hukou_address', '户口所在地'),
      col('current_address', '现住址'),
      col('area_code', '行政区划代码'),
    ],
  },
  // 公安户籍: one row per registered person under 18.
  police: {
    key: 'id_number',
    columns: [
      col('id_number', '公民身份号码', '身份证号'),
      col('name', '姓名'),
      col('former_name', '曾用名'),
      col('sex', '性别'),
      col('birth_date', '出生日期'),
      col('ethnicity', '民族'),
      col('household_number', '户号'),
      col('householder_name', '户主姓名'),
      col('relation_to_householder', '与户主关系'),
      col('address', '住址'),
      col('area_code', '行政区划代码'),
      col('status', '人员状态'),
      col('father_name', '父亲姓名'),
      col('father_id_number', '父亲公民身份号码'),
      col('mother_name', '母亲姓名'),
      col('mother_id_number', '母亲公民身份号码'),
      col('registered_on', '登记日期'),
      col('changed_on', '变动日期'),
    ],
  },
};
