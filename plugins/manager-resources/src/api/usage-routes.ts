import type Router from '@koa/router';
import { inject, injectable } from 'tsyringe';
import { bodyValidator, ManagerErrors, requestParams, type ApiState } from '@tessera/manager';
import { ResourceSettings } from '../resource-settings';
import { KernelUsageReader } from '../usage/kernel-usage';
import { monthlyStats, STATS_PERIOD_MS } from '../usage/monthly-stats';
import { usageReport } from '../usage/usage-report';
import { callerOf, superadminOf } from './caller';

const DAY_MS = 86_400_000;

const monthParams = bodyValidator<{ month: string; group_ids?: string | string[] | null }>({
  type: 'object',
  required: ['month'],
  properties: {
    month: { type: 'string', pattern: '^\\d{6}$' },
    group_ids: {
      anyOf: [{ type: 'null' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
  },
});

const periodParams = bodyValidator<{ group_id?: string | null; start_date: string; end_date: string }>({
  type: 'object',
  required: ['start_date', 'end_date'],
  properties: {
    group_id: { type: ['string', 'null'] },
    start_date: { type: 'string', pattern: '^\\d{8}$' },
    end_date: { type: 'string', pattern: '^\\d{8}$' },
  },
});

/**
 * Usage figures computed from the kernels' lifetimes, occupied slots and last stats: the usage
 * reports per month and per period (superadmins, as upstream) and the 30-day binned stats of the
 * caller's own kernels (anyone) or of all (superadmins). Dates are read in UTC.
 */
@injectable()
export class UsageRoutes {
  constructor(
    @inject(KernelUsageReader) private readonly reader: KernelUsageReader,
    @inject(ResourceSettings) private readonly settings: ResourceSettings,
  ) {}

  register(router: Router<ApiState>): void {
    router.get('/resource/usage/month', async (ctx) => {
      superadminOf(ctx, 'read usage reports');
      const params = monthParams(await requestParams(ctx));
      const start = utcDate(params.month, 'month', '01');
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      const groups = params.group_ids == null ? [] : [params.group_ids].flat();
      ctx.body = usageReport(
        await this.reader.kernelsUsedIn(start, end, {
          endedOnly: false,
          session: groups.length ? (s) => s.groupId !== null && groups.includes(s.groupId) : undefined,
        }),
      );
    });
    router.get('/resource/usage/period', async (ctx) => {
      superadminOf(ctx, 'read usage reports');
      const params = periodParams(await requestParams(ctx));
      const start = utcDate(params.start_date, 'start_date');
      const end = new Date(utcDate(params.end_date, 'end_date').getTime() + DAY_MS);
      if (end <= start)
        throw ManagerErrors.invalidParams('end_date must not be before start_date', { ...params });
      if (end.getTime() - start.getTime() > this.settings.usagePeriodMaxDays * DAY_MS)
        throw ManagerErrors.invalidParams(`Cannot query more than ${this.settings.usagePeriodMaxDays} days`, {
          ...params,
        });
      const group = params.group_id ?? null;
      ctx.body = usageReport(
        await this.reader.kernelsUsedIn(start, end, {
          endedOnly: false,
          session: group === null ? undefined : (s) => s.groupId === group.toLowerCase(),
        }),
      );
    });
    router.get('/resource/stats/user/month', async (ctx) => {
      const caller = callerOf(ctx);
      const now = new Date();
      const kernels = await this.reader.kernelsUsedIn(new Date(now.getTime() - STATS_PERIOD_MS), now, {
        endedOnly: true,
        session: (s) => s.userId === caller.userId,
      });
      ctx.body = monthlyStats(kernels, now);
    });
    router.get('/resource/stats/admin/month', async (ctx) => {
      superadminOf(ctx, "read every user's stats");
      const now = new Date();
      const start = new Date(now.getTime() - STATS_PERIOD_MS);
      ctx.body = monthlyStats(await this.reader.kernelsUsedIn(start, now, { endedOnly: true }), now);
    });
  }
}

/** `yyyymm` (with `day`) or `yyyymmdd` as midnight UTC; an impossible date names the field. */
function utcDate(text: string, field: string, day?: string): Date {
  const full = day ? text + day : text;
  const [year, month, date] = [full.slice(0, 4), full.slice(4, 6), full.slice(6, 8)].map(Number) as [
    number,
    number,
    number,
  ];
  const value = new Date(Date.UTC(year, month - 1, date));
  if (value.getUTCFullYear() !== year || value.getUTCMonth() !== month - 1 || value.getUTCDate() !== date)
    throw ManagerErrors.invalidParams(`Invalid parameter ${field}: "${text}" is not a valid date`, {
      [field]: text,
    });
  return value;
}
