import { z } from "zod";

/** A view's URL parameters as a form carries them: a JSON object of strings and lists of strings. */
export const paramsJson = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return z.record(z.string(), z.union([z.string(), z.array(z.string())])).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: "custom", message: "The view's parameters could not be read." });
      return z.NEVER;
    }
  });
