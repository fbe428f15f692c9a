/**
 * The one statement that commits a batch of allocations on PostgreSQL (see
 * `commit-allocation-sql.ts`). Parameters:
 * $1 the time of the transition; $2 `{"SCHEDULED": <that time>}`, merged into the histories;
 * $3 the batch's session ids, in order; and one entry per kernel placement:
 * $4 its session's position in $3 (from 1), $5 the kernel id, $6 the agent id, $7 its slots (JSON).
 *
 * In order: the target agents are locked (`FOR UPDATE`, in id order, so two managers never
 * deadlock), then the sessions still PENDING (in id order; one no longer PENDING is skipped). Under
 * those locks it checks, in exact decimals (`numeric`), that each agent is ALIVE and schedulable
 * and that its occupied slots plus what the batch puts on it, counted session by session in batch
 * order, stay within its available slots (a slot it lacks has zero); and that each session's
 * placements cover exactly its kernels. Only when every check passes does it write the agents'
 * occupied slots, the sessions and the kernels; otherwise it writes nothing and names the first
 * session (by position) that failed. Slot sums are written as `ResourceSlot.toJSON` writes them:
 * decimal text without trailing zeros (`trim_scale`), `Infinity` as is.
 *
 * The parameters are read through the materialized `input` row rather than used directly: the
 * planner then estimates the same for every batch whatever its size, so after five executions
 * PostgreSQL keeps the statement's generic plan instead of planning this long statement again for
 * every batch (which costs more than running it). The plan it keeps uses the primary keys.
 */
export const COMMIT_ALLOCATIONS = {
  name: 'tessera-commit-allocations',
  text: `
with input as materialized (
  select $3::uuid[] as sessions, $4::int[] as positions, $5::uuid[] as kernels, $6::text[] as agents,
    $7::text[] as slots
),
batch as (
  select b.id as session_id, b.ord::int as ord
  from input, unnest(input.sessions) with ordinality as b(id, ord)
),
placed as (
  select p.ord, b.session_id, p.kernel_id, p.agent_id, p.slots::jsonb as slots
  from input,
    unnest(input.positions, input.kernels, input.agents, input.slots) as p(ord, kernel_id, agent_id, slots)
  join batch b on b.ord = p.ord
),
locked_agents as (
  select a.id, a.status, a.schedulable, a.address, a.available_slots, a.occupied_slots
  from agents a where a.id = any((select agents from input)::text[]) order by a.id for update
),
pending as (
  -- The sub-select makes the agents' locks come first: it is evaluated once, before this scan.
  select s.id from sessions s
  where s.id = any((select sessions from input)::uuid[]) and s.status = 'PENDING'
    and (select count(*) from locked_agents) >= 0
  order by s.id for update
),
live as (
  select p.* from placed p where p.session_id in (select id from pending)
),
taken as (
  select l.ord, l.agent_id, e.key,
    sum(e.value::numeric) over (partition by l.agent_id, e.key order by l.ord) as amount
  from live l cross join lateral jsonb_each_text(l.slots) e
  where e.value is not null
),
refused as (
  select l.ord, l.agent_id from live l left join locked_agents a on a.id = l.agent_id
  where a.id is null or a.status <> 'ALIVE' or not a.schedulable or exists (
    select 1 from jsonb_each_text(a.occupied_slots) o
    where o.value::numeric > coalesce((a.available_slots ->> o.key)::numeric, 0)
  )
  union all
  select t.ord, t.agent_id from taken t join locked_agents a on a.id = t.agent_id
  where coalesce((a.occupied_slots ->> t.key)::numeric, 0) + t.amount
    > coalesce((a.available_slots ->> t.key)::numeric, 0)
  order by ord, agent_id limit 1
),
mismatched as (
  select b.ord, array(select k.id::text from kernels k where k.session_id = s.id) as kernels
  from pending s join batch b on b.session_id = s.id
  where array(select k.id from kernels k where k.session_id = s.id order by k.id)
    <> array(select l.kernel_id from live l where l.session_id = s.id order by l.kernel_id)
  order by b.ord limit 1
),
verdict as (
  select not exists (select 1 from refused) and not exists (select 1 from mismatched) as ok
),
agent_totals as (
  select u.id, jsonb_object_agg(u.key, trim_scale(u.amount)::text) as slots
  from (
    select v.id, v.key, sum(v.amount) as amount
    from (
      select a.id, o.key, o.value::numeric as amount
      from locked_agents a cross join lateral jsonb_each_text(a.occupied_slots) o
      where o.value is not null and a.id in (select agent_id from live)
      union all
      select l.agent_id, e.key, e.value::numeric
      from live l cross join lateral jsonb_each_text(l.slots) e
      where e.value is not null
    ) v
    group by v.id, v.key
  ) u
  group by u.id
),
session_totals as (
  select u.session_id, jsonb_object_agg(u.key, trim_scale(u.amount)::text) as slots
  from (
    select l.session_id, e.key, sum(e.value::numeric) as amount
    from live l cross join lateral jsonb_each_text(l.slots) e
    where e.value is not null
    group by l.session_id, e.key
  ) u
  group by u.session_id
),
occupied as (
  update agents a set occupied_slots = t.slots
  from agent_totals t
  where a.id = any((select agents from input)::text[]) and a.id = t.id and (select ok from verdict)
  returning a.id
),
moved as (
  update sessions s set status = 'SCHEDULED', status_info = 'scheduled', status_data = '{}',
    status_changed = $1, status_history = s.status_history || $2::jsonb,
    occupying_slots = coalesce(t.slots, '{}'::jsonb)
  from pending p left join session_totals t on t.session_id = p.id
  where s.id = p.id and (select ok from verdict)
  returning s.id
),
scheduled_kernels as (
  update kernels k set agent = l.agent_id, agent_address = a.address, occupied_slots = l.slots,
    slots_released_at = null, status = 'SCHEDULED', status_info = 'scheduled', status_changed = $1,
    status_history = k.status_history || $2::jsonb
  from live l join locked_agents a on a.id = l.agent_id
  where k.id = l.kernel_id and (select ok from verdict)
  returning k.id
)
select
  array(select id::text from moved) as moved,
  r.ord as refused_at, r.agent_id as refused_agent,
  m.ord as mismatch_at, m.kernels as mismatch_kernels
from (select 1) as one
left join refused r on true
left join mismatched m on true`,
};

/** The statement's single row. */
export interface CommitAllocationsRow {
  /** Ids of the sessions moved to SCHEDULED (none when a check failed). */
  moved: string[];
  /** Position (from 1) of the first session an agent lacked room for, and that agent. */
  refused_at: number | null;
  refused_agent: string | null;
  /** Position of the first session whose placements do not cover its kernels, and its kernels. */
  mismatch_at: number | null;
  mismatch_kernels: string[] | null;
}
