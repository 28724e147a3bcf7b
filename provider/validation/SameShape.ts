/**
 * `true` when A and B describe the same plain data (same properties, same optionality, same value types), whatever
 * their readonly modifiers; `false` otherwise. A public interface is written out by hand so its declaration needs no
 * zod; pinning `const _matches: SameShape<Interface, z.input<typeof schema>> = true` next to the schema makes the
 * compiler refuse any drift between the two.
 */
export type SameShape<A, B> =
  (<T>() => T extends Writable<A> ? 1 : 2) extends <T>() => T extends Writable<B> ? 1 : 2 ? true : false;

/** The type with every readonly modifier removed, at every depth, so only the data's shape is compared. */
type Writable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer Item)[]
    ? Writable<Item>[]
    : T extends object
      ? { -readonly [Key in keyof T]: Writable<T[Key]> }
      : T;
