// Deterministic benchmark data: /api/dataValueSets JSON bytes (the compact DHIS2 2.38+ shape) and
// the aggregation options that go with them, in two shapes:
//
// - "realistic": a routine monthly data set, byte for byte the same as `realistic::generate` in
//   crates/sync-core/benches/aggregate.rs (both print the same FNV-1a checksum). 40 data elements
//   (28 SUM, 6 AVERAGE, 6 LAST; INTEGER_ZERO_OR_POSITIVE, INTEGER, NUMBER, PERCENTAGE, BOOLEAN)
//   in a shuffled form order, on 6 category combos of 1, 2, 3, 5, 6 and 6 option combos (23 in
//   all, the first DHIS2's default), 2 attribute option combos; 1,169 org units on 5 levels
//   (1 root, 4 regions, 16 districts, 148 chiefdoms, 1,000 facilities) where the facilities,
//   every 4th chiefdom and every 4th district enter data; monthly 2020-01 to 2021-12, ordered by
//   period then `created` (each month, org units in a random order each enter a form: 75% of its
//   data elements, 90% of their option combos, one session, a value every 7 seconds); about 4%
//   zeros, 5% comments (a third with JSON escapes), 1% follow-up, 5% updated later; DHIS2 UIDs.
//   Options: monthly to quarterly 2020Q1-2021Q4 for the 21 org units of levels 1-3.
// - "simple": the earlier synthetic shape (ids like d0000000001, ordered by data element, no
//   comments), the same as `generate_simple` in the native bench; options keep one of two
//   attribute option combos and leave 5 data elements out.
//
// Works in the browser and in Node (no DOM).

/** mulberry32: a tiny 32-bit generator that Rust computes identically. */
export function rng(seed) {
  let a = seed | 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // Uniform in 0..n (n below 2^21: the product stays exact in a double).
  const below = (n) => Math.floor((next() * n) / 4294967296);
  const chance = (perMille) => below(1000) < perMille;
  const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const ALPHANUMERIC = LETTERS + "0123456789";
  const uid = () => {
    let id = LETTERS[below(52)];
    for (let index = 0; index < 10; index++) id += ALPHANUMERIC[below(62)];
    return id;
  };
  return { next, below, chance, uid };
}

const DEFAULT_COMBO = "HllvX50cXC0";
const COMBO_SIZES = [1, 2, 3, 5, 6, 6];
const USERS = ["admin", "jmwale", "system", "kbangura", "data.clerk", "a.sesay", "hmis_officer", "tk"];
// As they appear in the JSON (escapes included).
const COMMENTS = [
  "Checked against the register",
  "Late report",
  'Value confirmed by \\"DHO\\"',
  "Stock count done on the 3rd",
  "Line 1\\nLine 2",
  "Saved in C:\\\\data",
  "Recount needed",
  "Caf\\u00e9 clinic",
];

function shuffle(random, items) {
  for (let index = items.length - 1; index >= 1; index--) {
    const other = random.below(index + 1);
    [items[index], items[other]] = [items[other], items[index]];
  }
}

/** The realistic shape's metadata, and the generator positioned after drawing it. */
function realisticMetadata() {
  const random = rng(20240615);
  const root = random.uid();
  const orgUnits = [[root, `/${root}`]];
  const reporting = [];
  let level = [0];
  const levels = [[4, 1], [16, 4], [148, 16], [1000, 148]];
  levels.forEach(([total, parents], depth) => {
    const next = [];
    level.forEach((parent, position) => {
      const children = Math.floor(total / parents) + (position < total % parents ? 1 : 0);
      for (let child = 0; child < children; child++) {
        const id = random.uid();
        const index = orgUnits.length;
        orgUnits.push([id, `${orgUnits[parent][1]}/${id}`]);
        const entersData = depth === 3 ? true : depth === 1 || depth === 2 ? next.length % 4 === 0 : false;
        if (entersData) reporting.push(index);
        next.push(index);
      }
    });
    level = next;
  });
  const selected = [...Array(21).keys()];
  const combos = COMBO_SIZES.map((size, index) => [...Array(size)].map(() => (index === 0 ? DEFAULT_COMBO : random.uid())));
  const attributeCombos = [random.uid(), random.uid()];
  const kinds = [
    ...Array(20).fill(["INTEGER_ZERO_OR_POSITIVE", "SUM"]),
    ...Array(4).fill(["INTEGER", "SUM"]),
    ...Array(4).fill(["NUMBER", "SUM"]),
    ...Array(2).fill(["PERCENTAGE", "AVERAGE"]),
    ...Array(2).fill(["INTEGER_ZERO_OR_POSITIVE", "AVERAGE"]),
    ...Array(2).fill(["BOOLEAN", "AVERAGE"]),
    ...Array(6).fill(["INTEGER_ZERO_OR_POSITIVE", "LAST"]),
  ];
  const dataElements = kinds.map(([valueType, aggregationType], index) => ({
    id: random.uid(), valueType, aggregationType, combo: index < 28 ? index % 6 : 0,
  }));
  const form = [...dataElements.keys()];
  shuffle(random, form);
  return { meta: { orgUnits, selected, reporting, dataElements, form, combos, attributeCombos }, random };
}

