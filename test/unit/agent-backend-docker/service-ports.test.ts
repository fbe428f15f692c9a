import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { parseServicePorts } from '@tessera/agent-backend-docker';

function failure(label: string): TesseraError {
  try {
    parseServicePorts(label);
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  expect.fail(`"${label}" was accepted`);
}

describe('docker backend: ai.backend.service-ports', () => {
  it('reads single ports and port lists, in declaration order, host ports unmapped', () => {
    expect(parseServicePorts('jupyter:http:8090,tensorboard:http:6006,mpi:tcp:[9000,9001]')).to.deep.equal([
      { name: 'jupyter', protocol: 'http', containerPorts: [8090], hostPorts: [null], isInference: false },
      {
        name: 'tensorboard',
        protocol: 'http',
        containerPorts: [6006],
        hostPorts: [null],
        isInference: false,
      },
      {
        name: 'mpi',
        protocol: 'tcp',
        containerPorts: [9000, 9001],
        hostPorts: [null, null],
        isInference: false,
      },
    ]);
  });

  it('accepts every protocol upstream does, skips pty entries, and marks endpoint ports as inference', () => {
    const ports = parseServicePorts(
      'a:tcp:3000,b:http:3001,c:preopen:3002,d:vnc:3003,e:rdp:3004,term:pty:3005,model:http:8000',
      'model',
    );
    expect(ports.map((p) => [p.name, p.protocol, p.isInference])).to.deep.equal([
      ['a', 'tcp', false],
      ['b', 'http', false],
      ['c', 'preopen', false],
      ['d', 'vnc', false],
      ['e', 'rdp', false],
      ['model', 'http', true],
    ]);
  });

  it('answers no ports for an image without the label', () => {
    expect(parseServicePorts(undefined)).to.deep.equal([]);
    expect(parseServicePorts('  ')).to.deep.equal([]);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['an unknown protocol', 'jupyter:https:8090', /unknown protocol "https"/],
    ['a reserved port (runner)', 'x:tcp:2001', /port 2001, which Backend.AI reserves/],
    ['a reserved port (sshd)', 'x:tcp:[3000,2200]', /port 2200, which Backend.AI reserves/],
    ['a reserved port (ttyd)', 'x:http:7681', /port 7681/],
    ['a privileged port', 'web:http:80', /port 80, outside 1025-65534/],
    ['port 65535', 'web:http:65535', /outside 1025-65534/],
    ['a port declared twice', 'a:http:8080,b:tcp:8080', /port 8080 is declared twice/],
    ['a service declared twice', 'a:http:8080,a:tcp:8081', /service "a" is declared twice/],
    ['a declaration without a port', 'jupyter:http', /cannot read/],
    ['a trailing comma', 'jupyter:http:8090,', /ends with a comma/],
    ['garbage between declarations', 'jupyter:http:8090;x:tcp:9000', /cannot read/],
  ];
  for (const [what, label, message] of refused) {
    it(`refuses ${what}, naming the label and its value`, () => {
      const error = failure(label);
      expect(error.code).to.equal('session-start-failed');
      expect(error.message)
        .to.match(message)
        .and.to.include('ai.backend.service-ports')
        .and.to.include(label);
      expect(error.details).to.include({ label: 'ai.backend.service-ports', value: label });
    });
  }
});
