import type { z } from 'zod';

/** An aggregate's event types, each with its current schema version and the shape of its data. */
export type EventSchemas = Readonly<Record<string, { readonly schemaVersion: number; readonly data: z.ZodType }>>;

/** The typed events of a registry: a union discriminated by `type`, with a person's reason where one was given. */
export type EventOf<Schemas extends EventSchemas> = {
  [T in keyof Schemas & string]: { type: T; data: z.infer<Schemas[T]['data']>; reason?: string };
}[keyof Schemas & string];

/**
 * The reading side of an event registry: whether a type is one of its own, and stored data parsed back into a
 * typed event. An unknown type or shape is a corrupted stream, not user input, so it throws a plain Error.
 */
export const eventRegistry = <Schemas extends EventSchemas>(aggregate: string, schemas: Schemas) => {
  const isType = (type: string): type is keyof Schemas & string => Object.hasOwn(schemas, type);
  const parse = (type: string, data: unknown): EventOf<Schemas> => {
    const schema = isType(type) ? schemas[type] : undefined;
    if (!schema) throw new Error(`Unknown ${aggregate} event type ${type}`);
    return { type, data: schema.data.parse(data) } as EventOf<Schemas>;
  };
  return { isType, parse };
};
