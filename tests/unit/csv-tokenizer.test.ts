import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvLine } from "@/lib/db/copy-rows";
import type { CsvDelimiter, CsvRowItem } from "@/lib/ingest/csv-scanner";
import { readCsvRows } from "@/lib/ingest/csv-tokenizer";
import { sniffCsv } from "@/lib/ingest/csv-sniff";
import { IngestError, formatRowError } from "@/lib/ingest/ingest-error";
import { ingestLimits, type IngestLimits } from "@/lib/ingest/limits";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const defaults = ingestLimits({});
const fixture = (file: string) => fs.readFileSync(path.join(fixtures, "valid", file));

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* pieces(parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

type Read = { header: string[]; delimiter?: CsvDelimiter; limits?: Partial<IngestLimits>; size?: number; onBytes?: (n: number) => void };

async function read(input: string | Buffer, opts: Read): Promise<CsvRowItem[]> {
  const bytes = typeof input === "string" ? Buffer.from(input) : input;
  return collect(chunked(bytes, opts.size ?? 65536), opts);
}

async function collect(source: AsyncIterable<Buffer>, opts: Read): Promise<CsvRowItem[]> {
  const items: CsvRowItem[] = [];
  const rows = readCsvRows(source, {
    delimiter: opts.delimiter ?? ",",
    limits: { ...defaults, ...opts.limits },
    header: opts.header,
    expectedColumns: opts.header.length,
    onBytes: opts.onBytes,
  });
  for await (const item of rows) items.push(item);
  return items;
}

/** Rows as [row, fields] pairs or [row, message] for errors, which keeps expectations short. */
const brief = (items: CsvRowItem[]) => items.map((i) => (i.error ? [i.row, formatRowError(i.error)] : [i.row, i.fields]));

async function thrown(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IngestError);
  return (error as IngestError).message;
}

