// The plain-JavaScript baseline the WebAssembly aggregation is measured against: the same
// /api/dataValueSets bytes, fed in the same chunks, aggregated with the same options and the same
// DHIS2 analytics rules, written to be as fast as JavaScript gets rather than idiomatic:
//
// - one fused byte scanner over the compact 2.38+ layout: the next key is predicted and compared
//   4 bytes at a time (DataView words), strings are skipped in place, no text is decoded;
// - ids hashed word by word into open-addressing tables (Int32Array keys), with the previous id
//   of each column remembered (consecutive rows share their org unit, period, data element);
// - numbers parsed in place from the bytes;
// - every decision cached per interned id in typed arrays, accumulation in typed arrays indexed
//   by (data element, category option combo, attribute option combo) block, target period and
//   selected org unit.
//
// It covers what the benchmark data needs: monthly data, Monthly/Quarterly/Yearly targets, the
// numeric and boolean value types, SUM, AVERAGE, LAST and MAX; anything else throws. A row in
// another layout (whitespace, other key order) is read with JSON.parse, slowly but correctly.
// bench.html checks its result against the WebAssembly one cell for cell.

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, OPEN = 123, CLOSE = 125, CLOSE_ARRAY = 93, OPEN_ARRAY = 91;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A key literal (`","period":"`) as little-endian 32-bit words, the last one overlapping. */
function literal(text) {
  const bytes = encoder.encode(text);
  const view = new DataView(bytes.buffer);
  const words = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) words.push(view.getInt32(at, true));
  return { words: Int32Array.from(words), last: view.getInt32(bytes.length - 4, true), length: bytes.length };
}

const KEY_DATA_ELEMENT = literal('{"dataElement":"');
const KEY_PERIOD = literal('","period":"');
const KEY_ORG_UNIT = literal('","orgUnit":"');
const KEY_COMBO = literal('","categoryOptionCombo":"');
const KEY_ATTRIBUTE_COMBO = literal('","attributeOptionCombo":"');
const KEY_VALUE = literal('","value":');
const KEY_STORED_BY = literal(',"storedBy":');
const KEY_CREATED = literal(',"created":');
const KEY_LAST_UPDATED = literal(',"lastUpdated":');
const KEY_COMMENT = literal(',"comment":');
const KEY_FOLLOWUP = literal(',"followup":');
const KEY_DELETED = literal(',"deleted":');

/** Interned ids of one column: open addressing over up to 16 bytes as 4 words plus the length. */
class IdTable {
  constructor() {
    this.capacity = 1024;
    this.slots = new Int32Array(this.capacity); // index + 1, 0 = empty
    this.keys = new Int32Array(this.capacity * 5); // per index: 4 words, length
    this.names = [];
    this.long = new Map();
    this.lastLength = -1;
    this.last = new Int32Array(4);
    this.lastIndex = -1;
  }

