/**
 * Deterministic generator of realistic Chinese catalog entries for benchmarks: names built from
 * places, subjects, topics and kinds of record; abstracts from common phrases; 3–12 items each.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../apps/server/src/platform/db/schema.ts';

let seed = 20261122;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const PLACES = ['龙南市', '赣州市', '定南县', '全南县', '信丰县', '南康区', '章贡区', '瑞金市', '于都县', '兴国县', '宁都县', '会昌县', '寻乌县', '安远县', '崇义县', '大余县'];
const SUBJECTS = ['企业', '个体工商户', '农民专业合作社', '社会组织', '医疗机构', '学校', '养老机构', '车辆', '驾驶员', '药品经营者', '建筑企业', '出租汽车', '人员', '家庭', '流动人口', '残疾人', '退役军人', '林权', '耕地', '河道'];
const TOPICS = ['营业执照', '食品经营许可', '不动产登记', '社会保险参保', '医保结算', '公积金缴存', '婚姻登记', '户籍', '出生医学证明', '死亡医学证明', '行政处罚', '信用评价', '纳税', '用电', '用水', '环境监测', '安全生产检查', '特种设备', '道路运输许可', '建设工程规划许可', '施工许可', '排污许可', '取水许可', '低保救助', '就业登记', '职业资格', '学籍', '疫苗接种', '执业医师', '药品抽检'];
const KINDS = ['信息', '登记信息', '许可信息', '台账', '统计数据', '名录', '核验结果', '明细', '电子证照', '汇总表'];
const ABSTRACT_PHRASES = ['用于政务服务事项办理中的核验', '按日更新并通过共享平台提供', '涵盖辖区全部登记对象', '数据来源于部门业务系统', '经过清洗比对后归集', '支撑一网通办和跨部门协同', '可用于监管执法与信用评价', '已按规定进行脱敏处理', '包括历史数据和增量数据', '服务于基层治理和应急管理', '以统一社会信用代码为标识', '以公民身份号码为标识'];
const ITEM_NAMES = ['姓名', '公民身份号码', '性别', '出生日期', '民族', '住址', '联系电话', '统一社会信用代码', '企业名称', '法定代表人', '注册资本', '成立日期', '经营范围', '登记机关', '证书编号', '发证日期', '有效期至', '许可事项', '处罚决定书文号', '违法行为类型', '缴费基数', '参保状态', '车牌号码', '车辆识别代号', '不动产单元号', '坐落', '面积', '用途', '检查结果', '监测值', '采样时间', '责任单位', '办理状态', '受理时间', '备注'];
const SHARE = ['unconditional', 'conditional', 'none'];
const DOMAINS = ['credit', 'transport', 'medical', 'health', 'employment', 'social_security', 'geography', 'education', 'environment', 'enterprise', 'safety'];
const FORMATS = ['database', 'spreadsheet', 'document', 'service'];
const CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'];
const CLASSES = ['101', '102', '103', '104', '105', '201', '202', '203', '204', '205', '209', '212'];

export interface Generated {
  name: string;
  abstract: string;
  items: string[];
}

export function generate(i: number): Generated {
  const topic = pick(TOPICS);
  const name = `${pick(PLACES)}${pick(SUBJECTS)}${topic}${pick(KINDS)}`;
  const abstract = `${name}，${pick(ABSTRACT_PHRASES)}，${pick(ABSTRACT_PHRASES)}。第${i}号资源。`;
  const itemCount = 3 + Math.floor(random() * 10);
  const items = [...new Set(Array.from({ length: itemCount }, () => pick(ITEM_NAMES)))];
  return { name, abstract, items };
}

export async function loadEntries(db: Kysely<Database>, providerId: string, count: number): Promise<void> {
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const g = generate(i);
      const classCode = pick(CLASSES);
      const resourceCode = `${classCode}/${String(i + 1).padStart(6, '0')}`;
      rows.push({
        resource_code: resourceCode,
        provider_department_id: providerId,
        status: 'published' as const,
        name: g.name,
        abstract: g.abstract,
        class_code: classCode,
        share_type: pick(SHARE),
        open_type: 'none',
        domain: pick(DOMAINS),
        format_category: pick(FORMATS),
        update_cycle: pick(CYCLES),
        provision_method: 'table',
        item_names: g.items,
        item_count: g.items.length,
        published_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
      });
    }
    await db.insertInto('catalog_entry').values(rows).execute();
  }
  await sql`analyze catalog_entry`.execute(db);
}
