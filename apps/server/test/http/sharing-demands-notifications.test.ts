import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotificationService } from '../../src/modules/notifications/notification.service.ts';
import { departmentId, validContent } from '../helpers/catalog.ts';
import { decide, submitApplication } from '../helpers/sharing.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** The text part of a raw single-part message, decoded from quoted-printable or base64. */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  if (/content-transfer-encoding:\s*base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head!)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

describe('the demand list (需求清单)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The demo's three open demands and one granted application.
    t = await namedTestApp({}, { demands: true, applications: ['常住人口基本信息'] });
  });
  afterAll(() => t.close());

  it('[rule:sharing.demand_reply_workdays] a demand is answered within 10 working days; agreeing registers a catalog draft linked to it', async () => {
    const sj = await departmentId(t.database.db, '龙南市市场监督管理局');
    const created = await t.request({ method: 'POST', url: '/api/sharing/demands', as: 'zr_officer', body: { providerDepartmentId: sj, title: '企业经营异常名录信息', description: '列入经营异常名录的企业及原因', purpose: '土地出让竞买资格审查' } });
    expect(created.statusCode, created.body).toBe(201);
    const demand = created.json();
    // Received Monday 2 November: 10 working days → Monday 16 November.
    expect(demand).toMatchObject({ state: 'open', dueOn: '2026-11-16', dueProvisional: false, overdue: false });
    expect((await t.request({ method: 'GET', url: '/api/sharing/demands?box=received', as: 'sj_officer' })).json().map((d: { id: string }) => d.id)).toContain(demand.id);
    expect((await t.request({ method: 'GET', url: `/api/sharing/demands/${demand.id}`, as: 'jt_officer' })).statusCode).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/sharing/demands/${demand.id}/answer`, as: 'zr_officer', body: { decision: 'decline', answer: '自答' } })).statusCode).toBe(403);

    const noDraft = await t.request({ method: 'POST', url: `/api/sharing/demands/${demand.id}/answer`, as: 'sj_officer', body: { decision: 'agree', answer: '同意编目' } });
    expect(noDraft.statusCode).toBe(400);
    expect(noDraft.json().error.details[0].field).toBe('draft');
    const badDraft = await t.request({ method: 'POST', url: `/api/sharing/demands/${demand.id}/answer`, as: 'sj_officer', body: { decision: 'agree', answer: '同意编目', draft: validContent({ name: '经营异常名录', shareType: 'conditional', items: validContent().items.map((i) => ({ ...i, shareType: 'conditional' as const })) }) } });
    expect(badDraft.statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: `/api/sharing/demands/${demand.id}`, as: 'sj_officer' })).json().state).toBe('open');

    const agreed = await t.request({ method: 'POST', url: `/api/sharing/demands/${demand.id}/answer`, as: 'sj_officer', body: { decision: 'agree', answer: '同意,已编目待审核', draft: validContent({ name: '企业经营异常名录信息' }) } });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toMatchObject({ state: 'agreed', answer: '同意,已编目待审核' });
    const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries/${agreed.json().catalogEntryId}`, as: 'sj_officer' })).json();
    expect(entry).toMatchObject({ status: 'draft', providerDepartmentName: '龙南市市场监督管理局', current: { content: { name: '企业经营异常名录信息' }, changeSummary: expect.stringContaining('企业经营异常名录信息') } });
    const told = (await t.request({ method: 'GET', url: '/api/notifications', as: 'zr_officer' })).json().items;
    expect(told.some((n: { kind: string }) => n.kind === 'demand.answered')).toBe(true);
    expect((await t.request({ method: 'POST', url: `/api/sharing/demands/${demand.id}/answer`, as: 'sj_officer', body: { decision: 'decline', answer: '再答' } })).statusCode).toBe(409);
  });

  it('the operator sees which data several departments are asking for', async () => {
    const hotspots = (await t.request({ method: 'GET', url: '/api/sharing/demand-hotspots', as: 'reviewer' })).json();
    // The demo has 民政局 and 教育局 asking 人社局 for 灵活就业人员登记信息/数据.
    expect(hotspots[0]).toMatchObject({ provider: { name: '龙南市人力资源和社会保障局' }, departments: 2, demands: 2 });
    expect((await t.request({ method: 'GET', url: '/api/sharing/demand-hotspots', as: 'sj_officer' })).statusCode).toBe(403);
    const entries = (await t.request({ method: 'GET', url: '/api/sharing/entry-demand', as: 'reviewer' })).json();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ departments: expect.any(Number), applications: expect.any(Number) });
  });

  it('an unanswered demand is escalated when overdue', async () => {
    const overdue = await namedTestApp({}, { demands: true });
    try {
      overdue.clock.set('2026-11-17T09:00:00+08:00');
      const result = await overdue.app.modules.sharing.deadlines.run();
      expect(result.escalated).toBeGreaterThanOrEqual(3);
      const records = (await overdue.request({ method: 'GET', url: '/api/supervision/records', as: 'supervisor' })).json();
      expect(records.filter((r: { kind: string }) => r.kind === 'demand_overdue')).toHaveLength(3);
    } finally {
      await overdue.close();
    }
  });
});