  /** The index of the id in bytes[start, end) (the caller guarantees 16 readable bytes). */
  intern(view, bytes, start, end) {
    const length = end - start;
    if (length > 16) return this.internName(decoder.decode(bytes.subarray(start, end)));
    // Whole words, the last one masked to the id's bytes.
    let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    if (length >= 4) w0 = view.getInt32(start, true); else w0 = partial(bytes, start, length);
    if (length >= 8) w1 = view.getInt32(start + 4, true); else if (length > 4) w1 = partial(bytes, start + 4, length - 4);
    if (length >= 12) w2 = view.getInt32(start + 8, true); else if (length > 8) w2 = partial(bytes, start + 8, length - 8);
    if (length >= 16) w3 = view.getInt32(start + 12, true); else if (length > 12) w3 = partial(bytes, start + 12, length - 12);
    const last = this.last;
    if (length === this.lastLength && w0 === last[0] && w1 === last[1] && w2 === last[2] && w3 === last[3]) return this.lastIndex;
    let hash = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3 ^ length, 0xc2b2ae35), 0x27d4eb2f);
    hash ^= hash >>> 15;
    const mask = this.capacity - 1;
    let slot = hash & mask;
    const keys = this.keys;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const base = (entry - 1) * 5;
      if (keys[base] === w0 && keys[base + 1] === w1 && keys[base + 2] === w2 && keys[base + 3] === w3 && keys[base + 4] === length) {
        this.remember(length, w0, w1, w2, w3, entry - 1);
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
    const index = this.names.length;
    this.names.push(decoder.decode(bytes.subarray(start, end)));
    if ((index + 1) * 5 > keys.length) {
      const bigger = new Int32Array(keys.length * 2);
      bigger.set(keys);
      this.keys = bigger;
    }
    this.keys.set([w0, w1, w2, w3, length], index * 5);
    this.slots[slot] = index + 1;
    if (this.names.length * 2 > this.capacity) this.grow();
    this.remember(length, w0, w1, w2, w3, index);
    return index;
  }

  remember(length, w0, w1, w2, w3, index) {
    this.lastLength = length;
    this.last[0] = w0; this.last[1] = w1; this.last[2] = w2; this.last[3] = w3;
    this.lastIndex = index;
  }

  grow() {
    this.capacity *= 2;
    const slots = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    const keys = this.keys;
    for (let index = 0; index < this.names.length; index++) {
      const base = index * 5;
      if (keys[base + 4] > 16) continue;
      let hash = Math.imul(keys[base] ^ Math.imul(keys[base + 1], 0x9e3779b1) ^ Math.imul(keys[base + 2], 0x85ebca6b) ^ Math.imul(keys[base + 3] ^ keys[base + 4], 0xc2b2ae35), 0x27d4eb2f);
      hash ^= hash >>> 15;
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  /** Interns an id given as text (long ids, and rows read by the slow path). */
  internName(name) {
    const bytes = encoder.encode(name);
    if (bytes.length <= 16) {
      const padded = new Uint8Array(bytes.length + 16);
      padded.set(bytes);
      return this.intern(new DataView(padded.buffer), padded, 0, bytes.length);
    }
    let index = this.long.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.long.set(name, index);
      if ((index + 1) * 5 > this.keys.length) {
        const bigger = new Int32Array(this.keys.length * 2);
        bigger.set(this.keys);
        this.keys = bigger;
      }
      this.keys[index * 5 + 4] = bytes.length;
    }
    return index;
  }
}

function partial(bytes, at, count) {
  let word = 0;
  for (let index = 0; index < count; index++) word |= bytes[at + index] << (8 * index);
  return word;
}

