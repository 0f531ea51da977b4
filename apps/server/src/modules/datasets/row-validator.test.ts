import { describe, expect, it } from 'vitest';
import { citizenIdCheckDigit } from '@huitong/contracts';
import { convertCell, matchHeader, type ColumnSpec } from './row-validator.ts';

const today = new Date('2026-12-04T00:00:00Z');
const col = (dataType: ColumnSpec['dataType'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  columnName: 'c1', itemCode: 'x', itemName: '项', dataType, length: null, required: false, identifierKind: 'none', ...extra,
});
const value = (c: ColumnSpec, raw: string) => {
  const r = convertCell(c, raw, today);
  return 'rule' in r ? `!${r.rule}` : r.value;
};

describe('row validator: each item type', () => {
  it('converts valid text of every type and names the rule of invalid text', () => {
    expect(value(col('C', { length: 3 }), ' 赣州市 ')).toBe('赣州市');
    expect(value(col('C', { length: 3 }), '赣州市人')).toBe('!length');
    expect(value(col('C', { required: true }), '  ')).toBe('!required');
    expect(value(col('C'), '')).toBeNull();
    expect(value(col('N'), '1,234.50')).toBe('1234.50');
    expect(value(col('N'), '12e3')).toBe('!type');
    expect(value(col('I'), '-42')).toBe('-42');
    expect(value(col('I'), '9223372036854775808')).toBe('!type');
    expect(value(col('I'), '4.0')).toBe('!type');
    expect(value(col('F'), '3.5e2')).toBe(350);
    expect(value(col('D'), '2024/2/29')).toBe('2024-02-29');
    expect(value(col('D'), '20230229')).toBe('!type');
    expect(value(col('T'), '2026-11-30 08:15')).toBe('2026-11-30T08:15:00+08:00');
    expect(value(col('T'), '2026-11-30T00:15:00+0000')).toBe('2026-11-30T00:15:00+00:00');
    expect(value(col('T'), '2026-11-30 24:00:00')).toBe('!type');
    expect(value(col('L'), '是')).toBe(true);
    expect(value(col('L'), 'FALSE')).toBe(false);
    expect(value(col('L'), '可能')).toBe('!type');
    expect(value(col('G'), 'aGk=')).toEqual(Buffer.from('hi'));
  });

  it('checks ID numbers and USCCs by their check digits', () => {
    const id = col('C', { identifierKind: 'id_number', length: 18 });
    expect(value(id, '11010519491231002x')).toBe('11010519491231002X');
    expect(value(id, '110105194912310021')).toBe('!id_number');
    const first17 = '36072119900101123';
    expect(value(id, first17 + citizenIdCheckDigit(first17))).toBe(first17 + citizenIdCheckDigit(first17));
    const uscc = col('C', { identifierKind: 'uscc', length: 18 });
    expect(value(uscc, '91360700MA35XXXXXX')).toBe('!uscc');
  });

  it('matches headers by name or code and refuses unknown, repeated or missing key columns', () => {
    const columns = [col('C', { itemCode: 'sfzh', itemName: '身份证号', identifierKind: 'id_number' }), col('C', { columnName: 'c2', itemCode: 'xm', itemName: '姓名' })];
    expect(matchHeader(['SFZH', '姓名'], columns).map((c) => c?.columnName)).toEqual(['c1', 'c2']);
    expect(() => matchHeader(['姓名'], columns)).toThrow(/表头/);
    expect(() => matchHeader(['身份证号', 'sfzh'], columns)).toThrow(/表头/);
    expect(() => matchHeader(['身份证号', '电话'], columns)).toThrow(/表头/);
  });
});