describe("readCsvRows", () => {
  it("reads quoted fields with delimiters, doubled quotes and CR, LF and CRLF line breaks, counting a record once", async () => {
    const csv = 'id,note,n\r\n1,"line one\r\nline two",x\r\n2,"say ""hi"", then go",y\r\n3,"a\nb\rc",z\r\n4,bad\r\n5,ok,w\r\n';
    expect(brief(await read(csv, { header: ["id", "note", "n"] }))).toEqual([
      [2, ["1", "line one\r\nline two", "x"]],
      [3, ["2", 'say "hi", then go', "y"]],
      [4, ["3", "a\nb\rc", "z"]],
      [5, "Row 5 has 2 fields; the header has 3."],
      [6, ["5", "ok", "w"]],
    ]);
  });

  it("accepts LF, CRLF and a mix, and a last row without a final newline", async () => {
    const expected = [[2, ["1", "2"]], [3, ["3", "4"]], [4, ["5", ""]]];
    for (const csv of ["a,b\n1,2\n3,4\n5,", "a,b\r\n1,2\r\n3,4\r\n5,\r\n", "a,b\r\n1,2\n3,4\r\n5,\n"]) {
      expect(brief(await read(csv, { header: ["a", "b"] }))).toEqual(expected);
    }
    expect(brief(await read('a,b\n1,"two"', { header: ["a", "b"] }))).toEqual([[2, ["1", "two"]]]);
    expect(brief(await read('a,b\n1,"two"\r', { header: ["a", "b"] }))).toEqual([[2, ["1", "two"]]]);
  });

  it("skips blank lines but keeps their row numbers; a line of delimiters is a row", async () => {
    const csv = "a,b\n\n1,2\n  \n\r\n,\n\t\n3,4\n\n\n";
    expect(brief(await read(csv, { header: ["a", "b"] }))).toEqual([
      [3, ["1", "2"]],
      [6, ["", ""]],
      [8, ["3", "4"]],
    ]);
    expect(brief(await read('a\n""\n\nx\n', { header: ["a"] }))).toEqual([[2, [""]], [4, ["x"]]]);
  });

  it("reads semicolon and tab files", async () => {
    const semi = 'id;amount;note\n1;12,50;"a;b"\n2;0,5;\n';
    expect(brief(await read(semi, { header: ["id", "amount", "note"], delimiter: ";" }))).toEqual([
      [2, ["1", "12,50", "a;b"]],
      [3, ["2", "0,5", ""]],
    ]);
    const tab = 'id\tnote\n1\t"x\ty"\n2\t  spaced  \n';
    expect(brief(await read(tab, { header: ["id", "note"], delimiter: "\t" }))).toEqual([
      [2, ["1", "x\ty"]],
      [3, ["2", "  spaced  "]],
    ]);
  });

  it("keeps quotes inside unquoted fields and spaces in unquoted fields; ignores spaces around quoted fields", async () => {
    const csv = 'a,b,c\n5" screen,it\'s "ok", x \n "q" , "r"\t,s\n';
    expect(brief(await read(csv, { header: ["a", "b", "c"] }))).toEqual([
      [2, ['5" screen', 'it\'s "ok"', " x "]],
      [3, ["q", "r", "s"]],
    ]);
  });

  it("strips a UTF-8 BOM and gives the same rows whatever the chunking", async () => {
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('name,note,n\r\nCafé,"😀 ""a"",\r\nb",é\r\n"x",  "y"  ,z\r\nlast,😀,"q"'),
    ]);
    const header = ["name", "note", "n"];
    const whole = brief(await read(csv, { header }));
    expect(whole).toEqual([
      [2, ["Café", '😀 "a",\r\nb', "é"]],
      [3, ["x", "y", "z"]],
      [4, ["last", "😀", "q"]],
    ]);
    for (let size = 1; size <= 7; size++) expect(brief(await read(csv, { header, size }))).toEqual(whole);
    // A BOM left in place would make the quoted first name an unquoted `\uFEFF"a"`.
    const quotedHeader = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"a",b\n1,2\n')]);
    expect(brief(await read(quotedHeader, { header: ["a", "b"], size: 1 }))).toEqual([[2, ["1", "2"]]]);
    for (let cut = 1; cut < csv.length; cut++) {
      const parts = [csv.subarray(0, cut), csv.subarray(cut)];
      expect(brief(await collect(pieces(parts), { header })), `split at byte ${cut}`).toEqual(whole);
    }
  });

  it("reports a quoted field left open at the end of the file, on the row where it starts", async () => {
    const items = await read('a,b\n1,2\n3,"open\n4,5\n', { header: ["a", "b"] });
    expect(brief(items)).toEqual([[2, ["1", "2"]], [3, "Row 3: a quoted field is not closed before the end of the file."]]);
  });

  it("reports a value over the length limit, counting characters rather than UTF-16 units", async () => {
    const long = "x".repeat(12_345);
    const huge = "é".repeat(25_000);
    const csv = `id,note\n1,ok\n2,"${long}"\n3,${long}\n4,"${huge}"\n5,${huge}\n6,fine\n`;
    expect(brief(await read(csv, { header: ["id", "note"], size: 1000 }))).toEqual([
      [2, ["1", "ok"]],
      [3, 'Row 3, column "note": the value is 12,345 characters long; the limit is 10,000.'],
      [4, 'Row 4, column "note": the value is 12,345 characters long; the limit is 10,000.'],
      [5, 'Row 5, column "note": the value is 25,000 characters long; the limit is 10,000.'],
      [6, 'Row 6, column "note": the value is 25,000 characters long; the limit is 10,000.'],
      [7, ["6", "fine"]],
    ]);
    const emoji = await read("a\n😀😀😀\n😀😀😀😀\n", { header: ["a"], limits: { maxValueChars: 3 } });
    expect(brief(emoji)).toEqual([
      [2, ["😀😀😀"]],
      [3, 'Row 3, column "a": the value is 4 characters long; the limit is 3.'],
    ]);
  });

  it("reports a NUL byte, bytes that are not UTF-8, and text after a closing quote", async () => {
    const bytes = Buffer.concat([Buffer.from("a,b\n1,x\0y\n2,M"), Buffer.from([0xe1]), Buffer.from('laga\n3,"55" inch"\n4,ok\n')]);
    expect(brief(await read(bytes, { header: ["a", "b"] }))).toEqual([
      [2, 'Row 2, column "b": the value contains a NUL byte, which text cannot hold.'],
      [3, 'Row 3, column "b": the value contains bytes that are not valid UTF-8; save the file as CSV UTF-8.'],
      [4, 'Row 4, column "b": a closing quote is followed by other text; a quote inside a quoted value must be doubled ("").'],
      [5, ["4", "ok"]],
    ]);
  });

  it("counts all the fields of a runaway row", async () => {
    const items = await read(`a,b\n${",".repeat(999)}\n`, { header: ["a", "b"] });
    expect(brief(items)).toEqual([[2, "Row 2 has 1,000 fields; the header has 2."]]);
  });

  it("checks the header against the sniffed one, after trimming", async () => {
    expect(brief(await read(" a , b \n1,2\n", { header: ["a", "b"] }))).toEqual([[2, ["1", "2"]]]);
    expect(await thrown(read("a,c\n1,2\n", { header: ["a", "b"] }))).toBe(
      "Row 1: the header (a, c) is not the one that was checked (a, b).",
    );
    expect(await thrown(read("a,b,c\n1,2\n", { header: ["a", "b"] }))).toBe(
      "Row 1: the header (a, b, c) is not the one that was checked (a, b).",
    );
    expect(await thrown(read("", { header: ["a"] }))).toBe("The file is empty.");
    expect(await thrown(read("\n\r\n", { header: ["a"] }))).toBe("The file is empty.");
    expect(await thrown(read("a\r\n\r\n", { header: ["a"] }))).toBe("The file has a header but no rows.");
  });

  it("enforces the byte and row limits and reports progress", async () => {
    const csv = "a,b\n1,2\n3,4\n5,6\n";
    expect(await thrown(read(csv, { header: ["a", "b"], limits: { maxRows: 2 } }))).toBe(
      "The file has more than 2 rows, the upload limit.",
    );
    expect(await thrown(read(csv, { header: ["a", "b"], limits: { maxBytes: 10 }, size: 4 }))).toBe(
      "The file is larger than 10 bytes, the upload limit.",
    );
    const seen: number[] = [];
    await read(csv, { header: ["a", "b"], size: 5, onBytes: (n) => seen.push(n) });
    expect(seen).toEqual([5, 10, 15, 16]);
  });

  it("reads the valid fixtures as sniffed", async () => {
    for (const [file, rows, last] of [
      ["journeys-crlf.csv", 8, ["1007", "s-1007-1", "Annual", "Homepage-Log in-Account-Checkout"]],
      ["events-semicolon-bom.csv", 4, ["u4", "view", "2026-03-03 12:00", "0", ""]],
    ] as const) {
      const bytes = fixture(file);
      const sniff = sniffCsv(bytes, { limits: defaults, final: true });
      const items = await read(bytes, { header: sniff.header, delimiter: sniff.delimiter, size: 7 });
      expect(items.filter((i) => i.error)).toEqual([]);
      expect(items).toHaveLength(rows);
      expect(items.at(-1)?.fields).toEqual(last);
    }
  });

  it("gives values that csvLine re-encodes for COPY and that read back the same", async () => {
    const bytes = fixture("events-semicolon-bom.csv");
    const { header, delimiter } = sniffCsv(bytes, { limits: defaults, final: true });
    const rows = (await read(bytes, { header, delimiter })).map((i) => i.fields ?? []);
    const copyText = [header, ...rows].map((r) => csvLine(r, header.length)).join("");
    expect(copyText.split("\n")[2]).toBe('"u2","refund","2026-03-02 08:00","-5,50","Line one');
    expect((await read(copyText, { header })).map((i) => i.fields)).toEqual(rows);
  });

  it.skipIf(!process.env.CSV_BENCH)("benchmark: a million rows of six short columns", async () => {
    const header = ["user_id", "session_id", "plan", "page", "amount", "occurred_at"];
    const lines = [header.join(",")];
    for (let i = 0; i < 1_000_000; i++) lines.push(`user-${i % 99_991},sess-${i},Annual,Courses,${(i % 997) / 10},2026-01-0${(i % 9) + 1} 10:00`);
    const bytes = Buffer.from(lines.join("\r\n") + "\r\n");
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      let rows = 0;
      for await (const item of readCsvRows(chunked(bytes, 64 * 1024), { delimiter: ",", limits: defaults, header, expectedColumns: 6 })) {
        if (item.fields) rows++;
      }
      best = Math.min(best, performance.now() - started);
      expect(rows).toBe(1_000_000);
    }
    const mb = bytes.length / 1e6;
    console.log(`readCsvRows: 1,000,000 rows, ${mb.toFixed(1)} MB in ${best.toFixed(0)} ms = ${((1e6 / best) * 1000).toFixed(0)} rows/s, ${((mb / best) * 1000).toFixed(1)} MB/s`);
    expect(best).toBeLessThan(2500);
  });
});

