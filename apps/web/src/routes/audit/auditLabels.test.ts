import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_OPERATIONS, AUDIT_TARGET_TYPES, actorLabel, detailFieldLabel, targetLabel, detailValue, operationLabel, operationOptions, targetTypeLabel } from './auditLabels.ts';

/** Every `operation: '…'` / `targetType: '…'` literal the server writes into the audit log. */
function serverLiterals(pattern: RegExp): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) for (const m of fs.readFileSync(full, 'utf8').matchAll(pattern)) found.add(m[1]!);
    }
  };
  walk(path.resolve(import.meta.dirname, '../../../../server/src'));
  return found;
}

describe('audit labels', () => {
  it('names every operation and target type the server records, in both languages', () => {
    const operations = serverLiterals(/operation: (?:[^'\n]*\? )?'([a-z-]+(?::[a-z-]+)+)'/g);
    for (const m of fs.readFileSync(path.resolve(import.meta.dirname, '../../../../server/src/modules/sharing/review.service.ts'), 'utf8').matchAll(/'(sharing:application:(?:approve|reject)-step)'/g)) operations.add(m[1]!);
    expect(operations.size).toBeGreaterThan(40);
    expect([...operations].filter((op) => !AUDIT_OPERATIONS[op])).toEqual([]);
    const targets = serverLiterals(/targetType: '([a-z_]+)'/g);
    expect([...targets].filter((type) => !AUDIT_TARGET_TYPES[type])).toEqual([]);
    for (const label of Object.values(AUDIT_OPERATIONS)) {
      expect(label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(label.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('shows names, not codes', () => {
    expect(operationLabel('auth:login', 'zh')).toBe('登录');
    expect(operationLabel('sharing:application:approve-step', 'en')).toBe('Approve review step');
    expect(operationLabel('catalog:', 'zh')).toBe('资源目录（全部）');
    expect(targetTypeLabel('share_application', 'zh')).toBe('共享申请');
    expect(actorLabel({ actorName: 'cli:root', systemId: null }, 'zh')).toBe('命令行（root）');
    expect(actorLabel({ actorName: null, systemId: 'x' }, 'en')).toBe('Application system');
    expect(detailFieldLabel('reason', 'zh')).toBe('原因');
    expect(detailValue(['xm', 'gmsfhm'], 'zh')).toBe('xm、gmsfhm');
    expect(detailValue(true, 'en')).toBe('yes');
  });

  it('offers the operations as a list whose values are the raw codes the server filters by', () => {
    const values = operationOptions('zh').flatMap((group) => group.options.map((o) => o.value));
    expect(values).toContain('catalog:');
    expect(values).toContain('auth:login');
    expect(operationOptions('zh').flatMap((group) => group.options).every((o) => !/^[a-z:-]+$/.test(o.label))).toBe(true);
  });

  it('shows a target by its name when the server names it, by its type otherwise', () => {
    expect(targetLabel({ targetType: 'catalog_entry', targetName: '企业登记基本信息' }, 'zh')).toBe('目录：企业登记基本信息');
    expect(targetLabel({ targetType: 'share_application', targetName: 'GX20261203-0001' }, 'en')).toMatch(/: GX20261203-0001$/);
    expect(targetLabel({ targetType: 'audit_log', targetName: null }, 'zh')).toBe(targetTypeLabel('audit_log', 'zh'));
    expect(targetLabel({ targetType: null, targetName: null }, 'zh')).toBe('—');
  });
});
