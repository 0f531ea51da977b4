import { describe, expect, it } from 'vitest';
import { applyMask, maskAddress, maskBankCard, maskIdNumber, maskName, maskPhone, pseudonym } from './masking.ts';

describe('masking defaults', () => {
  it('keeps 6+4 of an ID number and 3+4 of a phone', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('keeps the surname, including compound surnames', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('keeps 6+4 of a bank card and the district of an address', () => {
    expect(maskBankCard('6222 0212 3456 7890 123')).toBe('622202*********0123');
    expect(maskAddress('江西省赣州市龙南市龙南镇金水路8号')).toBe('江西省赣州市龙南市********');
    expect(maskAddress('广西壮族自治区南宁市青秀区民族大道1号')).toBe('广西壮族自治区南宁市青秀区******');
  });

  it('gives stable, keyed pseudonyms', () => {
    const key = Buffer.alloc(32, 1);
    expect(pseudonym(key, 'x')).toBe(pseudonym(key, 'x'));
    expect(pseudonym(key, 'x')).not.toBe(pseudonym(Buffer.alloc(32, 2), 'x'));
    expect(applyMask('pseudonym', 'x', key)).toMatch(/^P[0-9a-f]{24}$/);
    expect(applyMask('none', 'x')).toBe('x');
    expect(applyMask('id_number', null)).toBeNull();
  });
});
