// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs into src/stored-form.wasm.ts.
//
// The canonical form of a stored event (stored-form.ts: writeCanonicalFormOfStored) written from its binary COPY
// tuple, for the events that are the rule: strings without escapes, integers of at most 15 digits, object names
// whose bytes order them as their UTF-16 code units do, times within about 142 years of 2000. Anything else is
// declined, and the TypeScript writer, the reference, writes that event. Verification spends most of its time here;
// compiled, the same work takes a quarter of the time it takes in JavaScript (see stored-form-wasm.spec.ts, which
// checks that both write the same bytes).
//
// Memory belongs to the caller (stored-form-wasm.ts), which lays out: the envelope's parts and their table, the
// member stack, then the tuples and the output. Addresses are absolute.

/** Declined: the reference writer writes this event. */
const declined: i32 = -1;
/** The output does not fit below the limit given: the caller makes room and asks again. */
const full: i32 = -2;

/** The tuple's fields, in the order of stored-form.ts's `storedField`. */
const fieldCount: i32 = 11;
const fieldPosition = 0;
const fieldEventId = 1;
const fieldStreamId = 2;
const fieldStreamVersion = 3;
const fieldType = 4;
const fieldSchemaVersion = 5;
const fieldData = 6;
const fieldMetadata = 7;
const fieldOccurredAt = 8;
const fieldRecordedAt = 9;

/** The envelope's parts, in the order of stored-form.ts's `parts` (its table: offset and length, 32 bits each). */
const partData = 0;
const partEventId = 1;
const partPosition = 2;
const partMetadata = 3;
const partOccurredAt = 4;
const partRecordedAt = 5;
const partSchemaVersion = 6;
const partScheme = 7;
const partStreamVersion = 8;
const partType = 9;
const partEnd = 10;

const quote: u8 = 0x22;
const backslash: u8 = 0x5c;
const comma: u8 = 0x2c;
const colon: u8 = 0x3a;
const jsonbVersion: u8 = 1;
/** Deeper nesting is declined, so that the call stack stays small. */
const deepest: i32 = 64;
/** A member on the stack: where it starts in the output, where its name ends, where it ends; 32 bits each. */
const memberBytes: usize = 12;

/** Field i's start (past its length word) and length (-1 for null), as the tuple is read once. */
const starts = memory.data(fieldCount * 4);
const lengths = memory.data(fieldCount * 4);

let partsTable: usize = 0;
let stackBase: usize = 0;
let stackLimit: usize = 0;

let src: usize = 0;
let srcEnd: usize = 0;
let out: usize = 0;
let limit: usize = 0;
let stackTop: usize = 0;
let status: i32 = 0;

/** Where the caller's memory starts: past the module's own data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Where the caller put the envelope's parts table and the member stack. */
export function layout(parts: usize, stack: usize, stackEnd: usize): void {
  partsTable = parts;
  stackBase = stack;
  stackLimit = stackEnd;
}

/**
 * Writes at `output` the canonical form of the stored event whose binary COPY tuple starts at `tuple`, not past
 * `outputLimit`. Answers where the output ends, `declined` or `full`.
 */
export function storedForm(tuple: usize, output: usize, outputLimit: usize): i32 {
  out = output;
  limit = outputLimit;
  stackTop = stackBase;
  status = 0;
  if (bswap<u16>(load<u16>(tuple)) != <u16>fieldCount) return declined;
  let at = tuple + 2;
  for (let field = 0; field < fieldCount; field++) {
    const length = <i32>bswap<u32>(load<u32>(at));
    at += 4;
    store<u32>(starts + field * 4, <u32>at);
    store<i32>(lengths + field * 4, length);
    if (length > 0) at += <usize>length;
  }
  if (
    part(partData) &&
    jsonb(fieldData) &&
    part(partEventId) &&
    copyField(fieldEventId) &&
    part(partPosition) &&
    copyField(fieldPosition) &&
    part(partMetadata) &&
    jsonb(fieldMetadata) &&
    part(partOccurredAt) &&
    time(fieldOccurredAt) &&
    part(partRecordedAt) &&
    time(fieldRecordedAt) &&
    part(partSchemaVersion) &&
    copyField(fieldSchemaVersion) &&
    part(partScheme) &&
    textField(fieldStreamId) &&
    part(partStreamVersion) &&
    version(fieldStreamVersion) &&
    part(partType) &&
    textField(fieldType) &&
    part(partEnd)
  ) {
    return <i32>out;
  }
  return status == 0 ? declined : status;
}

