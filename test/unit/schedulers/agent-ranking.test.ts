import { expect } from 'chai';
import { ResourceSlot } from '@tessera/core';
import { acceleratorDevice, idleAcceleratorDevices } from '@tessera/agent-ranking';

describe('agent-ranking: idle accelerator devices', () => {
  it('knows accelerator slots by their major (device(s), share(s)) and names their device', () => {
    expect(acceleratorDevice('cuda.shares')).to.equal('cuda');
    expect(acceleratorDevice('cuda.device:1g.5gb-mig')).to.equal('cuda');
    expect(acceleratorDevice('atom-plus.device')).to.equal('atom-plus');
    expect(acceleratorDevice('cpu')).to.equal(undefined);
    expect(acceleratorDevice('mem')).to.equal(undefined);
    expect(acceleratorDevice('cuda.mem')).to.equal(undefined);
  });

  it('lists each device the agent has free and the request leaves unused, once per device', () => {
    const held = ResourceSlot.fromJSON({
      cpu: '8',
      'cuda.device': '2',
      'cuda.shares': '1',
      'rocm.device': '0',
      'tpu.device': '1',
    });
    expect(idleAcceleratorDevices(ResourceSlot.fromJSON({ cpu: '1' }), held)).to.deep.equal(['cuda', 'tpu']);
    // Using any slot of a device uses the device: cuda.shares makes cuda.device not idle.
    expect(
      idleAcceleratorDevices(
        ResourceSlot.fromJSON({ cpu: '1', 'cuda.shares': '0.5', 'tpu.device': '0' }),
        held,
      ),
    ).to.deep.equal(['tpu']);
  });
});
