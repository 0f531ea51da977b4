import { describe, expect, it } from 'vitest';
import { checkCitizenIdNumber, checkUscc, citizenIdCheckDigit } from '@huitong/contracts';

// Expected check characters are published examples or worked out by hand below, never derived
// with the functions under test.

describe('citizen ID numbers (GB 11643)', () => {
  it('accepts the standard example with an X check character', () => {
    expect(checkCitizenIdNumber('11010519491231002X')).toEqual({ valid: true });
    expect(checkCitizenIdNumber('11010519491231002x').valid).toBe(true);
  });

  it('accepts exactly one check character for any body', () => {
    // Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over 3 6 0 7 2 7 1 9 9 0 0 4 1 8 0 5 1:
    // 21+54+0+35+16+28+2+9+54+0+0+36+10+40+0+20+2 = 327; 327 mod 11 = 8; "10X98765432"[8] = '4'.
    const body = '36072719900418051';
    const valid = [...'0123456789X'].filter((c) => checkCitizenIdNumber(body + c).valid);
    expect(valid).toEqual(['4']);
    expect(citizenIdCheckDigit(body)).toBe('4');
    // The published example: 11010519491231002 → weighted sum 167, 167 mod 11 = 2 → 'X'.
    expect(citizenIdCheckDigit('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check character, naming the check digit', () => {
    const result = checkCitizenIdNumber('110105194912310021');
    expect(result).toMatchObject({ valid: false, problem: 'check_digit' });
  });

  it('rejects impossible and future birth dates', () => {
    // Check characters by hand (weighted sums 160 → mod 11 = 6 → '6'; 144 → 1 → '0'), so only the date is wrong.
    expect(checkCitizenIdNumber('110105194902310026')).toMatchObject({ valid: false, problem: 'birth_date' });
    expect(checkCitizenIdNumber('110105209901010020', new Date('2026-11-22'))).toMatchObject({ valid: false, problem: 'birth_date' });
  });

  it('rejects malformed input', () => {
    for (const bad of ['', '1101051949123100', '11010519491231002Y', 'ABCDEFGHIJKLMNOPQR']) {
      expect(checkCitizenIdNumber(bad)).toMatchObject({ valid: false, problem: 'format' });
    }
  });

  it('does not require a currently valid area code', () => {
    // 99999919800101001: weighted sum 462, 462 mod 11 = 0 → '1'.
    expect(checkCitizenIdNumber('999999198001010011').valid).toBe(true);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the example code of GB 32100 and rejects it with the check character changed', () => {
    expect(checkUscc('91350100M000100Y43').valid).toBe(true);
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ valid: false, problem: 'check_digit' });
  });

  it('accepts published codes of well-known companies', () => {
    for (const code of ['91440300708461136T', '914403001922038216', '91330100716105852F']) {
      expect(checkUscc(code), code).toEqual({ valid: true });
    }
  });

  it('maps a computed 31 to 0', () => {
    // 9144030071526726 weighs 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+7·20+1·29+5·25+2·13+6·8+7·24+2·10+6·30 = 970;
    // a 17th character 3 adds 3·28 = 84: 1054 = 34·31, so 31 − 0 = 31, which GB 32100 writes as '0'.
    expect(checkUscc('914403007152672630')).toEqual({ valid: true });
    for (const wrong of '123456789ABCDEFGHJKLMNPQRTUWXY') {
      expect(checkUscc(`91440300715267263${wrong}`)).toMatchObject({ valid: false, problem: 'check_digit' });
    }
  });

  it('rejects letters outside the charset (I, O, Z, S, V) and wrong lengths', () => {
    expect(checkUscc('91440300715267268I')).toMatchObject({ valid: false, problem: 'format' });
    expect(checkUscc('9144030071526726')).toMatchObject({ valid: false, problem: 'format' });
  });
});
