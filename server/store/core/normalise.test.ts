import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fromFlag,
  optionalField,
  parseStored,
  parseStoredJson,
  toNullableSafeInteger,
  toSafeInteger,
} from './normalise.ts';
import { StoredRecordError } from './stored-record-error.ts';

describe('toSafeInteger', () => {
  it('reads pg int8 strings, SQLite numbers and bigints alike', () => {
    expect(toSafeInteger('42', 'c')).toBe(42);
    expect(toSafeInteger('-7', 'c')).toBe(-7);
    expect(toSafeInteger(42, 'c')).toBe(42);
    expect(toSafeInteger(42n, 'c')).toBe(42);
    expect(toSafeInteger(String(Number.MAX_SAFE_INTEGER), 'c')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeInteger(BigInt(Number.MAX_SAFE_INTEGER), 'c')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses anything that is not a whole number within ±2^53, naming the column', () => {
    for (const bad of ['9007199254740993', '1.5', '', '12abc', ' 1', 1.5, Number.NaN, 2 ** 53, 2n ** 53n]) {
      expect(() => toSafeInteger(bad, 'walkthroughs.rev')).toThrow(StoredRecordError);
    }
    expect(() => toSafeInteger('x', 'walkthroughs.rev')).toThrow(/walkthroughs\.rev/);
  });

  it('keeps null as null for nullable columns', () => {
    expect(toNullableSafeInteger(null, 'c')).toBeNull();
    expect(toNullableSafeInteger('5', 'c')).toBe(5);
  });
});

describe('fromFlag', () => {
  it('maps 0/1 to booleans and refuses anything else', () => {
    expect(fromFlag(1, 'c')).toBe(true);
    expect(fromFlag(0, 'c')).toBe(false);
    expect(() => fromFlag(2, 'c')).toThrow(StoredRecordError);
  });
});

describe('optionalField', () => {
  it('omits the key for null, so exactOptionalPropertyTypes records never hold undefined', () => {
    expect(optionalField('comment', null)).toStrictEqual({});
    expect(optionalField('comment', 'hi')).toStrictEqual({ comment: 'hi' });
    expect(optionalField('csat', 0)).toStrictEqual({ csat: 0 });
  });
});

describe('parseStored', () => {
  const schema = z.strictObject({ n: z.int() });

  it('returns the parsed value', () => {
    expect(parseStored(schema, { n: 1 }, 'row')).toEqual({ n: 1 });
    expect(parseStoredJson(schema, '{"n":2}', 'row')).toEqual({ n: 2 });
  });

  it('turns schema and JSON failures into StoredRecordError (a server fault), never a ZodError', () => {
    for (const attempt of [
      () => parseStored(schema, { n: 'x' }, 'row 1'),
      () => parseStoredJson(schema, '{', 'row 1'),
    ]) {
      expect(attempt).toThrow(StoredRecordError);
      expect(attempt).not.toThrow(z.ZodError);
    }
  });
});
