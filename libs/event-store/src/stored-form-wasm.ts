import { ByteSink } from './byte-sink';
import { storedFormWasm } from './stored-form.wasm';
import { envelopeParts, writeCanonicalFormOfStored, type TimeForm } from './stored-form';

/**
 * The canonical form of stored events, written by WebAssembly (assembly/stored-form.ts) where it can and by
 * writeCanonicalFormOfStored, the reference, where it declines. Verification spends most of its time writing
 * canonical forms; compiled, the usual event takes about a quarter of the time. Both write the same bytes
 * (stored-form-wasm.spec.ts, verify.int.spec.ts).
 */
const compiled = new WebAssembly.Module(Buffer.from(storedFormWasm, 'base64'));

/**
 * The part of the WebAssembly API used here: @types/node 20 does not declare it, and TypeScript's DOM library
 * would declare the browser's globals with it.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface StoredFormExports {
  memory: WasmMemory;
  heapBase(): number;
  layout(parts: number, stack: number, stackEnd: number): void;
  storedForm(tuple: number, output: number, outputLimit: number): number;
}

const declined = -1;
const pageBytes = 65_536;
/** Room for 1,365 members of objects open at once; an event with more is left to the reference writer. */
const stackBytes = 16 * 1024;

/**
 * A ByteSink whose buffer is the memory of its own instance of the module, after the envelope's parts and the
 * member stack, so that the module reads the tuples and writes the output in place. Growing the memory detaches
 * the old buffer: offsets stay valid, and `buffer` is the new one.
 */
export class WasmSink extends ByteSink {
  private readonly exports: StoredFormExports;
  /** Where the sink's buffer starts in the memory: add it to the sink's offsets for the module. */
  private readonly offset: number;

  constructor(inputCapacity = 64 * 1024, outputCapacity = 64 * 1024) {
    const exports = new WebAssembly.Instance(compiled, {}).exports as StoredFormExports;
    const tableAt = align(exports.heapBase());
    let at = tableAt + envelopeParts.length * 8;
    const stackAt = align(at + envelopeParts.reduce((bytes, part) => bytes + part.length, 0));
    const offset = stackAt + stackBytes;
    ensureBytes(exports.memory, offset + inputCapacity + outputCapacity);
    const memory = Buffer.from(exports.memory.buffer);
    envelopeParts.forEach((part, index) => {
      memory.writeUInt32LE(at, tableAt + index * 8);
      memory.writeUInt32LE(part.length, tableAt + index * 8 + 4);
      part.copy(memory, at);
      at += part.length;
    });
    exports.layout(tableAt, stackAt, offset);
    super(inputCapacity, outputCapacity, Buffer.from(exports.memory.buffer, offset));
    this.exports = exports;
    this.offset = offset;
  }

  /** Writes at the output's end the canonical form of the tuple at `start`, if the module does not decline it. */
  storedForm(start: number): boolean {
    for (;;) {
      const end = this.exports.storedForm(this.offset + start, this.offset + this.at, this.offset + this.buffer.length);
      if (end >= 0) {
        this.at = end - this.offset;
        return true;
      }
      if (end === declined) return false;
      this.reserve(this.buffer.length);
    }
  }

  protected override grown(capacity: number): Buffer {
    ensureBytes(this.exports.memory, this.offset + capacity);
    return Buffer.from(this.exports.memory.buffer, this.offset);
  }
}

/**
 * Sinks no read is using, kept because an instance reserves its memory's address space when created, which costs
 * the kernel more than the read it serves. A sink that grew past `keptBytes` (a rare, large event) is let go.
 */
const idle: WasmSink[] = [];
const idleSinks = 4;
const keptBytes = 1024 * 1024;

/** Runs `use` with a sink of its own, empty, and keeps the sink for a later read once `use` has settled. */
export const withWasmSink = async <T>(use: (sink: WasmSink) => Promise<T>): Promise<T> => {
  const sink = idle.pop() ?? new WasmSink();
  sink.truncate();
  try {
    return await use(sink);
  } finally {
    if (idle.length < idleSinks && sink.buffer.length <= keptBytes) idle.push(sink);
  }
};

const align = (address: number): number => Math.ceil(address / 16) * 16;

const ensureBytes = (memory: WasmMemory, bytes: number): void => {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / pageBytes));
};

/**
 * Appends to the sink canonicalForm of the stored event whose tuple lies from `start` to `end`; see
 * writeCanonicalFormOfStored, whose answer it gives. The reference writer reads a copy of the tuple, because
 * writing may grow the memory the tuple lies in.
 */
export const writeStoredEvent = (sink: WasmSink, fields: Int32Array, start: number, end: number, times: TimeForm): boolean => {
  if (times === 'binary' && sink.storedForm(start)) return true;
  const tuple = Buffer.from(sink.buffer.subarray(start, end));
  const shifted = new Int32Array(fields.length);
  for (let index = 0; index < fields.length; index += 2) {
    shifted[index] = (fields[index] as number) - start;
    shifted[index + 1] = fields[index + 1] as number;
  }
  return writeCanonicalFormOfStored(sink, tuple, shifted, times);
};
