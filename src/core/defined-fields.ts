/** `T` with every key whose value may be undefined made optional and its `undefined` removed. */
export type DefinedFields<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * The fields of `fields` whose value is not undefined: how an optional setting is passed on
 * under `exactOptionalPropertyTypes`, where a key present with the value undefined is not the
 * same as an absent key.
 * @example definedFields({ from: '2024-01-02', to: undefined }) // { from: '2024-01-02' }
 */
export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DefinedFields<T>;
}