// ---- calendar: days since 1970-01-01 (proleptic Gregorian) -----------------------------------
function daysFromCivil(year, month, day) {
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
const daysInMonth = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const FREQUENCY = { Monthly: 30, Quarterly: 91, Yearly: 365 };

/** A period id of the types the baseline knows: { type, start, end } in days, or null. */
function parsePeriod(id) {
  let match;
  if ((match = /^(\d{4})(\d{2})$/.exec(id))) {
    const year = +match[1], month = +match[2];
    if (month < 1 || month > 12) return null;
    return { type: "Monthly", year, month, start: daysFromCivil(year, month, 1), end: daysFromCivil(year, month, daysInMonth(year, month)) };
  }
  if ((match = /^(\d{4})Q([1-4])$/.exec(id))) {
    const year = +match[1], first = (+match[2] - 1) * 3 + 1;
    return { type: "Quarterly", year, month: first + 2, start: daysFromCivil(year, first, 1), end: daysFromCivil(year, first + 2, daysInMonth(year, first + 2)) };
  }
  if ((match = /^(\d{4})$/.exec(id))) {
    const year = +match[1];
    return { type: "Yearly", year, month: 12, start: daysFromCivil(year, 1, 1), end: daysFromCivil(year, 12, 31) };
  }
  return null;
}

const INTEGER_TYPES = new Set(["INTEGER", "INTEGER_POSITIVE", "INTEGER_NEGATIVE", "INTEGER_ZERO_OR_POSITIVE"]);
const NUMBER_TYPES = new Set(["NUMBER", "UNIT_INTERVAL", "PERCENTAGE"]);
const KIND_NUMBER = 0, KIND_BOOLEAN = 1;
const SUM = 0, MEAN = 1, DAY_WEIGHTED = 2, MAX = 3, LAST = 4;
const POWERS = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Formats as DHIS2 writes aggregated values (and sync-core's format_number). */
export function formatNumber(value) {
  if (value === 0) return "0";
  if (Number.isInteger(value) && Math.abs(value) < 9007199254740992) return String(value);
  const text = String(value);
  if (!text.includes("e")) return text;
  // Exponent notation (below 1e-6 or from 1e21): write it out.
  const [mantissa, exponentText] = text.split("e");
  const exponent = +exponentText;
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = (mantissa.replace("-", "").indexOf(".") + 1 || mantissa.replace("-", "").length + 1) - 1 + exponent;
  const plain = point <= 0 ? "0." + "0".repeat(-point) + digits : point >= digits.length ? digits + "0".repeat(point - digits.length) : digits.slice(0, point) + "." + digits.slice(point);
  return (negative ? "-" : "") + plain;
}

/** Rust's f64::round: half away from zero. */
const roundHalfAway = (value) => (value < 0 ? -Math.round(-value) : Math.round(value));

export class JsAggregation {
  constructor(optionsText) {
    const options = JSON.parse(optionsText);
    const targets = options.periods.map((id) => {
      const period = parsePeriod(id);
      if (!period || period.type !== options.periodType) throw new Error(`baseline: unsupported target period ${id}`);
      // LAST looks back ten years from the target's end (the day clamped to the month).
      const end = new Date(period.end * 86400000);
      const year = end.getUTCFullYear() - 10, month = end.getUTCMonth() + 1;
      period.earliest = daysFromCivil(year, month, Math.min(end.getUTCDate(), daysInMonth(year, month)));
      return { id, ...period };
    });
    this.targets = targets;
    this.selected = options.orgUnits;
    this.selectedByName = new Map();
    this.selected.forEach((name, index) => {
      if (!this.selectedByName.has(name)) this.selectedByName.set(name, []);
      this.selectedByName.get(name).push(index);
    });
    this.paths = new Map(options.organisationUnits.map(({ id, path }) => [id, path ?? ""]));
    const excluded = new Set(options.excludedDataElements ?? []);
    this.attributeCombos = options.attributeOptionCombos ? new Set(options.attributeOptionCombos) : null;
    const includeZero = options.includeZeroValues ?? true;
    this.rules = [];
    this.ruleByName = new Map();
    for (const element of options.dataElements) {
      if (excluded.has(element.id) || this.ruleByName.has(element.id)) continue;
      const integer = INTEGER_TYPES.has(element.valueType);
      const boolean = element.valueType === "BOOLEAN";
      if (!integer && !boolean && !NUMBER_TYPES.has(element.valueType)) throw new Error(`baseline: value type ${element.valueType}`);
      let mode;
      switch (element.aggregationType) {
        case "SUM": mode = SUM; break;
        case "AVERAGE": mode = boolean ? DAY_WEIGHTED : MEAN; break;
        case "MAX": mode = MAX; break;
        case "LAST": mode = LAST; break;
        default: throw new Error(`baseline: aggregation type ${element.aggregationType}`);
      }
      const zeroCounts = element.aggregationType === "AVERAGE" || (includeZero && !!element.zeroIsSignificant);
      this.ruleByName.set(element.id, this.rules.length);
      this.rules.push({ kind: boolean ? KIND_BOOLEAN : KIND_NUMBER, integer, mode, zeroCounts });
    }
    for (const name of excluded) this.ruleByName.set(name, -2);
    this.ruleMode = Int32Array.from(this.rules, (rule) => rule.mode);
    this.ruleKind = Int32Array.from(this.rules, (rule) => rule.kind);
    this.ruleZero = Uint8Array.from(this.rules, (rule) => (rule.zeroCounts ? 1 : 0));

    this.dataElements = new IdTable();
    this.periods = new IdTable();
    this.orgUnits = new IdTable();
    this.combos = new IdTable();
    this.attributes = new IdTable();
    this.defaultCombo = this.combos.internName("HllvX50cXC0");
    this.attributes.internName("HllvX50cXC0");

    // Per interned id caches: -3 = not resolved yet.
    this.ruleOf = new Int32Array(64).fill(-3);
    this.attributeOk = new Int8Array(64).fill(-1);
    this.orgUnitTargets = []; // per org unit id: Int32Array of selected indices
    this.orgUnitPosition = []; // per org unit id: its position among the raw org units with data
    this.periodInfo = []; // per period id: { placed, lookBack, days, rank } or null (invalid)

    // Blocks of cells per (rule, combo, attribute combo).
    this.T = targets.length;
    this.S = this.selected.length;
    this.blockSize = this.T * this.S;
    this.comboCapacity = 1024;
    this.attributeCapacity = 16;
    this.blockTable = new Int32Array(Math.max(1, this.rules.length) * this.comboCapacity * this.attributeCapacity);
    this.blockMap = new Map();
    this.blocks = []; // [rule, dataElement, combo, attribute]
    this.sums = new Float64Array(1 << 16);
    this.counts = new Float64Array(1 << 16);
    this.present = new Uint8Array(1 << 16);
    // LAST: per (block, target, raw org unit) the latest value and its rank.
    this.rawOrgUnits = 0;
    this.rawCapacity = 256;
    this.lastValues = new Float64Array(0);
    this.lastRanks = new Float64Array(0);
    this.lastPresent = new Uint8Array(0);
    this.lastBlocks = 0;

    this.rows = 0;
    this.skipped = 0;
    this.state = 0; // 0 before the array, 1 in it, 2 done
    this.carry = null;
  }

  feed(chunk) {
    let start = 0;
    if (this.carry) {
      // Complete the row split across chunks from the carried bytes and the head of this chunk.
      let take = Math.min(chunk.length, 4096);
      for (;;) {
        const joined = new Uint8Array(this.carry.length + take);
        joined.set(this.carry);
        joined.set(chunk.subarray(0, take), this.carry.length);
        const consumed = this.scan(joined, 0);
        if (consumed >= this.carry.length || take === chunk.length) {
          if (consumed >= this.carry.length) {
            start = consumed - this.carry.length;
            this.carry = null;
          } else {
            this.carry = joined.slice(consumed);
            return;
          }
          break;
        }
        take = Math.min(chunk.length, take * 4);
      }
    }
    const consumed = this.scan(chunk, start);
    if (consumed < chunk.length && this.state !== 2) this.carry = chunk.slice(consumed);
  }

  /** Reads rows from `at`; returns the position after the last complete one. */
  scan(bytes, at) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = bytes.length;
    let position = at;
    if (this.state === 0) {
      // `{"dataValues":[`: the array after the dataValues key.
      const text = decoder.decode(bytes.subarray(position, Math.min(length, position + 256)));
      const key = text.indexOf('"dataValues"');
      if (key < 0) return position;
      const open = text.indexOf("[", key);
      if (open < 0) return position;
      position += encoder.encode(text.slice(0, open + 1)).length;
      this.state = 1;
    }
    while (position < length) {
      const byte = bytes[position];
      if (byte === COMMA || byte === 32 || byte === 10 || byte === 13 || byte === 9) {
        position++;
        continue;
      }
      if (byte === CLOSE_ARRAY) {
        this.state = 2;
        return length;
      }
      if (byte !== OPEN) throw new Error(`baseline: unexpected byte ${byte} at ${position}`);
      const next = this.row(bytes, view, position, length);
      if (next < 0) return position;
      position = next;
    }
    return position;
  }

  /** One row at bytes[at] = '{'; the position after it, or -1 when the bytes end first. */
  row(bytes, view, at, length) {
    // The fast path needs the fixed text and every id in the buffer; near the end, or for any
    // other layout, the general path reads the row.
    if (at + 512 > length || !matches(view, at, KEY_DATA_ELEMENT)) return this.slowRow(bytes, at, length);
    let p = at + KEY_DATA_ELEMENT.length;
    let end = stringEnd(bytes, p, length);
    if (end < 0) return this.slowRow(bytes, at, length);
    const dataElement = this.dataElements.intern(view, bytes, p, end);
    if (!matches(view, end, KEY_PERIOD)) return this.slowRow(bytes, at, length);
    p = end + KEY_PERIOD.length;
    end = stringEnd(bytes, p, length);
    if (end < 0) return this.slowRow(bytes, at, length);
    const period = this.periods.intern(view, bytes, p, end);
    if (!matches(view, end, KEY_ORG_UNIT)) return this.slowRow(bytes, at, length);
    p = end + KEY_ORG_UNIT.length;
    end = stringEnd(bytes, p, length);
    if (end < 0) return this.slowRow(bytes, at, length);
    const orgUnit = this.orgUnits.intern(view, bytes, p, end);
    if (!matches(view, end, KEY_COMBO)) return this.slowRow(bytes, at, length);
    p = end + KEY_COMBO.length;
    end = stringEnd(bytes, p, length);
    if (end < 0) return this.slowRow(bytes, at, length);
    const combo = this.combos.intern(view, bytes, p, end);
    if (!matches(view, end, KEY_ATTRIBUTE_COMBO)) return this.slowRow(bytes, at, length);
    p = end + KEY_ATTRIBUTE_COMBO.length;
    end = stringEnd(bytes, p, length);
    if (end < 0) return this.slowRow(bytes, at, length);
    const attribute = this.attributes.intern(view, bytes, p, end);
    if (!matches(view, end, KEY_VALUE)) return this.slowRow(bytes, at, length);
    p = end + KEY_VALUE.length;
    let valueStart = -1, valueEnd = -1;
    if (bytes[p] === QUOTE) {
      valueStart = p + 1;
      valueEnd = stringEnd(bytes, valueStart, length);
      if (valueEnd < 0) return this.slowRow(bytes, at, length);
      p = valueEnd + 1;
    } else if (bytes[p] === 110) {
      p += 4; // null
    } else {
      return this.slowRow(bytes, at, length);
    }
    // storedBy, created, lastUpdated and comment: strings (escapes skipped) or null.
    p = skipField(bytes, view, p, length, KEY_STORED_BY);
    if (p >= 0) p = skipField(bytes, view, p, length, KEY_CREATED);
    if (p >= 0) p = skipField(bytes, view, p, length, KEY_LAST_UPDATED);
    if (p >= 0) p = skipField(bytes, view, p, length, KEY_COMMENT);
    if (p < 0 || !matches(view, p, KEY_FOLLOWUP)) return this.slowRow(bytes, at, length);
    p += KEY_FOLLOWUP.length;
    p += bytes[p] === 116 ? 4 : 5;
    let deleted = false;
    if (bytes[p] === COMMA) {
      if (!matches(view, p, KEY_DELETED)) return this.slowRow(bytes, at, length);
      p += KEY_DELETED.length;
      deleted = bytes[p] === 116;
      p += deleted ? 4 : 5;
    }
    if (bytes[p] !== CLOSE) return this.slowRow(bytes, at, length);
    this.rows++;
    if (!deleted) this.add(dataElement, period, orgUnit, combo, attribute, bytes, valueStart, valueEnd, null);
    return p + 1;
  }

  /** Any other layout: the object's text through JSON.parse (-1 when incomplete). */
  slowRow(bytes, at, length) {
    let depth = 0, p = at;
    for (; p < length; p++) {
      const byte = bytes[p];
      if (byte === QUOTE) {
        p = stringEnd(bytes, p + 1, length);
        if (p < 0) return -1;
      } else if (byte === OPEN || byte === OPEN_ARRAY) depth++;
      else if (byte === CLOSE || byte === CLOSE_ARRAY) {
        if (--depth === 0) break;
      }
    }
    if (p >= length) return -1;
    const row = JSON.parse(decoder.decode(bytes.subarray(at, p + 1)));
    if (typeof row.dataElement !== "string" || typeof row.period !== "string" || typeof row.orgUnit !== "string") return p + 1;
    this.rows++;
    if (row.deleted === true) return p + 1;
    const text = row.value === null || row.value === undefined ? null : String(row.value);
    this.add(
      this.dataElements.internName(row.dataElement), this.periods.internName(row.period), this.orgUnits.internName(row.orgUnit),
      this.combos.internName(row.categoryOptionCombo ?? "HllvX50cXC0"), this.attributes.internName(row.attributeOptionCombo ?? "HllvX50cXC0"),
      bytes, -1, -1, text,
    );
    return p + 1;
  }

  /** One row's contribution; the value is bytes[valueStart, valueEnd) or `text` (null: none). */
  add(dataElement, period, orgUnit, combo, attribute, bytes, valueStart, valueEnd, text) {
    if (dataElement >= this.ruleOf.length) this.ruleOf = grown(this.ruleOf, dataElement, -3);
    let rule = this.ruleOf[dataElement];
    if (rule === -3) rule = this.ruleOf[dataElement] = this.ruleByName.get(this.dataElements.names[dataElement]) ?? -1;
    if (rule < 0) return;
    if (attribute >= this.attributeOk.length) this.attributeOk = grown(this.attributeOk, attribute, -1);
    let attributeOk = this.attributeOk[attribute];
    if (attributeOk < 0) attributeOk = this.attributeOk[attribute] = !this.attributeCombos || this.attributeCombos.has(this.attributes.names[attribute]) ? 1 : 0;
    if (attributeOk === 0) return;
    // The value.
    let value;
    if (text !== null) {
      bytes = encoder.encode(text);
      valueStart = 0;
      valueEnd = bytes.length;
    } else if (valueStart < 0) {
      return;
    }
    if (this.ruleKind[rule] === KIND_NUMBER) {
      if (valueEnd - valueStart === 1 && bytes[valueStart] === 48 && this.ruleZero[rule] === 0) return;
      value = parseNumber(bytes, valueStart, valueEnd);
      if (value !== value) {
        this.skipped++;
        return;
      }
    } else {
      const size = valueEnd - valueStart;
      if (size === 4 && bytes[valueStart] === 116 && bytes[valueStart + 1] === 114 && bytes[valueStart + 2] === 117 && bytes[valueStart + 3] === 101) value = 1;
      else if (size === 5 && decoder.decode(bytes.subarray(valueStart, valueEnd)) === "false") value = 0;
      else {
        this.skipped++;
        return;
      }
    }
    const targets = this.orgUnitTargets[orgUnit] ?? this.resolveOrgUnit(orgUnit);
    if (targets.length === 0) return;
    const info = this.periodInfo[period] ?? this.resolvePeriod(period);
    if (info === false) {
      this.skipped++;
      return;
    }
    const mode = this.ruleMode[rule];
    const list = mode === LAST ? info.lookBack : info.placed;
    if (list.length === 0) return;
    const block = this.block(rule, dataElement, combo, attribute);
    const S = this.S;
    if (mode === LAST) {
      const position = this.orgUnitPosition[orgUnit];
      const lastBlock = this.blocks[block][4];
      const rank = info.rank;
      for (let index = 0; index < list.length; index++) {
        const cell = (lastBlock * this.T + list[index]) * this.rawCapacity + position;
        if (this.lastPresent[cell] === 0 || rank >= this.lastRanks[cell]) {
          this.lastPresent[cell] = 1;
          this.lastRanks[cell] = rank;
          this.lastValues[cell] = value;
        }
      }
      return;
    }
    const base = block * this.blockSize;
    const sums = this.sums, counts = this.counts, present = this.present;
    for (let index = 0; index < list.length; index++) {
      const row = base + list[index] * S;
      for (let target = 0; target < targets.length; target++) {
        const cell = row + targets[target];
        switch (mode) {
          case SUM:
            sums[cell] += value;
            break;
          case MEAN:
            sums[cell] += value;
            counts[cell] += 1;
            break;
          case DAY_WEIGHTED:
            sums[cell] += value * info.days;
            counts[cell] += info.days;
            break;
          case MAX:
            sums[cell] = present[cell] === 0 ? value : Math.max(sums[cell], value);
            break;
        }
        present[cell] = 1;
      }
    }
  }

  block(rule, dataElement, combo, attribute) {
    const inTable = combo < this.comboCapacity && attribute < this.attributeCapacity;
    const index = (rule * this.comboCapacity + combo) * this.attributeCapacity + attribute;
    if (inTable) {
      const entry = this.blockTable[index];
      if (entry !== 0) return entry - 1;
    }
    const key = `${dataElement}/${combo}/${attribute}`;
    let block = this.blockMap.get(key);
    if (block === undefined) {
      block = this.blocks.length;
      let lastBlock = -1;
      if (this.ruleMode[rule] === LAST) {
        lastBlock = this.lastBlocks++;
        this.ensureLast();
      }
      this.blocks.push([rule, dataElement, combo, attribute, lastBlock]);
      this.blockMap.set(key, block);
      const needed = this.blocks.length * this.blockSize;
      if (needed > this.sums.length) {
        let size = this.sums.length;
        while (size < needed) size *= 2;
        this.sums = grownTo(this.sums, size);
        this.counts = grownTo(this.counts, size);
        this.present = grownTo(this.present, size);
      }
    }
    if (inTable) this.blockTable[index] = block + 1;
    return block;
  }

  ensureLast() {
    const needed = this.lastBlocks * this.T * this.rawCapacity;
    if (needed <= this.lastValues.length) return;
    this.lastValues = grownTo(this.lastValues, needed * 2);
    this.lastRanks = grownTo(this.lastRanks, needed * 2);
    this.lastPresent = grownTo(this.lastPresent, needed * 2);
  }

  resolveOrgUnit(orgUnit) {
    const name = this.orgUnits.names[orgUnit];
    const path = this.paths.get(name) ?? "";
    const found = new Set(this.selectedByName.get(name) ?? []);
    for (const segment of path.split("/")) for (const index of this.selectedByName.get(segment) ?? []) found.add(index);
    const targets = Int32Array.from([...found].sort((a, b) => a - b));
    this.orgUnitTargets[orgUnit] = targets;
    if (this.rawOrgUnits === this.rawCapacity) {
      // Re-lay the LAST states for more org units.
      const old = { values: this.lastValues, ranks: this.lastRanks, present: this.lastPresent, capacity: this.rawCapacity };
      this.rawCapacity *= 2;
      this.lastValues = new Float64Array(0);
      this.lastRanks = new Float64Array(0);
      this.lastPresent = new Uint8Array(0);
      this.ensureLast();
      for (let row = 0; row < this.lastBlocks * this.T; row++) {
        this.lastValues.set(old.values.subarray(row * old.capacity, (row + 1) * old.capacity), row * this.rawCapacity);
        this.lastRanks.set(old.ranks.subarray(row * old.capacity, (row + 1) * old.capacity), row * this.rawCapacity);
        this.lastPresent.set(old.present.subarray(row * old.capacity, (row + 1) * old.capacity), row * this.rawCapacity);
      }
    }
    this.orgUnitPosition[orgUnit] = this.rawOrgUnits++;
    return targets;
  }

  resolvePeriod(period) {
    const data = parsePeriod(this.periods.names[period]);
    if (!data) return (this.periodInfo[period] = false);
    if (data.type !== "Monthly") throw new Error(`baseline: data period type ${data.type}`);
    const placed = [], lookBack = [];
    this.targets.forEach((target, index) => {
      const placedHere = data.type === target.type ? data.start === target.start : FREQUENCY[data.type] < FREQUENCY[target.type] && target.start <= data.start && data.start <= target.end;
      if (placedHere) placed.push(index);
      if (data.end <= target.end && data.start >= target.earliest) lookBack.push(index);
    });
    return (this.periodInfo[period] = {
      placed: Int32Array.from(placed), lookBack: Int32Array.from(lookBack),
      days: data.end - data.start + 1, rank: data.end * 65536 + (data.start + 32768),
    });
  }

  /** The aggregated values, as sync-core's output lists them (not sorted). */
  finish() {
    if (this.state !== 2) throw new Error("baseline: the data value JSON ends early");
    const dataValues = [];
    const { T, S } = this;
    const output = (block, target, orgUnit, value) => {
      const [rule, dataElement, combo, attribute] = this.blocks[block];
      if (!Number.isFinite(value)) return;
      if (this.rules[rule].integer && value % 1 !== 0) value = roundHalfAway(value);
      dataValues.push({
        dataElement: this.dataElements.names[dataElement], period: this.targets[target].id, orgUnit: this.selected[orgUnit],
        categoryOptionCombo: this.combos.names[combo], attributeOptionCombo: this.attributes.names[attribute], value: formatNumber(value),
      });
    };
    const combined = new Float64Array(S), combinedCount = new Float64Array(S);
    const positions = [];
    this.orgUnitPosition.forEach((position, orgUnit) => { positions[position] = orgUnit; });
    for (let block = 0; block < this.blocks.length; block++) {
      const mode = this.ruleMode[this.blocks[block][0]];
      if (mode === LAST) {
        const lastBlock = this.blocks[block][4];
        for (let target = 0; target < T; target++) {
          combined.fill(0);
          combinedCount.fill(0);
          const base = (lastBlock * T + target) * this.rawCapacity;
          for (let position = 0; position < this.rawOrgUnits; position++) {
            if (this.lastPresent[base + position] === 0) continue;
            for (const orgUnit of this.orgUnitTargets[positions[position]]) {
              combined[orgUnit] += this.lastValues[base + position];
              combinedCount[orgUnit]++;
            }
          }
          for (let orgUnit = 0; orgUnit < S; orgUnit++) if (combinedCount[orgUnit] > 0) output(block, target, orgUnit, combined[orgUnit]);
        }
        continue;
      }
      const base = block * this.blockSize;
      for (let target = 0; target < T; target++) {
        for (let orgUnit = 0; orgUnit < S; orgUnit++) {
          const cell = base + target * S + orgUnit;
          if (this.present[cell] === 0) continue;
          if (mode === SUM || mode === MAX) output(block, target, orgUnit, this.sums[cell]);
          else if (mode === MEAN) output(block, target, orgUnit, this.sums[cell] / this.counts[cell]);
          else if (this.counts[cell] !== 0) output(block, target, orgUnit, (this.sums[cell] / this.counts[cell]) * 100);
        }
      }
    }
    return { dataValues, rows: this.rows, skipped: this.skipped };
  }
}

/** Whether the key literal is at view[at]. */
function matches(view, at, key) {
  if (at + key.length > view.byteLength) return false;
  const words = key.words;
  for (let index = 0; index < words.length; index++) if (view.getInt32(at + index * 4, true) !== words[index]) return false;
  return view.getInt32(at + key.length - 4, true) === key.last;
}

/** The position of the closing quote of a string whose content starts at `p` (-1: not in the bytes). */
function stringEnd(bytes, p, length) {
  while (p < length) {
    const byte = bytes[p];
    if (byte === QUOTE) return p;
    p += byte === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** Skips `,"key":` and its string or null value; -1 for anything else. */
function skipField(bytes, view, p, length, key) {
  if (!matches(view, p, key)) return -1;
  p += key.length;
  if (bytes[p] === QUOTE) {
    const end = stringEnd(bytes, p + 1, length);
    return end < 0 ? -1 : end + 1;
  }
  return bytes[p] === 110 ? p + 4 : -1;
}

/** A number as DHIS2 analytics accepts it (-?digits(.digits)?), NaN otherwise. */
function parseNumber(bytes, start, end) {
  let p = start, negative = false;
  if (bytes[p] === 45) {
    negative = true;
    p++;
  }
  let mantissa = 0, significant = 0, integerDigits = 0, fractionDigits = 0;
  while (p < end) {
    const digit = bytes[p] - 48;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
    if (mantissa !== 0) significant++;
    integerDigits++;
    p++;
  }
  if (integerDigits === 0) return NaN;
  if (p < end) {
    if (bytes[p] !== 46 || p + 1 === end) return NaN;
    p++;
    while (p < end) {
      const digit = bytes[p] - 48;
      if (digit < 0 || digit > 9) return NaN;
      mantissa = mantissa * 10 + digit;
      if (mantissa !== 0) significant++;
      fractionDigits++;
      p++;
    }
  }
  // Exact mantissa over an exact power of ten is correctly rounded; longer numbers go through
  // the standard conversion.
  const magnitude = significant <= 15 && fractionDigits < POWERS.length ? mantissa / POWERS[fractionDigits] : Number(decoder.decode(bytes.subarray(negative ? start + 1 : start, end)));
  return negative ? -magnitude : magnitude;
}

function grown(array, index, fill) {
  let size = array.length;
  while (size <= index) size *= 2;
  const bigger = new array.constructor(size).fill(fill);
  bigger.set(array);
  return bigger;
}

function grownTo(array, size) {
  const bigger = new array.constructor(size);
  bigger.set(array);
  return bigger;
}
