import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sniffCsv } from "@/lib/ingest/csv-sniff";
import type { CsvRowItem } from "@/lib/ingest/csv-scanner";
import { readCsvRows } from "@/lib/ingest/csv-tokenizer";
import { IngestError, formatRowError } from "@/lib/ingest/ingest-error";
import { ingestLimits, type IngestLimits } from "@/lib/ingest/limits";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const limits = ingestLimits({});
const fixture = (dir: string, file: string) => fs.readFileSync(path.join(fixtures, dir, file));

function sniff(input: string | Buffer, final = true, override: Partial<IngestLimits> = {}) {
  return sniffCsv(typeof input === "string" ? Buffer.from(input) : input, { limits: { ...limits, ...override }, final });
}

function sniffError(input: string | Buffer, final = true, override: Partial<IngestLimits> = {}): string {
  try {
    sniff(input, final, override);
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    return (error as IngestError).message;
  }
  throw new Error("sniffCsv accepted the file");
}

/** Sniffs `sampleBytes` of the file (all of it by default), then reads it all and returns the row errors. */
async function rowErrors(bytes: Buffer, sampleBytes = bytes.length): Promise<string[]> {
  const s = sniff(bytes.subarray(0, sampleBytes), sampleBytes === bytes.length);
  async function* source() {
    yield bytes;
  }
  const items: CsvRowItem[] = [];
  for await (const item of readCsvRows(source(), { delimiter: s.delimiter, limits, header: s.header, expectedColumns: s.header.length })) items.push(item);
  return items.flatMap((i) => (i.error ? [formatRowError(i.error)] : []));
}

const UTF16 = "The file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in Excel).";
const BINARY = "This is not a CSV text file (it looks binary). Export the data as CSV (CSV UTF-8 in Excel) and upload that file.";
const NOT_UTF8 = "The file is not UTF-8 text (it is probably Windows-1252 or Latin-1); save it as UTF-8 (CSV UTF-8 in Excel).";