// ---- The envelope -------------------------------------------------------------------------------------------

@inline function decline(): bool {
  status = declined;
  return false;
}

@inline function room(bytes: usize): bool {
  if (out + bytes <= limit) return true;
  status = full;
  return false;
}

@inline function byte(value: u8): bool {
  if (!room(1)) return false;
  store<u8>(out, value);
  out++;
  return true;
}

/** Bytes from elsewhere (never overlapping the output being written) to the output's end. */
@inline function copy(from: usize, bytes: usize): bool {
  if (!room(bytes)) return false;
  move(out, from, bytes);
  out += bytes;
  return true;
}

/**
 * Copies between regions that do not overlap. Most tokens are a few bytes long, and memory.copy is a call into the
 * runtime that costs more than copying them with two overlapping loads and stores of the largest width they fit.
 */
@inline function move(to: usize, from: usize, bytes: usize): void {
  if (bytes >= 16) {
    if (bytes > 32) memory.copy(to, from, bytes);
    else {
      const head = v128.load(from);
      const tail = v128.load(from + bytes - 16);
      v128.store(to, head);
      v128.store(to + bytes - 16, tail);
    }
  } else if (bytes >= 8) {
    const head = load<u64>(from);
    const tail = load<u64>(from + bytes - 8);
    store<u64>(to, head);
    store<u64>(to + bytes - 8, tail);
  } else if (bytes >= 4) {
    const head = load<u32>(from);
    const tail = load<u32>(from + bytes - 4);
    store<u32>(to, head);
    store<u32>(to + bytes - 4, tail);
  } else {
    for (let index: usize = 0; index < bytes; index++) store<u8>(to + index, load<u8>(from + index));
  }
}

@inline function fieldStart(field: i32): usize {
  return <usize>load<u32>(starts + field * 4);
}

@inline function fieldLength(field: i32): i32 {
  return load<i32>(lengths + field * 4);
}

function part(index: i32): bool {
  const entry = partsTable + <usize>index * 8;
  return copy(<usize>load<u32>(entry), <usize>load<u32>(entry + 4));
}

/** Texts of digits, hex and `-`, written as they stand. */
function copyField(field: i32): bool {
  const length = fieldLength(field);
  if (length < 0) return decline();
  return copy(fieldStart(field), <usize>length);
}

/** A text as JSON.stringify writes it, if that is its bytes between quotes. */
function textField(field: i32): bool {
  const length = fieldLength(field);
  if (length < 0) return decline();
  const start = fieldStart(field);
  const end = start + <usize>length;
  for (let at = start; at < end; at++) {
    const code = load<u8>(at);
    if (code < 0x20 || code == quote || code == backslash) return decline();
  }
  return byte(quote) && copy(start, <usize>length) && byte(quote);
}

function version(field: i32): bool {
  if (fieldLength(field) != 4) return decline();
  let value = <i32>bswap<u32>(load<u32>(fieldStart(field)));
  if (value < 0) return decline();
  let width: usize = 1;
  for (let rest = value; rest >= 10; rest /= 10) width++;
  if (!room(width)) return false;
  for (let at = out + width - 1; at >= out; at--) {
    store<u8>(at, <u8>(0x30 + value % 10));
    value /= 10;
  }
  out += width;
  return true;
}

const microsPerDay: i64 = 86_400_000_000;
const postgresEpochDay: i32 = 10_957;
const largestHigh: i32 = 1 << 20;

@inline function pair(at: usize, value: i32): void {
  store<u8>(at, <u8>(0x30 + value / 10));
  store<u8>(at + 1, <u8>(0x30 + value % 10));
}

