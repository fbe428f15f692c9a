/// <reference types="mocha" />
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import type { AllocMap } from '../../allocation/alloc-map';
import type { Accelerator } from '../../contracts/accelerator';
import type { DeviceAllocation } from '../../domain/kernel-spec';
import { matchesSlotPattern } from '../../slots/slot-pattern';
import { SLOT_TYPES, type SlotType } from '../../slots/slot-type';

export interface AcceleratorUnderTest {
  /** The accelerator with its devices discovered and nothing allocated. */
  accelerator: Accelerator;
  close?(): Promise<void>;
}

/** A slot with capacity, and the amount the suite asks for at a time. */
interface SlotUnderTest {
  name: string;
  type: SlotType;
  capacity: Decimal;
  unit: Decimal;
}

/**
 * The amount asked for at a time: one device, share or slice (`count`, `unique`), or everything
 * (`bytes`, which no unit divides). A slot with less than one unit of capacity is asked for whole.
 */
function unitOf(type: SlotType, capacity: Decimal): Decimal {
  return type === 'bytes' ? capacity : Decimal.min(1, capacity);
}

async function slotsWithCapacity(accelerator: Accelerator): Promise<SlotUnderTest[]> {
  const available = await accelerator.availableSlots();
  return Object.entries(accelerator.slotTypes)
    .map(([name, type]) => ({ name, type, capacity: new Decimal(available[name] ?? '0') }))
    .filter((slot) => slot.capacity.gt(0))
    .map((slot) => ({ ...slot, unit: unitOf(slot.type, slot.capacity) }));
}

/** Amount per slot an allocation hands out, summed over devices. */
function totals(allocation: DeviceAllocation): Record<string, Decimal> {
  return Object.fromEntries(
    Object.entries(allocation).map(([slot, perDevice]) => [
      slot,
      Object.values(perDevice).reduce((sum, amount) => sum.add(amount), new Decimal(0)),
    ]),
  );
}

/** Device ids an allocation hands a positive amount of. */
function devicesOf(allocation: DeviceAllocation): string[] {
  return Object.values(allocation).flatMap((perDevice) =>
    Object.entries(perDevice)
      .filter(([, amount]) => new Decimal(amount).gt(0))
      .map(([deviceId]) => deviceId),
  );
}

let kernelCounter = 0;
function kernelId(label: string): string {
  kernelCounter += 1;
  return `conformance-${label}-${kernelCounter}`;
}

/**
 * Allocates `slot.unit` for fresh kernels until the accelerator refuses (bounded by what the
 * declared capacity allows, plus one). Answers the kernels that got something and the total.
 */
async function fill(
  accelerator: Accelerator,
  slot: SlotUnderTest,
): Promise<{ kernels: string[]; total: Decimal }> {
  const kernels: string[] = [];
  let total = new Decimal(0);
  const attempts = slot.capacity.div(slot.unit).ceil().toNumber() + 1;
  for (let i = 0; i < attempts; i++) {
    const id = kernelId(`fill-${slot.name}`);
    const allocation = await accelerator.allocate(id, { [slot.name]: slot.unit.toFixed() });
    if (!allocation) return { kernels, total };
    kernels.push(id);
    total = total.add(totals(allocation)[slot.name] ?? 0);
  }
  assert.fail(
    `${slot.name}: ${attempts} allocations of ${slot.unit} all succeeded on a capacity of ${slot.capacity}`,
  );
}

/** Per slot, the capacity of a map's devices summed (`view`), as decimals. */
function mapCapacity(map: AllocMap): Record<string, Decimal> {
  const out: Record<string, Decimal> = {};
  for (const usage of map.view()) {
    out[usage.slotName] = (out[usage.slotName] ?? new Decimal(0)).add(usage.capacity.toString());
  }
  return out;
}

/** A map's refusal: an allocation error of the core (checked by code, so a vendor's own copy of the core counts). */
function isAllocationRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    [
      'resource-error',
      'insufficient-resource',
      'fractional-resource-fragmented',
      'invalid-resource-combination',
      'invalid-resource-argument',
      'not-multiple-of-quantum',
    ].includes(code)
  );
}

/**
 * Allocates `slot.unit` from the map until it refuses (bounded by the capacity, plus one), and
 * checks that the refusal is an allocation error that left the map as it was.
 */
