import { expect } from 'chai';
import { DateTime } from 'luxon';
import { parseRequestDate } from '@tessera/manager';

function read(raw: string): { instant: string; keyDate: string } | null {
  const parsed = parseRequestDate(raw);
  return parsed && { instant: parsed.instant.toISOString(), keyDate: parsed.keyDate };
}

describe('manager: request date parsing', () => {
  it('takes the key date as written, in the header own time zone', () => {
    // 01:00 in Seoul on Jan 2 is still Jan 1 in UTC: the key uses the date as written.
    expect(read('2024-01-02T01:00:00+09:00')).to.deep.equal({
      instant: '2024-01-01T16:00:00.000Z',
      keyDate: '20240102',
    });
    expect(read('2024-01-02T23:30:00-05:00')).to.deep.equal({
      instant: '2024-01-03T04:30:00.000Z',
      keyDate: '20240102',
    });
    expect(read('Tue, 02 Jan 2024 03:04:05 +0900')).to.deep.equal({
      instant: '2024-01-01T18:04:05.000Z',
      keyDate: '20240102',
    });
  });

  const cases: Array<[string, string, string]> = [
    // what clients send: Python's isoformat, JavaScript's toISOString
    ['2024-01-02T03:04:05.678901+00:00', '2024-01-02T03:04:05.678Z', '20240102'],
    ['2024-01-02T03:04:05.678Z', '2024-01-02T03:04:05.678Z', '20240102'],
    // no zone is UTC; basic and mixed ISO forms (the doc's example)
    ['2024-01-02T03:04:05', '2024-01-02T03:04:05.000Z', '20240102'],
    ['20160930T01:23:45Z', '2016-09-30T01:23:45.000Z', '20160930'],
    ['20240102T030405.5+0900', '2024-01-01T18:04:05.500Z', '20240102'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z', '20240229'],
    // HTTP dates: IMF-fixdate, RFC 822 zone names, RFC 850, asctime
    ['Tue, 02 Jan 2024 03:04:05 GMT', '2024-01-02T03:04:05.000Z', '20240102'],
    ['Tue, 02 Jan 2024 23:04:05 PDT', '2024-01-03T06:04:05.000Z', '20240102'],
    ['2 Jan 2024 03:04 -0000', '2024-01-02T03:04:00.000Z', '20240102'],
    ['Tuesday, 02-Jan-24 03:04:05 GMT', '2024-01-02T03:04:05.000Z', '20240102'],
    ['Tue Jan  2 03:04:05 2024', '2024-01-02T03:04:05.000Z', '20240102'],
  ];
  for (const [raw, instant, keyDate] of cases) {
    it(`reads ${raw}`, () => {
      expect(read(raw)).to.deep.equal({ instant, keyDate });
    });
  }

  for (const raw of [
    'yesterday',
    '',
    '2024-02-30T00:00:00Z',
    '2023-02-29',
    '2024-13-01T00:00:00Z',
    '2024-01-02T25:00:00Z',
    '2024-01-02T03:60:00Z',
    'Tue, 02 Foo 2024 03:04:05 GMT',
    'Tue, 02 Jan 2024 03:04:05 XYZ',
  ]) {
    it(`returns null for ${JSON.stringify(raw)}`, () => {
      expect(parseRequestDate(raw)).to.equal(null);
    });
  }

  it('reads the extended ISO form clients send (its fast path) exactly as luxon reads it', () => {
    const offsets = ['Z', '+00:00', '+09:00', '-05:00', '+05:45', '-12:00', '+14:00'];
    const fractions = ['', '.5', '.678', '.678901', '.999999999'];
    const byLuxon = (text: string) => {
      const parsed = DateTime.fromISO(text, { setZone: true, zone: 'utc' });
      return { instant: parsed.toJSDate().toISOString(), keyDate: parsed.toFormat('yyyyMMdd') };
    };
    // A spread of instants over centuries, leap days and day ends included, every offset and fraction.
    const instants = [
      Date.UTC(2024, 1, 29, 23, 59, 59),
      Date.UTC(1999, 11, 31, 0, 0, 0),
      Date.UTC(2100, 0, 1),
    ];
    for (let i = 0; i < 200; i++) instants.push(Date.UTC(1970, 0, 1) + i * 7_919_993_711);
    for (const [n, at] of instants.entries()) {
      const offset = offsets[n % offsets.length]!;
      const fraction = fractions[n % fractions.length]!;
      const text = `${new Date(at).toISOString().slice(0, 19)}${fraction}${offset}`;
      expect(read(text), text).to.deep.equal(byLuxon(text));
    }
  });
});