function value(random, element) {
  if (element.valueType !== "BOOLEAN" && random.chance(45)) return "0";
  switch (element.valueType) {
    case "INTEGER_ZERO_OR_POSITIVE":
      return String(1 + random.below(element.aggregationType === "LAST" ? 2000 : 300));
    case "INTEGER":
      return String(random.below(400) - 40);
    case "NUMBER": {
      const whole = random.below(200);
      return random.chance(500) ? String(whole) : `${whole}.${1 + random.below(99)}`;
    }
    case "PERCENTAGE": {
      const tenths = random.below(1001);
      return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
    }
    default:
      return random.chance(700) ? "true" : "false";
  }
}

const pad = (number, width) => String(number).padStart(width, "0");

/** yyyy-MM-ddTHH:mm:ss.SSS+0000; month 13 is January of the next year. */
function timestamp(year, month, day, second, millis) {
  if (month > 12) {
    year += 1;
    month -= 12;
  }
  return `${year}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(second / 3600), 2)}:${pad(Math.floor(second / 60) % 60, 2)}:${pad(second % 60, 2)}.${pad(millis, 3)}+0000`;
}

/** Appends text to a growing byte buffer. */
function writer(capacity) {
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(capacity);
  let length = 0;
  return {
    push(text) {
      while (length + text.length * 3 > bytes.length) {
        const bigger = new Uint8Array(bytes.length * 2);
        bigger.set(bytes.subarray(0, length));
        bytes = bigger;
      }
      length += encoder.encodeInto(text, bytes.subarray(length)).written;
    },
    bytes: () => bytes.subarray(0, length),
  };
}

/** `values` data values of the realistic shape. */
export function generateRealistic(values) {
  const { meta, random } = realisticMetadata();
  const out = writer(values * 305 + 64);
  out.push('{"dataValues":[');
  let count = 0;
  // Rows are joined into larger strings before encoding (fewer encodeInto calls).
  let pending = "";
  for (let month = 0; month < 24; month++) {
    const quota = Math.floor((values * (month + 1)) / 24) - Math.floor((values * month) / 24);
    let written = 0;
    const year = 2020 + Math.floor(month / 12);
    const monthOfYear = (month % 12) + 1;
    const period = `${year}${pad(monthOfYear, 2)}`;
    const order = meta.reporting.slice();
    shuffle(random, order);
    rounds: for (let round = 0; round < 2; round++) {
      for (const orgUnit of order) {
        if (written === quota) break rounds;
        const orgUnitId = meta.orgUnits[orgUnit][0];
        const attributeCombo = meta.attributeCombos[(orgUnit % 3 === 0 ? 1 : 0) ^ round];
        const user = USERS[random.below(USERS.length)];
        const day = 1 + random.below(20);
        let second = (8 + random.below(9)) * 3600 + random.below(3600);
        for (const elementIndex of meta.form) {
          if (!random.chance(750)) continue;
          const element = meta.dataElements[elementIndex];
          for (const combo of meta.combos[element.combo]) {
            if (!random.chance(900)) continue;
            if (written === quota) break rounds;
            const text = value(random, element);
            const created = timestamp(year, monthOfYear + 1, day, second, random.below(1000));
            const lastUpdated = random.chance(50) ? timestamp(year, monthOfYear + 1, day + 1, second, random.below(1000)) : created;
            const comment = random.chance(50) ? `"${COMMENTS[random.below(8)]}"` : "null";
            const followup = random.chance(10);
            pending += (count > 0 ? "," : "") +
              `{"dataElement":"${element.id}","period":"${period}","orgUnit":"${orgUnitId}","categoryOptionCombo":"${combo}","attributeOptionCombo":"${attributeCombo}","value":"${text}","storedBy":"${user}","created":"${created}","lastUpdated":"${lastUpdated}","comment":${comment},"followup":${followup}}`;
            if (pending.length > 65536) {
              out.push(pending);
              pending = "";
            }
            second += 7;
            count++;
            written++;
          }
        }
      }
    }
  }
  out.push(pending + "]}");
  return out.bytes();
}

