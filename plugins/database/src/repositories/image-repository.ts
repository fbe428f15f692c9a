import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { ImageChanges, ImageDetails, ImageRecord, ImageRepository, Logger } from '@tessera/core';
import {
  AgentEntity,
  AgentImageEntity,
  IMAGE_TYPES,
  ImageAliasEntity,
  ImageEntity,
  type ImageRow,
  type ImageType,
} from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import { parseImageReference } from '../images/image-reference';
import { slotLimitsFromLabels } from '../images/min-slots-from-labels';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toImageRecord } from '../records/image-record';

export class OrmImageRepository implements ImageRepository {
  constructor(
    private readonly work: UnitOfWork,
    private readonly log: Logger,
  ) {}

  /**
   * Inserts new images and refreshes the labels of known ones. Resource limits are always derived
   * from the `ai.backend.resource.min.*` / `max.*` labels (the record's own `minSlots` is not
   * trusted), so a label change on the image is what changes its limits.
   */
  upsertMany(images: ImageRecord[]): Promise<void> {
    return this.work.transaction(async (em) => {
      for (const image of images) {
        const derived = this.fromLabels(image);
        const row = await em.findOne(ImageEntity, { name: image.name, architecture: image.architecture });
        const { registry, repository, tag, digest } = parseImageReference(image.name);
        const scanned = {
          ...(image.digest !== undefined ? { digest: image.digest } : {}),
          ...(image.sizeBytes !== undefined ? { sizeBytes: image.sizeBytes } : {}),
        };
        if (row) {
          // Same labels as stored: the limits stay, so a modify_image change survives heartbeats.
          const sameLabels =
            JSON.stringify(sortedEntries(row.labels)) === JSON.stringify(sortedEntries(image.labels));
          const { minSlots, maxSlots, ...rest } = derived;
          const limits = sameLabels ? {} : { minSlots, maxSlots };
          em.assign(row, { registry, repository, tag, ...rest, ...limits, ...scanned });
        } else {
          const now = new Date();
          const fresh: ImageRow = {
            id: randomUUID(),
            name: image.name,
            architecture: image.architecture,
            registry,
            repository,
            tag,
            digest,
            sizeBytes: 0,
            ...derived,
            ...scanned,
            createdAt: now,
            modifiedAt: now,
          };
          em.create(ImageEntity, fresh);
        }
        await em.flush();
      }
    });
  }

  /** What the labels say: limits, kind and accelerators. Unreadable limits are logged and skipped. */
  private fromLabels(
    image: ImageRecord,
  ): Pick<ImageRow, 'labels' | 'minSlots' | 'maxSlots' | 'type' | 'accelerators'> {
    const { minSlots, maxSlots, invalid } = slotLimitsFromLabels(image.labels);
    for (const bad of invalid) {
      this.log.warn('image label ignored', { image: image.name, architecture: image.architecture, ...bad });
    }
    const role = image.labels['ai.backend.role'];
    const accelerators = image.labels['ai.backend.accelerators'] ?? '';
    return {
      labels: { ...image.labels },
      minSlots,
      maxSlots,
      type: IMAGE_TYPES.includes(role as ImageType) ? (role as ImageType) : 'COMPUTE',
      accelerators: accelerators
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    };
  }

  find(name: string, architecture?: string): Promise<ImageRecord | null> {
    return this.work.read(async (em) => {
      const where = architecture === undefined ? { name } : { name, architecture };
      const row = await em.findOne(ImageEntity, where, { orderBy: { architecture: 'asc' } });
      if (!row) return null;
      const aliases = await aliasesOf(em, [row.id]);
      return { ...toImageRecord(row), aliases: aliases.get(row.id) ?? [] };
    });
  }

