import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { formatFileSize, letterErrorTitle, looksLikePdf } from './letter.ts';

describe('application letter', () => {
  it('takes a PDF by type or by name (the server checks the content)', () => {
    expect(looksLikePdf({ name: '申请函.pdf', type: '' })).toBe(true);
    expect(looksLikePdf({ name: 'scan', type: 'application/pdf' })).toBe(true);
    expect(looksLikePdf({ name: '申请函.PDF', type: '' })).toBe(true);
    expect(looksLikePdf({ name: '申请函.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe(false);
  });

  it('shows sizes in B, KB and MB', () => {
    expect(formatFileSize(596)).toBe('596 B');
    expect(formatFileSize(2400)).toBe('2.3 KB');
    expect(formatFileSize(5_300_000)).toBe('5.1 MB');
  });

  it('shows a letter error once, without the field prefix', () => {
    const message = 'letter: 请先上传加盖公章的申请函 (upload the stamped application letter first; 000 Art. 15)';
    const required = new ApiError(400, 'LETTER_REQUIRED', message, [{ field: 'letter', message }]);
    expect(letterErrorTitle(required, 'zh')).toBe('请先上传加盖公章的申请函');
    expect(letterErrorTitle(required, 'en')).toBe('upload the stamped application letter first; 000 Art. 15');
    const tooLarge = new ApiError(413, 'PAYLOAD_TOO_LARGE', '申请函不能超过 10 MB,上传的文件为 11.0 MB (the letter is larger than the limit)');
    expect(letterErrorTitle(tooLarge, 'zh')).toBe('申请函不能超过 10 MB,上传的文件为 11.0 MB');
  });

  it('leaves other errors with their list of problems', () => {
    const invalid = new ApiError(400, 'VALIDATION_FAILED', '共享申请有 1 处问题', [{ field: 'itemCodes[0]', message: 'itemCodes[0]: 信息项 zz 不属于该资源 (no such item)' }]);
    expect(letterErrorTitle(invalid, 'zh')).toBeUndefined();
    expect(letterErrorTitle(new Error('boom'), 'zh')).toBeUndefined();
  });
});