function fillMap(map: AllocMap, slot: SlotUnderTest): DeviceAllocation[] {
  const granted: DeviceAllocation[] = [];
  const attempts = slot.capacity.div(slot.unit).ceil().toNumber() + 1;
  for (let i = 0; i < attempts; i++) {
    const before = map.allocated();
    try {
      granted.push(map.allocate({ [slot.name]: slot.unit.toFixed() }));
    } catch (error) {
      assert.ok(isAllocationRefusal(error), `${slot.name}: the map refused with ${String(error)}`);
      assert.deepEqual(map.allocated(), before, `${slot.name}: a refused allocation changed the map`);
      return granted;
    }
  }
  assert.fail(
    `${slot.name}: ${attempts} map allocations of ${slot.unit} succeeded on a capacity of ${slot.capacity}`,
  );
}

/**
 * The accelerator/v1 conformance suite. The suite reads the slots the accelerator declares and
 * their capacity (`availableSlots`), asks for one unit at a time (one device, share or slice; all
 * of a `bytes` slot) and checks that nothing is ever handed out twice. An accelerator with an
 * allocation map (`createAllocMap`) is also checked through its map, as the agent uses it; the
 * map checks are skipped (pending) for accelerators without one.
 */
export function describeAcceleratorConformance(
  name: string,
  create: () => Promise<AcceleratorUnderTest> | AcceleratorUnderTest,
): void {
  describe(`accelerator/v1 conformance: ${name}`, () => {
    let subject: AcceleratorUnderTest;
    let accelerator: Accelerator;
    beforeEach(async () => {
      subject = await create();
      accelerator = subject.accelerator;
    });
    afterEach(async () => subject.close?.());

    it('declares a lower-case device key and slots named after it, of known slot types', () => {
      assert.match(accelerator.key, /^[a-z][a-z0-9_-]*$/);
      const slots = Object.entries(accelerator.slotTypes);
      assert.ok(slots.length > 0, 'at least one slot');
      for (const [slot, type] of slots) {
        assert.ok(slot.startsWith(`${accelerator.key}.`), `${slot} is named <key>.<...>`);
        assert.ok(SLOT_TYPES.includes(type), `${slot} has a known slot type, not ${type}`);
      }
    });

    it('describes every slot it declares once, and no other', () => {
      const described = accelerator.metadata().map((m) => m.slotName);
      assert.deepEqual([...described].sort(), Object.keys(accelerator.slotTypes).sort());
    });

    it('lists its devices with distinct ids', async () => {
      const devices = await accelerator.listDevices();
      const ids = devices.map((d) => d.deviceId);
      assert.equal(new Set(ids).size, ids.length, `device ids repeat: ${ids.join(', ')}`);
      for (const device of devices) {
        assert.ok(device.deviceId.length > 0, 'a device id is not empty');
        assert.ok(device.memorySize >= 0 && device.processingUnits >= 0, `${device.deviceId} sizes`);
      }
    });

    it('declares capacity only for its own slots, as non-negative decimals', async () => {
      const available = await accelerator.availableSlots();
      for (const [slot, amount] of Object.entries(available)) {
        assert.ok(accelerator.slotTypes[slot], `${slot} is one of the declared slots`);
        assert.doesNotThrow(() => new Decimal(amount), `${slot}: ${amount} is a decimal`);
        assert.ok(new Decimal(amount).gte(0), `${slot}: ${amount} is not negative`);
      }
      assert.ok((await slotsWithCapacity(accelerator)).length > 0, 'some slot has capacity');
    });

    it('hands out what was asked, on devices it listed', async () => {
      const devices = new Set((await accelerator.listDevices()).map((d) => d.deviceId));
      for (const slot of await slotsWithCapacity(accelerator)) {
        const id = kernelId('one');
        const allocation = await accelerator.allocate(id, { [slot.name]: slot.unit.toFixed() });
        assert.ok(allocation, `${slot.name}: ${slot.unit} of a free accelerator is granted`);
        assert.deepEqual(Object.keys(allocation), [slot.name]);
        assert.equal(totals(allocation)[slot.name]!.toFixed(), slot.unit.toFixed(), `${slot.name} amount`);
        for (const deviceId of devicesOf(allocation))
          assert.ok(devices.has(deviceId), `${deviceId} is listed`);
        await accelerator.release(id);
      }
    });

    it('refuses more than its capacity, in one request or many, and never hands out more', async () => {
      for (const slot of await slotsWithCapacity(accelerator)) {
        const beyond = slot.capacity.add(slot.unit).toFixed();
        assert.equal(await accelerator.allocate(kernelId('beyond'), { [slot.name]: beyond }), null);
        const { kernels, total } = await fill(accelerator, slot);
        assert.ok(kernels.length > 0, `${slot.name}: a unit of a free accelerator is granted`);
        assert.ok(total.lte(slot.capacity), `${slot.name}: handed out ${total} of ${slot.capacity}`);
        for (const id of kernels) await accelerator.release(id);
      }
    });

    it('keeps nothing of a refused request', async () => {
      for (const slot of await slotsWithCapacity(accelerator)) {
        const beyond = slot.capacity.add(slot.unit).toFixed();
        const attempts = slot.capacity.div(slot.unit).ceil().toNumber() + 1;
        for (let i = 0; i < attempts; i++)
          assert.equal(await accelerator.allocate(kernelId('refused'), { [slot.name]: beyond }), null);
        const id = kernelId('after');
        const granted = await accelerator.allocate(id, { [slot.name]: slot.unit.toFixed() });
        assert.ok(granted, `${slot.name}: refused requests left the capacity free`);
        await accelerator.release(id);
      }
    });

    it('frees on release what the kernel held, and only that', async () => {
      for (const slot of await slotsWithCapacity(accelerator)) {
        const { kernels } = await fill(accelerator, slot);
        const [first, ...rest] = kernels;
        assert.ok(first, `${slot.name}: a unit of a free accelerator is granted`);
        await accelerator.release(first);
        assert.ok(
          await accelerator.allocate(kernelId('reuse'), { [slot.name]: slot.unit.toFixed() }),
          `${slot.name}: a released unit is granted again`,
        );
        assert.equal(
          await accelerator.allocate(kernelId('full'), { [slot.name]: slot.unit.toFixed() }),
          null,
        );
        for (const id of rest) await accelerator.release(id);
      }
    });

    it('release is idempotent: a second release frees nothing more, an unknown kernel is fine', async () => {
      await accelerator.release(kernelId('never-allocated'));
      for (const slot of await slotsWithCapacity(accelerator)) {
        const [first] = (await fill(accelerator, slot)).kernels;
        assert.ok(first, `${slot.name}: a unit of a free accelerator is granted`);
        await accelerator.release(first);
        await accelerator.release(first);
        assert.ok(await accelerator.allocate(kernelId('again'), { [slot.name]: slot.unit.toFixed() }));
        assert.equal(
          await accelerator.allocate(kernelId('twice'), { [slot.name]: slot.unit.toFixed() }),
          null,
          `${slot.name}: releasing a kernel twice freed its devices twice`,
        );
      }
    });

    it('does not combine slots of different exclusive families (whole devices, shares, slices)', async function () {
      const slots = await slotsWithCapacity(accelerator);
      const family = (slot: SlotUnderTest) =>
        accelerator.exclusiveSlotTypes.find((pattern) => matchesSlotPattern(slot.name, pattern));
      const clashing = slots.flatMap((a) =>
        slots
          .filter((b) => a.name < b.name && family(a) && family(b) && family(a) !== family(b))
          .map((b) => [a, b] as const),
      );
      // Reported as skipped, not passed: an accelerator with one exclusive family has nothing to mix.
      if (clashing.length === 0) this.skip(); // skipped: only one exclusive slot family
      for (const [a, b] of clashing) {
        const request = { [a.name]: a.unit.toFixed(), [b.name]: b.unit.toFixed() };
        // Refusing by throwing is as good as null here: the kernel does not start either way.
        const allocation = await accelerator.allocate(kernelId('mixed'), request).catch(() => null);
        assert.equal(allocation, null, `${a.name} and ${b.name} together`);
        const alone = kernelId('alone');
        assert.ok(
          await accelerator.allocate(alone, { [a.name]: a.unit.toFixed() }),
          'the refusal kept nothing',
        );
        await accelerator.release(alone);
      }
    });

    it('tells a kernel about exactly the devices of its allocation', async () => {
      for (const slot of await slotsWithCapacity(accelerator)) {
        const id = kernelId('args');
        const allocation = await accelerator.allocate(id, { [slot.name]: slot.unit.toFixed() });
        assert.ok(allocation);
        const args = await accelerator.kernelArgs(allocation);
        assert.deepEqual(
          args.attachedDevices.map((d) => d.deviceId).sort(),
          devicesOf(allocation).sort(),
          `${slot.name}: attached devices`,
        );
        for (const value of [...Object.values(args.environ), ...Object.values(args.resourceData)])
          assert.equal(typeof value, 'string');
        await accelerator.release(id);
      }
      assert.deepEqual((await accelerator.kernelArgs({})).attachedDevices, []);
    });

    it('reports capacity, not what is free: allocations leave availableSlots as it was', async () => {
      const before = await accelerator.availableSlots();
      for (const slot of await slotsWithCapacity(accelerator)) await fill(accelerator, slot);
      assert.deepEqual(await accelerator.availableSlots(), before);
    });
    describe('its allocation map (createAllocMap), when it has one', () => {
      let map: AllocMap;
      beforeEach(async function () {
        // Reported as skipped, not passed: without createAllocMap the agent uses allocate/release,
        // which the checks above cover; there is no map to check.
        if (!accelerator.createAllocMap) this.skip(); // skipped: no allocation map
        map = await accelerator.createAllocMap();
      });

      it('holds the declared slots on listed devices, with the capacity availableSlots reports', async () => {
        const devices = new Set((await accelerator.listDevices()).map((d) => d.deviceId));
        for (const usage of map.view()) {
          assert.ok(accelerator.slotTypes[usage.slotName], `${usage.slotName} is one of the declared slots`);
          assert.ok(devices.has(usage.deviceId), `${usage.deviceId} (${usage.slotName}) is listed`);
          assert.ok(
            new Decimal(usage.allocated.toString()).isZero(),
            `a fresh map has ${usage.deviceId} free`,
          );
        }
        const capacity = mapCapacity(map);
        for (const slot of await slotsWithCapacity(accelerator)) {
          assert.equal(
            (capacity[slot.name] ?? new Decimal(0)).toFixed(),
            slot.capacity.toFixed(),
            `${slot.name}: the map's capacity is what availableSlots reports`,
          );
        }
      });

      it('is all or nothing: a refused request, alone or beside a granted one, leaves the map as it was', async () => {
        const slots = await slotsWithCapacity(accelerator);
        for (const slot of slots) {
          const beyond = { [slot.name]: slot.capacity.add(slot.unit).toFixed() };
          assert.throws(
            () => map.allocate(beyond),
            isAllocationRefusal,
            `${slot.name}: more than the capacity`,
          );
          assert.ok(fillMap(map, slot).length > 0, `${slot.name}: a unit of a free map is granted`);
        }
        const empty = await accelerator.createAllocMap!();
        for (const [a, b] of slots.flatMap((x) =>
          slots.filter((y) => x.name < y.name).map((y) => [x, y] as const),
        )) {
          const before = empty.allocated();
          const request = { [a.name]: a.unit.toFixed(), [b.name]: b.capacity.add(b.unit).toFixed() };
          assert.throws(
            () => empty.allocate(request),
            isAllocationRefusal,
            `${a.name} with too much ${b.name}`,
          );
          assert.deepEqual(empty.allocated(), before, `${a.name} was kept from a refused request`);
        }
      });

      it('gives back on free what an allocation took, and refuses to free it twice', async () => {
        for (const slot of await slotsWithCapacity(accelerator)) {
          const before = map.allocated();
          const granted = fillMap(map, slot);
          for (const allocation of granted) map.free(allocation);
          assert.deepEqual(
            map.allocated(),
            before,
            `${slot.name}: freeing every allocation restores the capacity`,
          );
          if (granted[0]) {
            assert.throws(() => map.free(granted[0]!), isAllocationRefusal, `${slot.name}: a double free`);
            assert.deepEqual(map.allocated(), before, `${slot.name}: a refused free changed the map`);
          }
          assert.equal(fillMap(map, slot).length, granted.length, `${slot.name}: as many units as before`);
          map = await accelerator.createAllocMap!();
        }
      });

      it('restores a recorded allocation into a fresh map (applyAllocation), so it is not handed out twice', async () => {
        for (const slot of await slotsWithCapacity(accelerator)) {
          const first = await accelerator.createAllocMap!();
          const granted = fillMap(first, slot);
          const restarted = await accelerator.createAllocMap!();
          for (const allocation of granted) restarted.applyAllocation(allocation);
          assert.deepEqual(restarted.allocated(), first.allocated(), `${slot.name}: the restored map`);
          const before = restarted.allocated();
          assert.throws(
            () => restarted.allocate({ [slot.name]: slot.unit.toFixed() }),
            isAllocationRefusal,
            `${slot.name}: a restored map hands out nothing more`,
          );
          if (granted[0]) {
            assert.throws(
              () => restarted.applyAllocation(granted[0]!),
              isAllocationRefusal,
              `${slot.name}: restoring more than a device holds`,
            );
          }
          assert.deepEqual(restarted.allocated(), before, `${slot.name}: refusals changed the restored map`);
        }
      });

      it('tells a kernel about exactly the devices the map handed out', async () => {
        for (const slot of await slotsWithCapacity(accelerator)) {
          const allocation = map.allocate({ [slot.name]: slot.unit.toFixed() });
          const args = await accelerator.kernelArgs(allocation);
          assert.deepEqual(
            args.attachedDevices.map((d) => d.deviceId).sort(),
            devicesOf(allocation).sort(),
            `${slot.name}: attached devices`,
          );
          map.free(allocation);
        }
      });
    });
  });
}
