import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  Application,
  ApplicationInput,
  ApplicationSummary,
  Delegation,
  DelegationCandidate,
  DelegationCandidateQuery,
  DelegationCreate,
  Demand,
  DemandAnswer,
  DemandCreate,
  DemandHotspot,
  DestructionConfirm,
  DisputeInput,
  EntryDemand,
  Grant,
  GrantRevoke,
  IdParams,
  PageOf,
  StepDecision,
  SupervisionRecord,
  Uuid,
} from '@huitong/contracts';
import { NotAllowedError, ValidationError } from '../../platform/errors.ts';
import { hasPlatformScope } from '../../platform/auth/permissions.ts';
import { errors, typed, uploadedBytes } from '../../platform/http/route-helpers.ts';
import type { DeadlineService } from './deadline.service.ts';
import type { DemandService } from './demand.service.ts';
import type { GrantService } from './grant.service.ts';
import type { SharingService } from './sharing.service.ts';

const StepKindParam = Type.Union(['leader_approval', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination'].map((k) => Type.Literal(k)));

export function sharingRoutes(sharing: SharingService, grants: GrantService, demands: DemandService, deadlines: DeadlineService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['sharing'];

    // ── applications ──
    app.get(
      '/api/sharing/applications',
      {
        schema: {
          tags,
          summary: '共享申请: mine 本部门提出的; received 向本部门申请的; leader/operator/provider 待办队列; all 平台全部',
          querystring: Type.Object({
            box: Type.Optional(Type.Union(['mine', 'received', 'leader', 'operator', 'provider', 'all'].map((b) => Type.Literal(b)))),
            state: Type.Optional(Type.String({ maxLength: 30 })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: { 200: PageOf(ApplicationSummary), ...errors },
        },
      },
      async (request) => sharing.list(request.actor, request.query as Parameters<SharingService['list']>[1]),
    );
    app.post(
      '/api/sharing/applications',
      { config: { operation: 'sharing:application:create' }, schema: { tags, summary: '新建共享申请(草稿)', body: ApplicationInput, response: { 201: Application, ...errors } } },
      async (request, reply) => reply.status(201).send(await sharing.create(request.actor, request.body)),
    );
    app.get('/api/sharing/applications/:id', { schema: { tags, summary: '共享申请详情:各环节期限与剩余工作日、全过程记录', params: IdParams, response: { 200: Application, ...errors } } }, async (request) =>
      sharing.detail(request.actor, request.params.id),
    );
    app.put(
      '/api/sharing/applications/:id',
      { config: { operation: 'sharing:application:edit' }, schema: { tags, summary: '修改草稿或被退回的申请', params: IdParams, body: ApplicationInput, response: { 200: Application, ...errors } } },
      async (request) => sharing.update(request.actor, request.params.id, request.body),
    );
    app.put(
      '/api/sharing/applications/:id/letter',
      {
        config: { operation: 'sharing:application:upload-letter' },
        // Checked after the params are validated and before the multipart body is read (it streams only when the handler asks for it).
        preHandler: async (request) => sharing.checkLetterUpload(request.actor, (request.params as { id: string }).id),
        schema: { tags, summary: '上传加盖公章的申请函 (multipart field `file`, PDF only)', params: IdParams, consumes: ['multipart/form-data'], response: { 200: Application, ...errors, 413: errors[400] } },
      },
      async (request) => {
        if (!request.isMultipart()) throw ValidationError.field('letter', 'letter: 请以 multipart/form-data 上传 PDF 文件 (upload the PDF as multipart/form-data)', 'FILE_REQUIRED');
        const file = await request.file();
        if (!file) throw ValidationError.field('letter', 'letter: 未找到上传的文件 (no file)', 'FILE_REQUIRED');
        return sharing.uploadLetter(request.actor, request.params.id, { filename: file.filename, data: await uploadedBytes(file) });
      },
    );
    app.get('/api/sharing/applications/:id/letter', { schema: { tags, summary: '下载申请函', params: IdParams } }, async (request, reply) => {
      const letter = await sharing.letter(request.actor, request.params.id);
      // Always a download, with the type stored at upload and no sniffing: an uploaded file is
      // never rendered by the browser in the console's origin.
      return reply
        .header('content-disposition', `attachment; filename="letter.pdf"; filename*=UTF-8''${encodeURIComponent(letter.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .type(letter.contentType)
        .send(letter.data);
    });
    app.post(
      '/api/sharing/applications/:id/submit',
      { config: { operation: 'sharing:application:submit' }, schema: { tags, summary: '提交本部门分管领导审批(退回后可重新提交)', params: IdParams, response: { 200: Application, ...errors } } },
      async (request) => sharing.submit(request.actor, request.params.id),
    );
    app.post(
      '/api/sharing/applications/:id/withdraw',
      {
        config: { operation: 'sharing:application:withdraw' },
        schema: { tags, summary: '撤回申请', params: IdParams, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }), response: { 200: Application, ...errors } },
      },
      async (request) => sharing.withdraw(request.actor, request.params.id, request.body.reason),
    );
    app.post(
      '/api/sharing/applications/:id/steps/:kind/decision',
      {
        config: { operation: 'sharing:application:decide' },
        schema: {
          tags,
          summary: '对当前环节作出决定;不予共享须说明理由和法律政策依据',
          params: Type.Object({ id: Uuid, kind: StepKindParam }),
          body: StepDecision,
          response: { 200: Application, ...errors },
        },
      },
      async (request) => sharing.decide(request.actor, request.params.id, request.params.kind as Parameters<SharingService['decide']>[2], request.body),
    );
    app.post(
      '/api/sharing/applications/:id/dispute',
      { config: { operation: 'sharing:application:dispute' }, schema: { tags, summary: '对不予共享提出异议,由平台协调', params: IdParams, body: DisputeInput, response: { 200: Application, ...errors } } },
      async (request) => sharing.dispute(request.actor, request.params.id, request.body.reason),
    );
    app.get('/api/sharing/entry-demand', { schema: { tags, summary: '被多个部门申请的资源(高频共享库候选)', response: { 200: Type.Array(EntryDemand), ...errors } } }, async (request) =>
      sharing.entryDemand(request.actor),
    );

    // ── grants ──
    app.get(
      '/api/sharing/grants',
      {
        schema: {
          tags,
          summary: '授权: consumer 本部门获得的; provider 本部门给出的; all',
          querystring: Type.Object({ role: Type.Optional(Type.Union([Type.Literal('consumer'), Type.Literal('provider'), Type.Literal('all')])), entryId: Type.Optional(Uuid) }),
          response: { 200: Type.Array(Grant), ...errors },
        },
      },
      async (request) => grants.list(request.actor, request.query),
    );
    app.get('/api/sharing/grants/:id', { schema: { tags, summary: '授权详情', params: IdParams, response: { 200: Grant, ...errors } } }, async (request) => grants.get(request.actor, request.params.id));
    app.post(
      '/api/sharing/grants/:id/revoke',
      { config: { operation: 'sharing:grant:revoke' }, schema: { tags, summary: '撤销授权,立即生效', params: IdParams, body: GrantRevoke, response: { 200: Grant, ...errors } } },
      async (request) => grants.revoke(request.actor, request.params.id, request.body.reason),
    );
    app.post(
      '/api/sharing/grants/:id/confirm-destruction',
      { config: { operation: 'sharing:grant:confirm-destruction' }, schema: { tags, summary: '确认已销毁不再使用的数据', params: IdParams, body: DestructionConfirm, response: { 200: Grant, ...errors } } },
      async (request) => grants.confirmDestruction(request.actor, request.params.id, request.body.note),
    );

    // ── delegated reviewers ──
    app.get('/api/sharing/delegations', { schema: { tags, summary: '授权代理方', response: { 200: Type.Array(Delegation), ...errors } } }, async (request) => grants.delegations(request.actor));
    app.get(
      '/api/sharing/delegation-candidates',
      { schema: { tags, summary: '按姓名或用户名查找可指定的授权代理方', querystring: DelegationCandidateQuery, response: { 200: Type.Array(DelegationCandidate), ...errors } } },
      async (request) => grants.delegationCandidates(request.actor, request.query.q),
    );
    app.post(
      '/api/sharing/delegations',
      { config: { operation: 'sharing:delegation:create' }, schema: { tags, summary: '指定授权代理方审核某资源的申请', body: DelegationCreate, response: { 200: Type.Array(Delegation), ...errors } } },
      async (request) => grants.delegate(request.actor, request.body.entryId, request.body.delegateUserId),
    );
    app.delete(
      '/api/sharing/delegations/:id',
      { config: { operation: 'sharing:delegation:revoke' }, schema: { tags, summary: '取消授权代理', params: IdParams, response: { 200: Type.Array(Delegation), ...errors } } },
      async (request) => grants.revokeDelegation(request.actor, request.params.id),
    );

    // ── demand list ──
    app.get(
      '/api/sharing/demands',
      { schema: { tags, summary: '需求清单', querystring: Type.Object({ box: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('received'), Type.Literal('all')])) }), response: { 200: Type.Array(Demand), ...errors } } },
      async (request) => demands.list(request.actor, request.query.box ?? 'mine'),
    );
    app.post(
      '/api/sharing/demands',
      { config: { operation: 'sharing:demand:create' }, schema: { tags, summary: '提出目录外的数据需求', body: DemandCreate, response: { 201: Demand, ...errors } } },
      async (request, reply) => reply.status(201).send(await demands.create(request.actor, request.body)),
    );
    app.get('/api/sharing/demands/:id', { schema: { tags, summary: '需求详情', params: IdParams, response: { 200: Demand, ...errors } } }, async (request) => demands.get(request.actor, request.params.id));
    app.post(
      '/api/sharing/demands/:id/answer',
      { config: { operation: 'sharing:demand:answer' }, schema: { tags, summary: '答复需求;同意时编制目录草稿', params: IdParams, body: DemandAnswer, response: { 200: Demand, ...errors } } },
      async (request) => demands.answer(request.actor, request.params.id, request.body),
    );
    app.get('/api/sharing/demand-hotspots', { schema: { tags, summary: '多个部门共同需求的数据', response: { 200: Type.Array(DemandHotspot), ...errors } } }, async (request) => demands.hotspots(request.actor));

    // ── supervision ──
    app.get(
      '/api/supervision/records',
      {
        schema: {
          tags: ['supervision'],
          summary: '超期未办理的督办记录',
          querystring: Type.Object({ departmentId: Type.Optional(Uuid), openOnly: Type.Optional(Type.Boolean()) }),
          response: { 200: Type.Array(SupervisionRecord), ...errors },
        },
      },
      async (request) => {
        if (!hasPlatformScope(request.actor, 'supervision:read')) throw new NotAllowedError('supervision:read');
        return deadlines.supervisionRecords(request.query);
      },
    );
  };
}