/** The realistic shape's aggregation options (JSON text). */
export function optionsRealistic() {
  const { meta } = realisticMetadata();
  return JSON.stringify({
    dataElements: meta.dataElements.map(({ id, valueType, aggregationType }) => ({ id, valueType, aggregationType })),
    organisationUnits: meta.orgUnits.map(([id, path]) => ({ id, path })),
    periodType: "Quarterly",
    periods: ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4"],
    orgUnits: meta.selected.map((index) => meta.orgUnits[index][0]),
  });
}

const DATA_ELEMENTS = 50, DISTRICTS = 20, FACILITIES = 100, MONTHS = 12;
const simpleUid = (prefix, index) => prefix + String(index).padStart(10, "0");

/** `values` data values of the simple shape (the same as the native bench's). */
export function generateSimple(values) {
  const out = writer(values * 310 + 64);
  out.push('{"dataValues":[');
  let state = 0x2545f4914f6cdd1dn;
  const mask = (1n << 64n) - 1n;
  let count = 0;
  outer: for (let de = 0; de < DATA_ELEMENTS; de++) {
    for (let month = 1; month <= MONTHS; month++) {
      const mm = String(month).padStart(2, "0");
      for (let facility = 0; facility < DISTRICTS * FACILITIES; facility++) {
        if (count === values) break outer;
        state ^= (state << 13n) & mask;
        state ^= state >> 7n;
        state ^= (state << 17n) & mask;
        const value = state % 1000n;
        const text = state % 7n === 0n ? `${value}.5` : `${value}`;
        const coc = simpleUid("c", Number((state >> 8n) % 4n));
        const aoc = simpleUid("a", Number((state >> 16n) % 2n));
        out.push((count > 0 ? "," : "") +
          `{"dataElement":"${simpleUid("d", de)}","period":"2020${mm}","orgUnit":"${simpleUid("f", facility)}","categoryOptionCombo":"${coc}","attributeOptionCombo":"${aoc}","value":"${text}","storedBy":"admin","created":"2020-${mm}-05T10:00:00.000+0000","lastUpdated":"2020-${mm}-05T10:00:00.000+0000","comment":null,"followup":false}`);
        count++;
      }
    }
  }
  out.push("]}");
  return out.bytes();
}

/** The simple shape's aggregation options (JSON text). */
export function optionsSimple() {
  const aggregation = ["SUM", "SUM", "SUM", "SUM", "SUM", "SUM", "SUM", "AVERAGE", "LAST", "MAX"];
  const organisationUnits = [{ id: "root0000000", path: "/root0000000" }];
  for (let district = 0; district < DISTRICTS; district++) {
    const id = simpleUid("x", district);
    organisationUnits.push({ id, path: `/root0000000/${id}` });
    for (let facility = 0; facility < FACILITIES; facility++) {
      const facilityId = simpleUid("f", district * FACILITIES + facility);
      organisationUnits.push({ id: facilityId, path: `/root0000000/${id}/${facilityId}` });
    }
  }
  const orgUnits = [...Array(DISTRICTS).keys()].map((district) => simpleUid("x", district));
  orgUnits.push("root0000000");
  return JSON.stringify({
    dataElements: [...Array(DATA_ELEMENTS).keys()].map((de) => ({
      id: simpleUid("d", de), valueType: "NUMBER", aggregationType: aggregation[de % aggregation.length],
    })),
    organisationUnits,
    periodType: "Quarterly",
    periods: ["2020Q1", "2020Q2", "2020Q3", "2020Q4"],
    orgUnits,
    excludedDataElements: [0, 1, 2, 3, 4].map((de) => simpleUid("d", de * 10)),
    attributeOptionCombos: [simpleUid("a", 0)],
  });
}

/** FNV-1a over the bytes (the native bench prints the same). */
export function checksum(bytes) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) hash = Math.imul(hash ^ bytes[index], 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The data and options of a shape by name. */
export function shape(name, values) {
  if (name === "simple") return { bytes: generateSimple(values), options: optionsSimple() };
  if (name === "realistic") return { bytes: generateRealistic(values), options: optionsRealistic() };
  throw new Error(`unknown data shape ${name} (realistic or simple)`);
}
