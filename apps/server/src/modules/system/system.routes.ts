import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import * as contracts from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { conformanceReport } from '../../platform/policy/conformance.ts';
import { repoRoot } from '../../config/config.ts';

const CodeList = Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }));

export function systemRoutes(deps: PlatformDeps) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    app.get(
      '/api/meta',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: '平台信息与代码表 (platform info and code lists)',
          response: {
            200: Type.Object({
              name: Type.String(),
              version: Type.String(),
              database: Type.String(),
              policy: Type.Object({ id: Type.String(), name: Type.String(), jurisdiction: Type.String() }),
              codeLists: Type.Record(Type.String(), CodeList),
            }),
          },
        },
      },
      async () => ({
        name: '汇通 Huitong',
        version: '0.1.0',
        database: deps.dbKind,
        policy: { id: deps.policy.profile.id, name: deps.policy.profile.name, jurisdiction: deps.policy.profile.jurisdiction },
        codeLists: {
          shareTypes: [...contracts.SHARE_TYPES],
          openTypes: [...contracts.OPEN_TYPES],
          shareModes: [...contracts.SHARE_MODES],
          shareMethodTypes: [...contracts.SHARE_METHOD_TYPES],
          provisionMethods: [...contracts.PROVISION_METHODS],
          formatCategories: [...contracts.FORMAT_CATEGORIES],
          updateCycles: [...contracts.UPDATE_CYCLES],
          domains: [...contracts.DOMAINS],
          itemDataTypes: [...contracts.ITEM_DATA_TYPES],
          sensitivityGrades: [...contracts.SENSITIVITY_GRADES],
          maskingRules: [...contracts.MASKING_RULES],
          resourceClasses: [...contracts.RESOURCE_CLASSES],
          roles: [...contracts.ROLES],
          departmentKinds: [...contracts.DEPARTMENT_KINDS],
          adminLevels: [...contracts.ADMIN_LEVELS],
          versionStates: [...contracts.VERSION_STATES],
          entryStatuses: [...contracts.ENTRY_STATUSES],
          auditOutcomes: [...contracts.AUDIT_OUTCOMES],
        },
      }),
    );

    app.get(
      '/api/policy/conformance',
      {
        schema: {
          tags: ['system'],
          summary: '政策符合性报告:条款 → 规则 → 取值 → 执行位置 → 测试',
          response: {
            200: Type.Object({
              profile: Type.Object({ id: Type.String(), name: Type.String(), jurisdiction: Type.String(), seed: Type.String() }),
              rows: Type.Array(
                Type.Object({
                  rule: Type.String(),
                  title: Type.String(),
                  article: Type.Union([Type.String(), Type.Null()]),
                  quote: Type.Union([Type.String(), Type.Null()]),
                  basis: Type.Union([Type.String(), Type.Null()]),
                  value: Type.Unknown(),
                  status: Type.String(),
                  reason: Type.Union([Type.String(), Type.Null()]),
                  enforcedBy: Type.Array(Type.String()),
                  pending: Type.Union([Type.String(), Type.Null()]),
                  tests: Type.Array(Type.Object({ file: Type.String(), line: Type.Integer(), title: Type.String() })),
                  verifiedBy: Type.Array(Type.String()),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async () => {
        const profile = deps.policy.profile;
        return {
          profile: { id: profile.id, name: profile.name, jurisdiction: profile.jurisdiction, seed: profile.seed },
          rows: conformanceReport(profile, repoRoot),
        };
      },
    );
  };
}
