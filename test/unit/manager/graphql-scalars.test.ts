import { expect } from 'chai';
import { parseValue as parseLiteralText } from 'graphql';
import { BigIntScalar, DateTimeScalar, JSONStringScalar, UUIDScalar } from '@tessera/manager';

const ID = '12c45b55-ce3c-418d-9c58-223bbba307f1';

describe('GraphQL scalars of the admin API (api-spec §8.4)', () => {
  describe('UUID', () => {
    it('answers the dashed lowercase form, from dashed, upper-case or 32-hex input', () => {
      expect(UUIDScalar.parseValue(ID)).to.equal(ID);
      expect(UUIDScalar.parseValue(ID.toUpperCase())).to.equal(ID);
      expect(UUIDScalar.parseValue(ID.replace(/-/g, ''))).to.equal(ID);
      expect(UUIDScalar.parseLiteral(parseLiteralText(`"${ID.toUpperCase()}"`))).to.equal(ID);
      expect(UUIDScalar.serialize(ID)).to.equal(ID);
    });

    it('refuses what is not a UUID, saying what it expects', () => {
      expect(() => UUIDScalar.parseValue('my-session')).to.throw(
        'UUID cannot represent "my-session": expected hex 8-4-4-4-12',
      );
      expect(() => UUIDScalar.parseValue(`{${ID}}`)).to.throw(/UUID cannot represent/);
      expect(() => UUIDScalar.parseValue(42)).to.throw('UUID cannot represent 42');
      expect(() => UUIDScalar.parseLiteral(parseLiteralText('42'))).to.throw(/UUID cannot represent/);
    });

    it('checks every character of the dashed form: hex digits, and hyphens only at 8, 13, 18 and 23', () => {
      const mixed = `${ID.slice(0, 9)}${ID.slice(9).toUpperCase()}`;
      expect(UUIDScalar.serialize(mixed)).to.equal(ID);
      const wrong = [
        `${ID.slice(0, 35)}g`, // a letter past f
        `${ID.slice(0, 8)}x${ID.slice(9)}`, // no hyphen at 8
        `${ID.slice(0, 7)}-${ID.slice(7, 8)}${ID.slice(9)}`, // the hyphen moved
        `${ID.slice(0, 35)}`, // too short
        `${ID}0`, // too long
        `${ID.slice(0, 35)}/`, // just below '0'
        `${ID.slice(0, 35)}:`, // just above '9'
        `${ID.slice(0, 35)}\``, // just below 'a'
      ];
      for (const text of wrong)
        expect(() => UUIDScalar.serialize(text), text).to.throw(/UUID cannot represent/);
    });
  });

  describe('DateTime', () => {
    it('serializes dates as ISO-8601 strings and reads them back', () => {
      const at = new Date('2020-02-16T15:47:28.997Z');
      expect(DateTimeScalar.serialize(at)).to.equal('2020-02-16T15:47:28.997Z');
      expect(DateTimeScalar.serialize('2020-02-16T15:47:28.997335+00:00')).to.equal(
        '2020-02-16T15:47:28.997Z',
      );
      expect((DateTimeScalar.parseValue('2020-02-16T15:47:28.997Z') as Date).getTime()).to.equal(
        at.getTime(),
      );
    });

    it('refuses what is not a date-time', () => {
      expect(() => DateTimeScalar.parseValue('yesterday')).to.throw(/DateTime cannot represent/);
      expect(() => DateTimeScalar.serialize(new Date('nope'))).to.throw(/invalid Date/);
    });
  });

  describe('BigInt', () => {
    it('carries integers up to ±(2^53−1) as JSON numbers', () => {
      expect(BigIntScalar.serialize(Number.MAX_SAFE_INTEGER)).to.equal(9007199254740991);
      expect(BigIntScalar.parseValue(-9007199254740991)).to.equal(-9007199254740991);
      expect(BigIntScalar.parseLiteral(parseLiteralText('8589934592'))).to.equal(8589934592);
      expect(BigIntScalar.name).to.equal('BigInt');
    });

    it('refuses fractions and integers beyond the safe range', () => {
      expect(() => BigIntScalar.serialize(2 ** 53)).to.throw(/unsafe integer/);
      expect(() => BigIntScalar.parseValue(1.5)).to.throw(/non-integer/);
      expect(() => BigIntScalar.parseLiteral(parseLiteralText('9007199254740993'))).to.throw(
        /unsafe integer/,
      );
    });
  });

  describe('JSONString', () => {
    it('stringifies the value inside the result, and parses string input', () => {
      expect(JSONStringScalar.serialize({ cpu: '2', mem: '4294967296' })).to.equal(
        '{"cpu":"2","mem":"4294967296"}',
      );
      expect(JSONStringScalar.serialize([])).to.equal('[]');
      expect(JSONStringScalar.parseValue('{"cpu":"1"}')).to.deep.equal({ cpu: '1' });
    });

    it('refuses input that is not a string holding JSON', () => {
      expect(() => JSONStringScalar.parseValue({ cpu: '1' })).to.throw(
        'JSONString must be a string holding JSON',
      );
      expect(() => JSONStringScalar.parseValue('{cpu')).to.throw('JSONString does not hold valid JSON');
    });
  });
});
