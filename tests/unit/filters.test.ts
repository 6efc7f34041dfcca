import { describe, expect, it } from "vitest";
import { formatFilter, parseFilter } from "@/lib/reports/filters";

describe("property filters", () => {
  it.each([
    ["Quantity > 0", { scope: "event", property: "Quantity", op: ">", value: "0" }],
    ["Quantity>0", { scope: "event", property: "Quantity", op: ">", value: "0" }],
    ["person.plan = Annual", { scope: "person", property: "plan", op: "=", value: "Annual" }],
    ['person.country = "United Kingdom"', { scope: "person", property: "country", op: "=", value: "United Kingdom" }],
    ['"Unit Price" >= 2.5', { scope: "event", property: "Unit Price", op: ">=", value: "2.5" }],
    ["category != Shoes", { scope: "event", property: "category", op: "!=", value: "Shoes" }],
    ["page contains check out", { scope: "event", property: "page", op: "contains", value: "check out" }],
    ["InvoiceNo not_starts_with C", { scope: "event", property: "InvoiceNo", op: "not_starts_with", value: "C" }],
    ["InvoiceNo starts_with C", { scope: "event", property: "InvoiceNo", op: "starts_with", value: "C" }],
    ["coupon is_set", { scope: "event", property: "coupon", op: "is_set", value: null }],
    ["person.source is_not_set", { scope: "person", property: "source", op: "is_not_set", value: null }],
    ['note = "say \\"hi\\""', { scope: "event", property: "note", op: "=", value: 'say "hi"' }],
    ["x <= -1.5e3", { scope: "event", property: "x", op: "<=", value: "-1.5e3" }],
  ])("parses %s", (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it.each([
    ["", "the filter is empty"],
    ["Quantity", 'expected an operator after "Quantity"'],
    ["Quantity > abc", '> compares numbers, and "abc" is not a number'],
    ["coupon is_set yes", "is_set takes no value"],
    ["plan =", "= needs a value"],
    ['"Unit Price >= 2', "a quoted name or value is missing its closing quote"],
    ["person. = x", "the property name is empty"],
  ])("rejects %j", (text, message) => {
    expect(() => parseFilter(text)).toThrow(message);
  });

  it("formats so that parsing the text gives the filter back", () => {
    for (const text of ['"Unit Price" >= 2.5', 'person.country = "United Kingdom"', "coupon is_set", 'note = "a \\"b\\""'])
      expect(parseFilter(formatFilter(parseFilter(text)))).toEqual(parseFilter(text));
  });
});