describe("ingest errors and limits", () => {
  it("formats an error as one sentence and summarises several", () => {
    const bad = { row: 7, column: "InvoiceDate", value: "31/02/2026 10:00", reason: "is not a valid time" };
    expect(formatRowError(bad)).toBe('Row 7, column "InvoiceDate": "31/02/2026 10:00" is not a valid time.');
    expect(formatRowError({ row: 2, column: "plan", value: "x".repeat(100), reason: "must be a plan name" })).toBe(
      `Row 2, column "plan": "${"x".repeat(80)}…" must be a plan name.`,
    );
    expect(formatRowError({ row: null, column: null, value: null, reason: "the file is empty" })).toBe("The file is empty.");
    expect(new IngestError([bad, bad, bad]).message).toBe('Row 7, column "InvoiceDate": "31/02/2026 10:00" is not a valid time (and 2 more errors).');
    expect(new IngestError(bad)).toMatchObject({ name: "IngestError", status: 400, errors: [bad] });
  });

  it("reads limits from the environment with defaults", () => {
    expect(ingestLimits({})).toEqual({ maxBytes: 5 * 1024 ** 3, maxColumns: 200, maxValueChars: 10_000, maxRows: 100_000_000 });
    expect(ingestLimits({ JOURNEYLENS_UPLOAD_MAX_BYTES: "1_048_576", JOURNEYLENS_UPLOAD_MAX_COLUMNS: " 50 " })).toMatchObject({
      maxBytes: 1_048_576,
      maxColumns: 50,
    });
    expect(() => ingestLimits({ JOURNEYLENS_UPLOAD_MAX_ROWS: "1e6" })).toThrow('JOURNEYLENS_UPLOAD_MAX_ROWS must be a whole number of at least 1, not "1e6"');
    expect(() => ingestLimits({ JOURNEYLENS_UPLOAD_MAX_VALUE_CHARS: "0" })).toThrow(/at least 1/);
  });
});