/** A timestamptz in binary form as utcText prints it, within writeUtcTime's years; others are declined. */
function time(field: i32): bool {
  if (fieldLength(field) != 8) return decline();
  const micros = <i64>bswap<u64>(load<u64>(fieldStart(field)));
  const high = <i32>(micros >> 32);
  if (high >= largestHigh || high < -largestHigh) return decline();
  let days = <i32>(micros / microsPerDay);
  if (<i64>days * microsPerDay > micros) days--;
  const ofDay = micros - <i64>days * microsPerDay;
  // Howard Hinnant's days-to-civil; every quantity is non-negative within the years written.
  const shifted = days + postgresEpochDay + 719_468;
  const era = shifted / 146_097;
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
  const dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const monthFromMarch = (5 * dayOfYear + 2) / 153;
  const day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (!room(29)) return false;
  const seconds = <i32>(ofDay / 1_000_000);
  const fraction = <i32>(ofDay - <i64>seconds * 1_000_000);
  store<u8>(out, quote);
  pair(out + 1, year / 100);
  pair(out + 3, year % 100);
  store<u8>(out + 5, 0x2d);
  pair(out + 6, month);
  store<u8>(out + 8, 0x2d);
  pair(out + 9, day);
  store<u8>(out + 11, 0x54);
  pair(out + 12, seconds / 3600);
  store<u8>(out + 14, colon);
  pair(out + 15, (seconds % 3600) / 60);
  store<u8>(out + 17, colon);
  pair(out + 18, seconds % 60);
  store<u8>(out + 20, 0x2e);
  pair(out + 21, fraction / 10_000);
  pair(out + 23, (fraction / 100) % 100);
  pair(out + 25, fraction % 100);
  store<u8>(out + 27, 0x5a);
  store<u8>(out + 28, quote);
  out += 29;
  return true;
}

// ---- Canonical JSON (canonical-json.ts, for the texts it declines nothing of) -------------------------------------

function jsonb(field: i32): bool {
  const length = fieldLength(field);
  if (length < 1) return decline();
  const start = fieldStart(field);
  if (load<u8>(start) != jsonbVersion) return decline();
  src = start + 1;
  srcEnd = start + <usize>length;
  if (!value(0)) return false;
  whitespace();
  return src == srcEnd ? true : decline();
}

@inline function whitespace(): void {
  while (src < srcEnd) {
    const code = load<u8>(src);
    if (code != 0x20 && code != 0x0a && code != 0x0d && code != 0x09) return;
    src++;
  }
}

function value(depth: i32): bool {
  whitespace();
  if (src >= srcEnd) return decline();
  const code = load<u8>(src);
  if (code == quote) return string(false);
  if (code == 0x7b) return object(depth);
  if (code == 0x5b) return array(depth);
  if (code == 0x74) return literal(0x65757274, 4);
  if (code == 0x66) return literal(0x65736c6166, 5);
  if (code == 0x6e) return literal(0x6c6c756e, 4);
  return number();
}

/**
 * The string token at `src`, copied: one without a backslash or control character is what JSON.stringify writes
 * for it. Long runs are scanned sixteen bytes at a time. A `name` is declined if a byte of it is one where UTF-8's
 * order and UTF-16's part (lead bytes from EE).
 */
function string(name: bool): bool {
  const start = src;
  let at = src + 1;
  if (!name) {
    const quotes = i8x16.splat(quote);
    const backslashes = i8x16.splat(backslash);
    const controls = i8x16.splat(0x20);
    while (at + 16 <= srcEnd) {
      const bytes = v128.load(at);
      const stops = v128.or(v128.or(i8x16.eq(bytes, quotes), i8x16.eq(bytes, backslashes)), i8x16.lt_u(bytes, controls));
      const mask = i8x16.bitmask(stops);
      if (mask != 0) {
        at += <usize>ctz(mask);
        break;
      }
      at += 16;
    }
  }
  let high: u32 = 0;
  for (;;) {
    if (at >= srcEnd) return decline();
    const code = load<u8>(at);
    if (code == quote) break;
    if (code == backslash || code < 0x20) return decline();
    high |= code;
    at++;
  }
  at++;
  if (name && high >= 0xee) {
    for (let index = start; index < at; index++) if (load<u8>(index) >= 0xee) return decline();
  }
  if (!copy(start, at - start)) return false;
  src = at;
  return true;
}

/** An integer token of at most 15 digits, other than -0, is its own ECMAScript number text; others are declined. */
function number(): bool {
  const start = src;
  let at = src;
  if (load<u8>(at) == 0x2d) at++;
  const digitsFrom = at;
  while (at < srcEnd) {
    const code = load<u8>(at);
    if (code >= 0x30 && code <= 0x39) at++;
    else if (code == 0x2e || code == 0x65 || code == 0x45 || code == 0x2b || code == 0x2d) return decline();
    else break;
  }
  const digits = at - digitsFrom;
  if (digits == 0 || digits > 15) return decline();
  if (digitsFrom > start && digits == 1 && load<u8>(digitsFrom) == 0x30) return decline();
  if (!copy(start, at - start)) return false;
  src = at;
  return true;
}

