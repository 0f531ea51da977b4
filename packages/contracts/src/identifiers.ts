/**
 * Check-digit validation for the two keys that identify people and organisations
 * (001 Art. 33; 003 Art. 12): citizen ID numbers (GB 11643-1999) and unified social credit
 * codes (GB 32100-2015). Shared by the server and the console so both give the same answer.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

export type IdentifierProblem = 'format' | 'birth_date' | 'check_digit';

export interface IdentifierCheck {
  valid: boolean;
  problem?: IdentifierProblem;
  message?: string;
}

export function citizenIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/**
 * Validates an 18-digit citizen ID number: format, a real birth date not in the future, and the
 * ISO 7064 MOD 11-2 check character. The area code is not checked against a current list: codes
 * of abolished areas stay valid on existing cards.
 */
export function checkCitizenIdNumber(value: string, today: Date = new Date()): IdentifierCheck {
  const id = value.toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(id)) {
    return { valid: false, problem: 'format', message: '公民身份号码应为18位,前17位为数字,末位为数字或X' };
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const validDate =
    year >= 1850 &&
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day &&
    birth.getTime() <= today.getTime();
  if (!validDate) {
    return { valid: false, problem: 'birth_date', message: `公民身份号码中的出生日期 ${id.slice(6, 14)} 无效` };
  }
  if (citizenIdCheckDigit(id.slice(0, 17)) !== id[17]) {
    return { valid: false, problem: 'check_digit', message: '公民身份号码校验位错误' };
  }
  return { valid: true };
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

/** Validates an 18-character unified social credit code against GB 32100's charset and check character. */
export function checkUscc(value: string): IdentifierCheck {
  const code = value.toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !USCC_CHARSET.includes(ch))) {
    return {
      valid: false,
      problem: 'format',
      message: '统一社会信用代码应为18位,由数字和除I、O、Z、S、V以外的大写字母组成',
    };
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    return { valid: false, problem: 'check_digit', message: '统一社会信用代码校验位错误' };
  }
  return { valid: true };
}
