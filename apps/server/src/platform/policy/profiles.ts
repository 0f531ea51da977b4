import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import YAML from 'yaml';
import { RULES, RULE_BY_ID, type Period, type RuleId } from './rules.ts';

const RuleSetting = Type.Object(
  {
    value: Type.Unknown(),
    /** The article the value comes from, or null when the text does not state it. */
    article: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    quote: Type.Optional(Type.String({ minLength: 1 })),
    /** Where the value comes from when the seed text does not state it. */
    basis: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type RuleSetting = Static<typeof RuleSetting>;

const ProfileFile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }),
    name: Type.String({ minLength: 1 }),
    jurisdiction: Type.String({ minLength: 1 }),
    seed: Type.String({ minLength: 1 }),
    truncated: Type.Optional(Type.Boolean()),
    rules: Type.Record(Type.String(), RuleSetting),
  },
  { additionalProperties: false },
);

export interface PolicyProfile {
  id: string;
  name: string;
  jurisdiction: string;
  seed: string;
  truncated: boolean;
  rules: Record<RuleId, RuleSetting>;
}

export class PolicyError extends Error {}

/** Loads and validates one profile: known rules only, every rule present, values of the right shape. */
export function loadProfile(policiesDir: string, id: string): PolicyProfile {
  const file = path.join(policiesDir, `${id}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listProfileIds(policiesDir).join(', ');
    throw new PolicyError(`policy profile "${id}" not found in ${policiesDir} (known: ${known})`);
  }
  return parseProfile(fs.readFileSync(file, 'utf8'), file);
}

export function parseProfile(text: string, source: string): PolicyProfile {
  let raw;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    // A YAML syntax error is a problem with the profile file, reported like the others.
    throw new PolicyError(`invalid policy profile ${source}: ${(error as Error).message.split('\n')[0]}`);
  }
  const problems: string[] = [];
  for (const error of Value.Errors(ProfileFile, raw)) problems.push(`${error.path || '/'}: ${error.message}`);
  if (problems.length === 0) {
    for (const [id, setting] of Object.entries(raw.rules as Record<string, RuleSetting>)) {
      const definition = RULE_BY_ID.get(id);
      if (!definition) {
        problems.push(`rules.${id}: unknown rule`);
        continue;
      }
      for (const error of Value.Errors(definition.value, setting.value)) {
        problems.push(`rules.${id}.value${error.path}: ${error.message}`);
      }
      if (setting.article === null && !setting.basis) problems.push(`rules.${id}: a rule without an article must give its basis`);
      if (setting.article !== null && !setting.quote) problems.push(`rules.${id}: quote the article the value comes from`);
    }
    for (const definition of RULES) {
      if (!(definition.id in raw.rules)) problems.push(`rules.${definition.id}: missing`);
    }
  }
  if (problems.length > 0) throw new PolicyError(`invalid policy profile ${source}:\n  ${problems.join('\n  ')}`);
  return { ...raw, truncated: raw.truncated ?? false } as PolicyProfile;
}

export function listProfileIds(policiesDir: string): string[] {
  if (!fs.existsSync(policiesDir)) return [];
  return fs
    .readdirSync(policiesDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Typed access to a profile's rule values. */
export class Policy {
  constructor(readonly profile: PolicyProfile) {}

  get id(): string {
    return this.profile.id;
  }

  value<T>(rule: RuleId): T {
    return this.profile.rules[rule].value as T;
  }

  setting(rule: RuleId): RuleSetting {
    return this.profile.rules[rule];
  }

  /** "第十一条" or "平台默认…" — what to cite in an error message. */
  citation(rule: RuleId): string {
    const setting = this.setting(rule);
    return setting.article ? `${this.profile.name} ${setting.article}` : (setting.basis ?? '');
  }
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Adds a policy period to an instant, counting calendar days and months in China Standard Time
 * (a month from 31 January is the last day of February).
 */
export function addPeriod(from: Date, period: Period): Date {
  const d = new Date(from.getTime() + CHINA_OFFSET_MS);
  if ('days' in period) {
    d.setUTCDate(d.getUTCDate() + period.days);
    return new Date(d.getTime() - CHINA_OFFSET_MS);
  }
  const months = 'months' in period ? period.months : period.years * 12;
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return new Date(d.getTime() - CHINA_OFFSET_MS);
}

export function subtractPeriod(from: Date, period: Period): Date {
  const negated: Period =
    'days' in period ? { days: -period.days } : 'months' in period ? { months: -period.months } : { years: -period.years };
  return addPeriod(from, negated);
}
