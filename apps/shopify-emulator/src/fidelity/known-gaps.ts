// Fields of the walked types (sdl-walk.spec.ts) that still answer NOT_IMPLEMENTED, and the ones the
// walk cannot call because a required argument is an input object with required fields. Both are
// empty: every field answers from the store's data. A new gap must be listed here and in the README.
export const KNOWN_GAPS: readonly string[] = [];

export const NEEDS_INPUT: readonly string[] = [];
