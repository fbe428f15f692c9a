import { expect } from 'chai';
import type { KernelStatus, SessionStatus } from '@tessera/core';
import { canKernelTransition, canSessionTransition, deriveSessionStatus } from '@tessera/manager-sessions';

describe('manager-sessions: session status from kernel statuses', () => {
  const table: Array<[KernelStatus[], SessionStatus]> = [
    [['PENDING'], 'PENDING'],
    [['SCHEDULED'], 'SCHEDULED'],
    [['BUILDING'], 'PREPARING'],
    [['CREATING'], 'CREATING'],
    [['RUNNING'], 'RUNNING'],
    [['RESIZING'], 'RUNNING'],
    [['SUSPENDED'], 'ERROR'],
    [['TERMINATED'], 'TERMINATED'],
    [['CANCELLED'], 'CANCELLED'],
    [['ERROR'], 'ERROR'],
    [['CREATING', 'RUNNING'], 'CREATING'],
    [['RUNNING', 'PREPARING', 'RUNNING'], 'PREPARING'],
    [['RUNNING', 'ERROR'], 'ERROR'],
    [['TERMINATING', 'TERMINATED'], 'TERMINATING'],
    [['RUNNING', 'TERMINATED'], 'TERMINATING'],
    [['TERMINATED', 'CANCELLED'], 'TERMINATED'],
    [['CANCELLED', 'CANCELLED'], 'CANCELLED'],
  ];
  for (const [kernels, expected] of table) {
    it(`${kernels.join(' + ')} -> ${expected}`, () => {
      expect(deriveSessionStatus(kernels)).to.equal(expected);
    });
  }
});

describe('manager-sessions: status transitions only move forward', () => {
  const sessionTable: Array<[SessionStatus, SessionStatus, boolean]> = [
    ['PENDING', 'SCHEDULED', true],
    ['SCHEDULED', 'CREATING', true],
    ['CREATING', 'RUNNING', true],
    ['RUNNING', 'CREATING', false],
    ['RUNNING', 'RUNNING', false],
    ['RUNNING', 'TERMINATING', true],
    ['RUNNING', 'TERMINATED', true],
    ['RUNNING', 'CANCELLED', false],
    ['PENDING', 'CANCELLED', true],
    ['TERMINATING', 'RUNNING', false],
    ['TERMINATING', 'TERMINATED', true],
    ['ERROR', 'TERMINATED', true],
    ['ERROR', 'RUNNING', false],
    ['TERMINATED', 'RUNNING', false],
    ['TERMINATED', 'ERROR', false],
    ['CANCELLED', 'TERMINATED', false],
  ];
  for (const [from, to, allowed] of sessionTable) {
    it(`session ${from} -> ${to}: ${allowed ? 'allowed' : 'refused'}`, () => {
      expect(canSessionTransition(from, to)).to.equal(allowed);
    });
  }

  const kernelTable: Array<[KernelStatus, KernelStatus, boolean]> = [
    ['SCHEDULED', 'PREPARING', true],
    ['PREPARING', 'CREATING', true],
    ['RUNNING', 'CREATING', false],
    ['CREATING', 'ERROR', true],
    ['RUNNING', 'TERMINATED', true],
    ['TERMINATED', 'TERMINATED', false],
    ['ERROR', 'TERMINATED', false],
    ['RUNNING', 'CANCELLED', false],
  ];
  for (const [from, to, allowed] of kernelTable) {
    it(`kernel ${from} -> ${to}: ${allowed ? 'allowed' : 'refused'}`, () => {
      expect(canKernelTransition(from, to)).to.equal(allowed);
    });
  }
});