describe("sniffCsv", () => {
  it("reads the CRLF journeys fixture", () => {
    const bytes = fixture("valid", "journeys-crlf.csv");
    expect(bytes.toString("latin1").split("\r\n")).toHaveLength(10);
    const result = sniff(bytes);
    expect(result).toMatchObject({ bom: false, delimiter: ",", lineEnding: "\r\n", header: ["user_id", "session_id", "subscription_type", "user_journey"] });
    expect(result.previewRows).toHaveLength(8);
    expect(result.previewRows[0]).toEqual(["1001", "s-1001-1", "Annual", "Homepage-Log in-Courses-Pricing-Checkout"]);
  });

  it("reads the semicolon fixture with a BOM, decimal commas, an embedded ; and newline, and no final newline", () => {
    const result = sniff(fixture("valid", "events-semicolon-bom.csv"));
    expect(result).toEqual({
      bom: true,
      delimiter: ";",
      lineEnding: "\n",
      header: ["user_id", "event", "occurred_at", "amount", "note"],
      previewRows: [
        ["u1", "purchase", "2026-03-01 10:15", "19,99", "Gift; wrapped"],
        ["u2", "refund", "2026-03-02 08:00", "-5,50", "Line one\nLine two"],
        ["u3", "purchase", "2026-03-02 09:30", "1234,5", 'Café "Central"'],
        ["u4", "view", "2026-03-03 12:00", "0", ""],
      ],
    });
  });

  it("chooses the delimiter by the header and the rows under it", () => {
    expect(sniff("a\tb\tc\n1\t2,5\t3;4\n").delimiter).toBe("\t");
    expect(sniff("a,b\n1,x;y;z\n2,p;q\n").delimiter).toBe(",");
    expect(sniff('"a;b",c\n"1;2",3\n').delimiter).toBe(",");
    expect(sniff("id;price\n1;2,5\n2;3,75\n").delimiter).toBe(";");
    // "a,b;c" splits both ways; only ";" also splits the rows the same way.
    expect(sniff("a,b;c\nx;y\nz;w\n").delimiter).toBe(";");
    expect(sniff("only\nx\ny\n")).toMatchObject({ delimiter: ",", header: ["only"], previewRows: [["x"], ["y"]] });
  });

  it("trims header names and keeps at most 20 preview rows", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i}, v${i} `).join("\n");
    const result = sniff(` id , "name " \n${rows}\n`);
    expect(result.header).toEqual(["id", "name"]);
    expect(result.previewRows).toHaveLength(20);
    expect(result.previewRows[19]).toEqual(["19", " v19 "]);
  });

  it("accepts a sample cut inside a character or a record when it is not the whole file", () => {
    const bytes = Buffer.from('name,city\nJosé,Málaga\nZoë,"Line\nbreak"\n');
    const cut = bytes.indexOf(Buffer.from("ë")) + 1;
    expect(sniff(bytes.subarray(0, cut), false).previewRows).toEqual([["José", "Málaga"]]);
    const inQuote = bytes.indexOf(Buffer.from("Line")) + 2;
    expect(sniff(bytes.subarray(0, inQuote), false).previewRows).toEqual([["José", "Málaga"]]);
    expect(sniff(Buffer.from("a,b\n"), false)).toMatchObject({ header: ["a", "b"], previewRows: [] });
    expect(sniffError(bytes.subarray(0, cut), true)).toBe(NOT_UTF8);
  });

  it.each([
    ["binary.csv", BINARY],
    ["xlsx-renamed.csv", BINARY],
    ["utf16.csv", UTF16],
    ["latin1.csv", NOT_UTF8],
    ["empty.csv", "The file is empty."],
    ["whitespace-only.csv", "The file is empty."],
    ["header-only.csv", "The file has a header but no rows."],
    ["duplicate-headers.csv", 'Columns 2 and 4 ("Email" and "email") have the same name ignoring case; column names must be unique.'],
    ["empty-header-name.csv", "Column 3 has no name in the header."],
    ["old-mac-line-endings.csv", "The file separates lines with carriage returns only (old Mac format); save it again as CSV UTF-8."],
  ])("rejects malformed/%s", (file, message) => {
    expect(sniffError(fixture("malformed", file))).toBe(message);
  });

  it.each([
    ["wrong-field-count.csv", ["Row 3 has 3 fields; the header has 4.", "Row 5 has 5 fields; the header has 4."]],
    ["unterminated-quote.csv", ["Row 3: a quoted field is not closed before the end of the file."]],
    ["text-after-quote.csv", ['Row 2, column "size": a closing quote is followed by other text; a quote inside a quoted value must be doubled ("").']],
    ["nul-byte.csv", ['Row 3, column "note": the value contains a NUL byte, which text cannot hold.']],
  ])("passes malformed/%s to the tokenizer, which reports the rows", async (file, messages) => {
    expect(await rowErrors(fixture("malformed", file))).toEqual(messages);
  });

  it("leaves bytes that are not UTF-8 beyond the sample to the tokenizer", async () => {
    const bytes = fixture("malformed", "invalid-utf8-in-row.csv");
    expect(sniffError(bytes)).toBe(NOT_UTF8);
    expect(await rowErrors(bytes, bytes.indexOf("\n") + 1)).toEqual([
      'Row 3, column "city": the value contains bytes that are not valid UTF-8; save the file as CSV UTF-8.',
    ]);
  });

  it("recognises UTF-16 and UTF-32 with and without a byte order mark", () => {
    const text = "user_id,plan\r\nu1,Annual\r\n";
    expect(sniffError(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toBe(UTF16);
    expect(sniffError(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]))).toBe(UTF16);
    expect(sniffError(Buffer.from(text, "utf16le"))).toBe(UTF16);
    expect(sniffError(Buffer.from(text, "utf16le").swap16())).toBe(UTF16);
    expect(sniffError(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toBe("The file is UTF-32 encoded; save it as UTF-8 (CSV UTF-8 in Excel).");
  });

  it("rejects an empty file, a BOM alone, and a header followed only by blank lines", () => {
    expect(sniffError("")).toBe("The file is empty.");
    expect(sniffError(Buffer.from([0xef, 0xbb, 0xbf]))).toBe("The file is empty.");
    expect(sniffError(" \r\n\t\n")).toBe("The file is empty.");
    expect(sniffError("a,b")).toBe("The file has a header but no rows.");
    expect(sniffError("a,b\r\n\r\n  \r\n")).toBe("The file has a header but no rows.");
  });

  it("lists every duplicate and unnamed column", () => {
    let error: unknown;
    try {
      sniff("id,Name, ,name,ID,\n1,2,3,4,5,6\n");
    } catch (e) {
      error = e;
    }
    expect((error as IngestError).errors.map(formatRowError)).toEqual([
      "Column 3 has no name in the header.",
      'Columns 2 and 4 ("Name" and "name") have the same name ignoring case; column names must be unique.',
      'Columns 1 and 5 ("id" and "ID") have the same name ignoring case; column names must be unique.',
      "Column 6 has no name in the header.",
    ]);
    expect((error as IngestError).message).toBe("Column 3 has no name in the header (and 3 more errors).");
    expect(sniffError("a,b,a\n1,2,3\n")).toBe('Columns 1 and 3 are both named "a"; column names must be unique.');
  });

  it("enforces the column limit and rejects a header it cannot finish reading", () => {
    const header = Array.from({ length: 201 }, (_, i) => `c${i + 1}`).join(",");
    expect(sniffError(`${header}\n${"1,".repeat(200)}1\n`)).toBe("The header has 201 columns; the limit is 200.");
    expect(sniff(`${header}\n1\n`, true, { maxColumns: 201 }).header).toHaveLength(201);
    expect(sniffError("x".repeat(4096), false)).toBe(
      "The header row does not end within the first 4 KiB of the file; it is too long, or the file has no line breaks.",
    );
    expect(sniffError(`a,"${"n".repeat(30)}"\n1,2\n`, true, { maxValueChars: 20 })).toBe(
      "Row 1: the header cannot be read: the value is 30 characters long; the limit is 20.",
    );
  });
});