/** `true`, `false` or `null`: its bytes, little-endian in `word`. */
function literal(word: u64, bytes: usize): bool {
  if (src + bytes > srcEnd) return decline();
  for (let index: usize = 0; index < bytes; index++) {
    if (load<u8>(src + index) != <u8>(word >> (index * 8))) return decline();
  }
  if (!room(bytes)) return false;
  for (let index: usize = 0; index < bytes; index++) store<u8>(out + index, <u8>(word >> (index * 8)));
  out += bytes;
  src += bytes;
  return true;
}

function array(depth: i32): bool {
  if (depth >= deepest) return decline();
  src++;
  if (!byte(0x5b)) return false;
  whitespace();
  if (src < srcEnd && load<u8>(src) == 0x5d) {
    src++;
    return byte(0x5d);
  }
  for (;;) {
    if (!value(depth + 1)) return false;
    whitespace();
    if (src >= srcEnd) return decline();
    const code = load<u8>(src);
    src++;
    if (code == 0x5d) break;
    if (code != comma) return decline();
    if (!byte(comma)) return false;
  }
  return byte(0x5d);
}

/** Two names in the output, quotes included, in byte order: their UTF-16 order, for the names string lets through. */
@inline function compareNames(leftStart: usize, leftEnd: usize, rightStart: usize, rightEnd: usize): i32 {
  const leftLength = leftEnd - leftStart;
  const rightLength = rightEnd - rightStart;
  const shared = (leftLength < rightLength ? leftLength : rightLength) - 1;
  for (let index: usize = 1; index < shared; index++) {
    const difference = <i32>load<u8>(leftStart + index) - <i32>load<u8>(rightStart + index);
    if (difference != 0) return difference;
  }
  return <i32>leftLength - <i32>rightLength;
}

/**
 * Writes the members as they come, keeping the stack of them in name order by insertion; then, if any came out
 * of order, copies the object past the output's end and back member by member. Two members of one name (jsonb
 * never prints them) are declined.
 */
function object(depth: i32): bool {
  if (depth >= deepest) return decline();
  src++;
  whitespace();
  if (src < srcEnd && load<u8>(src) == 0x7d) {
    src++;
    return byte(0x7b) && byte(0x7d);
  }
  if (!byte(0x7b)) return false;
  const base = stackTop;
  const from = out;
  let moved = false;
  for (;;) {
    whitespace();
    if (src >= srcEnd || load<u8>(src) != quote) return decline();
    const start = out;
    if (!string(true)) return false;
    const nameEnd = out;
    whitespace();
    if (src >= srcEnd || load<u8>(src) != colon) return decline();
    src++;
    if (!byte(colon) || !value(depth + 1)) return false;
    if (stackTop + memberBytes > stackLimit) return decline();
    let to = stackTop;
    while (to > base) {
      const before = to - memberBytes;
      const order = compareNames(<usize>load<u32>(before), <usize>load<u32>(before + 4), start, nameEnd);
      if (order == 0) return decline();
      if (order < 0) break;
      to = before;
    }
    if (to != stackTop) {
      memory.copy(to + memberBytes, to, stackTop - to);
      moved = true;
    }
    store<u32>(to, <u32>start);
    store<u32>(to + 4, <u32>nameEnd);
    store<u32>(to + 8, <u32>out);
    stackTop += memberBytes;
    whitespace();
    if (src >= srcEnd) return decline();
    const code = load<u8>(src);
    src++;
    if (code == 0x7d) break;
    if (code != comma) return decline();
    if (!byte(comma)) return false;
  }
  if (moved) {
    const end = out;
    const shift = end - from;
    if (!room(shift)) return false;
    memory.copy(end, from, shift);
    let at = from;
    for (let member = base; member < stackTop; member += memberBytes) {
      if (at > from) {
        store<u8>(at, comma);
        at++;
      }
      const memberStart = <usize>load<u32>(member) + shift;
      const memberEnd = <usize>load<u32>(member + 8) + shift;
      move(at, memberStart, memberEnd - memberStart);
      at += memberEnd - memberStart;
    }
    out = at;
  }
  stackTop = base;
  return byte(0x7d);
}
