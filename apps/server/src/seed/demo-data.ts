import type { CatalogContent, CatalogItem, Role } from '@huitong/contracts';

/**
 * The demo city: 龙南市 (Longnan, Jiangxi), whose regulation is the default policy profile.
 * Departments, people for every role, and a catalog covering every share type, open type,
 * format and update cycle. Everything goes in through the services, so the demo obeys the same
 * rules and leaves the same audit trail as real use.
 */

export const DEMO_PASSWORD = 'Huitong@2026';
/** 龙南市 administrative area code (GB/T 2260), used for demo ID numbers and USCCs. */
export const AREA_CODE = '360727';

export interface DemoDepartment {
  key: string;
  name: string;
  shortName: string;
  kind: 'government' | 'department' | 'internal_unit' | 'affiliated_unit';
  level: 'province' | 'city' | 'county';
  parent: string | null;
  operator?: boolean;
  /** Eight characters appended to 11 + area code to form the first 17 of the USCC. */
  orgCode?: string;
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { key: 'jx', name: '江西省人民政府', shortName: '江西省', kind: 'government', level: 'province', parent: null },
  { key: 'gz', name: '赣州市人民政府', shortName: '赣州市', kind: 'government', level: 'city', parent: 'jx' },
  { key: 'ln', name: '龙南市人民政府', shortName: '龙南市', kind: 'government', level: 'county', parent: 'gz', orgCode: 'MB1000010' },
  { key: 'dc', name: '龙南市政务和数据服务中心', shortName: '数据中心', kind: 'department', level: 'county', parent: 'ln', operator: true, orgCode: 'MB1000028' },
  { key: 'ga', name: '龙南市公安局', shortName: '公安局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000036' },
  { key: 'ga_hz', name: '户政管理大队', shortName: '户政大队', kind: 'internal_unit', level: 'county', parent: 'ga' },
  { key: 'ga_jj', name: '交通管理大队', shortName: '交管大队', kind: 'internal_unit', level: 'county', parent: 'ga' },
  { key: 'sj', name: '龙南市市场监督管理局', shortName: '市场监管局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000044' },
  { key: 'sj_dj', name: '登记注册股', shortName: '登记注册股', kind: 'internal_unit', level: 'county', parent: 'sj' },
  { key: 'sj_sp', name: '食品安全监督管理股', shortName: '食品安全股', kind: 'internal_unit', level: 'county', parent: 'sj' },
  { key: 'rs', name: '龙南市人力资源和社会保障局', shortName: '人社局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000052' },
  { key: 'rs_sb', name: '龙南市社会保险事业管理中心', shortName: '社保中心', kind: 'affiliated_unit', level: 'county', parent: 'rs', orgCode: 'MB1000060' },
  { key: 'wj', name: '龙南市卫生健康委员会', shortName: '卫健委', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000079' },
  { key: 'zr', name: '龙南市自然资源局', shortName: '自然资源局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000087' },
  { key: 'mz', name: '龙南市民政局', shortName: '民政局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000095' },
  { key: 'jt', name: '龙南市交通运输局', shortName: '交通运输局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000108' },
  { key: 'jy', name: '龙南市教育局', shortName: '教育局', kind: 'department', level: 'county', parent: 'ln', orgCode: 'MB1000116' },
];

export interface DemoUser {
  username: string;
  name: string;
  department: string;
  roles: Role[];
  /** Birth date (YYYYMMDD) and sequence for a valid demo ID number. */
  birth: string;
  seq: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', name: '王建国', department: 'dc', roles: ['platform_admin'], birth: '19780312', seq: '011' },
  { username: 'reviewer', name: '李秀英', department: 'dc', roles: ['platform_reviewer'], birth: '19850607', seq: '022' },
  { username: 'auditor', name: '张伟', department: 'dc', roles: ['security_auditor'], birth: '19820915', seq: '031' },
  { username: 'supervisor', name: '欧阳娜', department: 'dc', roles: ['supervisor'], birth: '19870121', seq: '042' },
  { username: 'dc_officer', name: '刘洋', department: 'dc', roles: ['data_officer'], birth: '19900418', seq: '051' },
  { username: 'ga_officer', name: '陈静', department: 'ga', roles: ['data_officer'], birth: '19880822', seq: '062' },
  { username: 'ga_admin', name: '杨帆', department: 'ga', roles: ['dept_admin'], birth: '19810503', seq: '071' },
  { username: 'ga_leader', name: '赵磊', department: 'ga', roles: ['dept_leader'], birth: '19750710', seq: '081' },
  { username: 'ga_reviewer', name: '黄敏', department: 'ga_hz', roles: ['provider_reviewer'], birth: '19861130', seq: '092' },
  { username: 'sj_officer', name: '周杰', department: 'sj', roles: ['data_officer'], birth: '19910225', seq: '101' },
  { username: 'sj_admin', name: '吴婷', department: 'sj', roles: ['dept_admin'], birth: '19840909', seq: '112' },
  { username: 'sj_leader', name: '徐明', department: 'sj', roles: ['dept_leader'], birth: '19730416', seq: '121' },
  { username: 'sj_reviewer', name: '孙丽', department: 'sj_dj', roles: ['provider_reviewer'], birth: '19890612', seq: '132' },
  { username: 'rs_officer', name: '胡军', department: 'rs', roles: ['data_officer'], birth: '19870708', seq: '141' },
  { username: 'rs_admin', name: '朱红', department: 'rs', roles: ['dept_admin'], birth: '19830101', seq: '152' },
  { username: 'rs_leader', name: '高峰', department: 'rs', roles: ['dept_leader'], birth: '19720830', seq: '161' },
  { username: 'rs_reviewer', name: '林芳', department: 'rs', roles: ['provider_reviewer'], birth: '19920314', seq: '172' },
  { username: 'sb_officer', name: '何勇', department: 'rs_sb', roles: ['data_officer'], birth: '19850520', seq: '181' },
  { username: 'wj_officer', name: '郭静', department: 'wj', roles: ['data_officer'], birth: '19891011', seq: '192' },
  { username: 'wj_leader', name: '马超', department: 'wj', roles: ['dept_leader'], birth: '19770202', seq: '201' },
  { username: 'wj_reviewer', name: '罗娜', department: 'wj', roles: ['provider_reviewer'], birth: '19900926', seq: '212' },
  { username: 'zr_officer', name: '梁斌', department: 'zr', roles: ['data_officer'], birth: '19860303', seq: '221' },
  { username: 'mz_officer', name: '宋佳', department: 'mz', roles: ['data_officer'], birth: '19930717', seq: '232' },
  { username: 'jt_officer', name: '郑涛', department: 'jt', roles: ['data_officer'], birth: '19880111', seq: '241' },
  { username: 'jy_officer', name: '谢颖', department: 'jy', roles: ['data_officer'], birth: '19910808', seq: '252' },
  { username: 'ga_auditor', name: '韩冰', department: 'ga', roles: ['security_auditor'], birth: '19840404', seq: '261' },
  { username: 'mz_leader', name: '曾辉', department: 'mz', roles: ['dept_leader'], birth: '19760605', seq: '271' },
  { username: 'mz_reviewer', name: '于洋', department: 'mz', roles: ['provider_reviewer'], birth: '19880303', seq: '282' },
  { username: 'jt_leader', name: '彭丽', department: 'jt', roles: ['dept_leader'], birth: '19790915', seq: '291' },
  { username: 'jt_reviewer', name: '程琳', department: 'jt', roles: ['provider_reviewer'], birth: '19900720', seq: '302' },
  { username: 'jy_leader', name: '吕方', department: 'jy', roles: ['dept_leader'], birth: '19741224', seq: '311' },
  { username: 'jy_reviewer', name: '萧然', department: 'jy', roles: ['provider_reviewer'], birth: '19920229', seq: '322' },
  { username: 'zr_leader', name: '唐亮', department: 'zr', roles: ['dept_leader'], birth: '19770707', seq: '331' },
  { username: 'zr_reviewer', name: '董明', department: 'zr', roles: ['provider_reviewer'], birth: '19850808', seq: '342' },
  { username: 'dc_leader', name: '冯雪', department: 'dc', roles: ['dept_leader'], birth: '19720101', seq: '351' },
  { username: 'sb_leader', name: '曹阳', department: 'rs_sb', roles: ['dept_leader'], birth: '19780404', seq: '361' },
];

/** One application system (信息系统) per department: the consumer a grant is given to (000 Art. 13). */
export const DEMO_SYSTEMS: Array<{ department: string; name: string; description: string }> = [
  { department: 'dc', name: '龙南市一网通办平台', description: '政务服务网与实体大厅办件系统' },
  { department: 'ga', name: '人口信息核验系统', description: '户籍与身份核验' },
  { department: 'sj', name: '市场主体登记系统', description: '企业开办与登记注册' },
  { department: 'rs', name: '社保经办系统', description: '社会保险经办与待遇核定' },
  { department: 'rs_sb', name: '养老待遇资格认证系统', description: '待遇领取资格认证' },
  { department: 'wj', name: '全民健康信息平台', description: '出生医学证明与健康档案' },
  { department: 'zr', name: '不动产登记系统', description: '不动产登记与交易' },
  { department: 'mz', name: '社会救助信息系统', description: '低保、特困与临时救助审核' },
  { department: 'jt', name: '道路运输管理系统', description: '道路运输许可与从业资格' },
  { department: 'jy', name: '学生资助管理系统', description: '学生资助申请与发放' },
];

export type DemoApplicationOutcome = 'granted' | 'at_provider' | 'at_preliminary' | 'refused' | 'revoked';

/** Sharing applications in several states, so every queue of the console has something in it. */
export const DEMO_APPLICATIONS: Array<{ applicant: string; entry: string; items?: string[]; shareMode: 'interface' | 'download' | 'page_query'; purpose: string; scenario: string; outcome: DemoApplicationOutcome }> = [
  { applicant: 'mz', entry: '常住人口基本信息', items: ['xm', 'gmsfhm', 'xb', 'csrq'], shareMode: 'interface', purpose: '核验低保申请人家庭成员身份与户籍', scenario: '最低生活保障审核确认', outcome: 'granted' },
  { applicant: 'jt', entry: '市场主体登记信息', shareMode: 'interface', purpose: '道路运输经营许可申请时核验企业登记状态', scenario: '道路运输经营许可审批', outcome: 'granted' },
  { applicant: 'jy', entry: '社会保险参保缴费信息', items: ['xm', 'gmsfhm', 'cbzt'], shareMode: 'interface', purpose: '核验学生资助申请家庭的参保状态', scenario: '家庭经济困难学生认定', outcome: 'at_provider' },
  { applicant: 'wj', entry: '婚姻登记信息', items: ['nfxm', 'vfxm', 'djlx', 'djrq'], shareMode: 'page_query', purpose: '出生医学证明办理时核对父母婚姻状况', scenario: '出生一件事联办', outcome: 'at_preliminary' },
  { applicant: 'zr', entry: '出生医学证明信息', items: ['xsexm', 'cszmbh'], shareMode: 'interface', purpose: '不动产继承登记时核对继承人', scenario: '不动产继承登记', outcome: 'refused' },
  { applicant: 'sj', entry: '机动车登记信息', items: ['hphm', 'cllx', 'jdczt'], shareMode: 'download', purpose: '企业注销前核查名下车辆', scenario: '企业简易注销', outcome: 'revoked' },
];

export const DEMO_DEMANDS: Array<{ requester: string; provider: string; title: string; description: string; purpose: string }> = [
  { requester: 'mz', provider: 'rs', title: '灵活就业人员登记信息', description: '灵活就业人员的登记、参保与就业状态', purpose: '低保家庭就业收入核查' },
  { requester: 'jy', provider: 'rs', title: '灵活就业人员登记数据', description: '学生家长的灵活就业登记情况', purpose: '家庭经济困难学生认定' },
  { requester: 'wj', provider: 'mz', title: '残疾人证信息', description: '残疾人证号、残疾类别与等级', purpose: '家庭医生签约服务重点人群管理' },
];

/** A minimal valid PDF: the demo's stamped application letters. */
export function demoLetterPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 72 720 Td (Application letter ${text.length}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// ── items ──────────────────────────────────────────────────────────────────────────────────────
type ItemOverrides = Partial<CatalogItem>;
function item(code: string, name: string, dataType: CatalogItem['dataType'], length: number | undefined, sensitivity: CatalogItem['sensitivity'], maskingRule: CatalogItem['maskingRule'] = 'none', extra: ItemOverrides = {}): CatalogItem {
  return { code, name, dataType, ...(length && { length }), required: false, shareType: 'unconditional', sensitivity, maskingRule, identifierKind: 'none', ...extra };
}

const I = {
  xm: () => item('xm', '姓名', 'C', 50, 'L3', 'name', { required: true }),
  sfzh: () => item('gmsfhm', '公民身份号码', 'C', 18, 'L3', 'id_number', { required: true, identifierKind: 'id_number' }),
  xb: () => item('xb', '性别', 'C', 2, 'L2'),
  csrq: () => item('csrq', '出生日期', 'D', undefined, 'L2'),
  mz: () => item('mz', '民族', 'C', 20, 'L2'),
  zz: () => item('zz', '住址', 'C', 200, 'L3', 'address'),
  lxdh: () => item('lxdh', '联系电话', 'C', 20, 'L3', 'phone'),
  tyshxydm: () => item('tyshxydm', '统一社会信用代码', 'C', 18, 'L1', 'none', { required: true, identifierKind: 'uscc' }),
  qymc: () => item('qymc', '企业名称', 'C', 200, 'L1', 'none', { required: true }),
  fddbr: () => item('fddbr', '法定代表人', 'C', 50, 'L2', 'name'),
  zczb: () => item('zczb', '注册资本（万元）', 'Y', undefined, 'L1'),
  clrq: () => item('clrq', '成立日期', 'D', undefined, 'L1'),
  jycs: () => item('jycs', '经营场所', 'C', 200, 'L1'),
  jyfw: () => item('jyfw', '经营范围', 'M', undefined, 'L1'),
  djjg: () => item('djjg', '登记机关', 'C', 100, 'L1'),
  zt: () => item('zt', '登记状态', 'C', 20, 'L1'),
  fzrq: () => item('fzrq', '发证日期', 'D', undefined, 'L1'),
  yxqz: () => item('yxqz', '有效期至', 'D', undefined, 'L1'),
  zsbh: () => item('zsbh', '证书编号', 'C', 50, 'L1', 'none', { required: true }),
  bz: () => item('bz', '备注', 'M', undefined, 'L2'),
};

function restricted(items: CatalogItem[], codes: string[], shareType: CatalogItem['shareType'] = 'conditional'): CatalogItem[] {
  return items.map((i) => (codes.includes(i.code) ? { ...i, shareType } : i));
}

function allShare(items: CatalogItem[], shareType: CatalogItem['shareType']): CatalogItem[] {
  return items.map((i) => ({ ...i, shareType }));
}

export type DemoState = 'published' | 'submitted' | 'draft' | 'rejected' | 'published_with_change';

export interface DemoEntry {
  department: string;
  state: DemoState;
  content: Omit<CatalogContent, 'dedicatedDepartmentIds' | 'relatedResourceCodes'> & { dedicatedTo?: string[] };
  /** For published_with_change: what the pending new version changes. */
  change?: (content: CatalogContent) => CatalogContent;
  rejectReason?: string;
}

/** Why a resource is not (or only conditionally) opened — required under profiles such as yunnan (003 Art. 22). */
const OPEN_BASIS_NONE = '《中华人民共和国政府信息公开条例》第十五条：涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。';
const OPEN_BASIS_CONDITIONAL = '《中华人民共和国政府信息公开条例》第十五条、第二十七条：依申请公开，经权利人同意或确认不损害第三方权益后提供。';

function base(partial: Partial<DemoEntry['content']> & Pick<DemoEntry['content'], 'name' | 'classCode' | 'abstract' | 'items'>): DemoEntry['content'] {
  const openType = partial.openType ?? 'none';
  return {
    openLegalBasis: openType === 'none' ? OPEN_BASIS_NONE : openType === 'conditional' ? OPEN_BASIS_CONDITIONAL : undefined,
    formatCategory: 'database',
    formatType: '达梦数据库',
    shareType: 'unconditional',
    shareModes: ['interface'],
    shareMethodType: 'interface',
    openType: 'none',
    updateCycle: 'daily',
    provisionMethod: 'table',
    domain: 'other',
    dedicated: false,
    keywords: [],
    ...partial,
  };
}

const PIPL = '《中华人民共和国个人信息保护法》第十三条、第三十四条：国家机关为履行法定职责处理个人信息，不得超出履行法定职责所必需的范围和限度。';

export const DEMO_ENTRIES: DemoEntry[] = [
  // ── 公安局 ──
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '常住人口基本信息',
      classCode: '101',
      abstract: '龙南市常住人口的户籍登记信息，包括姓名、公民身份号码、性别、民族、出生日期和住址，用于人口基础信息库建设与政务服务身份核验。',
      keywords: ['户籍', '人口', '身份核验'],
      items: restricted([I.xm(), I.sfzh(), I.xb(), I.mz(), I.csrq(), I.zz(), item('hkxz', '户口性质', 'C', 20, 'L2'), item('hh', '户号', 'C', 20, 'L2')], ['zz', 'hh']),
      shareType: 'conditional',
      shareConditions: '仅向因履行法定职责需核验身份的政务部门提供；住址、户号仅在办理户籍相关业务时提供。',
      legalBasis: `${PIPL}《中华人民共和国户口登记条例》第四条。`,
      shareModes: ['interface', 'page_query'],
      updateCycle: 'realtime',
      timeliness: '实时',
      domain: 'safety',
      internalUnitId: 'ga_hz',
    }),
  },
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '居民身份证签发信息',
      classCode: '105',
      abstract: '居民身份证的签发、换领、补领记录，含证件有效期限与签发机关，可用于电子证照核验。',
      keywords: ['身份证', '证照'],
      items: [I.xm(), I.sfzh(), item('qfjg', '签发机关', 'C', 100, 'L1'), item('yxqxq', '有效期限起', 'D', undefined, 'L2'), item('yxqxz', '有效期限止', 'D', undefined, 'L2')],
      shareType: 'conditional',
      shareConditions: '仅用于政务服务事项办理中的身份核验。',
      legalBasis: '《中华人民共和国居民身份证法》第六条、第十三条。',
      shareModes: ['interface'],
      updateCycle: 'realtime',
      domain: 'safety',
      internalUnitId: 'ga_hz',
    }),
  },
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '机动车登记信息',
      classCode: '3',
      abstract: '辖区机动车注册、转移、抵押、注销登记信息，供交通运输、税务等部门核查车辆状态。',
      keywords: ['车辆', '机动车', '交通'],
      items: restricted([item('hphm', '号牌号码', 'C', 20, 'L2', 'none', { required: true }), item('hpzl', '号牌种类', 'C', 10, 'L1'), item('clsbdh', '车辆识别代号', 'C', 30, 'L2'), item('syr', '所有人', 'C', 100, 'L3', 'name'), item('cllx', '车辆类型', 'C', 20, 'L1'), item('zcrq', '初次登记日期', 'D', undefined, 'L1'), item('jdczt', '机动车状态', 'C', 10, 'L1')], ['syr']),
      shareType: 'conditional',
      shareConditions: '所有人信息仅向执法部门提供。',
      legalBasis: '《中华人民共和国道路交通安全法》第八条；《机动车登记规定》。',
      shareModes: ['interface', 'download'],
      shareMethodType: 'database',
      updateCycle: 'daily',
      domain: 'transport',
      internalUnitId: 'ga_jj',
    }),
  },
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '道路交通事故统计月报',
      classCode: '3',
      abstract: '按月汇总的道路交通事故起数、伤亡人数及主要原因，已脱敏，可向社会开放。',
      formatCategory: 'spreadsheet',
      formatType: 'xlsx',
      items: [item('tjyf', '统计月份', 'C', 7, 'L1'), item('sgqs', '事故起数', 'I', undefined, 'L1'), item('swrs', '死亡人数', 'I', undefined, 'L1'), item('ssrs', '受伤人数', 'I', undefined, 'L1'), item('zyyy', '主要原因', 'C', 100, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'unconditional',
      updateCycle: 'monthly',
      provisionMethod: 'file',
      domain: 'transport',
      internalUnitId: 'ga_jj',
    }),
  },
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '在逃人员比对名单',
      classCode: '3',
      abstract: '公安机关内部掌握的在逃人员比对信息，涉及侦查工作秘密，不予共享。',
      items: allShare([I.xm(), I.sfzh(), item('ajlb', '案件类别', 'C', 50, 'L4', 'free_text')], 'none'),
      shareType: 'none',
      legalBasis: '《中华人民共和国人民警察法》第二十二条；《公安机关办理刑事案件程序规定》——涉及侦查工作秘密。',
      shareModes: [],
      shareMethodType: 'database',
      updateCycle: 'realtime',
      domain: 'safety',
    }),
  },
  {
    department: 'ga',
    state: 'published',
    content: base({
      name: '公安检查站卡口视频监控',
      classCode: '3',
      abstract: '主要道路卡口的实时视频流，专用于交通运输局路网运行监测，其他部门不提供。',
      formatCategory: 'media',
      formatType: 'RTSP 视频流',
      items: [item('kkbh', '卡口编号', 'C', 20, 'L2'), item('kkmc', '卡口名称', 'C', 100, 'L2'), item('spdz', '视频流地址', 'C', 500, 'L3', 'free_text')],
      shareType: 'conditional',
      shareConditions: '仅用于路网运行监测与应急指挥。',
      legalBasis: '《公共安全视频图像信息系统管理条例》相关规定。',
      shareModes: ['download'],
      shareMethodType: 'file',
      updateCycle: 'realtime',
      provisionMethod: 'file',
      domain: 'transport',
      dedicated: true,
      dedicatedTo: ['jt'],
      internalUnitId: 'ga_jj',
    }),
  },
  // ── 市场监管局 ──
  {
    department: 'sj',
    state: 'published_with_change',
    content: base({
      name: '市场主体登记信息',
      classCode: '102',
      abstract: '辖区企业、个体工商户、农民专业合作社的设立、变更、注销登记信息，以统一社会信用代码标识。',
      keywords: ['营业执照', '企业', '工商登记'],
      items: [I.tyshxydm(), I.qymc(), I.fddbr(), I.zczb(), I.clrq(), I.jycs(), I.jyfw(), I.djjg(), I.zt()],
      shareModes: ['interface', 'download', 'page_query'],
      openType: 'unconditional',
      updateCycle: 'realtime',
      domain: 'enterprise',
      internalUnitId: 'sj_dj',
    }),
    change: (c) => ({ ...c, abstract: `${c.abstract}新增核准日期信息项。`, items: [...c.items, item('hzrq', '核准日期', 'D', undefined, 'L1')] }),
  },
  {
    department: 'sj',
    state: 'published',
    content: base({
      name: '营业执照电子证照',
      classCode: '105',
      abstract: '市场主体营业执照的电子证照，加盖电子印章，与纸质营业执照具有同等效力。',
      keywords: ['营业执照', '电子证照'],
      formatCategory: 'document',
      formatType: 'OFD',
      items: [I.tyshxydm(), I.qymc(), I.zsbh(), I.fzrq(), item('zzwj', '证照文件', 'G', undefined, 'L1')],
      shareModes: ['download', 'page_query'],
      shareMethodType: 'file',
      updateCycle: 'realtime',
      provisionMethod: 'file',
      domain: 'enterprise',
      internalUnitId: 'sj_dj',
    }),
  },
  {
    department: 'sj',
    state: 'published',
    content: base({
      name: '食品经营许可证信息',
      classCode: '204',
      abstract: '食品经营许可证的核发、变更、延续、注销信息，包括经营者名称、许可证编号和有效期。',
      keywords: ['食品', '许可证'],
      items: [I.tyshxydm(), item('jyzmc', '经营者名称', 'C', 200, 'L1'), I.zsbh(), item('jyxm', '经营项目', 'M', undefined, 'L1'), I.fzrq(), I.yxqz()],
      shareModes: ['interface', 'page_query'],
      openType: 'unconditional',
      updateCycle: 'daily',
      domain: 'enterprise',
      internalUnitId: 'sj_sp',
    }),
  },
  {
    department: 'sj',
    state: 'published',
    content: base({
      name: '行政处罚信息',
      classCode: '104',
      abstract: '市场监管领域行政处罚决定信息，按规定期限公示，可向社会开放。',
      keywords: ['行政处罚', '信用'],
      items: [I.tyshxydm(), item('dsrmc', '当事人名称', 'C', 200, 'L1'), item('cfjdsh', '处罚决定书文号', 'C', 100, 'L1'), item('wfxw', '违法行为类型', 'C', 200, 'L1'), item('cfnr', '处罚内容', 'M', undefined, 'L1'), item('cfrq', '处罚决定日期', 'D', undefined, 'L1')],
      shareModes: ['interface', 'download'],
      openType: 'unconditional',
      updateCycle: 'weekly',
      domain: 'credit',
    }),
  },
  {
    department: 'sj',
    state: 'published',
    content: base({
      name: '特种设备使用登记信息',
      classCode: '205',
      abstract: '电梯、锅炉、压力容器等特种设备的使用登记与定期检验信息。',
      formatCategory: 'spreadsheet',
      formatType: 'xlsx',
      items: [item('sbdm', '设备代码', 'C', 30, 'L1'), item('sblb', '设备类别', 'C', 30, 'L1'), item('sydw', '使用单位', 'C', 200, 'L1'), item('azdd', '安装地点', 'C', 200, 'L2'), item('xcjyrq', '下次检验日期', 'D', undefined, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'conditional',
      openConditions: '向物业服务企业与设备使用单位开放本单位设备信息。',
      updateCycle: 'quarterly',
      provisionMethod: 'file',
      domain: 'safety',
    }),
  },
  {
    department: 'sj',
    state: 'published',
    content: base({
      name: '双随机一公开抽查结果',
      classCode: '3',
      abstract: '“双随机、一公开”监管抽查的检查对象、检查事项和检查结果。',
      items: [I.tyshxydm(), item('jcdx', '检查对象', 'C', 200, 'L1'), item('jcsx', '检查事项', 'C', 200, 'L1'), item('jcjg', '检查结果', 'C', 100, 'L1'), item('jcrq', '检查日期', 'D', undefined, 'L1')],
      shareModes: ['interface', 'download'],
      openType: 'unconditional',
      updateCycle: 'monthly',
      domain: 'enterprise',
    }),
  },
  {
    department: 'sj',
    state: 'submitted',
    content: base({
      name: '个体工商户年度报告信息',
      classCode: '102',
      abstract: '个体工商户年度报告中的经营状态、从业人数与联系方式。',
      items: restricted([I.tyshxydm(), item('jyzxm', '经营者姓名', 'C', 50, 'L3', 'name'), item('cyrs', '从业人数', 'I', undefined, 'L1'), I.lxdh(), item('ndbgnd', '报告年度', 'C', 4, 'L1')], ['lxdh', 'jyzxm']),
      shareType: 'conditional',
      shareConditions: '联系电话、经营者姓名仅向监管执法部门提供。',
      legalBasis: '《促进个体工商户发展条例》;《个体工商户年度报告办法》。',
      updateCycle: 'annual',
      domain: 'enterprise',
    }),
  },
  // ── 人社局 ──
  {
    department: 'rs',
    state: 'published',
    content: base({
      name: '社会保险参保缴费信息',
      classCode: '203',
      abstract: '职工和城乡居民基本养老、医疗、失业、工伤保险的参保状态与缴费记录，即社保缴费信息。',
      keywords: ['社保', '参保', '缴费'],
      items: restricted([I.xm(), I.sfzh(), item('xzlx', '险种类型', 'C', 20, 'L2'), item('cbzt', '参保状态', 'C', 10, 'L2'), item('jfjs', '缴费基数', 'Y', undefined, 'L3', 'free_text'), item('jfyf', '缴费月份', 'C', 7, 'L2'), I.tyshxydm()], ['jfjs']),
      shareType: 'conditional',
      shareConditions: '缴费基数仅向税务、医保部门提供；其他信息项向办理政务服务的部门提供。',
      legalBasis: '《中华人民共和国社会保险法》第八十一条：社会保险行政部门和其他有关行政部门……应当依法为用人单位和个人的信息保密。',
      shareModes: ['interface', 'page_query'],
      updateCycle: 'monthly',
      domain: 'social_security',
    }),
  },
  {
    department: 'rs',
    state: 'published',
    content: base({
      name: '就业失业登记信息',
      classCode: '203',
      abstract: '劳动者就业登记与失业登记信息，用于就业补贴发放与政策精准推送。',
      keywords: ['就业', '失业'],
      items: restricted([I.xm(), I.sfzh(), item('jyzt', '就业状态', 'C', 10, 'L2'), item('djrq', '登记日期', 'D', undefined, 'L2'), item('jydw', '就业单位', 'C', 200, 'L2')], ['jydw']),
      shareType: 'conditional',
      shareConditions: '用于就业创业补贴审核与困难群体帮扶。',
      legalBasis: '《中华人民共和国就业促进法》;《就业服务与就业管理规定》第六十三条。',
      shareModes: ['interface'],
      updateCycle: 'weekly',
      domain: 'employment',
    }),
  },
  {
    department: 'rs',
    state: 'published',
    content: base({
      name: '职业技能等级证书信息',
      classCode: '105',
      abstract: '职业技能等级认定后颁发证书的编号、职业（工种）和等级，支持证书真伪查询。',
      items: [I.xm(), I.sfzh(), I.zsbh(), item('zygz', '职业（工种）', 'C', 100, 'L1'), item('jndj', '技能等级', 'C', 20, 'L1'), I.fzrq()],
      shareModes: ['interface', 'page_query'],
      openType: 'conditional',
      openConditions: '持证人本人或经其授权的用人单位凭证书编号查询。',
      updateCycle: 'weekly',
      domain: 'employment',
    }),
  },
  {
    department: 'rs',
    state: 'published',
    content: base({
      name: '人力资源市场工资指导价位',
      classCode: '203',
      abstract: '按职业发布的人力资源市场工资指导价位，每年更新一次，向社会公开。',
      formatCategory: 'self_describing',
      formatType: 'JSON',
      items: [item('zymc', '职业名称', 'C', 100, 'L1'), item('dwz', '低位数（元/月）', 'Y', undefined, 'L1'), item('zwz', '中位数（元/月）', 'Y', undefined, 'L1'), item('gwz', '高位数（元/月）', 'Y', undefined, 'L1'), item('fbnd', '发布年度', 'C', 4, 'L1')],
      shareModes: ['download', 'interface'],
      shareMethodType: 'file',
      openType: 'unconditional',
      updateCycle: 'annual',
      provisionMethod: 'file',
      domain: 'employment',
    }),
  },
  {
    department: 'rs',
    state: 'draft',
    content: base({
      name: '劳动保障监察案件信息',
      classCode: '3',
      abstract: '劳动保障监察立案、处理结果信息，草稿待完善。',
      items: [item('ajbh', '案件编号', 'C', 30, 'L2'), item('yrdw', '用人单位', 'C', 200, 'L2'), item('ajlx', '案件类型', 'C', 50, 'L2'), item('cljg', '处理结果', 'M', undefined, 'L2')],
      updateCycle: 'monthly',
      domain: 'employment',
    }),
  },
  // ── 社保中心 (affiliated unit) ──
  {
    department: 'rs_sb',
    state: 'published',
    content: base({
      name: '养老保险待遇领取资格认证信息',
      classCode: '203',
      abstract: '离退休人员养老保险待遇领取资格认证的结果与认证时间。',
      items: [I.xm(), I.sfzh(), item('rzjg', '认证结果', 'C', 10, 'L2'), item('rzsj', '认证时间', 'T', undefined, 'L2')],
      shareType: 'conditional',
      shareConditions: '仅用于民政、卫健部门核查待遇领取资格。',
      legalBasis: '《中华人民共和国社会保险法》第八十一条。',
      updateCycle: 'monthly',
      domain: 'social_security',
    }),
  },
  // ── 卫健委 ──
  {
    department: 'wj',
    state: 'published',
    content: base({
      name: '出生医学证明信息',
      classCode: '101',
      abstract: '新生儿出生医学证明签发信息，支撑“出生一件事”联办。',
      keywords: ['出生', '新生儿', '一件事'],
      items: [item('xsexm', '新生儿姓名', 'C', 50, 'L3', 'name'), item('csrq', '出生日期', 'D', undefined, 'L3'), item('mqxm', '母亲姓名', 'C', 50, 'L3', 'name'), item('mqsfzh', '母亲公民身份号码', 'C', 18, 'L3', 'id_number', { identifierKind: 'id_number' }), item('cszmbh', '出生医学证明编号', 'C', 20, 'L2')],
      shareType: 'conditional',
      shareConditions: '向公安、医保、人社部门提供，用于出生登记和参保。',
      legalBasis: `${PIPL}《中华人民共和国母婴保健法》第二十三条。`,
      shareModes: ['interface'],
      updateCycle: 'realtime',
      domain: 'health',
    }),
  },
  {
    department: 'wj',
    state: 'published',
    content: base({
      name: '医疗机构执业许可信息',
      classCode: '202',
      abstract: '辖区医疗机构的执业许可证号、诊疗科目、床位数与有效期。',
      items: [I.tyshxydm(), item('yljgmc', '医疗机构名称', 'C', 200, 'L1'), I.zsbh(), item('zlkm', '诊疗科目', 'M', undefined, 'L1'), item('cws', '床位数', 'I', undefined, 'L1'), I.yxqz()],
      shareModes: ['interface', 'download'],
      openType: 'unconditional',
      updateCycle: 'monthly',
      domain: 'medical',
    }),
  },
  {
    department: 'wj',
    state: 'published',
    content: base({
      name: '居民电子健康档案',
      classCode: '202',
      abstract: '居民电子健康档案涉及个人健康隐私，原则上不予共享；确需使用的通过协调解决。',
      items: allShare([I.xm(), I.sfzh(), item('jkzk', '健康状况', 'M', undefined, 'L4', 'free_text'), item('bs', '既往病史', 'M', undefined, 'L4', 'free_text')], 'none'),
      shareType: 'none',
      legalBasis: '《中华人民共和国基本医疗卫生与健康促进法》第九十二条：国家保护公民个人健康信息。',
      shareModes: [],
      updateCycle: 'daily',
      domain: 'health',
    }),
  },
  {
    department: 'wj',
    state: 'published',
    content: base({
      name: '传染病疫情统计周报',
      classCode: '202',
      abstract: '法定传染病发病数、死亡数的周统计，已汇总脱敏。',
      formatCategory: 'document',
      formatType: 'PDF',
      items: [item('tjzc', '统计周次', 'C', 10, 'L1'), item('bzmc', '病种名称', 'C', 50, 'L1'), item('fbs', '发病数', 'I', undefined, 'L1'), item('sws', '死亡数', 'I', undefined, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'unconditional',
      updateCycle: 'weekly',
      provisionMethod: 'file',
      domain: 'health',
    }),
  },
  {
    department: 'wj',
    state: 'rejected',
    content: base({
      name: '预防接种信息',
      classCode: '202',
      abstract: '儿童预防接种记录。',
      items: [item('etxm', '儿童姓名', 'C', 50, 'L3', 'name'), item('ymmc', '疫苗名称', 'C', 100, 'L2'), item('jzrq', '接种日期', 'D', undefined, 'L2')],
      updateCycle: 'daily',
      domain: 'health',
    }),
    rejectReason: '摘要过于简略，请补充数据来源、覆盖范围和用途，并核对儿童姓名的共享类型。',
  },
  // ── 自然资源局 ──
  {
    department: 'zr',
    state: 'published',
    content: base({
      name: '不动产登记信息',
      classCode: '103',
      abstract: '不动产权利人、坐落、面积、用途及抵押、查封状态，服务于“不动产登记+交易+缴税”一窗办理。',
      keywords: ['不动产', '房产', '土地'],
      items: restricted([item('bdcdyh', '不动产单元号', 'C', 28, 'L2', 'none', { required: true }), item('qlr', '权利人', 'C', 100, 'L3', 'name'), item('qlrzjh', '权利人证件号', 'C', 18, 'L3', 'id_number', { identifierKind: 'id_number' }), item('zl', '坐落', 'C', 200, 'L2'), item('mj', '面积（平方米）', 'B', undefined, 'L2'), item('yt', '用途', 'C', 20, 'L1'), item('dyzt', '抵押状态', 'C', 10, 'L2'), item('cfzt', '查封状态', 'C', 10, 'L2')], ['qlr', 'qlrzjh', 'dyzt', 'cfzt']),
      shareType: 'conditional',
      shareConditions: '权利人、抵押和查封信息仅向住建、税务、法院等依法办理相关业务的部门提供。',
      legalBasis: '《不动产登记暂行条例》第二十四条、第二十七条。',
      shareModes: ['interface', 'page_query'],
      updateCycle: 'realtime',
      domain: 'geography',
    }),
  },
  {
    department: 'zr',
    state: 'published',
    content: base({
      name: '国土空间规划图',
      classCode: '103',
      abstract: '龙南市国土空间总体规划图件，含三区三线，按矢量图层提供。',
      formatCategory: 'image',
      formatType: 'SHP 矢量图层',
      items: [item('tcmc', '图层名称', 'C', 100, 'L1'), item('tcsj', '图层数据', 'G', undefined, 'L2'), item('pzwh', '批准文号', 'C', 100, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'conditional',
      openConditions: '公开版图件向社会开放，需经地图审核。',
      updateCycle: 'other',
      timeliness: '规划修编后更新',
      provisionMethod: 'file',
      domain: 'geography',
    }),
  },
  {
    department: 'zr',
    state: 'published',
    content: base({
      name: '地质灾害隐患点信息',
      classCode: '212',
      abstract: '滑坡、崩塌、泥石流等地质灾害隐患点的位置、规模和威胁对象，用于汛期应急防范。',
      items: [item('yhdbh', '隐患点编号', 'C', 20, 'L1'), item('zhlx', '灾害类型', 'C', 20, 'L1'), item('wz', '位置', 'C', 200, 'L1'), item('gm', '规模等级', 'C', 10, 'L1'), item('wxrs', '威胁人数', 'I', undefined, 'L1')],
      shareModes: ['interface', 'download'],
      openType: 'unconditional',
      updateCycle: 'semiannual',
      domain: 'safety',
    }),
  },
  // ── 民政局 ──
  {
    department: 'mz',
    state: 'published',
    content: base({
      name: '最低生活保障对象信息',
      classCode: '203',
      abstract: '城乡最低生活保障对象的家庭成员、保障金额和保障起止时间，用于低保动态管理。',
      keywords: ['低保', '社会救助'],
      items: restricted([I.xm(), I.sfzh(), item('jtrk', '家庭人口', 'I', undefined, 'L2'), item('bzje', '保障金额（元/月）', 'Y', undefined, 'L3', 'free_text'), item('bzqsrq', '保障起始日期', 'D', undefined, 'L2')], ['bzje']),
      shareType: 'conditional',
      shareConditions: '向人社、卫健、教育部门提供用于救助帮扶和资助认定。',
      legalBasis: '《社会救助暂行办法》第六十六条；《最低生活保障审核确认办法》。',
      shareModes: ['interface'],
      updateCycle: 'monthly',
      domain: 'civil_affairs',
    }),
  },
  {
    department: 'mz',
    state: 'published',
    content: base({
      name: '婚姻登记信息',
      classCode: '101',
      abstract: '结婚、离婚登记记录，用于公积金提取、不动产登记等事项的婚姻状况核验。',
      keywords: ['婚姻', '结婚证'],
      items: [item('nfxm', '男方姓名', 'C', 50, 'L3', 'name'), item('nfsfzh', '男方公民身份号码', 'C', 18, 'L3', 'id_number', { identifierKind: 'id_number' }), item('vfxm', '女方姓名', 'C', 50, 'L3', 'name'), item('vfsfzh', '女方公民身份号码', 'C', 18, 'L3', 'id_number', { identifierKind: 'id_number' }), item('djlx', '登记类型', 'C', 10, 'L2'), item('djrq', '登记日期', 'D', undefined, 'L2')],
      shareType: 'conditional',
      shareConditions: '仅用于婚姻状况核验。',
      legalBasis: `${PIPL}《婚姻登记条例》。`,
      shareModes: ['interface', 'page_query'],
      updateCycle: 'daily',
      domain: 'civil_affairs',
    }),
  },
  {
    department: 'mz',
    state: 'published',
    content: base({
      name: '养老机构名录',
      classCode: '201',
      abstract: '辖区养老机构的名称、地址、床位数和服务类型，向社会公开。',
      formatCategory: 'spreadsheet',
      formatType: 'xlsx',
      items: [I.tyshxydm(), item('jgmc', '机构名称', 'C', 200, 'L1'), item('dz', '地址', 'C', 200, 'L1'), item('cws', '床位数', 'I', undefined, 'L1'), item('fwlx', '服务类型', 'C', 50, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'unconditional',
      updateCycle: 'quarterly',
      provisionMethod: 'file',
      domain: 'civil_affairs',
    }),
  },
  {
    department: 'mz',
    state: 'published',
    content: base({
      name: '社会组织登记信息',
      classCode: '102',
      abstract: '社会团体、民办非企业单位的登记、年检与注销信息。',
      items: [I.tyshxydm(), item('zzmc', '组织名称', 'C', 200, 'L1'), item('zzlx', '组织类型', 'C', 20, 'L1'), I.fddbr(), I.clrq(), I.zt()],
      shareModes: ['interface', 'download'],
      openType: 'unconditional',
      updateCycle: 'weekly',
      domain: 'civil_affairs',
    }),
  },
  // ── 交通运输局 ──
  {
    department: 'jt',
    state: 'published',
    content: base({
      name: '道路运输经营许可信息',
      classCode: '3',
      abstract: '道路旅客运输、货物运输经营许可的许可证号、经营范围和有效期。',
      items: [I.tyshxydm(), item('yhmc', '业户名称', 'C', 200, 'L1'), I.zsbh(), item('jyfw', '经营范围', 'C', 200, 'L1'), I.yxqz()],
      shareModes: ['interface', 'page_query'],
      openType: 'unconditional',
      updateCycle: 'daily',
      domain: 'transport',
    }),
  },
  {
    department: 'jt',
    state: 'published',
    content: base({
      name: '公交线路与站点信息',
      classCode: '201',
      abstract: '城市公交线路走向、站点位置与首末班时间，供出行服务应用使用。',
      formatCategory: 'service',
      formatType: 'REST API',
      items: [item('xlbh', '线路编号', 'C', 20, 'L1'), item('xlmc', '线路名称', 'C', 50, 'L1'), item('zdmc', '站点名称', 'C', 50, 'L1'), item('jd', '经度', 'F', undefined, 'L1'), item('wd', '纬度', 'F', undefined, 'L1'), item('smbsj', '首末班时间', 'C', 20, 'L1')],
      shareModes: ['interface'],
      openType: 'unconditional',
      updateCycle: 'realtime',
      provisionMethod: 'api',
      domain: 'transport',
    }),
  },
  {
    department: 'jt',
    state: 'published',
    content: base({
      name: '道路养护工程计划',
      classCode: '209',
      abstract: '国省道、县乡道养护工程年度计划及半年度调整。',
      formatCategory: 'spreadsheet',
      formatType: 'xls',
      items: [item('lxbh', '路线编号', 'C', 20, 'L1'), item('gcmc', '工程名称', 'C', 200, 'L1'), item('zh', '桩号范围', 'C', 50, 'L1'), item('tz', '投资（万元）', 'Y', undefined, 'L2'), item('jhnd', '计划年度', 'C', 4, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'database',
      updateCycle: 'semiannual',
      provisionMethod: 'table',
      domain: 'transport',
    }),
  },
  {
    department: 'jt',
    state: 'submitted',
    content: base({
      name: '出租汽车驾驶员从业资格信息',
      classCode: '3',
      abstract: '出租汽车驾驶员从业资格证的取得、注册和注销信息。',
      items: restricted([I.xm(), I.sfzh(), I.zsbh(), item('zcqy', '注册企业', 'C', 200, 'L1'), I.yxqz()], ['gmsfhm']),
      shareType: 'conditional',
      shareConditions: '公民身份号码仅向公安部门提供。',
      legalBasis: '《出租汽车驾驶员从业资格管理规定》。',
      updateCycle: 'daily',
      domain: 'transport',
    }),
  },
  // ── 教育局 ──
  {
    department: 'jy',
    state: 'published',
    content: base({
      name: '中小学校基本信息',
      classCode: '201',
      abstract: '辖区中小学校名称、办学类型、地址、学位数，服务于招生入学。',
      formatCategory: 'self_describing',
      formatType: 'JSON',
      items: [I.tyshxydm(), item('xxmc', '学校名称', 'C', 200, 'L1'), item('bxlx', '办学类型', 'C', 20, 'L1'), item('dz', '地址', 'C', 200, 'L1'), item('xws', '学位数', 'I', undefined, 'L1')],
      shareModes: ['download', 'interface'],
      shareMethodType: 'interface',
      openType: 'unconditional',
      updateCycle: 'annual',
      provisionMethod: 'api',
      domain: 'education',
    }),
  },
  {
    department: 'jy',
    state: 'published',
    content: base({
      name: '学生资助发放信息',
      classCode: '203',
      abstract: '家庭经济困难学生资助的资助项目、金额和发放时间，专用于民政局核对救助对象。',
      items: restricted([item('xsxm', '学生姓名', 'C', 50, 'L3', 'name'), item('xssfzh', '学生公民身份号码', 'C', 18, 'L3', 'id_number', { identifierKind: 'id_number' }), item('zzxm', '资助项目', 'C', 50, 'L2'), item('zzje', '资助金额', 'Y', undefined, 'L2'), item('ffrq', '发放日期', 'D', undefined, 'L2')], ['xssfzh']),
      shareType: 'conditional',
      shareConditions: '仅用于社会救助对象核对。',
      legalBasis: '《学生资助资金管理办法》（财教〔2021〕310号）。',
      shareModes: ['interface'],
      updateCycle: 'semiannual',
      domain: 'education',
      dedicated: true,
      dedicatedTo: ['mz'],
    }),
  },
  {
    department: 'jy',
    state: 'published',
    content: base({
      name: '教师资格认定信息',
      classCode: '105',
      abstract: '教师资格证书的认定信息，可供用人单位核验。',
      items: [I.xm(), I.sfzh(), I.zsbh(), item('zgzl', '资格种类', 'C', 50, 'L1'), item('rdjg', '认定机构', 'C', 100, 'L1'), I.fzrq()],
      shareModes: ['page_query'],
      openType: 'conditional',
      openConditions: '凭证书编号和持证人姓名查询。',
      updateCycle: 'quarterly',
      domain: 'education',
    }),
  },
  // ── 数据中心 (operator) ──
  {
    department: 'dc',
    state: 'published',
    content: base({
      name: '政务服务事项办件信息',
      classCode: '201',
      abstract: '龙南市政务服务网和实体大厅受理的办件流水，含事项名称、受理时间和办结状态，用于“好差评”与效能监督。',
      keywords: ['办件', '政务服务', '好差评'],
      items: restricted([item('bjbh', '办件编号', 'C', 40, 'L1', 'none', { required: true }), item('sxmc', '事项名称', 'C', 200, 'L1'), item('sqr', '申请人', 'C', 100, 'L3', 'name'), item('slsj', '受理时间', 'T', undefined, 'L1'), item('bjzt', '办结状态', 'C', 10, 'L1'), item('blbm', '办理部门', 'C', 100, 'L1')], ['sqr']),
      shareType: 'conditional',
      shareConditions: '申请人信息仅向承办部门提供。',
      legalBasis: '《优化营商环境条例》第三十五条；《政务服务评价工作指南》。',
      shareModes: ['interface', 'download', 'page_query'],
      shareMethodType: 'database',
      updateCycle: 'realtime',
      domain: 'economy',
    }),
  },
  {
    department: 'dc',
    state: 'published',
    content: base({
      name: '12345政务服务便民热线工单',
      classCode: '210',
      abstract: '12345热线受理的群众诉求工单，含诉求类型、所属区域和办理结果，来电人信息脱敏。',
      keywords: ['12345', '热线', '诉求'],
      items: [item('gdbh', '工单编号', 'C', 30, 'L1'), item('sqlx', '诉求类型', 'C', 50, 'L1'), item('ssqy', '所属区域', 'C', 50, 'L1'), item('ldr', '来电人', 'C', 50, 'L3', 'name'), item('ldhm', '来电号码', 'C', 20, 'L3', 'phone'), item('bljg', '办理结果', 'M', undefined, 'L1')],
      shareModes: ['interface', 'download'],
      openType: 'conditional',
      openConditions: '脱敏后按月汇总向社会开放，原始工单需申请。',
      updateCycle: 'daily',
      domain: 'economy',
    }),
  },
  {
    department: 'dc',
    state: 'published',
    content: base({
      name: '统计年鉴数据',
      classCode: '3',
      abstract: '龙南市国民经济和社会发展统计年鉴主要指标，每年发布。',
      formatCategory: 'document',
      formatType: 'PDF',
      items: [item('zbmc', '指标名称', 'C', 100, 'L1'), item('zbz', '指标值', 'B', undefined, 'L1'), item('dw', '单位', 'C', 20, 'L1'), item('nd', '年度', 'C', 4, 'L1')],
      shareModes: ['download'],
      shareMethodType: 'file',
      openType: 'unconditional',
      updateCycle: 'annual',
      provisionMethod: 'file',
      domain: 'statistics',
    }),
  },
  {
    department: 'dc',
    state: 'published',
    content: base({
      name: '气象预警信息',
      classCode: '212',
      abstract: '暴雨、台风、高温等气象灾害预警信号，经气象部门推送后实时转发。',
      formatCategory: 'service',
      formatType: 'REST API',
      items: [item('yjlx', '预警类型', 'C', 20, 'L1'), item('yjdj', '预警等级', 'C', 10, 'L1'), item('fbsj', '发布时间', 'T', undefined, 'L1'), item('yjnr', '预警内容', 'M', undefined, 'L1')],
      shareModes: ['interface'],
      openType: 'unconditional',
      updateCycle: 'realtime',
      provisionMethod: 'api',
      domain: 'weather',
    }),
  },
  {
    department: 'dc',
    state: 'draft',
    content: base({
      name: '企业用电量监测数据',
      classCode: '207',
      abstract: '重点企业月度用电量，由供电公司提供，用于经济运行监测。',
      items: [I.tyshxydm(), I.qymc(), item('ydl', '用电量（千瓦时）', 'B', undefined, 'L2'), item('tjyf', '统计月份', 'C', 7, 'L1')],
      shareType: 'conditional',
      shareConditions: '仅用于经济运行分析，不得对外发布单个企业数据。',
      legalBasis: '《中华人民共和国统计法》第九条、第二十五条。',
      updateCycle: 'monthly',
      domain: 'energy',
    }),
  },
];
