import { describe, expect, it } from 'vitest';
import { checkCitizenIdNumber, checkUscc, citizenIdCheckDigit, usccCheckChar } from '@huitong/contracts';

describe('citizen ID numbers (GB 11643)', () => {
  it('accepts the standard example with an X check character', () => {
    expect(checkCitizenIdNumber('11010519491231002X')).toEqual({ valid: true });
    expect(checkCitizenIdNumber('11010519491231002x').valid).toBe(true);
  });

  it('accepts exactly one check character for any body', () => {
    const body = '36072719900418051';
    const valid = [...'0123456789X'].filter((c) => checkCitizenIdNumber(body + c).valid);
    expect(valid).toEqual([citizenIdCheckDigit(body)]);
  });

  it('rejects a wrong check character, naming the check digit', () => {
    const result = checkCitizenIdNumber('110105194912310021');
    expect(result).toMatchObject({ valid: false, problem: 'check_digit' });
  });

  it('rejects impossible and future birth dates', () => {
    const first17 = '11010519490231002';
    expect(checkCitizenIdNumber(first17 + citizenIdCheckDigit(first17))).toMatchObject({ valid: false, problem: 'birth_date' });
    const future = '11010520990101002';
    expect(checkCitizenIdNumber(future + citizenIdCheckDigit(future), new Date('2026-11-22'))).toMatchObject({ valid: false, problem: 'birth_date' });
  });

  it('rejects malformed input', () => {
    for (const bad of ['', '1101051949123100', '11010519491231002Y', 'ABCDEFGHIJKLMNOPQR']) {
      expect(checkCitizenIdNumber(bad)).toMatchObject({ valid: false, problem: 'format' });
    }
  });

  it('does not require a currently valid area code', () => {
    const abolished = '99999919800101001';
    expect(checkCitizenIdNumber(abolished + citizenIdCheckDigit(abolished)).valid).toBe(true);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the example code of GB 32100 and rejects it with the check character changed', () => {
    expect(checkUscc('91350100M000100Y43').valid).toBe(true);
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ valid: false, problem: 'check_digit' });
  });

  it('maps a computed 31 to 0', () => {
    // Find a body whose check value is 31 → '0' by brute force over the last body character.
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const body = [...charset].map((c) => `9144030071526726${c}`).find((b) => usccCheckChar(b) === '0');
    expect(body).toBeDefined();
    expect(checkUscc(`${body}0`).valid).toBe(true);
  });

  it('rejects letters outside the charset (I, O, Z, S, V) and wrong lengths', () => {
    expect(checkUscc('91440300715267268I')).toMatchObject({ valid: false, problem: 'format' });
    expect(checkUscc('9144030071526726')).toMatchObject({ valid: false, problem: 'format' });
  });
});
