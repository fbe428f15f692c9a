import { expect } from 'chai';
import { Writable } from 'node:stream';
import {
  expandCases,
  parseRange,
  parseStartsAt,
  planParallelRuns,
  planRun,
  PrefixedLines,
} from '@tessera/cli';

describe('tessera run: range expressions and the new session options', () => {
  describe('parseRange', () => {
    it('reads case:, linspace: (both ends included) and range: (as Python: stop excluded)', () => {
      expect(parseRange('--env-range', 'X=case:a,b,c')).to.deep.equal({ name: 'X', values: ['a', 'b', 'c'] });
      expect(parseRange('--env-range', 'LR=linspace:0.1,0.5,5').values).to.deep.equal([
        '0.1',
        '0.2',
        '0.3',
        '0.4',
        '0.5',
      ]);
      expect(parseRange('--env-range', 'V=linspace:1,0,3').values).to.deep.equal(['1', '0.5', '0']);
      expect(parseRange('--exec-range', 'N=range:1,10,3').values).to.deep.equal(['1', '4', '7']);
      expect(parseRange('--exec-range', 'N=range:3').values).to.deep.equal(['0', '1', '2']);
      expect(parseRange('--exec-range', 'N=range:2,4').values).to.deep.equal(['2', '3']);
      expect(parseRange('--exec-range', 'N=range:5,0,-2').values).to.deep.equal(['5', '3', '1']);
      expect(
        parseRange('--env-range', 'E=case:a=b,c').values,
        '= after the first belongs to the value',
      ).to.deep.equal(['a=b', 'c']);
    });

    it('names the option, the expression and the part that is wrong', () => {
      const wrong: Array<[string, string, RegExp]> = [
        ['--env-range', 'X', /--env-range "X": expected NAME=EXPR/],
        ['--env-range', '1X=case:a', /the name "1X" must be letters, digits and underscores/],
        ['--env-range', 'X-Y=case:a', /the name "X-Y"/],
        [
          '--build-range',
          'X=list:a,b',
          /--build-range "X=list:a,b": unknown range type "list"; expected case:/,
        ],
        ['--build-range', 'X=a,b', /unknown range type "a,b"/],
        ['--env-range', 'X=case:', /case: needs at least one value/],
        ['--env-range', 'X=linspace:1,2', /linspace takes start,stop,points \(3 values\), got 2/],
        ['--env-range', 'X=linspace:a,2,3', /linspace start "a" is not a number/],
        ['--env-range', 'X=linspace:1,z,3', /linspace stop "z" is not a number/],
        ['--env-range', 'X=linspace:1,2,1', /linspace points "1" must be a whole number of 2 or more/],
        ['--env-range', 'X=linspace:1,2,2.5', /linspace points "2.5"/],
        ['--exec-range', 'X=range:1,x', /range stop "x" must be a whole number/],
        ['--exec-range', 'X=range:1.5,3', /range start "1.5" must be a whole number/],
        ['--exec-range', 'X=range:1,3,y', /range step "y" must be a whole number/],
        ['--exec-range', 'X=range:q', /range stop "q"/],
        ['--exec-range', 'X=range:1,2,3,4', /range takes stop, start,stop or start,stop,step; got 4 values/],
        ['--exec-range', 'X=range:1,5,0', /range step must not be 0/],
        ['--exec-range', 'X=range:5,1', /the range is empty \(no value from 5 towards 1\)/],
        ['--exec-range', 'X=range:0,5000', /more than 1000 values/],
      ];
      for (const [option, text, message] of wrong) {
        expect(() => parseRange(option, text), text).to.throw(message);
        expect(() => parseRange(option, text), text)
          .to.throw()
          .with.property('name', 'UsageError');
      }
    });
  });

  describe('expandCases', () => {
    it('makes the product of all ranges, fills $NAME and ${NAME} per target, and leaves other $ words alone', () => {
      const cases = expandCases(
        { env: { LR: '$LR', HOME_COPY: '$HOME' }, build: 'make OPT=${O}', exec: './run $N $LR' },
        {
          env: [{ name: 'LR', values: ['0.1', '0.2'] }],
          build: [{ name: 'O', values: ['2'] }],
          exec: [{ name: 'N', values: ['1', '2'] }],
        },
      );
      expect(cases).to.deep.equal([
        {
          env: { LR: '0.1', HOME_COPY: '$HOME' },
          build: 'make OPT=2',
          exec: './run 1 $LR',
          label: 'LR=0.1 O=2 N=1',
        },
        {
          env: { LR: '0.1', HOME_COPY: '$HOME' },
          build: 'make OPT=2',
          exec: './run 2 $LR',
          label: 'LR=0.1 O=2 N=2',
        },
        {
          env: { LR: '0.2', HOME_COPY: '$HOME' },
          build: 'make OPT=2',
          exec: './run 1 $LR',
          label: 'LR=0.2 O=2 N=1',
        },
        {
          env: { LR: '0.2', HOME_COPY: '$HOME' },
          build: 'make OPT=2',
          exec: './run 2 $LR',
          label: 'LR=0.2 O=2 N=2',
        },
      ]);
    });

    it('runs combinations that come out the same once, and refuses a variable defined twice', () => {
      const cases = expandCases(
        { env: {}, exec: 'echo $N' },
        { env: [{ name: 'UNUSED', values: ['a', 'b'] }], build: [], exec: [{ name: 'N', values: ['1'] }] },
      );
      expect(cases.map((one) => one.exec)).to.deep.equal(['echo 1']);
      expect(() =>
        expandCases(
          { env: {}, exec: 'x' },
          { env: [{ name: 'N', values: ['1'] }], build: [], exec: [{ name: 'N', values: ['2'] }] },
        ),
      ).to.throw(/the range variable N is defined twice/);
    });
  });

  describe('planParallelRuns', () => {
    it('names the runs NAME-1, NAME-2 and makes each exit with its program', () => {
      const plan = planParallelRuns('python', ['main.py'], {
        name: 'sweep',
        exec: 'python main.py $N',
        execRange: ['N=case:a,b'],
        maxParallel: 3,
        rm: true,
      });
      expect(plan?.maxParallel).to.equal(3);
      expect(
        plan?.runs.map((run) => [run.session.name, run.batch?.exec, run.label, run.exitWithProgram]),
      ).to.deep.equal([
        ['sweep-1', 'python main.py a', 'N=a', true],
        ['sweep-2', 'python main.py b', 'N=b', true],
      ]);
      expect(planParallelRuns('python', [], { code: 'x' }), 'no range options: a single run').to.equal(
        undefined,
      );
    });

    it('refuses a range without the option it fills, and a bad --max-parallel', () => {
      expect(() => planParallelRuns('python', [], { code: 'x', execRange: ['N=case:1'] })).to.throw(
        /--exec-range fills \$NAME in --exec CMD; pass --exec as well/,
      );
      expect(() => planParallelRuns('python', [], { code: 'x', buildRange: ['N=case:1'] })).to.throw(
        /--build-range fills/,
      );
      expect(() =>
        planParallelRuns('python', [], { exec: 'x', execRange: ['N=case:1'], maxParallel: 0 }),
      ).to.throw(/--max-parallel must be a whole number of 1 or more, got 0/);
    });
  });

  describe('the new session options', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    it('reads --starts-at as ISO 8601 or a time from now', () => {
      expect(parseStartsAt('2026-03-01T09:00:00Z', now).toISOString()).to.equal('2026-03-01T09:00:00.000Z');
      expect(parseStartsAt('30min', now).toISOString()).to.equal('2026-01-01T00:30:00.000Z');
      expect(parseStartsAt('1d2h', now).toISOString()).to.equal('2026-01-02T02:00:00.000Z');
      expect(parseStartsAt('2hours 15min', now).toISOString()).to.equal('2026-01-01T02:15:00.000Z');
      expect(parseStartsAt('300', now).toISOString()).to.equal('2026-01-01T00:05:00.000Z');
      for (const bad of ['', 'tomorrow', '5 parsecs', '2026-13-45']) {
        expect(() => parseStartsAt(bad, now), bad).to.throw(/--starts-at ".*": expected an ISO 8601 time/);
      }
    });

    it('puts cluster, dependencies, start time, bootstrap script and callback into the session', () => {
      const plan = planRun(
        'python',
        [],
        {
          code: 'x',
          type: 'batch',
          clusterSize: 2,
          clusterMode: 'multi-node',
          depends: ['first', 'second'],
          startsAt: '1h',
          callbackUrl: 'http://127.0.0.1:9/hook',
        },
        { bootstrapScript: 'echo boot\n', now },
      );
      expect(plan.session).to.deep.include({
        clusterSize: 2,
        clusterMode: 'multi-node',
        dependencies: ['first', 'second'],
        bootstrapScript: 'echo boot\n',
        callbackUrl: 'http://127.0.0.1:9/hook',
      });
      expect(plan.session.startsAt?.toISOString()).to.equal('2026-01-01T01:00:00.000Z');
    });
  });

  it('PrefixedLines prefixes whole lines, also across chunks, and flushes a last partial line', () => {
    let written = '';
    const target = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const lines = new PrefixedLines(target, '[s-1] ');
    lines.write('a\nb');
    lines.write('c\n\nd');
    lines.flush();
    expect(written).to.equal('[s-1] a\n[s-1] bc\n[s-1] \n[s-1] d\n');
  });
});
