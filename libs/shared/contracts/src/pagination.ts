/** Every list endpoint answers this envelope. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
