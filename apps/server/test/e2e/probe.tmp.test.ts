// @ts-nocheck
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { it } from 'vitest';
import { openConsole } from '../helpers/console.ts';
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
it('probe', async () => {
  const s = await openConsole('probe');
  const { page, baseUrl } = s;
  const pages: Record<string, string[]> = {
    leader_wj: ['/sharing/review?box=leader'],
    reviewer: ['/sharing/review?box=operator', '/audit', '/catalog', '/objections', '/maintenance', '/admin/calendar', '/catalog/abc'],
  };
  const users = JSON.parse(process.env.PROBE_USERS ?? 'null') ?? pages;
  for (const [user, paths] of Object.entries(users) as [string, string[]][]) {
    await s.login(user);
    for (const p of paths) {
      await page.goto(baseUrl + p); await page.waitForTimeout(1500);
      const sw = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      await page.addScriptTag({ content: axeSource });
      const r = await page.evaluate(async () => { const res = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }); return res.violations.map((v: any) => `${v.id} ${v.impact} ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ') + ' | ' + (n.failureSummary ?? '').slice(0, 160).replace(/\n/g, ' ')).join(' || ')}`); });
      console.log(user, p, 'scroll', sw, '\n  ' + r.join('\n  '));
      await page.screenshot({ path: `/tmp/probe/${user}${p.replace(/[\/?=]/g, '_')}.png` });
    }
  }
  await s.close();
});