describe('notifications: inbox, e-mail through SMTP, signed webhooks', () => {
  let smtp: SMTPServer;
  let smtpPort: number;
  const mails: Array<{ to: string[]; raw: string }> = [];
  let hook: http.Server;
  let hookPort: number;
  const calls: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let failNext = 0;
  let t: TestApp | undefined;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk) => (raw += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    hook = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        calls.push({ headers: request.headers, body });
        if (failNext > 0) {
          failNext--;
          response.statusCode = 500;
        }
        response.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookPort = (hook.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(resolve));
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  it('sends e-mail to users with an address when an SMTP server is configured', async () => {
    t = await namedTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, publicUrl: 'https://huitong.example.gov.cn' } }, { entries: ['常住人口基本信息'] });
    const leader = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'wj_leader').executeTakeFirstOrThrow();
    expect((await t.request({ method: 'PATCH', url: `/api/users/${leader.id}`, as: 'admin', body: { email: 'leader@wj.longnan.gov.cn' } })).statusCode).toBe(200);
    const app = await submitApplication(t, 'wj_officer', '常住人口基本信息', { itemCodes: ['xm'] });
    expect(await t.app.modules.notifications.service.deliverOutbox()).toBe(1);
    const mail = mails.find((m) => m.to.includes('leader@wj.longnan.gov.cn'));
    expect(mail).toBeDefined();
    const text = mailText(mail!.raw);
    expect(text).toContain(`https://huitong.example.gov.cn/sharing/applications/${app.id}`);
    expect(text).toContain(app.number);
    // The inbox has it too, and it can be marked read.
    const inbox = (await t.request({ method: 'GET', url: '/api/notifications?unreadOnly=true', as: 'wj_leader' })).json();
    expect(inbox.unread).toBeGreaterThan(0);
    await t.request({ method: 'POST', url: '/api/notifications/read', as: 'wj_leader', body: { all: true } });
    expect((await t.request({ method: 'GET', url: '/api/notifications', as: 'wj_leader' })).json().unread).toBe(0);
  });

  it('delivers subscribed events to a department’s webhook, signed, at least once with retries', async () => {
    t = await namedTestApp({}, { entries: ['社会保险参保缴费信息'] });
    const rs = await departmentId(t.database.db, '龙南市人力资源和社会保障局');
    expect((await t.request({ method: 'POST', url: '/api/webhooks', as: 'sj_admin', body: { departmentId: rs, url: `http://127.0.0.1:${hookPort}/hook`, events: ['application.step_assigned'] } })).statusCode).toBe(403);
    const created = await t.request({ method: 'POST', url: '/api/webhooks', as: 'rs_admin', body: { departmentId: rs, url: `http://127.0.0.1:${hookPort}/hook`, events: ['application.step_assigned', 'grant.created'] } });
    expect(created.statusCode, created.body).toBe(201);
    const { secret } = created.json();
    const listed = (await t.request({ method: 'GET', url: `/api/webhooks?departmentId=${rs}`, as: 'rs_admin' })).json();
    expect(JSON.stringify(listed)).not.toContain(secret);

    const app = await submitApplication(t, 'mz_officer', '社会保险参保缴费信息', { itemCodes: ['xm', 'cbzt'] });
    await decide(t, 'mz_leader', app.id, 'leader_approval');
    await decide(t, 'reviewer', app.id, 'preliminary_review');
    failNext = 1;
    calls.length = 0;
    expect(await t.app.modules.notifications.service.deliverOutbox()).toBe(0);
    expect(calls).toHaveLength(1);
    // Not due again until the back-off has passed.
    expect(await t.app.modules.notifications.service.deliverOutbox()).toBe(0);
    t.clock.advance(2 * 60_000);
    expect(await t.app.modules.notifications.service.deliverOutbox()).toBe(1);
    const delivered = calls[calls.length - 1]!;
    expect(delivered.headers['x-huitong-event']).toBe('application.step_assigned');
    const body = JSON.parse(delivered.body);
    expect(body).toMatchObject({ event: 'application.step_assigned', departmentId: rs, data: { applicationId: app.id, step: 'provider_review', dueOn: '2026-11-09' } });
    const signature = String(delivered.headers['x-huitong-signature']);
    const timestamp = Number(/t=(\d+)/.exec(signature)![1]);
    expect(signature).toBe(NotificationService.signature(secret, timestamp, delivered.body));
    expect(signature).not.toBe(NotificationService.signature('wrong-secret', timestamp, delivered.body));
  });
});
