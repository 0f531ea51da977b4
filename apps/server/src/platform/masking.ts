import type { MaskingRule } from '@huitong/contracts';
import { hmacSm3Hex } from './crypto.ts';

/**
 * Masking (脱敏) per item rule (SPEC §7, §11). Defaults follow industry practice and are applied
 * by every channel that shows personal data: API, download, page query, open export, console.
 */

/** Common two-character surnames; a name starting with one keeps both characters. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '端木', '百里', '东郭', '南宫', '西门', '独孤', '呼延', '澹台', '公冶', '宗政', '濮阳', '太史',
  '申屠', '闻人', '赫连', '万俟', '拓跋', '第五', '左丘', '子车', '司空', '仲孙', '单于', '亓官', '司寇', '鲜于',
]);

function keep(value: string, head: number, tail: number, fill = '*'): string {
  const chars = [...value];
  if (chars.length <= head + tail) return fill.repeat(chars.length);
  return chars.slice(0, head).join('') + fill.repeat(chars.length - head - tail) + (tail ? chars.slice(-tail).join('') : '');
}

export function maskIdNumber(value: string): string {
  return keep(value, 6, 4);
}

export function maskPhone(value: string): string {
  return keep(value, 3, 4);
}

export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return value;
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(chars.length - surnameLength);
}

export function maskBankCard(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return keep(digits, 6, 4);
}

/** Keeps an address down to its district or county (…区/县/旗, or a county-level …市) and masks the rest. */
export function maskAddress(value: string): string {
  const chars = [...value];
  // The first 区/县/旗 ends the district part; 自治区 is a province, not a district.
  let cut = chars.findIndex((c, i) => (c === '区' && chars[i - 1] !== '治') || c === '县' || c === '旗');
  if (cut < 0) {
    const lastCity = chars.slice(0, 12).lastIndexOf('市');
    cut = lastCity >= 0 ? lastCity : Math.min(5, chars.length - 1);
  }
  return chars.slice(0, cut + 1).join('') + '*'.repeat(chars.length - cut - 1);
}

export function maskFreeText(value: string): string {
  return '*'.repeat(Math.min([...value].length, 8));
}

/** A keyed SM3-HMAC pseudonym: the same input gives the same token, so masked data stays joinable. */
export function pseudonym(key: Buffer, value: string): string {
  return `P${hmacSm3Hex(key, value).slice(0, 24)}`;
}

export function applyMask(rule: MaskingRule, value: string | null | undefined, pseudonymKey?: Buffer): string | null {
  if (value === null || value === undefined) return null;
  switch (rule) {
    case 'none':
      return value;
    case 'id_number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value);
    case 'bank_card':
      return maskBankCard(value);
    case 'free_text':
      return maskFreeText(value);
    case 'pseudonym':
      if (!pseudonymKey) throw new Error('pseudonym masking needs the pseudonym key');
      return pseudonym(pseudonymKey, value);
  }
}