  list(): Promise<ImageRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(ImageEntity, {}, { orderBy: { name: 'asc', architecture: 'asc' } });
      const aliases = await aliasesOf(
        em,
        rows.map((row) => row.id),
      );
      return rows.map((row) => ({ ...toImageRecord(row), aliases: aliases.get(row.id) ?? [] }));
    });
  }

  listDetails(): Promise<ImageDetails[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(ImageEntity, {}, { orderBy: { name: 'asc', architecture: 'asc' } });
      return details(em, rows);
    });
  }

  resolveDetails(reference: string, architecture: string): Promise<ImageDetails | null> {
    return this.work.read(async (em) => {
      const row = await resolveRow(em, reference, architecture);
      return row ? (await details(em, [row]))[0]! : null;
    });
  }

  addAlias(alias: string, target: string, architecture: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await em.findOne(ImageEntity, { name: target, architecture });
      if (!row) throw imageNotFound(target, architecture);
      if (await em.findOne(ImageAliasEntity, { alias }))
        throw DatabaseErrors.objectAlreadyExists(`image alias "${alias}"`, { alias });
      em.create(ImageAliasEntity, { alias, image: row });
      await em.flush();
    });
  }

  removeAlias(alias: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const deleted = await em.nativeDelete(ImageAliasEntity, { alias });
      if (deleted === 0) throw DatabaseErrors.objectNotFound(`image alias "${alias}"`, { alias });
    });
  }

  forget(reference: string, architecture: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await resolveRow(em, reference, architecture);
      if (!row) throw imageNotFound(reference, architecture);
      await deleteImages(em, [row.id]);
    });
  }

  modify(target: string, architecture: string, changes: ImageChanges): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await em.findOne(ImageEntity, { name: target, architecture });
      if (!row) throw imageNotFound(target, architecture);
      const name = changes.name ?? row.name;
      const arch = changes.architecture ?? row.architecture;
      if (
        (name !== row.name || arch !== row.architecture) &&
        (await em.findOne(ImageEntity, { name, architecture: arch }))
      )
        throw DatabaseErrors.objectAlreadyExists(`image "${name}" for ${arch}`, { name, architecture: arch });
      const update: Partial<ImageRow> = {};
      if (changes.name !== undefined) update.name = changes.name;
      if (changes.registry !== undefined) update.registry = changes.registry;
      if (changes.tag !== undefined) update.tag = changes.tag;
      if (changes.architecture !== undefined) update.architecture = changes.architecture;
      if (changes.sizeBytes !== undefined) update.sizeBytes = changes.sizeBytes;
      if (changes.type !== undefined) update.type = changes.type as ImageType;
      if (changes.digest !== undefined) update.digest = changes.digest;
      if (changes.labels !== undefined) update.labels = { ...changes.labels };
      if (changes.accelerators !== undefined) update.accelerators = [...changes.accelerators];
      if (changes.resourceLimits !== undefined) {
        const minSlots: Record<string, string> = {};
        const maxSlots: Record<string, string> = {};
        for (const [slot, { min, max }] of Object.entries(changes.resourceLimits)) {
          if (min !== undefined) minSlots[slot] = min;
          if (max !== undefined) maxSlots[slot] = max;
        }
        update.minSlots = minSlots;
        update.maxSlots = maxSlots;
      }
      em.assign(row, update);
      await em.flush();
    });
  }

  clearRegistry(registry: string): Promise<number> {
    return this.work.transaction(async (em) => {
      const rows = await em.find(ImageEntity, { registry });
      await deleteImages(
        em,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  /**
   * Replaces what the agent has installed with `images` (known images only), writing only what
   * changed: a heartbeat that reports the same images reads and writes nothing else.
   */
  recordInstalled(
    agentId: string,
    images: ReadonlyArray<Pick<ImageRecord, 'name' | 'architecture'>>,
  ): Promise<void> {
    return this.work.transaction(async (em) => {
      const rows =
        images.length === 0
          ? []
          : await em.find(ImageEntity, { name: { $in: [...new Set(images.map((i) => i.name))] } });
      const wanted = new Set(images.map((i) => `${i.name}\u0000${i.architecture}`));
      const installed = new Set(
        rows.filter((row) => wanted.has(`${row.name}\u0000${row.architecture}`)).map((row) => row.id),
      );
      const links = await em.find(AgentImageEntity, { agentId });
      const linked = new Set(links.map((link) => link.image.id));
      const gone = [...linked].filter((id) => !installed.has(id));
      if (gone.length > 0) await em.nativeDelete(AgentImageEntity, { agentId, image: { $in: gone } });
      for (const row of rows) {
        if (installed.has(row.id) && !linked.has(row.id))
          em.create(AgentImageEntity, { agentId, image: row });
      }
      await em.flush();
    });
  }
}

function sortedEntries(labels: Record<string, string>): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function imageNotFound(reference: string, architecture: string) {
  return DatabaseErrors.objectNotFound(`image "${reference}" for architecture "${architecture}"`, {
    reference,
    architecture,
  });
}

/** The canonical name for the architecture first, then an alias. */
async function resolveRow(
  em: EntityManager,
  reference: string,
  architecture: string,
): Promise<ImageRow | null> {
  const row = await em.findOne(ImageEntity, { name: reference, architecture });
  if (row) return row;
  const alias = await em.findOne(ImageAliasEntity, { alias: reference }, { populate: ['image'] });
  return alias ? (alias.image as ImageRow) : null;
}

async function aliasesOf(em: EntityManager, ids: string[]): Promise<Map<string, string[]>> {
  const byImage = new Map<string, string[]>();
  if (ids.length === 0) return byImage;
  const rows = await em.find(ImageAliasEntity, { image: { $in: ids } }, { orderBy: { alias: 'asc' } });
  for (const row of rows) {
    const id = (row.image as ImageRow).id;
    byImage.set(id, [...(byImage.get(id) ?? []), row.alias]);
  }
  return byImage;
}

async function details(em: EntityManager, rows: ImageRow[]): Promise<ImageDetails[]> {
  const ids = rows.map((row) => row.id);
  const aliases = await aliasesOf(em, ids);
  const installed = new Map<string, string[]>();
  if (ids.length > 0) {
    const alive = new Set(
      (await em.find(AgentEntity, { status: 'ALIVE' }, { fields: ['id'] })).map((agent) => agent.id),
    );
    const links = await em.find(AgentImageEntity, { image: { $in: ids } }, { orderBy: { agentId: 'asc' } });
    for (const link of links) {
      if (!alive.has(link.agentId)) continue;
      const id = (link.image as ImageRow).id;
      installed.set(id, [...(installed.get(id) ?? []), link.agentId]);
    }
  }
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    architecture: row.architecture,
    registry: row.registry,
    repository: row.repository,
    tag: row.tag,
    digest: row.digest,
    sizeBytes: Number(row.sizeBytes),
    type: row.type,
    labels: { ...row.labels },
    minSlots: { ...row.minSlots },
    maxSlots: { ...row.maxSlots },
    accelerators: [...row.accelerators],
    aliases: aliases.get(row.id) ?? [],
    installedAgents: installed.get(row.id) ?? [],
  }));
}

async function deleteImages(em: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await em.nativeDelete(ImageAliasEntity, { image: { $in: ids } });
  await em.nativeDelete(AgentImageEntity, { image: { $in: ids } });
  await em.nativeDelete(ImageEntity, { id: { $in: ids } });
}
