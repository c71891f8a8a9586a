/** The object without its undefined fields (for `exactOptionalPropertyTypes` and for spreading over defaults). */
export const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
